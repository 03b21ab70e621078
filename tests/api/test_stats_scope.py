"""Statistics scoped to the signed-in user's office and business lines (SQLite and PostgreSQL).

The statistics scenario (tests/stats/scenario.py): 青海省院 → 海东市院 → 乐都区院, 平安区院; seven
leads of three models in 乐都, 平安, 海东市 and no office. Every expected figure here is counted
from the lead rows themselves, not from the statistics library.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.api import create_app
from jiancha.governance import create_user
from jiancha.governance.orgs import subtree_ids
from jiancha.store import Lead, Org, Store, SupervisionModel, Workspace
from tests.stats.conftest import scenario_fixtures
from tests.stats.scenario import CITY, LEDU, PINGAN, PROVINCE, A, B, C, Scenario

PASSWORD = "Stats-password-2024"
PATHS = ("/api/stats", "/api/stats/ledgers", "/api/stats.xlsx")
CASES = {"case_opened", "actions_issued", "feedback_received", "closed"}
CONFIRMED = CASES | {"confirmed"}
VERIFIED = CONFIRMED | {"rejected"}
CST = dt.timezone(dt.timedelta(hours=8))
workspace_seed, scenario = scenario_fixtures()  # a copy of the statistics scenario


@pytest.fixture
def client(store: Store, workspace: Workspace, scenario: Scenario) -> Iterator[TestClient]:
    for name, org, lines in [
        ("ledu.pros", LEDU, []),
        ("city.pros", CITY, []),
        ("ledu.exec", LEDU, ["criminal_execution"]),
        ("city.two", CITY, ["criminal_execution", "public_interest"]),
    ]:
        create_user(store, name, PASSWORD, org=org, lines=lines, must_change=False)
    create_user(store, "admin", PASSWORD, role="admin", must_change=False)
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


def login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def counted(
    store: Store,
    org: str | None,
    lines: tuple[str, ...] = (),
    period: tuple[dt.date, dt.date] | None = None,
) -> dict[str, int]:
    """Leads, verified, confirmed and cases in ``org``'s subtree (everywhere when None), of
    ``lines`` (every line when empty), first found within ``period`` (China time)."""
    with store.session() as session:
        scope = None
        if org is not None:
            office = session.scalar(select(Org).where(Org.code == org))
            assert office is not None
            scope = subtree_ids(session, office)
        rows = session.execute(
            select(Lead.org_id, Lead.status, Lead.first_seen_at, SupervisionModel.line).join(
                SupervisionModel, SupervisionModel.id == Lead.model_id
            )
        ).all()
    found = {"leads": 0, "verified": 0, "confirmed": 0, "cases": 0}
    for org_id, status, seen, line in rows:
        if scope is not None and org_id not in scope:
            continue
        if lines and line not in lines:
            continue
        if period is not None:
            aware = seen.replace(tzinfo=dt.UTC) if seen.tzinfo is None else seen
            if not period[0] <= aware.astimezone(CST).date() <= period[1]:
                continue
        found["leads"] += 1
        found["verified"] += status in VERIFIED
        found["confirmed"] += status in CONFIRMED
        found["cases"] += status in CASES
    return found


def figures(row: dict[str, Any]) -> dict[str, int]:
    return {k: row[k] for k in ("leads", "verified", "confirmed", "cases")}


def stats(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get("/api/stats", params=params, headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_district_counts_only_its_subtree(client: TestClient, store: Store) -> None:
    headers = login(client, "ledu.pros")
    mine = counted(store, LEDU)
    assert mine["leads"] == 3 and mine != counted(store, None)
    got = stats(client, headers, by="total")
    assert figures(got["total"]) == mine
    assert got["filter"]["org"] == LEDU
    # A period of part months (counted from the leads, not the tallies) is scoped too.
    period = (dt.date(2025, 1, 10), dt.date(2025, 3, 31))
    part = stats(client, headers, by="model", **{"from": "2025-01-10", "to": "2025-03-31"})
    assert figures(part["total"]) == counted(store, LEDU, period=period)
    by_model = {g["key"]: g["leads"] for g in stats(client, headers, by="model")["groups"]}
    assert by_model[A] == by_model[B] == by_model[C] == 1
    # Asking for one's own office explicitly gives the same figures.
    assert figures(stats(client, headers, by="total", org=LEDU)["total"]) == mine


def test_by_org_groups_only_offices_in_scope(client: TestClient, store: Store) -> None:
    district = stats(client, login(client, "ledu.pros"), by="org")
    assert [g["key"] for g in district["groups"]] == [LEDU]
    assert figures(district["groups"][0]) == counted(store, LEDU)
    city = stats(client, login(client, "city.pros"), by="org")
    rows = {g["key"]: figures(g) for g in city["groups"]}
    assert set(rows) == {CITY, LEDU, PINGAN}
    for code in (CITY, LEDU, PINGAN):
        assert rows[code] == counted(store, code)
    assert figures(city["total"]) == counted(store, CITY)


def test_other_office_is_refused(client: TestClient) -> None:
    headers = login(client, "ledu.pros")
    for path in PATHS:
        for org in (PINGAN, CITY):
            refused = client.get(path, params={"org": org}, headers=headers)
            assert refused.status_code == 403, (path, org, refused.text)
            assert refused.json()["error"].startswith("无权查看")
    below = client.get("/api/stats", params={"org": PINGAN}, headers=login(client, "city.pros"))
    assert below.status_code == 200


def test_admin_without_office_sees_everything(client: TestClient, store: Store) -> None:
    headers = login(client, "admin")
    everything = counted(store, None)
    assert everything["leads"] == 7
    got = stats(client, headers, by="total")
    assert figures(got["total"]) == everything and got["filter"]["org"] is None
    keys = [g["key"] for g in stats(client, headers, by="org")["groups"]]
    assert keys[0] == PROVINCE and None in keys
    pingan = stats(client, headers, by="total", org=PINGAN)
    assert figures(pingan["total"]) == counted(store, PINGAN)
    ledgers = client.get("/api/stats/ledgers", headers=headers).json()
    assert sum(ledgers["counts"].values()) == 4


def test_ledgers_and_excel_are_scoped(client: TestClient) -> None:
    headers = login(client, "ledu.pros")
    ledgers = client.get("/api/stats/ledgers", headers=headers)
    assert ledgers.status_code == 200
    models = [m["model"] for book in ledgers.json()["ledgers"].values() for m in book["models"]]
    assert models == [A]  # the one model installed by 乐都
    assert ledgers.json()["filter"]["org"] == LEDU
    response = client.get("/api/stats.xlsx", params={"by": "total"}, headers=headers)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    notes = {row[0]: row[1] for row in book["说明"].iter_rows(min_row=2, values_only=True)}
    assert notes["检察院（含下级院）"] == LEDU
    rows = list(book["效能统计"].iter_rows(min_row=2, values_only=True))
    assert [row[:3] for row in rows] == [("合计", None, 3)]  # label, key, leads


def test_lines_restrict_statistics(client: TestClient, store: Store) -> None:
    headers = login(client, "ledu.exec")
    got = stats(client, headers, by="line")
    assert figures(got["total"]) == counted(store, LEDU, ("criminal_execution",))
    assert got["total"]["leads"] == 1
    assert [g["key"] for g in got["groups"]] == ["criminal_execution"]
    assert got["filter"]["lines"] == ["criminal_execution"]
    same = stats(client, headers, by="total", line="criminal_execution")
    assert figures(same["total"]) == figures(got["total"])
    refused = client.get("/api/stats", params={"line": "public_interest"}, headers=headers)
    assert refused.status_code == 403 and "公益诉讼检察" in refused.json()["error"]
    unknown = client.get("/api/stats", params={"line": "nonsense"}, headers=headers)
    assert unknown.status_code == 400
    ledgers = client.get("/api/stats/ledgers", headers=headers).json()
    assert [m["model"] for b in ledgers["ledgers"].values() for m in b["models"]] == [A]
    two = stats(client, login(client, "city.two"), by="model")
    lines = ("criminal_execution", "public_interest")
    assert figures(two["total"]) == counted(store, CITY, lines)
    assert {g["key"] for g in two["groups"]} == {A, B}
