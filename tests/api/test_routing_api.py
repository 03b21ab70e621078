"""Offices, bulk assignment and referral over the HTTP API (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from jiancha.governance import create_user
from jiancha.governance.orgs import add_org
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Store
from tests.conftest import seeds_client
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

PASSWORD = "password-1234"


def city_and_districts(store: Store, files: Path) -> None:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, "630202", "海东市乐都区人民检察院", "district", "630200", ["乐都县人民法院"])
    add_org(store, "630203", "海东市平安区人民检察院", "district", "630200", ["平安县人民法院"])
    load_county(store, files)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org="630200")
    run_model(store, "custodial-sentence-not-executed", run_date=AS_OF)
    create_user(store, "city.user", PASSWORD, org="630200", role="leader", must_change=False)
    create_user(store, "pingan.user", PASSWORD, org="630203", role="leader", must_change=False)


workspace_seed = seeds_client(city_and_districts)


def login(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": PASSWORD})
    client.cookies.clear()  # the bearer header alone
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_orgs_and_leads_by_office(client: TestClient) -> None:
    assert client.get("/api/orgs").status_code == 401
    headers = login(client, "city.user")
    orgs = client.get("/api/orgs", headers=headers).json()
    assert [o["code"] for o in orgs] == ["630000", "630200", "630202", "630203"]
    page = client.get("/api/leads", params={"org": "630200"}, headers=headers).json()
    assert page["total"] == 2
    assert {x["org"] for x in page["items"]} == {"海东市乐都区人民检察院", "海东市平安区人民检察院"}
    ledu = client.get("/api/leads", params={"org": "海东市乐都区人民检察院"}, headers=headers)
    assert ledu.json()["total"] == 1
    missing = client.get("/api/leads", params={"org": "999"}, headers=headers)
    assert missing.status_code == 404 and "没有代码或名称为“999”的检察院" in missing.json()["error"]


def test_bulk_assign_then_refer_and_accept(client: TestClient) -> None:
    city = login(client, "city.user")
    items = client.get("/api/leads", headers=city).json()["items"]
    ids = sorted(x["id"] for x in items)
    done = client.post(
        "/api/leads/assign", json={"lead_ids": ids, "assignee": "zhang.san"}, headers=city
    )
    assert done.status_code == 200 and [e["lead_id"] for e in done.json()] == ids
    empty = client.post("/api/leads/assign", json={"lead_ids": [], "assignee": "a"}, headers=city)
    assert empty.status_code == 422
    ledu_lead = next(x["id"] for x in items if x["org"] == "海东市乐都区人民检察院")
    sent = client.post(
        f"/api/leads/{ledu_lead}/referrals", json={"to": "630203", "note": "复核管辖"}, headers=city
    )
    assert sent.status_code == 200 and sent.json()["status"] == "pending"
    referral = sent.json()["id"]
    frozen = client.post(f"/api/leads/{ledu_lead}/moves", json={"to": "verifying"}, headers=city)
    assert frozen.status_code == 400 and "正在移送中" in frozen.json()["error"]
    wrong = client.post(f"/api/referrals/{referral}/accept", json={}, headers=city)
    assert wrong.status_code == 400 and "只有接收单位的人员" in wrong.json()["error"]
    pingan = login(client, "pingan.user")
    pending = client.get("/api/referrals", params={"status": "pending"}, headers=pingan).json()
    assert [r["id"] for r in pending] == [referral]
    accepted = client.post(f"/api/referrals/{referral}/accept", json={}, headers=pingan)
    assert accepted.json()["status"] == "accepted"
    mine = client.get("/api/leads", params={"org": "630203"}, headers=pingan).json()
    assert {x["id"] for x in mine["items"]} == {i for i in ids}
    assert client.post("/api/referrals/99999/accept", json={}, headers=pingan).status_code == 404
