"""Printing results: Rich tables for people, JSON for scripts, errors for both."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console

from jiancha.cli import trail
from jiancha.errors import JianchaError
from jiancha.store import Store, open_store, open_workspace

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

LEVEL_LABELS = {"public": "公开", "internal": "内部", "sensitive": "敏感", "core": "核心"}


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(error: JianchaError, as_json: bool) -> NoReturn:
    if as_json:
        emit_json({"error": error.message, "hint": error.hint})
    else:
        err_console.print(f"[bold red]错误：[/]{error.message}")
        if error.hint:
            err_console.print(f"[yellow]提示：[/]{error.hint}")
    raise typer.Exit(2)


@contextmanager
def handled(as_json: bool) -> Iterator[None]:
    """Turn a JianchaError into a clean message and exit status 2 (both noted for the
    command's audit entry, ``trail``)."""
    trail.started()
    try:
        yield
    except JianchaError as error:
        trail.refused(error.message)
        fail(error, as_json)
    except KeyboardInterrupt:
        trail.refused("已取消", "killed")
        err_console.print("[yellow]已取消，未写入任何内容。[/]")
        raise typer.Exit(130) from None


def with_store(ctx: typer.Context, work: Callable[[Store], Any]) -> Callable[[], Any]:
    """An action that opens the workspace's store, does ``work`` with it and closes it."""

    def action() -> Any:
        store = open_store(open_workspace(ctx.obj["home"]))
        try:
            return work(store)
        finally:
            store.close()

    return action


def run(as_json: bool, action: Callable[[], Any], show: Callable[[Any], None]) -> None:
    """Run ``action`` and print its result as JSON or with ``show``."""
    with handled(as_json):
        result = action()
    if as_json:
        emit_json(result)
    else:
        show(result)


AREA_LABELS = {
    "criminal": "刑事检察",
    "civil": "民事检察",
    "administrative": "行政检察",
    "public_interest": "公益诉讼检察",
}
KIND_LABELS = {"collision": "碰撞", "mining": "挖掘", "profile": "画像"}
