"""``jiancha stats`` (the funnel, optionally to Excel) and ``jiancha stats ledgers``."""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha import clock
from jiancha.catalogue.importer import current_user
from jiancha.cli.output import console, run, with_store
from jiancha.governance import audit
from jiancha.stats import GROUPS, LEDGERS, StatsFilter, model_ledgers, parse_day, statistics
from jiancha.stats.excel import workbook_bytes
from jiancha.stats.labels import COLUMNS, LEDGER_COLUMNS, pick, shown
from jiancha.store import Store

app = typer.Typer(no_args_is_help=False)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
OrgOption = Annotated[str | None, typer.Option("--org", help="检察院代码或名称（含其全部下级院）")]
FUNNEL: tuple[str, ...] = ("leads", "verified", "confirmed", "cases", "actions_total")
FUNNEL += ("adopted_total", "precision", "conversion", "recovered_amount", "avg_days_to_action")
LEDGER_SHOWN = {"model", "org_name", "runs", "last_run_on", "leads", "confirmed", "cases"}
LEDGER_SHOWN |= {"actions", "recovered_amount"}


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _print(title: str | None, first: str, headings: list[str], rows: list[list[str]]) -> None:
    """A table that folds rather than crops in a narrow terminal (every figure is visible)."""
    table = Table(title=title)
    table.add_column(first, overflow="fold")
    for heading in headings:
        table.add_column(heading, justify="right", overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _show(report: dict[str, Any]) -> None:
    """The funnel, then (when any was issued) the actions by kind; every figure is in --json.
    Without grouping: one figure a line, every figure."""
    if report["group_by"] == "total":
        total = report["total"]
        rows = [[label, shown(pick(total, path), fmt)] for path, label, fmt in COLUMNS]
        _print(None, "指标", ["数值"], rows)
    else:
        _groups(report)
    if report.get("xlsx"):
        console.print(f"已导出到 {report['xlsx']}")


def _groups(report: dict[str, Any]) -> None:
    by_path = {path: (path, label, fmt) for path, label, fmt in COLUMNS}
    used = [f"actions.{kind}" for kind, n in report["total"]["actions"].items() if n]
    for title, paths in ((None, FUNNEL), ("监督文书（按种类）", used)):
        if not paths:
            continue
        columns = [by_path[p] for p in paths]
        rows = [
            ["  " * int(row.get("depth") or 0) + row["label"]]
            + [shown(pick(row, path), fmt) for path, _, fmt in columns]
            for row in [*report["groups"], report["total"]]
        ]
        _print(title, report["group_label"], [label for _, label, _ in columns], rows)


@app.callback(invoke_without_command=True)
def stats(
    ctx: typer.Context,
    by: Annotated[str, typer.Option("--by", help="分组：" + "、".join(GROUPS))] = "model",
    model: Annotated[list[str] | None, typer.Option("--model", help="模型标识（可重复）")] = None,
    org: OrgOption = None,
    area: Annotated[str | None, typer.Option("--area", help="四大检察领域")] = None,
    line: Annotated[str | None, typer.Option("--line", help="业务条线")] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="线索发现日期起 YYYY-MM-DD（北京时间）")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="线索发现日期止 YYYY-MM-DD")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="另存为 Excel 文件")] = None,
    as_json: JsonOption = False,
) -> None:
    """效能统计：线索、核查、成案、监督文书、整改反馈、精准率、挽回经济损失。"""
    if ctx.invoked_subcommand is not None:
        return

    def work(store: Store) -> dict[str, Any]:
        wanted = StatsFilter(
            models=tuple(model or ()),
            org=org,
            area=area,
            line=line,
            date_from=parse_day(date_from, "起始日期"),
            date_to=parse_day(date_to, "截止日期"),
            group_by=by,
        )
        report = statistics(store, wanted)
        if xlsx is not None:
            now = clock.now()
            data = workbook_bytes(wanted, report, model_ledgers(store, wanted), now)
            write_atomically(xlsx, data)
            report["xlsx"] = str(xlsx)
            detail = {**asdict(wanted), "file": str(xlsx)}
            audit.record_now(
                store,
                actor=current_user(),
                action="stats_export",
                object_type="stats",
                detail=detail,
            )
        return report

    run(as_json, with_store(ctx, work), _show)


@app.command("ledgers", help="四本台账：在建、已建、应用成熟、成效模型台账")
def ledgers(ctx: typer.Context, org: OrgOption = None, as_json: JsonOption = False) -> None:
    columns = [c for c in LEDGER_COLUMNS if c[0] in LEDGER_SHOWN]

    def show(result: dict[str, Any]) -> None:
        for name, label in LEDGERS.items():
            models = result["ledgers"][name]["models"]
            if not models:
                console.print(f"{label}：无")
                continue
            rows = [[shown(m[key], fmt) for key, _, fmt in columns] for m in models]
            headings = [heading for _, heading, _ in columns]
            _print(f"{label}（{len(models)} 个）", headings[0], headings[1:], rows)

    run(as_json, with_store(ctx, lambda store: model_ledgers(store, StatsFilter(org=org))), show)
