"""Roles and office scope over the HTTP API (SQLite and PostgreSQL): who gets 200, 403, 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.governance import create_token, create_user, revoke_token
from jiancha.governance.orgs import add_org
from jiancha.leads.routing import refer
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import ApiToken, Lead, Org, Store
from tests.conftest import seeds_client
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

PASSWORD = "Role-password-2024"
ROLES = ["admin", "data_admin", "modeller", "prosecutor", "leader", "auditor"]
LEDU, PINGAN = "630202", "630203"


def two_districts(store: Store, files: Path) -> None:
    """The 海东 tree; one lead in 乐都, one in 平安; a user of each role at the city office."""
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, LEDU, "海东市乐都区人民检察院", "district", "630200", ["乐都县人民法院"])
    add_org(store, PINGAN, "海东市平安区人民检察院", "district", "630200", ["平安县人民法院"])
    load_county(store, files)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org="630200")
    run_model(store, "custodial-sentence-not-executed", run_date=AS_OF)
    for role in ROLES:
        create_user(store, role, PASSWORD, org="630200", role=role, must_change=False)
    create_user(store, "pingan.pros", PASSWORD, org=PINGAN, must_change=False)


workspace_seed = seeds_client(two_districts)


def lead_of(store: Store, code: str) -> int:
    with store.session() as session:
        found = session.scalar(
            select(Lead.id).join(Org, Org.id == Lead.org_id).where(Org.code == code)
        )
    assert found is not None
    return found


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    client.cookies.clear()  # the bearer header alone
    return {"Authorization": f"Bearer {response.json()['token']}"}


# role → expected status of (list leads, move a lead, assign, stats, accept referral, datasets)
MATRIX: dict[str, tuple[int, int, int, int, int, int]] = {
    "admin": (200, 200, 200, 200, 200, 200),
    "data_admin": (403, 403, 403, 403, 403, 200),
    "modeller": (403, 403, 403, 200, 403, 200),
    "prosecutor": (200, 403, 403, 200, 403, 200),  # assigning needs leads.assign on /moves too
    "leader": (200, 200, 200, 200, 200, 200),
    "auditor": (403, 403, 403, 200, 403, 403),
}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client: TestClient, store: Store, role: str) -> None:
    ledu, pingan = lead_of(store, LEDU), lead_of(store, PINGAN)
    referral = refer(store, pingan, "630200", "setup", "上级院复核")["id"]
    headers = login(client, role)
    got = (
        client.get("/api/leads", headers=headers),
        client.post(
            f"/api/leads/{ledu}/moves",
            json={"to": "assigned", "assignee": "zhang.san"},
            headers=headers,
        ),
        client.post(
            "/api/leads/assign", json={"lead_ids": [ledu], "assignee": "li.si"}, headers=headers
        ),
        client.get("/api/stats", headers=headers),
        client.post(f"/api/referrals/{referral}/accept", json={}, headers=headers),
        client.get("/api/datasets", headers=headers),
    )
    assert tuple(r.status_code for r in got) == MATRIX[role], [r.text for r in got]
    for response in got:
        if response.status_code == 403:
            assert response.json()["error"].startswith("无权")
            assert response.json()["hint"] == "如需此权限，请联系系统管理员调整角色"
    me = client.get("/api/me", headers=headers).json()
    assert me["role"] == role and me["org"] == "630200"


def test_other_district_is_not_found(client: TestClient, store: Store) -> None:
    ledu, pingan = lead_of(store, LEDU), lead_of(store, PINGAN)
    headers = login(client, "pingan.pros")
    assert client.get(f"/api/leads/{pingan}", headers=headers).status_code == 200
    guessed = client.get(f"/api/leads/{ledu}", headers=headers)
    absent = client.get("/api/leads/99999", headers=headers)
    assert guessed.status_code == absent.status_code == 404
    assert guessed.json()["error"] == f"没有编号为 {ledu} 的线索"
    for path in ("history", "records"):
        assert client.get(f"/api/leads/{ledu}/{path}", headers=headers).status_code == 404
    moved = client.post(f"/api/leads/{ledu}/moves", json={"to": "verifying"}, headers=headers)
    assert moved.status_code == 404
    commented = client.post(f"/api/leads/{ledu}/comments", json={"text": "x"}, headers=headers)
    assert commented.status_code == 404
    drafted = client.get(f"/api/leads/{ledu}/draft", params={"kind": "suggestion"}, headers=headers)
    assert drafted.status_code == 404
    page = client.get("/api/leads", headers=headers).json()
    assert [x["id"] for x in page["items"]] == [pingan]
    other = client.get("/api/leads", params={"org": LEDU}, headers=headers)
    assert other.status_code == 403 and "无权查看“海东市乐都区人民检察院”" in other.json()["error"]
    city = client.get("/api/leads", headers=login(client, "prosecutor")).json()
    assert {x["id"] for x in city["items"]} == {ledu, pingan}


def test_first_password_must_be_changed(client: TestClient, store: Store) -> None:
    create_user(store, "new.user", PASSWORD, org=PINGAN)
    headers = login(client, "new.user")
    refused = client.get("/api/leads", headers=headers)
    assert refused.status_code == 403 and refused.json()["error"] == "首次登录须修改密码"
    assert client.get("/api/datasets", headers=headers).status_code == 403
    me = client.get("/api/me", headers=headers)
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    for new, message in [
        ("short-1A", "密码太短"),
        ("onlylowercase", "密码太简单"),
        (PASSWORD, "新密码不能与原密码相同"),
    ]:
        weak = client.post("/api/password", json={"old": PASSWORD, "new": new}, headers=headers)
        assert weak.status_code == 400 and message in weak.json()["error"]
    wrong = client.post(
        "/api/password", json={"old": "Wrong-old-123", "new": "Fresh-pass-2025"}, headers=headers
    )
    assert wrong.status_code == 400 and wrong.json()["error"] == "原密码不正确"
    changed = client.post(
        "/api/password", json={"old": PASSWORD, "new": "Fresh-pass-2025"}, headers=headers
    )
    assert changed.status_code == 200 and changed.json()["user"]["must_change_password"] is False
    assert client.get("/api/leads", headers=headers).status_code == 401  # old session ended
    fresh = {"Authorization": f"Bearer {changed.json()['token']}"}
    assert client.get("/api/leads", headers=fresh).status_code == 200
    assert client.get("/api/leads", headers=login(client, "new.user", "Fresh-pass-2025")).is_success


def test_lockout_over_http(client: TestClient) -> None:
    for _ in range(4):
        bad = client.post("/api/login", json={"username": "leader", "password": "Wrong-pass-1"})
        assert bad.status_code == 401 and bad.json()["error"] == "用户名或密码错误"
    fifth = client.post("/api/login", json={"username": "leader", "password": "Wrong-pass-1"})
    assert fifth.status_code == 401 and fifth.json()["error"] == "账号已被锁定，请 15 分钟后再试"
    right = client.post("/api/login", json={"username": "leader", "password": PASSWORD})
    assert right.status_code == 401 and right.json()["error"].startswith("账号已被锁定")


def test_api_token_as_bearer(client: TestClient, store: Store) -> None:
    token = create_token(store, "prosecutor", "案管系统")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/leads", headers=headers).json()["total"] == 2
    assert client.get("/api/me", headers=headers).json()["username"] == "prosecutor"
    assert (
        client.post(
            "/api/leads/assign", json={"lead_ids": [1], "assignee": "x"}, headers=headers
        ).status_code
        == 403
    )
    with store.session() as session:
        token_id = session.scalar(select(ApiToken.id))
    assert token_id is not None
    revoke_token(store, token_id)
    assert client.get("/api/leads", headers=headers).status_code == 401
