"""No message shows Python's ``None`` (nor its spelling of a list): a parameter without a
default, the SQL notes of a model, and the everyday outputs of the command line and the API
over leads with empty fields (no office, no assignee, no amount, no subject name)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jiancha.api import create_app
from jiancha.cli import app
from jiancha.errors import JianchaError
from jiancha.modelling import install, load_spec_file
from jiancha.runs import model_sql
from jiancha.spoken import spoken
from jiancha.store import Store, Workspace
from tests.api.helpers import login, seed
from tests.modelling.fixtures import BINDS, SPECS, load_county

PYTHON = re.compile(r"\bNone\b|\[\s*'|\bTrue\b|\bFalse\b")
SLUG = "custodial-sentence-not-executed"
runner = CliRunner()


def test_spoken_values() -> None:
    assert spoken(None) == "（空）"
    assert spoken(["有期徒刑", "拘役"]) == "有期徒刑、拘役"
    assert spoken(True) == "是" and spoken(0) == "0"


def _spec_with(tmp_path: Path, parameter: str) -> Path:
    text = (SPECS / "custodial.yaml").read_text(encoding="utf-8")
    changed = text.replace("grace_days: {type: integer, default: 30", parameter)
    assert changed != text
    path = tmp_path / "spec.yaml"
    path.write_text(changed, encoding="utf-8")
    return path


def test_parameter_without_a_default(tmp_path: Path) -> None:
    spec = _spec_with(tmp_path, "grace_days: {type: integer, default: null")
    with pytest.raises(JianchaError) as refused:
        load_spec_file(spec)
    assert "参数 `grace_days` 的值 `（空）` 不是整数" in str(refused.value)
    assert not PYTHON.search(str(refused.value))


def test_list_default_in_the_sql_notes(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    spec = _spec_with(
        tmp_path,
        "grace_days: {type: integer, default: 30}\n  kinds: {type: list, default: [有期徒刑, 拘役]",
    )
    install(store, load_spec_file(spec), BINDS)
    notes = model_sql(store, SLUG)
    assert "（list，默认 有期徒刑、拘役）" in notes and not PYTHON.search(notes)


def test_everyday_outputs_over_empty_fields(
    store: Store, workspace: Workspace, tmp_path: Path
) -> None:
    seed(store, tmp_path)  # leads of no office, unassigned, without amount
    home = ["--home", str(workspace.home)]
    env = {"COLUMNS": "250", "JIANCHA_USER": "demo"}
    shown = []
    for command in (
        ["leads", "list"],
        ["leads", "history", "1"],
        ["leads", "records", "1"],
        ["leads", "referrals"],
        ["user", "list"],
        ["org", "list"],
        ["access", "list"],
        ["access", "grants"],
        ["breaker", "alerts"],
        ["breaker", "limits", "demo", "--evidence-reads", "50"],
        ["audit", "list"],
        ["stats"],
        ["stats", "--by", "month"],
        ["stats", "ledgers"],
        ["dataset", "list"],
        ["model", "sql", SLUG],
    ):
        result = runner.invoke(app, [*home, *command], env=env)
        assert result.exit_code == 0, (command, result.output)
        shown.append((command, result.output))
    with TestClient(create_app(workspace)) as client:
        headers = login(client)
        for path in ("/api/leads", "/api/leads/1", "/api/leads/1/history", "/api/runs"):
            answer = client.get(path, headers=headers)
            assert answer.status_code == 200, path
            shown.append(([path], answer.text))
    for command, output in shown:
        assert not re.search(r"\bNone\b", output), (command, output)
