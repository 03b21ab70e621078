"""``jiancha user add --line`` and ``jiancha user list``: the business lines a user works in."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from jiancha.cli import app
from jiancha.errors import JianchaError
from jiancha.governance import create_user, list_users
from jiancha.store import Store, User, Workspace

PASSWORD = "Initial-pass-2024"
runner = CliRunner()


def test_lines_are_kept_and_checked(store: Store) -> None:
    create_user(store, "civil.li", PASSWORD, lines=["civil", "juvenile", "civil"])
    create_user(store, "any.wang", PASSWORD)
    with store.session() as session:
        kept = {name: lines for name, lines in session.execute(select(User.username, User.lines))}
    assert kept == {"civil.li": ["civil", "juvenile"], "any.wang": []}
    assert {u["username"]: u["lines"] for u in list_users(store)} == kept
    with pytest.raises(JianchaError, match="没有“crime”这一业务条线") as refused:
        create_user(store, "bad.zhao", PASSWORD, lines=["civil", "crime"])
    assert refused.value.hint is not None and "ordinary_crime（普通犯罪检察）" in refused.value.hint
    with store.session() as session:
        assert session.scalar(select(User.id).where(User.username == "bad.zhao")) is None


def test_line_option(store: Store, workspace: Workspace) -> None:
    home = ["--home", str(workspace.home)]
    added = runner.invoke(
        app, [*home, "user", "add", "civil.li", "--line", "civil", "--line", "juvenile", "--json"]
    )
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["lines"] == ["civil", "juvenile"]
    shown = runner.invoke(app, [*home, "user", "add", "exec.sun", "--line", "criminal_execution"])
    assert shown.exit_code == 0, shown.output
    assert "业务条线 刑事执行检察" in shown.stdout
    plain = runner.invoke(app, [*home, "user", "add", "any.wang", "--json"])
    assert plain.exit_code == 0 and json.loads(plain.stdout)["lines"] == []

    listed = runner.invoke(app, [*home, "user", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    lines = {u["username"]: u["lines"] for u in json.loads(listed.stdout)}
    assert lines == {
        "any.wang": [],
        "civil.li": ["civil", "juvenile"],
        "exec.sun": ["criminal_execution"],
    }
    table = runner.invoke(app, [*home, "user", "list"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "业务条线" in table.stdout and "民事检察、未成年人检察" in table.stdout

    bad = runner.invoke(app, [*home, "user", "add", "bad.zhao", "--line", "crime"])
    assert bad.exit_code != 0
    assert "没有“crime”这一业务条线" in bad.output and "petition（控告申诉检察）" in bad.output
    again = runner.invoke(app, [*home, "user", "list", "--json"])
    assert "bad.zhao" not in {u["username"] for u in json.loads(again.stdout)}
