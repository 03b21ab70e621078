"""Account administration over the API: /api/me's permissions, the user list, new accounts,
role changes and the roles table (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.errors import Forbidden
from jiancha.governance import create_user
from jiancha.governance.orgs import add_org
from jiancha.governance.roles import PERMISSIONS, ROLES
from jiancha.governance.user_admin import set_role
from jiancha.store import AuditEntry, Store, User
from tests.api.helpers import PASSWORD, login


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def offices(store: Store) -> None:
    add_org(store, "330000", "浙江省人民检察院", "province")
    add_org(store, "330100", "杭州市人民检察院", "city", "330000")
    add_org(store, "330106", "杭州市西湖区人民检察院", "district", "330100")
    add_org(store, "330200", "宁波市人民检察院", "city", "330000")


def entries(store: Store, action: str) -> list[AuditEntry]:
    with store.session() as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        return list(session.scalars(query))


def test_me_lists_the_roles_permissions(client: TestClient, store: Store) -> None:
    offices(store)
    create_user(store, "wang", PASSWORD, "王检", "330106", role="prosecutor", must_change=False)
    me = client.get("/api/me", headers=sign_in(client, "wang")).json()
    assert me["permissions"] == sorted(PERMISSIONS["prosecutor"])
    assert "users.manage" not in me["permissions"]
    assert (me["roles"], me["role_labels"]) == (["prosecutor"], ["检察官"])
    assert (me["role"], me["org"], me["org_name"]) == (
        "prosecutor",
        "330106",
        "杭州市西湖区人民检察院",
    )
    admin = client.get("/api/me", headers=login(client)).json()
    assert set(admin["permissions"]) == set(PERMISSIONS["admin"])


def test_create_with_a_generated_password_that_must_be_changed(
    client: TestClient, store: Store
) -> None:
    offices(store)
    demo = login(client)
    body = {"username": "li", "display_name": "李检", "roles": ["leader"], "office": "330100"}
    created = client.post("/api/users", json=body, headers=demo)
    assert created.status_code == 201, created.text
    shown = created.json()
    assert (shown["roles"], shown["role_labels"], shown["office"]) == (
        ["leader"],
        ["院领导/部门负责人"],
        "330100",
    )
    assert shown["must_change_password"] is True and len(shown["password"]) >= 10
    li = sign_in(client, "li", shown["password"])
    assert client.get("/api/me", headers=li).json()["must_change_password"] is True
    assert client.get("/api/workbench", headers=li).status_code == 403  # change it first
    [added] = entries(store, "user_add")
    assert (added.actor, added.object_id, added.detail["role"]) == ("demo", "li", "leader")
    assert shown["password"] not in repr(added.detail)
    # A password given is not echoed; the same name again is refused.
    again = body | {"username": "zhao", "password": "Given-password-2025"}
    given = client.post("/api/users", json=again, headers=demo)
    assert given.status_code == 201 and given.json()["password"] is None
    twice = client.post("/api/users", json=body, headers=demo)
    assert twice.status_code == 400 and "已存在" in twice.json()["error"]
    two_roles = body | {"username": "qian", "roles": ["leader", "auditor"]}
    assert client.post("/api/users", json=two_roles, headers=demo).status_code == 422


def test_list_filters_sorts_and_pages(client: TestClient, store: Store) -> None:
    offices(store)
    for name, office, role in [
        ("hz.a", "330100", "prosecutor"),
        ("hz.b", "330106", "auditor"),
        ("nb.a", "330200", "prosecutor"),
    ]:
        create_user(store, name, PASSWORD, f"用户{name}", office, role=role, must_change=False)
    demo = login(client)

    def names(**params: Any) -> tuple[int, list[str]]:
        response = client.get("/api/users", params=params, headers=demo)
        assert response.status_code == 200, response.text
        page = response.json()
        return page["total"], [u["username"] for u in page["items"]]

    assert names() == (4, ["demo", "hz.a", "hz.b", "nb.a"])
    assert names(office="330100") == (2, ["hz.a", "hz.b"])  # with its subtree
    assert names(role="prosecutor", sort="-username") == (2, ["nb.a", "hz.a"])
    assert names(q="HZ.") == (2, ["hz.a", "hz.b"])
    assert names(q="%") == (0, [])  # a wildcard is a character
    assert names(size=2, page=2) == (4, ["hz.b", "nb.a"])
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == "nb.a"))
        assert user is not None
        user.active = False
    assert names(active=False) == (1, ["nb.a"])
    page = client.get("/api/users", params={"q": "demo"}, headers=demo).json()
    [row] = page["items"]
    assert row["last_login"] is not None and row["breaker"]["tripped"] is False
    assert client.get("/api/users", params={"sort": "password"}, headers=demo).status_code == 400


def test_an_office_admin_manages_only_their_subtree(client: TestClient, store: Store) -> None:
    offices(store)
    create_user(store, "hz.admin", PASSWORD, role="admin", org="330100", must_change=False)
    create_user(store, "nb.pros", PASSWORD, org="330200", must_change=False)
    create_user(store, "xh.pros", PASSWORD, org="330106", must_change=False)
    hz = sign_in(client, "hz.admin")
    listed = client.get("/api/users", headers=hz).json()
    assert [u["username"] for u in listed["items"]] == ["hz.admin", "xh.pros"]
    outside = {"username": "nb.new", "roles": ["prosecutor"], "office": "330200"}
    refused = client.post("/api/users", json=outside, headers=hz)
    assert refused.status_code == 403 and "宁波" in refused.json()["error"]
    nowhere = client.post("/api/users", json=outside | {"office": None}, headers=hz)
    assert nowhere.status_code == 403  # an account without an office would see every office
    moved = client.put("/api/users/nb.pros/roles", json={"roles": ["leader"]}, headers=hz)
    assert moved.status_code == 404
    changed = client.put(
        "/api/users/xh.pros/roles", json={"roles": ["leader"], "office": "330100"}, headers=hz
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["roles"], changed.json()["office"]) == (["leader"], "330100")
    [entry] = [e for e in entries(store, "user_role") if e.detail["result"] == "ok"]
    assert (entry.actor, entry.object_id) == ("hz.admin", "xh.pros")
    assert (entry.detail["from"], entry.detail["to"], entry.detail["org"]) == (
        "prosecutor",
        "leader",
        "330100",
    )
    own = client.put("/api/users/hz.admin/roles", json={"roles": ["auditor"]}, headers=hz)
    assert own.status_code == 400


def test_no_one_grants_more_than_they_hold(store: Store) -> None:
    create_user(store, "target", PASSWORD, role="auditor", must_change=False)
    leader = User(username="lead", role="leader", org_id=None)
    with pytest.raises(Forbidden, match="系统管理员"):
        set_role(store, leader, "target", ["admin"])
    with pytest.raises(Forbidden, match="审计员"):  # nor take away a role they could not give
        set_role(store, leader, "target", ["prosecutor"])


def test_only_user_managers_reach_accounts(client: TestClient, store: Store) -> None:
    create_user(store, "wang", PASSWORD, role="leader", must_change=False)
    wang = sign_in(client, "wang")
    assert client.get("/api/users", headers=wang).status_code == 403
    body = {"username": "x1", "roles": ["prosecutor"]}
    assert client.post("/api/users", json=body, headers=wang).status_code == 403
    roles = client.get("/api/roles", headers=wang).json()
    assert [r["name"] for r in roles] == list(ROLES)
    for role in roles:
        assert set(role["permissions"]) == PERMISSIONS[role["name"]]
        assert role["label"] == ROLES[role["name"]] and role["description"]
        assert len(role["permission_labels"]) == len(role["permissions"])
