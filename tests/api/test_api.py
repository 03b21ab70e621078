"""The API over a real workspace: sign-in required, masked leads, Chinese errors, no CDN."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jiancha.api import lead_routes
from jiancha.clock import china_today
from tests.api.helpers import SLUG, login, open_case
from tests.modelling.fixtures import pid

TODAY = china_today()  # China time: actions and feedback are dated by it
YESTERDAY = TODAY - dt.timedelta(days=1)


def test_sign_in_is_required(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    for path in ("/api/datasets", "/api/models", "/api/leads", "/api/runs", "/api/me"):
        response = client.get(path)
        assert response.status_code == 401 and response.json()["error"].startswith("未登录")
    wrong = client.post("/api/login", json={"username": "demo", "password": "nope-nope-nope"})
    assert wrong.status_code == 401 and wrong.json() == {"error": "用户名或密码错误", "hint": None}
    bogus = client.get("/api/me", headers={"Authorization": "Bearer forged"})
    assert bogus.status_code == 401


def test_catalogue_models_runs(client: TestClient) -> None:
    headers = login(client)
    assert client.get("/api/me", headers=headers).json()["display_name"] == "演示用户"
    names = {d["name"] for d in client.get("/api/datasets", headers=headers).json()}
    assert names == {"判决", "收押"}
    shown = client.get("/api/datasets/判决", headers=headers).json()
    assert shown["rows"] == 7
    models = client.get("/api/models", headers=headers).json()
    assert [(m["id"], m["leads"], m["leads_hit"]) for m in models] == [(SLUG, 2, 2)]
    runs = client.get("/api/runs", params={"model": SLUG}, headers=headers).json()
    assert runs[0]["status"] == "succeeded" and runs[0]["new"] == 2
    sql = client.get(f"/api/models/{SLUG}/sql", params={"engine": "spark"}, headers=headers)
    assert "ANTI JOIN" in sql.json()["sql"]


def test_leads_are_masked(client: TestClient) -> None:
    headers = login(client)
    leads = client.get("/api/leads", params={"model": SLUG}, headers=headers).json()["items"]
    assert len(leads) == 2 and all(lead["masked"] for lead in leads)
    text = repr(leads)
    for seq in (1, 6):
        assert pid(seq) not in text
        assert f"{pid(seq)[:6]}********{pid(seq)[-4:]}" in text
    # A person's name keeps its first character, in every field (the title repeats it).
    assert {lead["subject_name"] for lead in leads} == {"张**", "孙**"}
    assert "张甲" not in text and "孙己" not in text


def test_errors_in_chinese_and_logout(client: TestClient) -> None:
    headers = login(client)
    missing = client.get("/api/datasets/判决书", headers=headers)
    assert missing.status_code == 404
    assert missing.json() == {"error": "数据集“判决书”不存在", "hint": "是否应为“判决”？"}
    assert client.get("/api/models/nope", headers=headers).status_code == 404
    assert client.get(f"/api/models/{SLUG}/sql?engine=oracle", headers=headers).status_code == 422
    assert client.post("/api/logout", headers=headers).json() == {"ok": True}
    assert client.get("/api/me", headers=headers).status_code == 401


def test_offline_no_cdn_pages(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):  # no Swagger UI or ReDoc, which load scripts from a CDN
        page = client.get(path).text.lower()
        assert "swagger" not in page and "redoc" not in page and "cdn" not in page
    landing = client.get("/").text
    assert "检察大数据法律监督平台" in landing and "http" not in landing
    paths = client.get("/openapi.json", headers=login(client)).json()["paths"]
    assert {"/api/login", "/api/leads", "/api/datasets/{name}"} <= set(paths)


def test_workflow_over_the_api(client: TestClient) -> None:
    headers = login(client)
    lead = client.get("/api/leads", params={"model": SLUG}, headers=headers).json()["items"][0]
    one = client.get(f"/api/leads/{lead['id']}", headers=headers).json()
    assert one["id"] == lead["id"] and one["masked"] is True
    moved = client.post(
        f"/api/leads/{lead['id']}/moves",
        json={"to": "assigned", "assignee": "li.si"},
        headers=headers,
    )
    assert moved.status_code == 200 and moved.json()["user"] == "demo"
    skipped = client.post(
        f"/api/leads/{lead['id']}/moves", json={"to": "closed", "note": "x"}, headers=headers
    )
    assert skipped.status_code == 400
    assert skipped.json()["error"] == "线索当前为已分派（assigned），不能转为已办结（closed）"
    events = client.get(f"/api/leads/{lead['id']}/history", headers=headers).json()
    assert [(e["from"], e["to"], e["assignee"]) for e in events] == [("new", "assigned", "li.si")]
    assert client.get("/api/leads/999999", headers=headers).status_code == 404
    anonymous = client.post(f"/api/leads/{lead['id']}/moves", json={"to": "verifying"})
    assert anonymous.status_code == 401


def test_actions_feedback_comments_over_the_api(client: TestClient) -> None:
    headers = login(client)
    lead = client.get("/api/leads", params={"model": SLUG}, headers=headers).json()["items"][0][
        "id"
    ]
    open_case(client, headers, lead)
    issued = client.post(
        f"/api/leads/{lead}/actions",
        json={
            "kind": "correction_notice",
            "document_no": "纠〔2025〕1号",
            "issued_on": TODAY.isoformat(),  # not before the lead was found (today's run)
            "receiver": "乐都县人民法院",
        },
        headers=headers,
    )
    assert issued.status_code == 200, issued.text
    action = issued.json()["id"]
    bad = client.post(
        f"/api/actions/{action}/feedback",
        json={"received_on": YESTERDAY.isoformat(), "outcome": "rectified", "content": "x"},
        headers=headers,
    )
    assert bad.status_code == 400 and "早于文书制发日期" in bad.json()["error"]
    fed = client.post(
        f"/api/actions/{action}/feedback",
        json={
            "received_on": TODAY.isoformat(),
            "outcome": "rectified",
            "content": "已收监",
            "recovered_amount": "5000",
        },
        headers=headers,
    )
    assert fed.status_code == 200 and fed.json()["recovered_amount"] == "5000.00"
    assert client.post(
        f"/api/leads/{lead}/comments", json={"text": f"已电话核实 {pid(1)}"}, headers=headers
    ).is_success
    records = client.get(f"/api/leads/{lead}/records", headers=headers).json()
    assert records["actions"][0]["feedback"][0]["outcome_label"] == "已整改"
    assert records["comments"][0]["user"] == "demo"
    assert records["comments"][0]["text"] == f"已电话核实 {pid(1)[:6]}********{pid(1)[-4:]}"
    status = client.get(f"/api/leads/{lead}", headers=headers).json()["status"]
    assert status == "feedback_received"


def _lead_list(client: TestClient) -> Callable[..., dict[str, Any]]:
    """GET /api/leads as the demo user with the given parameters: the body of a 200."""
    headers = login(client)

    def get(**params: object) -> dict[str, Any]:
        response = client.get("/api/leads", params=params, headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return get


def test_lead_list_filters_sorts_pages_and_searches(client: TestClient) -> None:
    headers = login(client)
    get = _lead_list(client)

    every = get()
    assert every["total"] == 2 and len(every["items"]) == 2
    first = get(size=1, page=1)
    second = get(size=1, page=2)
    assert first["total"] == second["total"] == 2
    ids = [first["items"][0]["id"], second["items"][0]["id"]]
    assert ids == sorted(ids, reverse=True)
    ascending = get(sort="id")
    assert [x["id"] for x in ascending["items"]] == sorted(ids)
    assert get(q="张甲")["total"] == 0  # the masked title: a search confirms no name
    found = get(q="乐都")
    assert found["total"] == 1 and found["items"][0]["subject_name"] == "张**"
    assert get(q="100%_不存在")["total"] == 0
    assert get(status="closed")["total"] == 0 and get(hit=True)["total"] == 2
    assert get(page=99)["items"] == []
    bad = client.get("/api/leads", params={"sort": "title"}, headers=headers)
    assert bad.status_code == 400 and bad.json()["error"] == "不能按“title”排序"
    assert client.get("/api/leads", params={"size": 0}, headers=headers).status_code == 422


def test_a_search_counts_up_to_the_limit(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A count the tallies cannot give stops past ``COUNT_LIMIT``: the total is then "at least"
    (``total_exact`` false); a filter the tallies answer stays exact whatever the limit."""
    get = _lead_list(client)

    titles = [lead["title"] for lead in get()["items"]]
    assert len(titles) == 2
    shared = next(c for c in titles[0] if c in titles[1] and not c.isascii() and c != "*")
    assert get(q=shared)["total"] == 2 and get(q=shared)["total_exact"] is True
    monkeypatch.setattr(lead_routes, "COUNT_LIMIT", 1)
    over = get(q=shared, size=1)
    assert (over["total"], over["total_exact"], len(over["items"])) == (1, False, 1)
    assert len(get(q=shared, size=1, page=2)["items"]) == 1  # the pages go on past the count
    assert (get()["total"], get()["total_exact"]) == (2, True)  # from the tallies
    one = get(q="乐都")
    assert (one["total"], one["total_exact"]) == (1, True)
