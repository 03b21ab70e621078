"""The root command loads lazily (``cli.lazy``): importing it, ``--version`` and ``--help``
pull in no database, engine or web library, nor any sub-command's module; ``--help`` lists
exactly the table ``COMMANDS`` with its help texts, and every entry resolves to the command
whose help that is. Each check of ``sys.modules`` runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from jiancha import __version__
from jiancha.cli import app
from jiancha.cli.app import COMMANDS

HEAVY = ("duckdb", "pyarrow", "sqlalchemy", "fastapi", "sqlglot", "openpyxl", "pandas")
ROOT_MODULES = {"jiancha.cli", "jiancha.cli.app", "jiancha.cli.lazy"}
PROBE = """
import json, sys
args = json.loads(sys.argv[1])
sys.argv = ["jiancha", *(args or [])]
from jiancha.cli import main
if args is not None:
    try:
        main()
    except SystemExit:
        pass
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {heavy} or m.startswith("jiancha.cli"))
sys.stderr.write("\\nMODULES " + json.dumps(loaded))
"""


def loaded_by(*args: str, run: bool = True) -> tuple[str, list[str]]:
    """Run ``jiancha ARGS`` in a fresh interpreter (``run=False``: only import it): its output
    and the modules it imported."""
    env = {**os.environ, "COLUMNS": "200"}
    code = PROBE.replace("{heavy}", repr(set(HEAVY)))
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args if run else None)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    modules = json.loads(done.stderr.rsplit("MODULES ", 1)[1])
    return done.stdout, modules


def test_importing_the_root_imports_nothing_heavy() -> None:
    _, modules = loaded_by(run=False)
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []
    assert set(modules) <= ROOT_MODULES, modules


def test_version_and_help_import_no_sub_command() -> None:
    shown, modules = loaded_by("--version")
    assert shown == f"jiancha {__version__}\n"
    assert set(modules) <= ROOT_MODULES, modules
    shown, modules = loaded_by("--help")
    assert "leads" in shown and "数据集：导入、查看、分级" in shown
    assert set(modules) <= ROOT_MODULES, modules


def test_a_sub_command_loads_its_own_module_only() -> None:
    shown, modules = loaded_by("org", "--help")
    assert "新增" in shown or "add" in shown
    assert "jiancha.cli.org" in modules
    assert "jiancha.cli.demo" not in modules and "jiancha.cli.leads" not in modules


def test_help_lists_exactly_the_table_with_its_texts() -> None:
    shown = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"}).stdout
    listed = re.findall(r"^│ (\S+)\s{2,}(\S.*?)\s*│$", shown.split("Commands", 1)[1], re.M)
    assert listed == [(name, entry.help) for name, entry in COMMANDS.items()]


def test_every_entry_resolves_to_a_command_with_the_listed_help() -> None:
    root = typer.main.get_command(app)
    assert list(root.commands) == list(COMMANDS)  # type: ignore[attr-defined]
    for name, entry in COMMANDS.items():
        command = root.commands[name]  # type: ignore[attr-defined]
        assert command.name == name
        assert command.help == entry.help, name


def test_python_dash_m_runs_the_command() -> None:
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-m", "jiancha", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, f"jiancha {__version__}\n")
