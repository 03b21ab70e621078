"""Sign-in does not tell which accounts exist, and one client address cannot go on failing.

An unknown user name gets the same answers as an account, in the same order (the lock message
included: unknown names lock virtually) and after the same work (timing). A client address over
its budget of failures is refused with 429 before the password is looked at, without counting
against the account, while other addresses sign in as before.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import update

from jiancha.api import create_app
from jiancha.errors import JianchaError
from jiancha.governance import accounts, authenticate, create_user
from jiancha.governance.accounts import (
    CLIENT_LIMIT,
    LOCK_AFTER,
    LOCK_MINUTES,
    TooManySignIns,
)
from jiancha.store import SignInFailure, Store, User, Workspace
from jiancha.store.models import utcnow

PASSWORD = "Initial-pass-2024"
WRONG = "Wrong-password-1"


def _answers(store: Store, username: str, times: int, client: str | None = None) -> list[str]:
    answers = []
    for _ in range(times):
        with pytest.raises(JianchaError) as caught:
            authenticate(store, username, WRONG, client)
        answers.append(caught.value.message)
    return answers


def test_unknown_name_answers_exactly_like_an_account(store: Store) -> None:
    create_user(store, "zhao", PASSWORD)
    create_user(store, "qian", PASSWORD)
    with store.session() as session:
        session.execute(update(User).where(User.username == "qian").values(active=False))
    known = _answers(store, "zhao", LOCK_AFTER + 2)
    assert known[LOCK_AFTER - 1] == f"账号已被锁定，请 {LOCK_MINUTES} 分钟后再试"
    for name in ("nobody", "qian"):  # no such account; a deactivated one
        assert _answers(store, name, LOCK_AFTER + 2) == known
    # While locked even the right password is refused, for an account as for an unknown name.
    for name in ("zhao", "nobody"):
        with pytest.raises(JianchaError, match=r"^账号已被锁定，请 1[45] 分钟后再试$"):
            authenticate(store, name, PASSWORD)


def test_virtual_lock_ends_like_a_real_one(store: Store) -> None:
    create_user(store, "zhao", PASSWORD)
    _answers(store, "zhao", LOCK_AFTER)
    _answers(store, "nobody", LOCK_AFTER)
    past = utcnow() - timedelta(minutes=LOCK_MINUTES, seconds=1)
    with store.session() as session:  # the lock began more than LOCK_MINUTES ago
        session.execute(update(User).values(locked_until=past + timedelta(minutes=LOCK_MINUTES)))
        session.execute(update(SignInFailure).values(at=past - timedelta(minutes=LOCK_MINUTES)))
    assert _answers(store, "zhao", 1) == _answers(store, "nobody", 1) == ["用户名或密码错误"]


def test_unknown_name_takes_as_long_as_a_wrong_password(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # at the product's own hashing cost (the suite hashes at argon2's cheapest, where a failed
    # sign-in's bookkeeping in the store would outweigh the hash the equaliser is about)
    product = PasswordHasher()
    monkeypatch.setattr(accounts, "_HASHER", product)
    monkeypatch.setattr(accounts, "_DUMMY", product.hash("jiancha-timing-equaliser"))
    create_user(store, "zhao", PASSWORD)

    def median_ms(username: str) -> float:
        laps = []
        for _ in range(LOCK_AFTER - 1):  # stays under the lock
            started = time.perf_counter()
            with pytest.raises(JianchaError):
                authenticate(store, username, WRONG)
            laps.append(time.perf_counter() - started)
        with store.session() as session:
            session.execute(update(User).values(failed_logins=0))
        return statistics.median(laps)

    known = statistics.median(median_ms("zhao") for _ in range(3))
    unknown = statistics.median(median_ms(f"nobody{i}") for i in range(3))
    assert 0.5 < unknown / known < 2, (known, unknown)


def test_client_over_its_budget_is_refused_without_touching_accounts(store: Store) -> None:
    create_user(store, "zhao", PASSWORD)
    create_user(store, "sun", PASSWORD)
    # A stranger at one address: the victim's account locks after five, as the contract says …
    answers = _answers(store, "zhao", CLIENT_LIMIT, client="10.0.0.66")
    assert answers[LOCK_AFTER - 1].startswith("账号已被锁定")
    # … then the address is refused before any account is looked at.
    for name, password in (("sun", WRONG), ("sun", PASSWORD), ("nobody", WRONG)):
        with pytest.raises(TooManySignIns) as caught:
            authenticate(store, name, password, "10.0.0.66")
        assert caught.value.message == "登录失败次数过多，请 60 分钟后再试"
    with store.session() as session:
        sun = session.query(User).filter_by(username="sun").one()
        assert sun.failed_logins == 0 and sun.locked_until is None
    # Another address is unaffected; the refused attempts were not recorded as failures.
    assert authenticate(store, "sun", PASSWORD, "10.0.0.7").username == "sun"
    with store.session() as session:
        assert session.query(SignInFailure).filter_by(client="10.0.0.66").count() == CLIENT_LIMIT
        old = utcnow() - timedelta(minutes=61)
        session.execute(update(SignInFailure).values(at=old))
    # Once its failures are older than the window, the address may try again.
    assert authenticate(store, "sun", PASSWORD, "10.0.0.66").username == "sun"


@pytest.fixture
def client(workspace: Workspace, store: Store) -> Iterator[TestClient]:
    create_user(store, "zhao", PASSWORD, must_change=False)
    with TestClient(create_app(workspace)) as api:
        yield api


def test_api_answers_429_to_an_address_over_its_budget(client: TestClient) -> None:
    bodies = []
    for i in range(CLIENT_LIMIT):
        name = "zhao" if i % 2 else f"stranger{i}"
        answer = client.post("/api/login", json={"username": name, "password": WRONG})
        assert answer.status_code == 401
        bodies.append(answer.json())
    assert [b["error"] for b in bodies[:-1]] == ["用户名或密码错误"] * (CLIENT_LIMIT - 1)
    assert bodies[-1]["error"] == f"账号已被锁定，请 {LOCK_MINUTES} 分钟后再试"  # zhao's fifth
    refused = client.post("/api/login", json={"username": "zhao", "password": PASSWORD})
    assert refused.status_code == 429
    assert refused.json()["error"] == "登录失败次数过多，请 60 分钟后再试"
    assert 3500 < int(refused.headers["retry-after"]) <= 3600
