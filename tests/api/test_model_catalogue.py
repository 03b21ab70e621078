"""The model catalogue (GET /api/models, /api/models/{slug}) and what a lead's detail says the
user may do next (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.governance import create_user
from jiancha.store import Lead, Store
from tests.api.helpers import PASSWORD, SLUG, login, open_case


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_the_list_filters_and_pages(client: TestClient) -> None:
    demo = login(client)

    def found(**params: Any) -> Any:
        response = client.get("/api/models", params=params, headers=demo)
        assert response.status_code == 200, response.text
        return response.json()

    [model] = found()  # without page or size: the plain list, as before
    assert (model["id"], model["leads"], model["leads_hit"]) == (SLUG, 2, 2)
    assert (model["risk_label"], model["area_label"], model["line_label"]) == (
        "中风险",
        "刑事检察",
        "刑事执行检察",
    )
    assert model["legal_basis"] == ["《中华人民共和国刑事诉讼法》第二百六十四条"]
    assert model["description"].startswith("判决生效后")
    [run] = model["last_runs"]
    assert (run["status"], run["leads"], run["new"]) == ("succeeded", 2, 2)
    page = found(page=1, size=10, area="criminal", risk="medium", q="交付执行")
    assert (page["total"], page["page"], page["size"]) == (1, 1, 10)
    assert [m["id"] for m in page["items"]] == [SLUG]
    for miss in ({"risk": "high"}, {"line": "civil"}, {"q": "公益"}, {"kind": "mining"}):
        assert found(page=1, **miss)["total"] == 0, miss
    assert found(page=2, size=1)["items"] == []
    refused = client.get("/api/models", params={"sort": "spec"}, headers=demo)
    assert refused.status_code == 400


def test_the_detail_has_what_a_run_form_needs(client: TestClient) -> None:
    shown = client.get(f"/api/models/{SLUG}", headers=login(client)).json()
    assert shown["parameters"] == [
        {
            "name": "grace_days",
            "type": "integer",
            "type_label": "整数",
            "label": "宽限天数",
            "default": 30,
            "choices": None,
            "multiple": False,
            "required": False,
        }
    ]
    inputs = {i["input"]: i for i in shown["inputs"]}
    assert (inputs["j"]["label"], inputs["j"]["dataset"]) == ("刑事判决", "判决")
    fields = {f["field"]: f for f in inputs["j"]["fields"]}
    assert fields["person_id"] == {
        "field": "person_id",
        "type": "id_card",
        "column": "公民身份号码",
    }
    assert inputs["p"]["dataset"] == "收押"
    assert "anti_join" in shown["spec"] and shown["bindings"]["p"]["dataset"] == "收押"
    assert shown["kind_label"] == "数据碰撞" and shown["last_runs"][0]["new"] == 2
    missing = client.get("/api/models/nothing-here", headers=login(client))
    assert missing.status_code == 404


def moves(client: TestClient, headers: dict[str, str], lead: int) -> tuple[list[str], list[str]]:
    shown = client.get(f"/api/leads/{lead}", headers=headers).json()
    kinds = [a["kind"] for a in shown["allowed_actions"]]
    return [m["to"] for m in shown["allowed_moves"]], kinds


def test_the_lead_detail_offers_the_moves_the_user_may_make(
    client: TestClient, store: Store
) -> None:
    create_user(store, "wang", PASSWORD, role="prosecutor", must_change=False)
    demo, wang = login(client), sign_in(client, "wang")
    with store.session() as session:
        first, second = session.scalars(select(Lead.id).order_by(Lead.id)).all()
    assert moves(client, demo, first) == (["assigned"], [])
    assert moves(client, wang, first) == ([], [])  # assigning is a leader's
    step = {"to": "assigned", "assignee": "wang"}
    assert client.post(f"/api/leads/{first}/moves", json=step, headers=demo).status_code == 200
    assert moves(client, wang, first) == (["verifying"], [])
    assert moves(client, demo, first) == (["assigned", "verifying"], [])  # re-assign too
    step = {"to": "verifying"}
    assert client.post(f"/api/leads/{first}/moves", json=step, headers=wang).status_code == 200
    detail = client.get(f"/api/leads/{first}", headers=wang).json()
    offered = {m["to"]: m for m in detail["allowed_moves"]}
    assert set(offered) == {"rejected", "confirmed"}
    assert offered["rejected"]["needs_reason"] and offered["rejected"]["needs_note"]
    assert {r["code"] for r in offered["rejected"]["reasons"]} >= {"data_error", "duplicate"}
    assert not offered["confirmed"]["needs_reason"] and offered["confirmed"]["needs_note"]
    # Every move offered is one the workflow accepts.
    body = {"to": "confirmed", "note": "属实"}
    assert client.post(f"/api/leads/{first}/moves", json=body, headers=wang).status_code == 200
    open_case(client, demo, second)
    offered_moves, actions = moves(client, wang, second)
    assert offered_moves == ["actions_issued"] and "suggestion" in actions


def test_the_dataset_list_filters_sorts_and_pages(client: TestClient) -> None:
    demo = login(client)

    def names(**params: Any) -> Any:
        response = client.get("/api/datasets", params=params, headers=demo)
        assert response.status_code == 200, response.text
        body = response.json()
        rows = body if isinstance(body, list) else body["items"]
        return [d["name"] for d in rows], None if isinstance(body, list) else body["total"]

    assert names() == (["判决", "收押"], None)  # without page or size: the plain list
    assert names(sort="-rows", page=1, size=1) == (["判决"], 2)
    assert names(sort="rows", page=2, size=1) == (["判决"], 2)
    assert names(q="收", page=1) == (["收押"], 1)
    assert names(classification="core", page=1) == ([], 0)
    formats = {d["format"] for d in client.get("/api/datasets", headers=demo).json()}
    [shown] = formats  # both files of the fixture have one format
    assert names(format=shown, page=1) == (["判决", "收押"], 2)
    assert names(format="parquet" if shown != "parquet" else "csv", page=1) == ([], 0)
    assert client.get("/api/datasets", params={"sort": "owner"}, headers=demo).status_code == 400
