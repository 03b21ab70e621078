"""Requests that used to crash the app (500), found by the schema fuzzer (``test_fuzz.py``) or
alongside it, now refused with a Chinese 400 or 422 — on SQLite and on PostgreSQL.

- Ids past ``INTEGER``: PostgreSQL failed with "integer out of range", SQLite (past 64 bits)
  with ``OverflowError`` (the fuzzer found it in bulk assignment, referral and accepting a
  referral; every id in a path or body is now bounded).
- NUL (``\\x00``) in text: PostgreSQL cannot store it ("text fields cannot contain NUL").
- Text longer than its ``VARCHAR`` column, numbers past ``INTEGER`` or ``NUMERIC(18, 2)``.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError

from jiancha.api import create_app
from jiancha.store import Workspace
from tests.api.helpers import login

TOO_BIG = (2**31, 2**63)  # past PostgreSQL's INTEGER; past SQLite's 64 bits


@pytest.mark.parametrize("big", TOO_BIG)
def test_ids_past_integer_are_422(client: TestClient, big: int) -> None:
    headers = login(client)
    for path in (
        f"/api/leads/{big}",
        f"/api/leads/{big}/history",
        f"/api/leads/{big}/records",
        f"/api/leads/{big}/attachments/1",
        f"/api/leads/1/attachments/{big}",
    ):
        got = client.get(path, headers=headers)
        assert got.status_code == 422, (path, got.text)
        assert got.json()["error"].startswith("请求参数有误：路径参数") and got.json()["fields"]
    posts = {
        f"/api/leads/{big}/moves": {"to": "assigned", "assignee": "demo"},
        f"/api/leads/{big}/comments": {"text": "x"},
        f"/api/actions/{big}/feedback": {
            "received_on": "2025-08-01",
            "outcome": "rectified",
            "content": "x",
        },
        f"/api/leads/{big}/referrals": {"to": "630203", "note": "复核管辖"},
        f"/api/referrals/{big}/accept": {},
        f"/api/referrals/{big}/decline": {"note": "不属本院管辖"},
    }
    for path, body in posts.items():
        got = client.post(path, json=body, headers=headers)
        assert got.status_code == 422, (path, got.text)
    bulk = client.post("/api/leads/assign", json={"lead_ids": [1, big], "assignee": "demo"})
    assert bulk.status_code == 401
    bulk = client.post(
        "/api/leads/assign", json={"lead_ids": [1, big], "assignee": "demo"}, headers=headers
    )
    assert bulk.status_code == 422 and bulk.json()["fields"] == ["body.lead_ids.1"]
    assert "不能大于 2147483647" in bulk.json()["error"]


def test_nul_in_text_is_refused(client: TestClient) -> None:
    headers = login(client)
    for path, params in (
        ("/api/leads", {"q": "张\x00甲"}),
        ("/api/runs", {"model": "a\x00"}),
        ("/api/datasets/判%00决", {}),
        ("/api/referrals", {"org": "\x00"}),
    ):
        got = client.get(path, params=params, headers=headers)
        assert got.status_code == 400, (path, got.text)
        assert got.json()["error"] == "请求的路径或参数中含有空字符（\\x00），已拒绝"
    login_nul = client.post("/api/login", json={"username": "demo\x00", "password": "x"})
    assert login_nul.status_code == 422 and login_nul.json()["fields"] == ["body.username"]
    assert "不能包含空字符" in login_nul.json()["error"]
    for path, body in (
        ("/api/leads/1/comments", {"text": "核实\x00"}),
        ("/api/leads/1/moves", {"to": "assigned", "assignee": "de\x00mo"}),
        ("/api/leads/1/referrals", {"to": "630203", "note": "\x00"}),
        ("/api/leads/assign", {"lead_ids": [1], "assignee": "demo", "note": "\x00"}),
    ):
        got = client.post(path, json=body, headers=headers)
        assert got.status_code == 422, (path, got.text)
    records = client.get("/api/leads/1/records", headers=headers).json()
    assert records["comments"] == []


def test_text_and_numbers_past_their_columns_are_422(client: TestClient) -> None:
    headers = login(client)
    long_assignee = {"to": "assigned", "assignee": "张" * 65}  # VARCHAR(64)
    moved = client.post("/api/leads/1/moves", json=long_assignee, headers=headers)
    assert moved.status_code == 422 and moved.json()["fields"] == ["body.assignee"]
    action = {"kind": "suggestion", "document_no": "号" * 101, "issued_on": "2025-07-01"}
    issued = client.post("/api/leads/1/actions", json={**action, "receiver": "x"}, headers=headers)
    assert issued.status_code == 422 and "最多 100 个字符" in issued.json()["error"]
    feedback = {"received_on": "2025-08-01", "outcome": "rectified", "content": "x"}
    for extra, field in (
        ({"persons_affected": 2**31}, "body.persons_affected"),
        ({"rules_made": 2**63}, "body.rules_made"),
        ({"recovered_amount": "1e16"}, "body.recovered_amount"),
        ({"recovered_amount": "NaN"}, "body.recovered_amount"),
        ({"received_on": "0000-01-01"}, "body.received_on"),
    ):
        got = client.post("/api/actions/1/feedback", json={**feedback, **extra}, headers=headers)
        assert got.status_code == 422, (extra, got.text)
        assert got.json()["fields"] == [field]


def test_what_the_store_cannot_hold_is_400(workspace: Workspace) -> None:
    """The last line: a route that lets such a value through still answers 400, not 500."""
    app = create_app(workspace)

    @app.get("/overflow")
    def overflow() -> None:
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    @app.get("/data-error")
    def data_error() -> None:
        raise DataError("SELECT 1", {}, ValueError("integer out of range"))

    with TestClient(app) as client:
        for path in ("/overflow", "/data-error"):
            got = client.get(path)
            assert got.status_code == 400
            assert got.json()["error"] == "请求中的数值或文字超出了允许的范围"
            assert "2147483647" in got.json()["hint"]
