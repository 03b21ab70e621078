"""数据申请、授权、脱敏、熔断 and expression safety over HTTP (SQLite and PostgreSQL).

The 海东 tree: both datasets belong to 乐都, whose office installed the DESIGN example model and
ran it once (one lead in 乐都, one in 平安). Users of 乐都 of each role, an administrator without
office, and users of 平安 (a sibling district)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from jiancha.catalogue import set_owner
from jiancha.clock import CHINA
from jiancha.governance import create_user
from jiancha.governance.masking import mask_id_card
from jiancha.governance.orgs import add_org
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import AuditEntry, Lead, Org, Run, Store
from tests.conftest import seeds_client
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

PASSWORD = "Role-password-2024"
LEDU, PINGAN = "630202", "630203"
SLUG = "custodial-sentence-not-executed"
RAW_ID = pid(1)  # 张甲, the 乐都 lead
MASKED_ID = mask_id_card(RAW_ID)
SPEC_TEXT = (SPECS / "custodial.yaml").read_text(encoding="utf-8")


def ledu_owns_the_data(store: Store, files: Path) -> None:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, LEDU, "海东市乐都区人民检察院", "district", "630200", ["乐都县人民法院"])
    add_org(store, PINGAN, "海东市平安区人民检察院", "district", "630200", ["平安县人民法院"])
    load_county(store, files)
    for name in ("判决", "收押"):
        set_owner(store, name, LEDU, by="setup")
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org=LEDU)
    run_model(store, SLUG, run_date=AS_OF)
    for username, org, role in [
        ("modeller", LEDU, "modeller"),
        ("leader", LEDU, "leader"),
        ("pros", LEDU, "prosecutor"),
        ("admin", None, "admin"),
        ("pingan.modeller", PINGAN, "modeller"),
        ("pingan.leader", PINGAN, "leader"),
    ]:
        create_user(store, username, PASSWORD, org=org, role=role, must_change=False)


workspace_seed = seeds_client(ledu_owns_the_data)


def login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.cookies.clear()  # the bearer header alone, no session cookie
    return {"Authorization": f"Bearer {response.json()['token']}"}


def ledu_lead(store: Store) -> int:
    with store.session() as session:
        found = session.scalar(
            select(Lead.id).join(Org, Org.id == Lead.org_id).where(Org.code == LEDU)
        )
    assert found is not None
    return found


def period(days: int = 30) -> dict[str, str]:
    today = dt.datetime.now(CHINA).date()
    return {"starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days)).isoformat()}


def file_request(
    client: TestClient, headers: dict[str, str], dataset: str, *, unmask: bool = False
) -> dict[str, Any]:
    body = {"dataset": dataset, "purpose": "办理刑罚执行监督案件", "unmask": unmask} | period()
    response = client.post("/api/access-requests", json=body, headers=headers)
    assert response.status_code == 200, response.text
    row: dict[str, Any] = response.json()
    assert row["status"] == "pending" and row["dataset"] == dataset
    return row


def approve(client: TestClient, headers: dict[str, str], request_id: int) -> int:
    response = client.post(f"/api/access-requests/{request_id}/approve", json={}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "approved"
    grant = response.json()["grant"]
    assert isinstance(grant, int)
    return grant


def grant_all(client: TestClient, username: str, *, unmask: bool = False) -> list[int]:
    asker, leader = login(client, username), login(client, "leader")
    return [
        approve(client, leader, file_request(client, asker, name, unmask=unmask)["id"])
        for name in ("判决", "收押")
    ]


def audited(store: Store, action: str) -> list[AuditEntry]:
    with store.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_request_approve_and_run_over_http(client: TestClient, store: Store) -> None:
    modeller, leader = login(client, "modeller"), login(client, "leader")
    refused = client.post(
        f"/api/models/{SLUG}/runs", json={"as_of": "2024-10-23"}, headers=modeller
    )
    assert refused.status_code == 403
    assert refused.json()["error"] == "没有使用数据集“判决”、“收押”的有效授权，不能运行模型"
    asked = [file_request(client, modeller, name) for name in ("判决", "收押")]
    listed = client.get("/api/access-requests", headers=modeller)
    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()] == [asked[1]["id"], asked[0]["id"]]
    assert {r["requester"] for r in listed.json()} == {"modeller"}
    pending = client.get("/api/access-requests", params={"status": "pending"}, headers=leader)
    assert {r["id"] for r in pending.json()} == {r["id"] for r in asked}
    assert client.get("/api/access-requests", headers=login(client, "pingan.leader")).json() == []
    # Nobody approves their own request, nor a leader of another district.
    own = client.post(f"/api/access-requests/{asked[0]['id']}/approve", json={}, headers=modeller)
    assert own.status_code == 403
    sibling = client.post(
        f"/api/access-requests/{asked[0]['id']}/approve",
        json={},
        headers=login(client, "pingan.leader"),
    )
    assert sibling.status_code == 403 and "海东市乐都区人民检察院" in sibling.json()["error"]
    no_reason = client.post(
        f"/api/access-requests/{asked[0]['id']}/refuse", json={}, headers=leader
    )
    assert no_reason.status_code == 400 and no_reason.json()["error"] == "驳回数据申请须写明理由"
    grants = [approve(client, leader, r["id"]) for r in asked]
    mine = client.get("/api/grants", headers=modeller).json()
    assert sorted(g["id"] for g in mine) == sorted(grants)
    assert all(g["active"] for g in mine)
    started = client.post(
        f"/api/models/{SLUG}/runs", json={"as_of": "2024-10-23"}, headers=modeller
    )
    assert started.status_code == 200, started.text
    # 乐都's adoption holds 乐都's lead (张甲); 孙己 was judged in 平安, outside its subtree
    assert started.json()["leads"] == 1
    shown = client.get(f"/api/runs/{started.json()['run_id']}", headers=modeller)
    assert shown.status_code == 200
    recorded = shown.json()["grants"]
    assert sorted((g["grant"], g["dataset"]) for g in recorded) == sorted(
        zip(grants, ["判决", "收押"], strict=True)
    )
    assert shown.json()["user"] == "modeller"
    # Revoked: the next run is refused again.
    revoked = client.post(f"/api/grants/{grants[1]}/revoke", headers=leader)
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    again = client.post(f"/api/models/{SLUG}/runs", json={"as_of": "2024-10-23"}, headers=modeller)
    assert again.status_code == 403 and "“收押”" in again.json()["error"]


def test_unmasked_view_needs_an_unmasking_grant(client: TestClient, store: Store) -> None:
    lead = ledu_lead(store)
    pros = login(client, "pros")
    detail = client.get(f"/api/leads/{lead}", headers=pros)
    assert detail.status_code == 200
    assert RAW_ID not in detail.text and MASKED_ID in detail.text
    assert "张甲" not in detail.text and "张*" in detail.text
    denied = client.get(f"/api/leads/{lead}/unmasked", headers=pros)
    assert denied.status_code == 403 and "未脱敏信息的有效授权" in denied.json()["error"]
    # A grant without unmasking is not enough.
    grant_all(client, "pros")
    assert client.get(f"/api/leads/{lead}/unmasked", headers=pros).status_code == 403
    refused = [(e.actor, e.detail["result"]) for e in audited(store, "unmasked_view")]
    assert refused == [("pros", "refused")] * 2  # refusals are recorded too
    unmasking = grant_all(client, "pros", unmask=True)
    shown = client.get(f"/api/leads/{lead}/unmasked", headers=pros)
    assert shown.status_code == 200, shown.text
    assert RAW_ID in shown.text and shown.json()["masked"] is False
    assert sorted(shown.json()["grants"]) == sorted(unmasking)
    [entry] = [e for e in audited(store, "unmasked_view") if e.detail["result"] == "ok"]
    assert entry.actor == "pros" and entry.object_id == str(lead)
    assert sorted(entry.detail["grants"]) == sorted(unmasking)
    # The grant is the prosecutor's own: another user still sees nothing unmasked.
    other = client.get(f"/api/leads/{lead}/unmasked", headers=login(client, "leader"))
    assert other.status_code == 403


def test_exports_are_masked_unless_granted(client: TestClient, store: Store) -> None:
    pros = login(client, "pros")
    masked = client.get("/api/exports/leads", params={"format": "csv"}, headers=pros)
    assert masked.status_code == 200
    text = masked.content.decode("utf-8-sig")
    assert RAW_ID not in text and MASKED_ID in text
    assert text.splitlines()[0].startswith("编号,模型,状态")
    denied = client.get(
        "/api/exports/leads", params={"format": "csv", "unmasked": "true"}, headers=pros
    )
    assert denied.status_code == 403 and "未脱敏" in denied.json()["error"]
    grant_all(client, "pros", unmask=True)
    raw = client.get(
        "/api/exports/leads", params={"format": "csv", "unmasked": "true"}, headers=pros
    )
    assert raw.status_code == 200 and RAW_ID in raw.content.decode("utf-8-sig")
    book = client.get("/api/exports/leads", params={"format": "xlsx"}, headers=pros)
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["编号", "模型", "状态"]
    assert len(rows) == 2  # the heading and the one 乐都 lead
    assert RAW_ID not in json.dumps(rows, ensure_ascii=False, default=str)
    assert MASKED_ID in json.dumps(rows, ensure_ascii=False, default=str)
    exports = [e for e in audited(store, "export") if e.detail["result"] == "ok"]
    assert [e.detail["masked"] for e in exports] == [True, False, True]


def test_breaker_over_http(client: TestClient, store: Store) -> None:
    lead = ledu_lead(store)
    admin, pros = login(client, "admin"), login(client, "pros")
    limited = client.put("/api/users/pros/limits", json={"evidence_reads": 3}, headers=admin)
    assert limited.status_code == 200 and limited.json()["evidence_reads"] == 3
    assert (
        client.put("/api/users/pros/limits", json={"evidence_reads": 0}, headers=admin).status_code
        == 422
    )
    for _ in range(3):
        assert client.get(f"/api/leads/{lead}", headers=pros).status_code == 200
    fourth = client.get(f"/api/leads/{lead}", headers=pros)
    assert fourth.status_code == 403
    assert "超过阈值 3 条，已暂停其数据访问" in fourth.json()["error"]
    later = client.get(f"/api/leads/{lead}", headers=pros)
    assert (
        later.status_code == 403 and later.json()["error"] == "数据访问已熔断，暂停查看和导出数据"
    )
    exported = client.get("/api/exports/leads", headers=pros)
    assert exported.status_code == 403
    # Every route on a lead is closed while suspended, not only those that count reads.
    assert client.get(f"/api/leads/{lead}/history", headers=pros).status_code == 403
    listed = client.get("/api/alerts", headers=admin)
    assert listed.status_code == 200
    [alert] = listed.json()
    assert alert["user"] == "pros" and alert["resolved_at"] is None
    assert alert["detail"] == {"kind": "evidence_reads", "used": 4, "limit": 3}
    assert client.get("/api/alerts", headers=pros).status_code == 403
    assert client.get("/api/alerts", headers=login(client, "leader")).status_code == 403
    assert client.post("/api/users/pros/lift", headers=pros).status_code == 403
    lifted = client.post("/api/users/pros/lift", headers=admin)
    assert lifted.status_code == 200 and lifted.json()["lifted_by"] == "admin"
    assert client.get(f"/api/leads/{lead}", headers=pros).status_code == 200
    assert client.get("/api/alerts", params={"open_only": "true"}, headers=admin).json() == []
    twice = client.post("/api/users/pros/lift", headers=admin)
    assert twice.status_code == 400 and "没有被熔断" in twice.json()["error"]
    assert [e.actor for e in audited(store, "breaker_tripped")] == ["pros"]
    lifts = [(e.actor, e.detail["result"]) for e in audited(store, "breaker_lifted")]
    assert lifts == [("pros", "refused"), ("admin", "ok"), ("admin", "refused")]


def test_breaker_on_exported_rows(client: TestClient) -> None:
    admin, pros = login(client, "admin"), login(client, "pros")
    limited = client.put("/api/users/pros/limits", json={"exported_rows": 2}, headers=admin)
    assert limited.status_code == 200
    for _ in range(2):  # one row each (the 乐都 lead)
        assert client.get("/api/exports/leads", headers=pros).status_code == 200
    tripped = client.get("/api/exports/leads", headers=pros)
    assert tripped.status_code == 403 and "导出数据 3 行，超过阈值 2 行" in tripped.json()["error"]
    assert client.get("/api/exports/leads", headers=pros).status_code == 403
    [alert] = client.get("/api/alerts", headers=admin).json()
    assert alert["detail"]["kind"] == "exported_rows"
    assert client.post("/api/users/pros/lift", headers=admin).status_code == 200
    assert client.get("/api/exports/leads", headers=pros).status_code == 200


def test_sibling_office_gets_not_found(client: TestClient, store: Store) -> None:
    with store.session() as session:
        run_id = session.scalar(select(Run.id))
    own = login(client, "modeller")
    assert client.get("/api/datasets/判决", headers=own).status_code == 200
    assert client.get(f"/api/runs/{run_id}", headers=own).status_code == 200
    sibling = login(client, "pingan.modeller")
    dataset = client.get("/api/datasets/判决", headers=sibling)
    assert dataset.status_code == 404 and "判决" in dataset.json()["error"]
    assert client.get(f"/api/runs/{run_id}", headers=sibling).status_code == 404
    started = client.post(f"/api/models/{SLUG}/runs", json={}, headers=sibling)
    assert started.status_code == 404
    assert client.get(f"/api/models/{SLUG}", headers=sibling).status_code == 404
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Run)) == 1


INJECTIONS = [
    ("read_csv('/etc/passwd') IS NOT NULL", "read_csv"),
    ("getenv('HOME') = 'x'", "getenv"),
    ("1; DROP TABLE leads", "DROP TABLE leads"),
    ("(SELECT 1) = 1", "子查询"),
    ("current_setting('x') = 'y'", "current_setting"),
    ("pretrial_measure = 'a' -- hidden\n; DROP TABLE leads", "注释"),
    ("pretrial_measure = 'a' /* x */; DELETE FROM leads", "注释"),
]
FILTER = "\"pretrial_measure IN ('取保候审', '监视居住')\""
DERIVE = "\"date_diff('day', effective_date, current_date)\""


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(("expression", "named"), INJECTIONS)
def test_validate_refuses_dangerous_expressions(
    client: TestClient, expression: str, named: str
) -> None:
    headers = login(client, "modeller")
    assert FILTER in SPEC_TEXT and DERIVE in SPEC_TEXT
    for original in (FILTER, DERIVE):
        spec = SPEC_TEXT.replace(original, json.dumps(expression, ensure_ascii=False))
        response = client.post("/api/models/validate", json={"spec": spec}, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["valid"] is False, (original, body)
        assert any(named in p["message"] for p in body["problems"]), body
        assert [p["line"] for p in body["problems"]] == [line_of(SPEC_TEXT, original)]


def test_validate_accepts_the_design_example(client: TestClient) -> None:
    response = client.post(
        "/api/models/validate", json={"spec": SPEC_TEXT}, headers=login(client, "modeller")
    )
    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "id": SLUG,
        "version": "1.0.0",
        "name": "审前未羁押判处实刑罪犯未交付执行监督模型",
    }
    refused = client.post(
        "/api/models/validate", json={"spec": SPEC_TEXT}, headers=login(client, "pros")
    )
    assert refused.status_code == 403


def test_parameter_values_are_never_sql(client: TestClient, store: Store) -> None:
    grant_all(client, "modeller")
    headers = login(client, "modeller")
    with store.session() as session:
        before = session.scalar(select(func.count()).select_from(Lead))
        runs_before = session.scalar(select(func.count()).select_from(Run))
    assert before == 1  # 乐都's adoption: 乐都's lead only
    for params, message in [
        ({"grace_days": "2024-01-01'; DROP TABLE leads; --"}, "不是整数"),
        ({"grace_days": "30; DROP TABLE leads"}, "不是整数"),
        ({"grace_days": "30) OR (1=1"}, "不是整数"),
        ({"x'; DROP TABLE leads; --": "1"}, "模型没有参数"),
    ]:
        response = client.post(
            f"/api/models/{SLUG}/runs",
            json={"params": params, "as_of": "2024-10-23"},
            headers=headers,
        )
        assert response.status_code == 400, response.text
        assert message in response.json()["error"], response.json()
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Lead)) == before
        assert session.scalar(select(func.count()).select_from(Run)) == runs_before
    ok = client.post(
        f"/api/models/{SLUG}/runs",
        json={"params": {"grace_days": "30"}, "as_of": "2024-10-23"},
        headers=headers,
    )
    assert ok.status_code == 200 and ok.json()["leads"] == 1  # 乐都's own subtree
