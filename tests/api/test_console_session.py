"""The console's session cookie: set at sign-in, protected against CSRF and session fixation.

Every test runs on SQLite and PostgreSQL (the ``client`` fixture). The test client keeps a
cookie jar; tests that need a given cookie (an attacker's, a stolen one) clear the jar and send
the ``Cookie`` header themselves, so that what is sent is exactly what the test says.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import httpx2
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.api.deps import current_user
from jiancha.governance.accounts import SESSION_HOURS
from jiancha.store import ApiSession, Store
from tests.api.helpers import PASSWORD, SLUG

SESSION = "jiancha_session"
CSRF = "jiancha_csrf"
NEW_PASSWORD = "Another-Pass-456!"
CSRF_REFUSAL = "请求缺少或带有错误的防跨站请求伪造令牌（X-CSRF-Token）"


def sign_in(client: TestClient, **headers: str) -> httpx2.Response:
    response = client.post(
        "/api/login", json={"username": "demo", "password": PASSWORD}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response


def set_cookies(response: httpx2.Response) -> dict[str, dict[str, Any]]:
    """The cookies a response sets: name -> {"value", attribute (lower case) -> value}."""
    found: dict[str, dict[str, Any]] = {}
    for header in response.headers.get_list("set-cookie"):
        first, *attributes = (part.strip() for part in header.split(";"))
        name, _, value = first.partition("=")
        parsed: dict[str, Any] = {"value": value.strip('"')}
        for attribute in attributes:
            key, sep, val = attribute.partition("=")
            parsed[key.lower()] = val if sep else True
        found[name] = parsed
    return found


def as_cookie(client: TestClient, session: str, **headers: str) -> dict[str, str]:
    """Headers sending exactly the cookie ``session`` (the jar is emptied first)."""
    client.cookies.clear()
    return {"Cookie": f"{SESSION}={session}", **headers}


def first_lead(client: TestClient, token: str) -> int:
    bearer = {"Authorization": f"Bearer {token}"}
    leads = client.get("/api/leads", params={"model": SLUG}, headers=bearer).json()["items"]
    return int(leads[0]["id"])


def comments(client: TestClient, token: str, lead: int) -> list[str]:
    bearer = {"Authorization": f"Bearer {token}"}
    records = client.get(f"/api/leads/{lead}/records", headers=bearer).json()
    return [comment["text"] for comment in records["comments"]]


def session_row(store: Store, token: str) -> ApiSession:
    digest = hashlib.sha256(token.encode()).hexdigest()
    with store.session() as session:
        row = session.scalar(select(ApiSession).where(ApiSession.token_sha256 == digest))
        assert row is not None
        session.expunge(row)
        return row


def test_login_sets_both_cookies_and_keeps_the_token(client: TestClient) -> None:
    response = sign_in(client)
    body = response.json()
    assert set(body) >= {"token", "expires_at", "user", "csrf_token"}
    assert body["user"]["username"] == "demo"
    cookies = set_cookies(response)
    assert set(cookies) == {SESSION, CSRF}
    session, csrf = cookies[SESSION], cookies[CSRF]
    assert session["value"] == body["token"]  # the bearer token still works as before
    assert csrf["value"] == body["csrf_token"] and csrf["value"] != session["value"]
    assert session.get("httponly") is True and "httponly" not in csrf
    for cookie in (session, csrf):
        assert str(cookie["samesite"]).lower() == "strict"
        assert cookie["path"] == "/"
        assert int(cookie["max-age"]) == SESSION_HOURS * 3600
        assert "secure" not in cookie  # plain http here
    assert client.get("/api/me", headers={"Authorization": f"Bearer {body['token']}"}).is_success


def test_cookies_are_secure_over_https(client: TestClient) -> None:
    response = client.post(
        "https://testserver/api/login", json={"username": "demo", "password": PASSWORD}
    )
    assert response.status_code == 200
    cookies = set_cookies(response)
    assert cookies[SESSION].get("secure") is True and cookies[CSRF].get("secure") is True


def test_each_login_has_fresh_random_tokens(client: TestClient) -> None:
    one, two = sign_in(client).json(), sign_in(client).json()
    assert one["token"] != two["token"] and one["csrf_token"] != two["csrf_token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", one["csrf_token"])  # 32 random bytes


def test_the_cookie_alone_signs_in_for_reading(client: TestClient) -> None:
    token = sign_in(client).json()["token"]
    assert client.cookies.get(SESSION) == token  # the jar took the cookie
    me = client.get("/api/me")  # no Authorization header: only the jar's cookie
    assert me.status_code == 200 and me.json()["username"] == "demo"
    assert client.get("/api/datasets").status_code == 200
    client.cookies.clear()
    assert client.get("/api/me").status_code == 401


def test_an_unknown_cookie_is_refused(client: TestClient) -> None:
    response = client.get("/api/me", headers=as_cookie(client, "forged-session-id"))
    assert response.status_code == 401 and response.json()["error"].startswith("未登录")


def test_a_planted_cookie_is_not_adopted_at_login(client: TestClient, store: Store) -> None:
    planted = "attacker-chosen-session-id-0123456789abcdef"
    response = client.post(
        "/api/login",
        json={"username": "demo", "password": PASSWORD},
        headers=as_cookie(client, planted),
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert token != planted and set_cookies(response)[SESSION]["value"] == token
    # The value the attacker knows does not sign in, neither as cookie nor as bearer token.
    assert client.get("/api/me", headers=as_cookie(client, planted)).status_code == 401
    assert client.get("/api/me", headers={"Authorization": f"Bearer {planted}"}).status_code == 401
    # No session row was created for the planted value.
    digest = hashlib.sha256(planted.encode()).hexdigest()
    with store.session() as session:
        found = session.scalar(select(ApiSession.id).where(ApiSession.token_sha256 == digest))
    assert found is None
    assert client.get("/api/me", headers=as_cookie(client, token)).status_code == 200


def test_a_known_session_cannot_be_fixed_on_a_victim(client: TestClient, store: Store) -> None:
    # The attacker signs in, learns their own session id and plants it in the victim's browser.
    attacker = sign_in(client).json()
    before = session_row(store, attacker["token"])
    victim = client.post(
        "/api/login",
        json={"username": "demo", "password": PASSWORD},
        headers=as_cookie(client, attacker["token"]),
    )
    assert victim.status_code == 200
    fresh = victim.json()
    assert fresh["token"] != attacker["token"]
    assert set_cookies(victim)[SESSION]["value"] == fresh["token"]
    assert fresh["csrf_token"] != attacker["csrf_token"]
    # The planted session is left exactly as it was: not extended, not given a new CSRF token.
    after = session_row(store, attacker["token"])
    assert (after.expires_at, after.csrf_sha256, after.revoked) == (
        before.expires_at,
        before.csrf_sha256,
        before.revoked,
    )
    assert after.id != session_row(store, fresh["token"]).id
    # The victim's new session is not reachable with what the attacker knows.
    lead = first_lead(client, fresh["token"])
    forged = client.post(
        f"/api/leads/{lead}/comments",
        json={"text": "伪造"},
        headers=as_cookie(client, fresh["token"], **{"X-CSRF-Token": attacker["csrf_token"]}),
    )
    assert forged.status_code == 403


def test_a_state_change_by_cookie_needs_the_csrf_token(client: TestClient) -> None:
    body = sign_in(client).json()
    token, csrf = body["token"], body["csrf_token"]
    lead = first_lead(client, token)
    url = f"/api/leads/{lead}/comments"

    missing = client.post(url, json={"text": "无令牌"}, headers=as_cookie(client, token))
    assert missing.status_code == 403 and missing.json()["error"] == CSRF_REFUSAL
    assert "X-CSRF-Token" in missing.json()["hint"]

    wrong = client.post(
        url, json={"text": "错令牌"}, headers=as_cookie(client, token, **{"X-CSRF-Token": "x"})
    )
    assert wrong.status_code == 403 and wrong.json()["error"] == CSRF_REFUSAL

    # The session token itself is not the CSRF token.
    itself = client.post(
        url, json={"text": "会话令牌"}, headers=as_cookie(client, token, **{"X-CSRF-Token": token})
    )
    assert itself.status_code == 403
    assert comments(client, token, lead) == []  # nothing refused was written

    right = client.post(
        url, json={"text": "正确令牌"}, headers=as_cookie(client, token, **{"X-CSRF-Token": csrf})
    )
    assert right.status_code == 200, right.text
    assert right.json()["user"] == "demo"
    assert comments(client, token, lead) == ["正确令牌"]


def test_the_csrf_token_of_another_session_is_refused(client: TestClient) -> None:
    mine, other = sign_in(client).json(), sign_in(client).json()
    lead = first_lead(client, mine["token"])
    crossed = client.post(
        f"/api/leads/{lead}/comments",
        json={"text": "别的会话"},
        headers=as_cookie(client, mine["token"], **{"X-CSRF-Token": other["csrf_token"]}),
    )
    assert crossed.status_code == 403 and crossed.json()["error"] == CSRF_REFUSAL
    assert comments(client, mine["token"], lead) == []


def probe(client: TestClient) -> str:
    """A signed-in route of the real app answering every method (the API has no PUT, PATCH or
    DELETE route yet), added the way every private router is: behind ``current_user``."""

    def answer() -> dict[str, bool]:
        return {"ok": True}

    app = client.app
    assert isinstance(app, FastAPI)
    methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
    path = "/api/test-probe"
    app.add_api_route(path, answer, methods=methods, dependencies=[Depends(current_user)])
    return path


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_every_state_changing_method_needs_the_csrf_token(client: TestClient, method: str) -> None:
    path = probe(client)
    body = sign_in(client).json()
    token, csrf = body["token"], body["csrf_token"]
    refused = client.request(method, path, headers=as_cookie(client, token))
    assert refused.status_code == 403 and refused.json()["error"] == CSRF_REFUSAL
    wrong = client.request(method, path, headers=as_cookie(client, token, **{"X-CSRF-Token": "x"}))
    assert wrong.status_code == 403
    right = as_cookie(client, token, **{"X-CSRF-Token": csrf})
    assert client.request(method, path, headers=right).json() == {"ok": True}
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.request(method, path, headers=bearer).json() == {"ok": True}


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_reading_needs_no_csrf_token(client: TestClient, method: str) -> None:
    path = probe(client)
    token = sign_in(client).json()["token"]
    response = client.request(method, path, headers=as_cookie(client, token))
    assert response.status_code == 200
    # Nor is the Origin of a read checked: SameSite=Strict keeps the cookie off cross-site reads.
    origin = as_cookie(client, token, Origin="https://evil.example")
    assert client.request(method, path, headers=origin).status_code == 200
    assert client.request(method, path, headers=as_cookie(client, "forged")).status_code == 401


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "http://testserver.evil.example",
        "http://testserver:8080",
        "https://testserver",
        "null",
    ],
)
def test_a_cookie_request_from_another_origin_is_refused(client: TestClient, origin: str) -> None:
    body = sign_in(client).json()
    token, csrf = body["token"], body["csrf_token"]
    lead = first_lead(client, token)
    headers = as_cookie(client, token, **{"X-CSRF-Token": csrf, "Origin": origin})
    refused = client.post(f"/api/leads/{lead}/comments", json={"text": "跨站"}, headers=headers)
    assert refused.status_code == 403 and "Origin" in refused.json()["error"]
    assert comments(client, token, lead) == []


@pytest.mark.parametrize("origin", ["http://testserver", "HTTP://TestServer:80"])
def test_a_cookie_request_from_this_origin_is_let_in(client: TestClient, origin: str) -> None:
    body = sign_in(client).json()
    token, csrf = body["token"], body["csrf_token"]
    lead = first_lead(client, token)
    headers = as_cookie(client, token, **{"X-CSRF-Token": csrf, "Origin": origin})
    done = client.post(f"/api/leads/{lead}/comments", json={"text": "同源"}, headers=headers)
    assert done.status_code == 200, done.text
    assert comments(client, token, lead) == ["同源"]


def test_the_bearer_header_needs_no_csrf_token_and_wins(client: TestClient) -> None:
    token = sign_in(client).json()["token"]
    lead = first_lead(client, token)
    bearer = {"Authorization": f"Bearer {token}"}
    done = client.post(f"/api/leads/{lead}/comments", json={"text": "令牌"}, headers=bearer)
    assert done.status_code == 200
    # With a cookie as well, the header decides: no CSRF token needed...
    both = as_cookie(client, token, Authorization=f"Bearer {token}", Origin="https://evil.example")
    assert client.post(
        f"/api/leads/{lead}/comments", json={"text": "两者"}, headers=both
    ).is_success
    # ...and a bad header is not rescued by a good cookie.
    bad = as_cookie(client, token, Authorization="Bearer forged")
    assert client.get("/api/me", headers=bad).status_code == 401
    assert comments(client, token, lead) == ["令牌", "两者"]


def test_logout_by_cookie_clears_the_cookies(client: TestClient) -> None:
    body = sign_in(client).json()
    token, csrf = body["token"], body["csrf_token"]
    refused = client.post("/api/logout", headers=as_cookie(client, token))
    assert refused.status_code == 403  # signing out is a state change too
    assert client.get("/api/me", headers=as_cookie(client, token)).status_code == 200
    out = client.post("/api/logout", headers=as_cookie(client, token, **{"X-CSRF-Token": csrf}))
    assert out.status_code == 200 and out.json() == {"ok": True}
    cleared = set_cookies(out)
    assert set(cleared) == {SESSION, CSRF}
    for cookie in cleared.values():
        assert cookie["value"] == "" and int(cookie["max-age"]) == 0 and cookie["path"] == "/"
    assert client.get("/api/me", headers=as_cookie(client, token)).status_code == 401
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_logout_by_bearer_ends_the_session_and_clears_the_cookies(client: TestClient) -> None:
    token = sign_in(client).json()["token"]
    out = client.post("/api/logout", headers={"Authorization": f"Bearer {token}"})
    assert out.status_code == 200
    assert {name: c["max-age"] for name, c in set_cookies(out).items()} == {SESSION: "0", CSRF: "0"}
    assert client.get("/api/me", headers=as_cookie(client, token)).status_code == 401


def test_changing_the_password_rotates_the_cookies(client: TestClient, store: Store) -> None:
    body = sign_in(client).json()
    old_token, old_csrf = body["token"], body["csrf_token"]
    form = {"old": PASSWORD, "new": NEW_PASSWORD}
    refused = client.post("/api/password", json=form, headers=as_cookie(client, old_token))
    assert refused.status_code == 403  # no CSRF token: the password is unchanged
    changed = client.post(
        "/api/password",
        json=form,
        headers=as_cookie(client, old_token, **{"X-CSRF-Token": old_csrf}),
    )
    assert changed.status_code == 200, changed.text
    fresh = changed.json()
    cookies = set_cookies(changed)
    assert cookies[SESSION]["value"] == fresh["token"] != old_token
    assert cookies[CSRF]["value"] == fresh["csrf_token"] != old_csrf
    assert cookies[SESSION].get("httponly") is True
    assert str(cookies[SESSION]["samesite"]).lower() == "strict"
    # The old cookie is dead; the new one works, with the new CSRF token only.
    assert client.get("/api/me", headers=as_cookie(client, old_token)).status_code == 401
    assert client.get("/api/me", headers=as_cookie(client, fresh["token"])).status_code == 200
    lead = first_lead(client, fresh["token"])
    stale = as_cookie(client, fresh["token"], **{"X-CSRF-Token": old_csrf})
    assert (
        client.post(f"/api/leads/{lead}/comments", json={"text": "旧"}, headers=stale).status_code
        == 403
    )
    new = as_cookie(client, fresh["token"], **{"X-CSRF-Token": fresh["csrf_token"]})
    assert client.post(f"/api/leads/{lead}/comments", json={"text": "新"}, headers=new).is_success
    assert session_row(store, old_token).revoked is True


def test_changing_the_password_by_bearer_sets_no_cookie(client: TestClient) -> None:
    token = sign_in(client).json()["token"]
    form = {"old": PASSWORD, "new": NEW_PASSWORD}
    changed = client.post("/api/password", json=form, headers={"Authorization": f"Bearer {token}"})
    assert changed.status_code == 200
    assert set_cookies(changed) == {} and changed.json()["csrf_token"] is None
    fresh = changed.json()["token"]
    assert fresh != token
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert client.get("/api/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_the_csrf_token_is_stored_only_as_its_digest(client: TestClient, store: Store) -> None:
    body = sign_in(client).json()
    row = session_row(store, body["token"])
    assert row.csrf_sha256 is not None and re.fullmatch(r"[0-9a-f]{64}", row.csrf_sha256)
    assert row.csrf_sha256 != body["csrf_token"]
    assert row.csrf_sha256 == hashlib.sha256(body["csrf_token"].encode()).hexdigest()
    assert row.token_sha256 != body["token"]
