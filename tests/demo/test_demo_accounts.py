"""The demo makes one usable account per role: each signs in with the password the demo printed,
needs no password change first, has its role and the province office; running the demo again
gives every account a new password and the old ones stop working (SQLite and PostgreSQL)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jiancha.api import create_app
from jiancha.demo.accounts import demo_accounts
from jiancha.demo.offices import PROVINCE_CODE, set_up_offices
from jiancha.governance import ROLES
from jiancha.store import Store, Workspace


def sign_in(client: TestClient, username: str, password: str) -> int:
    return client.post("/api/login", json={"username": username, "password": password}).status_code


def test_every_role_has_a_demo_account_that_signs_in(store: Store, workspace: Workspace) -> None:
    set_up_offices(store)
    accounts = demo_accounts(store, PROVINCE_CODE)
    assert sorted(a.role for a in accounts) == sorted(ROLES)
    assert len({a.username for a in accounts}) == len(ROLES)
    with TestClient(create_app(workspace)) as client:
        for account in accounts:
            assert sign_in(client, account.username, account.password) == 200, account.role
            me = client.get("/api/me").json()
            assert me["role"] == account.role and account.role_label == ROLES[account.role]
            assert me["must_change_password"] is False, account.role
            assert PROVINCE_CODE in str(me.get("org") or me.get("office")), me
            # Not only signed in: the role can do its work (the leader and the modeller could not).
            if account.role in ("leader", "modeller", "data_admin"):
                assert client.get("/api/datasets").status_code == 200, account.role
            client.post("/api/logout", headers={"X-CSRF-Token": client.cookies["jiancha_csrf"]})
            client.cookies.clear()

        again = demo_accounts(store, PROVINCE_CODE)
        for old, new in zip(accounts, again, strict=True):
            assert new.username == old.username and new.password != old.password
            assert sign_in(client, old.username, old.password) == 401
            assert sign_in(client, new.username, new.password) == 200
            client.cookies.clear()
