"""The README documents every command of the ``jiancha`` CLI (docs tested against code)."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.main import get_command

from jiancha.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: typer.Typer) -> list[str]:
    command = get_command(group)
    names: list[str] = []
    for name, sub in getattr(command, "commands", {}).items():
        inner = getattr(sub, "commands", None)
        names += [f"{name} {child}" for child in inner] if inner else [name]
    return names


def test_every_command_is_in_the_readme() -> None:
    commands = _commands(app)
    assert {"init", "dataset import", "model run", "leads export"} <= set(commands)
    missing = [c for c in commands if f"jiancha {c}" not in README]
    assert missing == []
