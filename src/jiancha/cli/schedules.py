"""``jiancha model schedule | schedules | unschedule``: schedules (定时运行) of an adoption, made
and removed by the workspace's operator (whose runs need no account's grants).

The commands are plain functions, added to the ``model`` group (``cli.model``) by
``register(app)``. Must not touch: queueing the runs (``jiancha.jobs.scheduler``: any worker does).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha.cli.output import console, run, with_store
from jiancha.jobs.schedules import create_schedule, delete_schedule, list_schedules
from jiancha.store import Store

JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def schedule(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="模型编号")],
    cron: Annotated[
        str | None,
        typer.Option(
            "--cron", help="定时表达式，5 段：分 时 日 月 周，如 '0 2 * * *'（每天 2:00）"
        ),
    ] = None,
    on_new_version: Annotated[
        bool, typer.Option("--on-new-version", help="输入数据集有新版本时即时运行")
    ] = False,
    incremental: Annotated[bool, typer.Option("--incremental", help="增量运行")] = False,
    org: Annotated[
        str | None, typer.Option("--org", help="采用该模型的检察院（代码或名称）")
    ] = None,
    timezone: Annotated[str, typer.Option("--timezone", help="时区")] = "Asia/Shanghai",
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        return create_schedule(
            store,
            None,
            slug,
            cron=cron,
            on_new_version=on_new_version,
            incremental=incremental,
            org=org,
            timezone=timezone,
        )

    def show(made: dict[str, Any]) -> None:
        console.print(f"已创建定时运行 #{made['id']}：{_when(made)}（模型 {made['model']}）")

    run(as_json, with_store(ctx, work), show)


def schedules(ctx: typer.Context, as_json: JsonOption = False) -> None:
    def work(store: Store) -> list[dict[str, Any]]:
        return list_schedules(store, None)

    def show(rows: list[dict[str, Any]]) -> None:
        if not rows:
            console.print("没有定时运行。")
            return
        table = Table("编号", "模型", "检察院", "何时运行", "下次运行", "最近任务", "创建人")
        for r in rows:
            table.add_row(
                str(r["id"]),
                r["model"],
                r["office_name"] or "",
                _when(r),
                (r["next_run_at"] or "—")[:16].replace("T", " "),
                f"#{r['last_job_id']}" if r["last_job_id"] else "—",
                r["created_by"],
            )
        console.print(table)

    run(as_json, with_store(ctx, work), show)


def unschedule(
    ctx: typer.Context,
    schedule_id: Annotated[int, typer.Argument(help="定时运行编号", min=1)],
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        return delete_schedule(store, None, schedule_id)

    def show(gone: dict[str, Any]) -> None:
        console.print(f"已删除定时运行 #{gone['id']}（模型 {gone['model']}，{_when(gone)}）")

    run(as_json, with_store(ctx, work), show)


def _when(row: dict[str, Any]) -> str:
    parts = [f"定时 {row['cron']}（{row['timezone']}）"] if row["cron"] else []
    if row["on_new_version"]:
        parts.append("数据更新时即时运行")
    if row["incremental"]:
        parts.append("增量")
    return "，".join(parts)


def register(app: typer.Typer) -> None:
    """Add the commands to the ``model`` group: ``register(app)`` in ``cli.model``."""
    app.command("schedule", help="按定时表达式和/或数据更新时自动运行模型（定时运行）")(schedule)
    app.command("schedules", help="列出定时运行")(schedules)
    app.command("unschedule", help="删除一个定时运行")(unschedule)
