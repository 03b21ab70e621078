"""Business-line scope over the HTTP API (SQLite and PostgreSQL): a user limited to some lines
(``User.lines``) sees and handles only the leads of models of those lines; the rest is 404.

The statistics scenario (tests/stats/scenario.py) gives three models of three lines with leads in
the 海东 tree: A criminal_execution (乐都, 平安), B public_interest (乐都, 海东市, no office),
C ordinary_crime (乐都, no office).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.api import create_app
from jiancha.governance import create_user
from jiancha.governance.orgs import subtree_ids
from jiancha.leads import LeadFilter, search_leads
from jiancha.leads.routing import refer
from jiancha.store import Lead, Org, Store, SupervisionModel, Workspace
from tests.stats.conftest import scenario_fixtures
from tests.stats.scenario import CITY, PINGAN, A, B, C, Scenario

PASSWORD = "Line-password-2024"
EXECUTION, PUBLIC = "criminal_execution", "public_interest"
workspace_seed, scenario = scenario_fixtures()  # a copy of the statistics scenario


@pytest.fixture
def client(store: Store, workspace: Workspace, scenario: Scenario) -> Iterator[TestClient]:
    """Users at the city office: limited to one line, to two, and to none; and at 平安."""
    for name, role, lines in [
        ("exec.pros", "prosecutor", [EXECUTION]),
        ("two.pros", "prosecutor", [EXECUTION, PUBLIC]),
        ("all.pros", "prosecutor", []),
        ("exec.leader", "leader", [EXECUTION]),
        ("all.leader", "leader", []),
    ]:
        create_user(store, name, PASSWORD, org=CITY, role=role, lines=lines, must_change=False)
    for name, lines in [("pingan.exec", [EXECUTION]), ("pingan.all", [])]:
        create_user(
            store, name, PASSWORD, org=PINGAN, role="leader", lines=lines, must_change=False
        )
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


def login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def expected(store: Store, org: str, lines: list[str]) -> set[int]:
    """The leads in ``org``'s subtree of models of ``lines`` (all lines when empty), read from
    the lead rows themselves."""
    with store.session() as session:
        office = session.scalar(select(Org).where(Org.code == org))
        assert office is not None
        query = (
            select(Lead.id, SupervisionModel.line)
            .join(SupervisionModel, SupervisionModel.id == Lead.model_id)
            .where(Lead.org_id.in_(subtree_ids(session, office)))
        )
        return {i for i, line in session.execute(query) if not lines or line in lines}


def listed(client: TestClient, headers: dict[str, str], **params: object) -> tuple[int, set[int]]:
    response = client.get("/api/leads", params={"size": 500, **params}, headers=headers)
    assert response.status_code == 200, response.text
    page = response.json()
    return page["total"], {x["id"] for x in page["items"]}


def test_other_line_is_not_found(client: TestClient, scenario: Scenario) -> None:
    mine, other = scenario.leads[A, 1], scenario.leads[B, 1]
    headers = login(client, "exec.pros")
    assert client.get(f"/api/leads/{mine}", headers=headers).status_code == 200
    refused = client.get(f"/api/leads/{other}", headers=headers)
    assert refused.status_code == 404
    assert refused.json()["error"] == f"没有编号为 {other} 的线索"
    for path in ("history", "records"):
        assert client.get(f"/api/leads/{other}/{path}", headers=headers).status_code == 404
    moved = client.post(f"/api/leads/{other}/moves", json={"to": "verifying"}, headers=headers)
    assert moved.status_code == 404
    commented = client.post(f"/api/leads/{other}/comments", json={"text": "x"}, headers=headers)
    assert commented.status_code == 404
    # The same lead is there for a user of the same office without lines, and for one of both.
    for name in ("all.pros", "two.pros"):
        got = client.get(f"/api/leads/{other}", headers=login(client, name))
        assert got.status_code == 200 and got.json()["id"] == other


def test_other_line_is_not_listed(client: TestClient, store: Store, scenario: Scenario) -> None:
    execution = expected(store, CITY, [EXECUTION])
    assert execution == {scenario.leads[A, 1], scenario.leads[A, 6]}
    headers = login(client, "exec.pros")
    assert listed(client, headers) == (2, execution)
    # The counted total (a text search) agrees with the tallies' total.
    assert listed(client, headers, q="未交付执行") == (2, execution)
    assert listed(client, headers, model=B) == (0, set())
    assert listed(client, headers, model=A, size=1)[0] == 2
    both = expected(store, CITY, [EXECUTION, PUBLIC])
    assert listed(client, login(client, "two.pros")) == (len(both), both)
    everything = expected(store, CITY, [])
    assert {scenario.leads[B, 1], scenario.leads[C, 1]} <= everything
    assert listed(client, login(client, "all.pros")) == (len(everything), everything)


def test_search_leads_lines_filter(store: Store, scenario: Scenario) -> None:
    with store.session() as session:
        total, found = search_leads(session, LeadFilter(lines=(PUBLIC,)))
        assert total == len(found) == 3
        assert {x["model"] for x in found} == {B}
        total, found = search_leads(session, LeadFilter(lines=(PUBLIC,), text="未交付执行"))
        assert total == len(found) == 3
        assert search_leads(session, LeadFilter(lines=("civil",))) == (0, [])  # model D: no leads
        assert search_leads(session, LeadFilter(lines=("juvenile",))) == (0, [])  # no model
        assert search_leads(session, LeadFilter(lines=(EXECUTION,), model=C)) == (0, [])
        total, found = search_leads(session, LeadFilter(lines=(), limit=2))
        assert total == 7 and len(found) == 2


def test_other_line_cannot_be_assigned(
    client: TestClient, store: Store, scenario: Scenario
) -> None:
    mine, other = scenario.leads[A, 1], scenario.leads[B, 5]  # B5: being verified, 海东市
    headers = login(client, "exec.leader")
    for lead_ids in ([other], [mine, other]):
        form = {"lead_ids": lead_ids, "assignee": "li.si"}
        refused = client.post("/api/leads/assign", json=form, headers=headers)
        assert refused.status_code == 404, refused.text
        assert refused.json()["error"] == f"没有编号为 {other} 的线索"
    with store.session() as session:
        assert session.scalar(select(Lead.assignee).where(Lead.id == other)) != "li.si"
    anyone = client.post(
        "/api/leads/assign",
        json={"lead_ids": [other], "assignee": "wang.wu"},
        headers=login(client, "all.leader"),
    )
    assert anyone.status_code == 200, anyone.text
    with store.session() as session:
        assert session.scalar(select(Lead.assignee).where(Lead.id == other)) == "wang.wu"


def test_other_line_cannot_be_referred_or_decided(
    client: TestClient, store: Store, scenario: Scenario
) -> None:
    other = scenario.leads[B, 5]  # public_interest, 海东市, being verified
    refused = client.post(
        f"/api/leads/{other}/referrals",
        json={"to": PINGAN, "note": "属平安区"},
        headers=login(client, "exec.leader"),
    )
    assert refused.status_code == 404
    sent = refer(store, other, PINGAN, "all.leader", "属平安区")["id"]
    limited = login(client, "pingan.exec")
    shown = client.get("/api/referrals", headers=limited)
    assert shown.status_code == 200 and [r["id"] for r in shown.json()] == []
    accepted = client.post(f"/api/referrals/{sent}/accept", json={}, headers=limited)
    assert accepted.status_code == 404
    unlimited = login(client, "pingan.all")
    assert [r["id"] for r in client.get("/api/referrals", headers=unlimited).json()] == [sent]
    accepted = client.post(f"/api/referrals/{sent}/accept", json={}, headers=unlimited)
    assert accepted.status_code == 200, accepted.text
    with store.session() as session:
        pingan = session.scalar(select(Org.id).where(Org.code == PINGAN))
        assert session.scalar(select(Lead.org_id).where(Lead.id == other)) == pingan
