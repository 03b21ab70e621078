"""Lockout after repeated failures, unlocking, and the forced change of the first password."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from jiancha.cli import app
from jiancha.errors import JianchaError
from jiancha.governance import authenticate, create_user, set_password
from jiancha.governance.accounts import LOCK_AFTER, LOCK_MINUTES
from jiancha.store import Store, User, Workspace
from jiancha.store.models import utcnow

PASSWORD = "Initial-pass-2024"
runner = CliRunner()


def _fail(store: Store, times: int, username: str = "zhao") -> list[str]:
    messages = []
    for _ in range(times):
        with pytest.raises(JianchaError) as caught:
            authenticate(store, username, "Wrong-password-1")
        messages.append(caught.value.message)
    return messages


def _user(store: Store, username: str = "zhao") -> User:
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return user


def test_locked_after_five_failures_and_every_attempt_refused(store: Store) -> None:
    assert (LOCK_AFTER, LOCK_MINUTES) == (5, 15)
    create_user(store, "zhao", PASSWORD)
    messages = _fail(store, LOCK_AFTER)
    assert messages[:-1] == ["用户名或密码错误"] * (LOCK_AFTER - 1)
    assert messages[-1] == "账号已被锁定，请 15 分钟后再试"
    with pytest.raises(JianchaError, match=r"^账号已被锁定，请 1[45] 分钟后再试$"):
        authenticate(store, "zhao", PASSWORD)  # even the right password
    _fail(store, 3)  # not counted while locked
    user = _user(store)
    assert user.failed_logins == 0 and user.locked_until is not None
    # An unknown user name gets the same answers as the account did: it locks virtually, so
    # the lock message does not tell that an account exists (test_sign_in_hardening.py).
    assert _fail(store, LOCK_AFTER + 1, "nobody") == [*messages, "账号已被锁定，请 15 分钟后再试"]


def test_success_resets_the_count(store: Store) -> None:
    create_user(store, "zhao", PASSWORD)
    _fail(store, LOCK_AFTER - 1)
    assert _user(store).failed_logins == LOCK_AFTER - 1
    authenticate(store, "zhao", PASSWORD)
    assert _user(store).failed_logins == 0
    assert _fail(store, LOCK_AFTER - 1)[-1] == "用户名或密码错误"  # not locked: count restarted


def test_unlocked_after_the_period(store: Store) -> None:
    create_user(store, "zhao", PASSWORD)
    _fail(store, LOCK_AFTER)
    with store.session() as session:
        session.execute(update(User).values(locked_until=utcnow() - timedelta(seconds=1)))
    assert authenticate(store, "zhao", PASSWORD).username == "zhao"
    assert _user(store).locked_until is None


def test_unlock_command(store: Store, workspace: Workspace) -> None:
    create_user(store, "zhao", PASSWORD)
    _fail(store, LOCK_AFTER)
    listed = runner.invoke(app, ["--home", str(workspace.home), "user", "list", "--json"])
    assert listed.exit_code == 0 and '"locked": true' in listed.stdout
    result = runner.invoke(app, ["--home", str(workspace.home), "user", "unlock", "zhao"])
    assert result.exit_code == 0, result.output
    assert "已解除 zhao 的锁定" in result.stdout
    assert authenticate(store, "zhao", PASSWORD).username == "zhao"
    missing = runner.invoke(app, ["--home", str(workspace.home), "user", "unlock", "nobody"])
    assert missing.exit_code != 0 and "用户“nobody”不存在" in missing.output


def test_first_password_must_change_and_policy(store: Store) -> None:
    user = create_user(store, "zhao", PASSWORD)
    assert user.must_change_password and user.password_changed_at is None
    assert not create_user(store, "qian", PASSWORD, must_change=False).must_change_password
    for bad, message in [
        ("Short-1", "密码太短"),
        ("alllowercase-letters", "密码太简单"),
        ("ALLUPPER123456", "密码太简单"),
        (PASSWORD, "新密码不能与原密码相同"),
    ]:
        with pytest.raises(JianchaError, match=message):
            set_password(store, "zhao", bad, old=PASSWORD)
    with pytest.raises(JianchaError, match="原密码不正确"):
        set_password(store, "zhao", "Brand-new-pass-9", old="Not-the-old-1")
    with pytest.raises(JianchaError, match="密码不能与用户名相同"):
        create_user(store, "Abc-12345678", "abc-12345678")
    changed = set_password(store, "zhao", "Brand-new-pass-9", old=PASSWORD)
    assert not changed.must_change_password and changed.password_changed_at is not None
    assert authenticate(store, "zhao", "Brand-new-pass-9").username == "zhao"
    with pytest.raises(JianchaError, match="用户名或密码错误"):
        authenticate(store, "zhao", PASSWORD)


def test_unknown_role_refused(store: Store) -> None:
    with pytest.raises(JianchaError, match="没有“boss”这种角色"):
        create_user(store, "zhao", PASSWORD, role="boss")
