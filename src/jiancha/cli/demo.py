"""``jiancha demo``: sample files of a fictional county, imported through the real import path."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jiancha import catalogue
from jiancha.cli.dataset import _show_report
from jiancha.cli.output import console, emit_json, handled
from jiancha.demo import write_sample_files
from jiancha.store import init_workspace, open_store


def demo(
    ctx: typer.Context,
    rows: Annotated[int, typer.Option("--rows", min=10, help="刑事判决样例的行数")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="随机种子")] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    with handled(as_json):
        workspace, _ = init_workspace(ctx.obj["home"])
        files = write_sample_files(workspace.home / "demo-files", rows=rows, seed=seed)
        store = open_store(workspace)
        try:
            for name, path in files.items():
                catalogue.import_source(store, catalogue.open_file(Path(path)), name)
            reports = [catalogue.show_dataset(store, name) for name in files]
        finally:
            store.close()
    if as_json:
        emit_json({"home": str(workspace.home), "datasets": reports})
        return
    console.print(f"[bold]演示工作区[/]：{workspace.home}（示例文件在 demo-files/ 下）\n")
    for report in reports:
        _show_report(report)
        console.print()
    console.print(f"可继续：jiancha --home {workspace.home} dataset list / dataset show 刑事判决")
