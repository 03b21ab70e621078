"""The workbench (GET /api/workbench) and the time limits it reports (SQLite and PostgreSQL).

The seeded workspace has two leads of the custodial model (no office). Time is moved with the
product's clock (``jiancha.clock.set_clock``), so "35 days later" is exact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha import clock
from jiancha.governance import create_user
from jiancha.leads.deadlines import REPLY_MONTHS, VERIFY_DAYS, add_months
from jiancha.store import Lead, Store
from tests.api.helpers import PASSWORD, login, open_case

NAMES = ("张甲", "孙己")  # the seeded leads' people, never shown unmasked


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def ids(store: Store) -> list[int]:
    with store.session() as session:
        return list(session.scalars(select(Lead.id).order_by(Lead.id)))


def bench(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get("/api/workbench", headers=headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def counts(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    return {row[key]: row["count"] for row in rows}


def later(days: int) -> Any:
    return clock.set_clock(clock.fixed(clock.now() + dt.timedelta(days=days)))


def test_my_leads_funnel_and_runs(client: TestClient, store: Store) -> None:
    create_user(store, "wang", PASSWORD, "王检", role="prosecutor", must_change=False)
    demo = login(client)
    first, second = ids(store)
    moved = client.post(
        f"/api/leads/{first}/moves", json={"to": "assigned", "assignee": "wang"}, headers=demo
    )
    assert moved.status_code == 200, moved.text
    open_case(client, demo, second)

    wang = bench(client, sign_in(client, "wang"))
    assert wang["sections"] == {"leads": True, "runs": True, "funnel": True}
    mine = counts(wang["my_leads_by_status"], "status")
    assert mine["assigned"] == 1 and sum(mine.values()) == 1 == wang["my_leads_total"]
    assert next(iter(mine)) == "new" and len(mine) == 9  # every state, in workflow order
    assert wang["overdue"] == [] and wang["overdue_scope"] == "mine"
    assert counts(wang["funnel"], "stage") == {
        "new": 2,
        "verified": 1,
        "case": 1,
        "action": 0,
        "feedback": 0,
        "closed": 0,
    }
    [run] = wang["recent_runs"]
    assert run["model_name"] == "审前未羁押判处实刑罪犯未交付执行监督模型"
    assert (run["status"], run["status_label"], run["leads"], run["new"]) == (
        "succeeded",
        "成功",
        2,
        2,
    )
    assert bench(client, demo)["overdue_scope"] == "office"  # demo may assign: the office's


def test_auditor_sees_the_funnel_only(client: TestClient, store: Store) -> None:
    create_user(store, "shen", PASSWORD, role="auditor", must_change=False)
    seen = bench(client, sign_in(client, "shen"))
    assert seen["sections"] == {"leads": False, "runs": False, "funnel": True}
    assert seen["my_leads_total"] == 0 and seen["overdue"] == [] and seen["recent_runs"] == []
    assert counts(seen["funnel"], "stage")["new"] == 2


def test_verification_overdue_after_the_time_limit(client: TestClient, store: Store) -> None:
    create_user(store, "wang", PASSWORD, role="prosecutor", must_change=False)
    demo = login(client)
    first, _ = ids(store)
    step = {"to": "assigned", "assignee": "wang"}
    assert client.post(f"/api/leads/{first}/moves", json=step, headers=demo).status_code == 200
    with later(VERIFY_DAYS):  # sessions last hours: sign in again, days later
        assert bench(client, sign_in(client, "wang"))["overdue"] == []  # due today: not overdue
    with later(VERIFY_DAYS + 5):
        seen = bench(client, sign_in(client, "wang"))
    [item] = seen["overdue"]
    assert (item["lead_id"], item["kind"], item["kind_label"]) == (
        first,
        "verification",
        "核查逾期",
    )
    assert (item["status"], item["label"], item["assignee"]) == ("assigned", "已分派", "wang")
    assert item["days_overdue"] == 5 and seen["overdue_total"] == 1
    today = clock.china_today()
    assert item["due_date"] == (today + dt.timedelta(days=VERIFY_DAYS)).isoformat()
    assert "**" in item["title"] and not any(name in item["title"] for name in NAMES)
    # Verified, it is no longer overdue.
    for step in ({"to": "verifying"}, {"to": "confirmed", "note": "属实"}):
        assert client.post(f"/api/leads/{first}/moves", json=step, headers=demo).status_code == 200
    with later(VERIFY_DAYS + 5):
        assert bench(client, sign_in(client, "wang"))["overdue"] == []


def test_reply_overdue_until_feedback(client: TestClient, store: Store) -> None:
    demo = login(client)
    _, second = ids(store)
    open_case(client, demo, second)
    today = clock.china_today()
    action = {
        "kind": "suggestion",
        "document_no": "检建〔2025〕9号",
        "issued_on": today.isoformat(),
    }
    issued = client.post(
        f"/api/leads/{second}/actions", json=action | {"receiver": "某法院"}, headers=demo
    )
    assert issued.status_code == 200, issued.text
    due = add_months(today, REPLY_MONTHS)
    with later((due - today).days):
        assert bench(client, login(client))["overdue"] == []
    with later((due - today).days + 3):
        demo = login(client)
        [item] = bench(client, demo, overdue_size=5)["overdue"]
        assert (item["lead_id"], item["kind"], item["days_overdue"]) == (second, "reply", 3)
        assert item["due_date"] == due.isoformat() and item["label"] == "已制发监督文书"
        feedback = {"received_on": today.isoformat(), "outcome": "rectified", "content": "已整改"}
        path = f"/api/actions/{issued.json()['id']}/feedback"
        assert client.post(path, json=feedback, headers=demo).status_code == 200
        assert bench(client, demo)["overdue"] == []


def test_add_months_keeps_to_the_calendar() -> None:
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 12, 31), 2) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 11, 15), 2) == dt.date(2026, 1, 15)
    assert add_months(dt.date(2025, 3, 31), -1) == dt.date(2025, 2, 28)
