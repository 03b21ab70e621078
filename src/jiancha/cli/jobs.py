"""``jiancha job list | show | cancel`` (后台任务) and ``jiancha worker`` (run them).

``job show ID --follow`` draws the job's progress as a bar until it ends, and exits 1 with its
error if it failed or 「任务已取消」 if it was cancelled. The workspace's own operator sees and
may cancel every job. Must not touch: running jobs (``jiancha.jobs``), except by starting a worker.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jiancha import jobs
from jiancha.cli.output import console, emit_json, err_console, handled, run, with_store
from jiancha.jobs.cancel import cancel_job
from jiancha.jobs.queue import ENDED
from jiancha.store import Store, open_store, open_workspace

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
POLL = 0.25


@app.command("list", help="列出后台任务（最新的在前）")
def list_(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", help="import 或 run")] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="queued、running、succeeded、failed 或 cancelled"),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="最多列出几条")] = 50,
    as_json: JsonOption = False,
) -> None:
    wanted = jobs.JobFilter(kind=kind, status=status, size=limit)

    def work(store: Store) -> list[dict[str, Any]]:
        return jobs.list_jobs(store, wanted, None)[1]

    def show(rows: list[dict[str, Any]]) -> None:
        if not rows:
            console.print("没有后台任务。")
            return
        table = Table("编号", "任务", "状态", "阶段", "提交人", "提交时间")
        for r in rows:
            table.add_row(
                str(r["id"]),
                r["title"],
                r["status_label"],
                r["progress"]["stage"] or "",
                r["created_by"],
                (r["created_at"] or "")[:19].replace("T", " "),
            )
        console.print(table)

    run(as_json, with_store(ctx, work), show)


@app.command("show", help="一个后台任务的状态、进度和结果；--follow 显示进度条直到结束")
def show(
    ctx: typer.Context,
    job_id: Annotated[int, typer.Argument(help="任务编号", min=1)],
    follow: Annotated[bool, typer.Option("--follow", help="跟踪进度直到任务结束")] = False,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        job = jobs.get_job(store, job_id, None, details=True)
        return _follow(store, job, quiet=as_json) if follow else job

    with handled(as_json):
        job = with_store(ctx, work)()
    if as_json:
        emit_json(job)
    else:
        _print(job)
    if follow and job["status"] in ("failed", "cancelled"):
        raise typer.Exit(1)


@app.command("cancel", help="取消后台任务：排队中的立即取消，运行中的在下一次报告进度时停止")
def cancel(
    ctx: typer.Context,
    job_id: Annotated[int, typer.Argument(help="任务编号", min=1)],
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        return cancel_job(store, job_id, None)

    def show(job: dict[str, Any]) -> None:
        if job["status"] == "cancelled":
            console.print(f"任务 #{job['id']} 已取消。")
        else:
            console.print(f"已要求取消任务 #{job['id']}：它将在下一次报告进度时停止。")

    run(as_json, with_store(ctx, work), show)


def _follow(store: Store, job: dict[str, Any], quiet: bool) -> dict[str, Any]:
    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[figures]}"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=err_console, disable=quiet, transient=True) as bar:
        task = bar.add_task(job["title"], total=1.0, figures="")
        while job["status"] not in ENDED:
            _draw(bar, task, job)
            time.sleep(POLL)
            job = jobs.get_job(store, job["id"], None, details=True)
        _draw(bar, task, job)
    return job


def _draw(bar: Progress, task: Any, job: dict[str, Any]) -> None:
    progress = job["progress"]
    figures = f"{job['status_label']} · {progress['stage'] or ''}"
    if progress["rows_read"]:
        figures += f" · 已读 {progress['rows_read']:,} 行"
    if progress["leads_written"]:
        figures += f" · 线索 {progress['leads_written']:,} 条"
    fraction = progress["fraction"]
    bar.update(task, completed=fraction, total=1.0 if fraction is not None else None)
    bar.update(task, figures=figures)


def _print(job: dict[str, Any]) -> None:
    console.print(f"[bold]#{job['id']} {job['title']}[/] · {job['status_label']}")
    progress = job["progress"]
    console.print(
        f"阶段：{progress['stage'] or '—'} · 已读 {progress['rows_read']:,} 行 · "
        f"步骤 {progress['steps_done']}/{progress['steps_total']} · "
        f"线索 {progress['leads_written']:,} 条"
    )
    console.print(f"提交：{job['created_by']} · {job['created_at']}")
    if job["result"]:
        shown = "，".join(f"{k}={v}" for k, v in job["result"].items())
        console.print(f"结果：{shown}")
    if job["status"] == "cancelled":
        err_console.print("[bold yellow]任务已取消[/]")
    elif job["error"]:
        err_console.print(f"[bold red]失败：[/]{job['error']}")
    elif job["cancel_requested"]:
        console.print("正在取消：将在下一次报告进度时停止")


def worker(ctx: typer.Context) -> None:
    """Run queued jobs until Ctrl+C (``jiancha worker``)."""
    with handled(False):
        store = open_store(open_workspace(ctx.obj["home"]))
    console.print("[bold]后台任务执行器已启动[/]（按 Ctrl+C 停止：当前任务结束后退出）")
    jobs.Worker(store, owned=True).run_until_stopped()
    console.print("已停止。")
