"""Accounts: argon2 hashes, one message for every failed sign-in, tokens stored as hashes only."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from jiancha.errors import JianchaError
from jiancha.governance import authenticate, create_user, end_session, session_user, start_session
from jiancha.store import ApiSession, Store, User
from jiancha.store.models import utcnow

PASSWORD = "Correct-horse-battery"


def test_the_product_hashes_at_rfc_9106s_parameters() -> None:
    """The tests hash at argon2's cheapest cost (``tests/conftest.py``); the product itself, in a
    fresh process, uses argon2id with RFC 9106's second recommended set: t=3, 64 MiB, p=4."""
    code = (
        "from jiancha.governance.accounts import _HASHER as h, _DUMMY as d;"
        "print(h.type.name, h.time_cost, h.memory_cost, h.parallelism, d.split('$')[3])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["ID", "3", "65536", "4", "m=65536,t=3,p=4"]


def test_password_is_hashed_and_checked(store: Store) -> None:
    create_user(store, "zhang.san", PASSWORD, "张三")
    with store.session() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "zhang.san"))
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored
    assert authenticate(store, "zhang.san", PASSWORD).display_name == "张三"


@pytest.mark.parametrize(
    "username,password", [("zhang.san", "wrong-password!"), ("li.si", PASSWORD)]
)
def test_wrong_name_or_password_give_one_message(
    store: Store, username: str, password: str
) -> None:
    create_user(store, "zhang.san", PASSWORD)
    with pytest.raises(JianchaError, match=r"^用户名或密码错误$"):
        authenticate(store, username, password)


def test_refused_accounts(store: Store) -> None:
    with pytest.raises(JianchaError, match="密码太短"):
        create_user(store, "wang", "short")
    with pytest.raises(JianchaError, match="用户名“王 五”无效"):
        create_user(store, "王 五", PASSWORD)
    create_user(store, "wang", PASSWORD)
    with pytest.raises(JianchaError, match="已存在"):
        create_user(store, "wang", PASSWORD)
    with store.session() as session:
        session.execute(update(User).values(active=False))
    with pytest.raises(JianchaError, match="用户名或密码错误"):
        authenticate(store, "wang", PASSWORD)


def test_session_token_lifecycle(store: Store) -> None:
    user = create_user(store, "zhao", PASSWORD)
    token, expires = start_session(store, user)
    assert expires > utcnow() + timedelta(hours=7)
    with store.session() as session:
        digests = list(session.scalars(select(ApiSession.token_sha256)))
    assert token not in digests and len(digests) == 1 and len(digests[0]) == 64
    found = session_user(store, token)
    assert found is not None and found.username == "zhao"
    assert session_user(store, token + "x") is None
    end_session(store, token)
    assert session_user(store, token) is None


def test_expired_session_is_refused(store: Store) -> None:
    user = create_user(store, "qian", PASSWORD)
    token, _ = start_session(store, user)
    with store.session() as session:
        session.execute(update(ApiSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert session_user(store, token) is None
