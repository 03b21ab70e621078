"""API tokens for system integrations: bearer, revocable, expiring, stored as SHA-256 only."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from jiancha.cli import app
from jiancha.errors import JianchaError, NotFound
from jiancha.governance import create_token, create_user, revoke_token, token_user
from jiancha.store import ApiToken, Store, Workspace
from jiancha.store.models import utcnow

PASSWORD = "Initial-pass-2024"
runner = CliRunner()


def test_token_acts_as_its_user_and_only_its_hash_is_kept(store: Store) -> None:
    create_user(store, "etl", PASSWORD, role="data_admin", must_change=False)
    token = create_token(store, "etl", "数据交换平台", days=30)
    assert token.startswith("jct_") and len(token) > 40
    user = token_user(store, token)
    assert user is not None and user.username == "etl" and user.role == "data_admin"
    with store.session() as session:
        row = session.scalar(select(ApiToken))
        assert row is not None
        assert row.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (row.token_sha256, row.name) and row.last_used_at is not None
    assert token_user(store, token + "x") is None
    assert token_user(store, "jct_unknown") is None


def test_revoked_and_expired_tokens_refused(store: Store) -> None:
    create_user(store, "etl", PASSWORD, must_change=False)
    first = create_token(store, "etl", "甲")
    second = create_token(store, "etl", "乙", days=1)
    with store.session() as session:
        ids = {r.name: r.id for r in session.scalars(select(ApiToken))}
    revoke_token(store, ids["甲"])
    assert token_user(store, first) is None
    assert token_user(store, second) is not None
    with store.session() as session:
        session.execute(
            update(ApiToken)
            .where(ApiToken.id == ids["乙"])
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )
    assert token_user(store, second) is None
    with pytest.raises(NotFound, match="没有编号为 999 的令牌"):
        revoke_token(store, 999)
    with pytest.raises(JianchaError, match="令牌须有名称"):
        create_token(store, "etl", " ")
    with pytest.raises(NotFound, match="用户“ghost”不存在"):
        create_token(store, "ghost", "甲")


def test_token_commands(store: Store, workspace: Workspace) -> None:
    home = ["--home", str(workspace.home)]
    added = runner.invoke(app, [*home, "user", "add", "etl", "--role", "modeller", "--json"])
    assert added.exit_code == 0, added.output
    issued = runner.invoke(app, [*home, "user", "token", "etl", "--name", "平台", "--json"])
    assert issued.exit_code == 0, issued.output
    out = json.loads(issued.stdout)
    assert out["token"].startswith("jct_")
    user = token_user(store, out["token"])
    assert user is not None and user.username == "etl"
    revoked = runner.invoke(app, [*home, "user", "revoke-token", str(out["id"])])
    assert revoked.exit_code == 0 and f"已吊销令牌 {out['id']}" in revoked.stdout
    assert token_user(store, out["token"]) is None
    bad = runner.invoke(app, [*home, "user", "add", "x1", "--role", "boss"])
    assert bad.exit_code != 0 and "没有“boss”这种角色" in bad.output
