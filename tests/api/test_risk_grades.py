"""Risk grades enforced over HTTP (issue 17): sign-offs before a case is opened, ``high`` leads
kept to their own office, and a ``high`` model's runs under an approved purpose.

The 海东 tree. The city office (海东市院) adopted the DESIGN example model twice: as shipped
(``medium``) and as a ``high`` copy; each found one lead in 乐都 and one in 平安. 乐都 has two
prosecutors, a leader and a modeller; the city and 平安 (a sibling) a leader each; an
administrator has no office. Both datasets belong to 乐都. SQLite; the sign-off flow also on
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.api import create_app
from jiancha.catalogue import set_owner
from jiancha.clock import china_today
from jiancha.governance import create_user
from jiancha.governance.orgs import add_org
from jiancha.leads import LeadFilter, search_leads
from jiancha.leads.confine import LOCAL
from jiancha.modelling import install, load_spec, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Org, Store, Workspace, init_workspace, open_store, open_workspace
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

PASSWORD = "Role-password-2024"
LEDU, PINGAN, CITY = "630202", "630203", "630200"
MEDIUM = "custodial-sentence-not-executed"
HIGH = "custodial-high"
HIGH_TEXT = (
    (SPECS / "custodial.yaml")
    .read_text(encoding="utf-8")
    .replace(f"id: {MEDIUM}", f"id: {HIGH}")
    .replace("risk: medium", "risk: high")
)
USERS = [
    ("p1", LEDU, "prosecutor"),
    ("p2", LEDU, "prosecutor"),
    ("ledu.leader", LEDU, "leader"),
    ("modeller", LEDU, "modeller"),
    ("city.leader", CITY, "leader"),
    ("pingan.leader", PINGAN, "leader"),
    ("admin", None, "admin"),
]


def seed(store: Store, tmp_path: Path) -> dict[tuple[str, str], int]:
    """The world; the id of each lead by (model, office code), as the local operator sees."""
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, CITY, "海东市人民检察院", "city", "630000")
    add_org(store, LEDU, "海东市乐都区人民检察院", "district", CITY, ["乐都县人民法院"])
    add_org(store, PINGAN, "海东市平安区人民检察院", "district", CITY, ["平安县人民法院"])
    load_county(store, tmp_path)
    for name in ("判决", "收押"):
        set_owner(store, name, LEDU, by="setup")
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org=CITY)
    install(store, load_spec(HIGH_TEXT, "高风险副本"), BINDS, org=CITY)
    run_model(store, MEDIUM, run_date=AS_OF)
    run_model(store, HIGH, run_date=AS_OF)
    for username, org, role in USERS:
        create_user(store, username, PASSWORD, org=org, role=role, must_change=False)
    with store.session() as session:
        found = search_leads(session, LeadFilter(viewer=LOCAL))[1]
        codes = {o.name: o.code for o in session.scalars(select(Org))}
    return {(x["model"], codes[x["org"]]): int(x["id"]) for x in found}


LEADS: dict[tuple[str, str], int] = {}


def lead_of(model: str, org: str) -> int:
    return LEADS[(model, org)]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The world, seeded once on SQLite (the rules here are the domain's, the same on both
    stores); each test works on its own copy."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("JIANCHA_DATABASE_URL", raising=False)
        root = tmp_path_factory.mktemp("risk-grades")
        workspace, _ = init_workspace(root / "home")
        store = open_store(workspace)
        LEADS.update(seed(store, root))
        store.close()
        yield root / "home"


@pytest.fixture
def client(seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    shutil.copytree(seeded, tmp_path / "home")
    with TestClient(create_app(open_workspace(tmp_path / "home"))) as test_client:
        yield test_client


class As:
    """One user's calls."""

    def __init__(self, client: TestClient, username: str) -> None:
        answer = client.post("/api/login", json={"username": username, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        client.cookies.clear()
        self.client = client
        self.headers = {"Authorization": f"Bearer {answer.json()['token']}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, json=body, headers=self.headers)


def confirm(leader: As, prosecutor: As, username: str, lead: int) -> None:
    moved = leader.post(f"/api/leads/{lead}/moves", {"to": "assigned", "assignee": username})
    assert moved.status_code == 200, moved.text
    for step in ({"to": "verifying"}, {"to": "confirmed", "note": "调取卷宗核实属实"}):
        moved = prosecutor.post(f"/api/leads/{lead}/moves", step)
        assert moved.status_code == 200, moved.text


def moves(user: As, lead: int) -> list[str]:
    return [m["to"] for m in user.get(f"/api/leads/{lead}").json()["allowed_moves"]]


def signoffs(user: As, lead: int) -> list[str]:
    return [s["kind"] for s in user.get(f"/api/leads/{lead}").json()["allowed_signoffs"]]


def test_medium_needs_a_leaders_approval(client: TestClient) -> None:
    p1, leader = As(client, "p1"), As(client, "ledu.leader")
    lead = lead_of(MEDIUM, LEDU)
    confirm(leader, p1, "p1", lead)
    detail = p1.get(f"/api/leads/{lead}").json()
    assert detail["signoffs"]["risk_label"] == "中风险"
    assert [m["label"] for m in detail["signoffs"]["missing"]] == ["院领导审批"]
    assert "case_opened" not in moves(p1, lead) and signoffs(p1, lead) == []
    refused = p1.post(f"/api/leads/{lead}/moves", {"to": "case_opened"})
    assert refused.status_code == 403 and "尚缺院领导审批" in refused.json()["error"]
    not_his = p1.post(f"/api/leads/{lead}/signoffs", {"kind": "approval", "opinion": "同意"})
    assert not_his.status_code == 403
    assert "case_opened" in moves(leader, lead)  # his own move approves
    assert signoffs(leader, lead) == ["approval"]
    approved = leader.post(f"/api/leads/{lead}/signoffs", {"kind": "approval", "opinion": "同意"})
    assert approved.status_code == 200 and approved.json()["signoffs"]["missing"] == []
    again = leader.post(f"/api/leads/{lead}/signoffs", {"kind": "approval", "opinion": "同意"})
    assert again.status_code == 409
    assert "case_opened" in moves(p1, lead)
    assert p1.post(f"/api/leads/{lead}/moves", {"to": "case_opened"}).status_code == 200
    history = p1.get(f"/api/leads/{lead}/history").json()
    assert [(e["kind"], e["user"]) for e in history[-2:]] == [
        ("signoff", "ledu.leader"),
        ("move", "p1"),
    ]


def test_medium_opened_by_a_leader_himself(client: TestClient) -> None:
    p1, leader = As(client, "p1"), As(client, "ledu.leader")
    lead = lead_of(MEDIUM, LEDU)
    confirm(leader, p1, "p1", lead)
    moved = leader.post(f"/api/leads/{lead}/moves", {"to": "case_opened", "note": "同意成案"})
    assert moved.status_code == 200, moved.text
    done = leader.get(f"/api/leads/{lead}").json()["signoffs"]["done"]
    assert [(d["kind"], d["user"], d["opinion"]) for d in done] == [
        ("approval", "ledu.leader", "同意成案")
    ]


def high_flow(client: TestClient) -> None:
    p1, p2, leader = As(client, "p1"), As(client, "p2"), As(client, "ledu.leader")
    lead = lead_of(HIGH, LEDU)
    confirm(leader, p1, "p1", lead)
    detail = p1.get(f"/api/leads/{lead}").json()
    assert detail["signoffs"]["risk"] == "high"
    assert [m["kind"] for m in detail["signoffs"]["missing"]] == ["second_verification", "approval"]
    assert "case_opened" not in moves(p1, lead) and "case_opened" not in moves(leader, lead)
    assert signoffs(p1, lead) == []  # the first verifier does not verify again
    assert signoffs(p2, lead) == ["second_verification"]
    assert signoffs(leader, lead) == ["second_verification", "approval"]
    alone = leader.post(f"/api/leads/{lead}/moves", {"to": "case_opened", "note": "同意"})
    assert alone.status_code == 403 and "尚缺第二人核查（复核）" in alone.json()["error"]
    own = p1.post(f"/api/leads/{lead}/signoffs", {"kind": "second_verification", "opinion": "属实"})
    assert own.status_code == 403 and "核查人“p1”以外" in own.json()["error"]
    second = p2.post(
        f"/api/leads/{lead}/signoffs", {"kind": "second_verification", "opinion": "独立核查属实"}
    )
    assert second.status_code == 200, second.text
    assert [m["kind"] for m in second.json()["signoffs"]["missing"]] == ["approval"]
    still = p1.post(f"/api/leads/{lead}/moves", {"to": "case_opened"})
    assert still.status_code == 403 and "尚缺院领导审批" in still.json()["error"]
    assert signoffs(leader, lead) == ["approval"] and "case_opened" in moves(leader, lead)
    approval = leader.post(f"/api/leads/{lead}/signoffs", {"kind": "approval", "opinion": "同意"})
    assert approval.status_code == 200, approval.text
    assert "case_opened" in moves(p1, lead)
    assert p1.post(f"/api/leads/{lead}/moves", {"to": "case_opened"}).status_code == 200
    kinds = [e.get("signoff") for e in p1.get(f"/api/leads/{lead}/history").json()]
    assert [k for k in kinds if k] == ["second_verification", "approval"]


def test_high_needs_two_verifiers_and_an_approval(client: TestClient) -> None:
    high_flow(client)


@pytest.mark.postgres
def test_high_needs_two_verifiers_and_an_approval_on_postgresql(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_url: str
) -> None:
    monkeypatch.setenv("JIANCHA_DATABASE_URL", postgres_url)
    workspace: Workspace = init_workspace(tmp_path / "home")[0]
    store = open_store(workspace)
    leads = seed(store, tmp_path)
    store.close()
    assert leads == LEADS  # the same world: the same ids
    with TestClient(create_app(workspace)) as pg_client:
        high_flow(pg_client)


def test_a_high_lead_is_seen_only_by_its_own_office(client: TestClient) -> None:
    ledu, city = As(client, "ledu.leader"), As(client, "city.leader")
    pingan, admin = As(client, "pingan.leader"), As(client, "admin")
    lead = lead_of(HIGH, LEDU)
    medium = lead_of(MEDIUM, LEDU)
    for path in ("", "/history", "/records", "/steps/1/rows", "/unmasked"):
        assert ledu.get(f"/api/leads/{lead}{path}").status_code in (200, 403), path
        for other in (city, pingan, admin):
            answer = other.get(f"/api/leads/{lead}{path}")
            assert answer.status_code == 404, (path, answer.text)
            assert "没有编号为" in answer.json()["error"]
    assert city.get(f"/api/leads/{medium}").status_code == 200  # the parent sees the medium one
    comment = city.post(f"/api/leads/{lead}/comments", {"text": "请报"})
    assert comment.status_code == 404

    def listed(user: As, **params: Any) -> tuple[int, set[int]]:
        page = user.get("/api/leads", size=500, **params).json()
        return page["total"], {x["id"] for x in page["items"]}

    assert listed(ledu) == (2, {lead, medium})  # 乐都: its medium and its high lead
    assert listed(city) == (2, {medium, lead_of(MEDIUM, PINGAN)})  # no high lead below it
    assert listed(city, model=HIGH) == (0, set())
    assert listed(city, q="未交付执行") == (2, {medium, lead_of(MEDIUM, PINGAN)})
    assert listed(admin) == (2, {medium, lead_of(MEDIUM, PINGAN)})
    assert listed(pingan, model=HIGH) == (1, {lead_of(HIGH, PINGAN)})
    assert listed(ledu, model=HIGH) == (1, {lead})
    exported = city.get("/api/exports/leads", format="csv").text
    assert exported.count("\n") == 1 + 2  # headings and the two leads the city may see
    assignment = city.post("/api/leads/assign", {"lead_ids": [lead], "assignee": "p1"})
    assert assignment.status_code == 404


def test_a_high_lead_is_not_referred(client: TestClient) -> None:
    ledu = As(client, "ledu.leader")
    lead = lead_of(HIGH, LEDU)
    refused = ledu.post(f"/api/leads/{lead}/referrals", {"to": PINGAN, "note": "请平安办理"})
    assert refused.status_code == 403
    assert "高风险模型发现，不能移送其他检察院" in refused.json()["error"]
    medium = lead_of(MEDIUM, LEDU)
    sent = ledu.post(f"/api/leads/{medium}/referrals", {"to": PINGAN, "note": "请平安办理"})
    assert sent.status_code == 200


def request(user: As, dataset: str, model: str | None) -> int:
    today = china_today()
    body = {
        "dataset": dataset,
        "purpose": "运行高风险模型核查",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=30)).isoformat(),
        "model": model,
    }
    answer = user.post("/api/access-requests", body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["model"] == model
    return int(answer.json()["id"])


def test_a_high_model_runs_only_under_a_grant_naming_it(client: TestClient) -> None:
    modeller, leader = As(client, "modeller"), As(client, "ledu.leader")
    unknown = modeller.post(
        "/api/access-requests",
        {
            "dataset": "判决",
            "purpose": "运行模型",
            "starts_on": china_today().isoformat(),
            "ends_on": china_today().isoformat(),
            "model": "no-such-model",
        },
    )
    assert unknown.status_code == 404 and "no-such-model" in unknown.json()["error"]
    for name in ("判决", "收押"):  # grants for another purpose
        approved = leader.post(f"/api/access-requests/{request(modeller, name, None)}/approve", {})
        assert approved.status_code == 200 and approved.json()["status"] == "approved"
    run = {"as_of": AS_OF.isoformat()}
    assert modeller.post(f"/api/models/{MEDIUM}/runs", run).status_code == 200
    refused = modeller.post(f"/api/models/{HIGH}/runs", run)
    assert refused.status_code == 403
    assert "高风险模型“custodial-high”须经批准的用途" in refused.json()["error"]
    assert "“判决”、“收押”" in refused.json()["error"]
    for name in ("判决", "收押"):
        leader.post(f"/api/access-requests/{request(modeller, name, HIGH)}/approve", {})
    grants = modeller.get("/api/grants").json()
    assert sorted(g["model"] or "" for g in grants) == ["", "", HIGH, HIGH]
    done = modeller.post(f"/api/models/{HIGH}/runs", run)
    assert done.status_code == 200, done.text
    stored = modeller.get(f"/api/runs/{done.json()['run_id']}").json()
    assert {g["model"] for g in stored["grants"]} == {HIGH}
