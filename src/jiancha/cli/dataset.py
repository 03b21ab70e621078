"""``jiancha dataset import | list | show | classify``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from jiancha import catalogue
from jiancha.catalogue.importer import current_user
from jiancha.catalogue.sources import Source
from jiancha.cli.output import LEVEL_LABELS, console, emit_json, err_console, handled, run
from jiancha.errors import JianchaError
from jiancha.identifiers import get as semantic_type
from jiancha.jobs.scheduler import enqueue_on_new_version
from jiancha.runs.triggers import after_import, spoken_summary
from jiancha.store import Store, open_store, open_workspace

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _store(ctx: typer.Context) -> Store:
    return open_store(open_workspace(ctx.obj["home"]))


@app.command("import", help="导入文件或数据库表，标准化并生成质量报告")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="CSV、XLSX/XLS、Parquet 或 JSON Lines 文件")
    ] = None,
    name: Annotated[str, typer.Option("--name", help="数据集名称")] = "",
    schema: Annotated[Path | None, typer.Option("--schema", help="字段模式文件（YAML）")] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="文本编码，如 gbk、utf-8")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="工作表名称或序号（从 1 开始）")
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="csv、xlsx、parquet、jsonl")] = None,
    from_db: Annotated[
        str | None, typer.Option("--from-db", help="源数据库地址（SQLAlchemy URL）")
    ] = None,
    table: Annotated[str | None, typer.Option("--table", help="源数据库中的表")] = None,
    as_json: JsonOption = False,
) -> None:
    with handled(as_json):
        if not name:
            raise JianchaError("请用 --name 指定数据集名称")
        if (file is None) == (from_db is None):
            raise JianchaError("请给出一个文件，或用 --from-db 与 --table 指定数据库表（二者选一）")
        if from_db is not None and not table:
            raise JianchaError("--from-db 需要同时给出 --table")
        parsed = catalogue.load_schema(schema) if schema else None
        if file is not None:
            source = catalogue.open_file(file, fmt=fmt, encoding=encoding, sheet=sheet)
        else:
            source = catalogue.open_database(str(from_db), str(table))
        store = _store(ctx)
        try:
            result = _import_with_progress(store, source, name, parsed, quiet=as_json)
            report = catalogue.show_dataset(store, result.name)
            triggered = after_import(store, result.name, account=None)
            queued = enqueue_on_new_version(store, result.name)  # 即时 schedules: jobs
        finally:
            store.close()
    if as_json:
        done = {"seconds": round(result.seconds, 3), "triggered_runs": triggered}
        emit_json(report | done | {"queued_jobs": queued})
        return
    console.print(
        f"已导入 [bold]{result.name}[/] 第 {result.version} 版：{result.rows:,} 行，"
        f"{result.seconds:.1f} 秒" + (f"，编码 {result.encoding}" if result.encoding else "")
    )
    _show_report(report)
    for summary in triggered:
        console.print(spoken_summary(summary), markup=False)
    if queued:
        listed = "、".join(str(j) for j in queued)
        console.print(f"已为即时运行的定时任务排队后台任务 {listed}（由 jiancha worker 执行）")


def _import_with_progress(
    store: Store, source: Source, name: str, schema: catalogue.SchemaFile | None, quiet: bool
) -> catalogue.ImportResult:
    columns = [
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=err_console, disable=quiet, transient=True) as bar:
        task = bar.add_task(f"导入 {name}", total=source.size)
        return catalogue.import_source(
            store,
            source,
            name,
            schema=schema,
            progress=lambda done: bar.update(task, completed=done),
        )


@app.command("list", help="列出数据目录")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    def action() -> list[dict[str, Any]]:
        store = _store(ctx)
        try:
            return catalogue.list_datasets(store)
        finally:
            store.close()

    def show(rows: list[dict[str, Any]]) -> None:
        if not rows:
            console.print("数据目录为空。用 jiancha dataset import 导入数据。")
            return
        table = Table("数据集", "版本", "行数", "字段数", "分级", "格式", "导入时间")
        for r in rows:
            table.add_row(
                r["name"],
                str(r["version"]),
                f"{r['rows']:,}",
                str(r["fields"]),
                LEVEL_LABELS[r["classification"]],
                r["format"],
                r["imported_at"],
            )
        console.print(table)

    run(as_json, action, show)


@app.command("show", help="数据集的字段、语义类型、行数与质量报告")
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="数据集名称")],
    version: Annotated[int | None, typer.Option("--version", help="版本号（默认最新）")] = None,
    as_json: JsonOption = False,
) -> None:
    def action() -> dict[str, Any]:
        store = _store(ctx)
        try:
            return catalogue.read_dataset(store, name, version)  # audited as dataset_read
        finally:
            store.close()

    run(as_json, action, _show_report)


@app.command("classify", help="设置数据集或字段的分级（public/internal/sensitive/core）")
def classify(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="数据集名称")],
    level: Annotated[str, typer.Option("--level", help="public、internal、sensitive 或 core")],
    field: Annotated[
        str | None, typer.Option("--field", help="字段名（不给则设置整个数据集）")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    def action() -> dict[str, Any]:
        store = _store(ctx)
        try:
            return catalogue.classify(store, name, level, field)
        finally:
            store.close()

    run(as_json, action, _show_report)


@app.command("owner", help="指定数据集所属检察院：由该院领导审批使用它的数据申请")
def owner(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="数据集名称")],
    org: Annotated[str, typer.Option("--org", help="检察院（代码或名称）")],
    as_json: JsonOption = False,
) -> None:
    def action() -> dict[str, Any]:
        store = _store(ctx)
        try:
            return catalogue.set_owner(store, name, org, by=current_user())
        finally:
            store.close()

    run(as_json, action, lambda r: console.print(f"数据集“{r['name']}”归属：{r['org']}"))


def _show_report(report: dict[str, Any]) -> None:
    console.print(
        f"[bold]{report['name']}[/] 第 {report['version']} 版 · {report['rows']:,} 行 · "
        f"分级 {LEVEL_LABELS[report['classification']]} · 来源 {report['source']}"
        + (f" · 编码 {report['encoding']}" if report["encoding"] else "")
        + (f" · 工作表 {report['sheet']}" if report["sheet"] else "")
    )
    table = Table("字段", "语义类型", "存储类型", "分级", "缺失", "无效", "不同值")
    for f in report["fields"]:
        q = report["quality"][f["name"]]
        invalid = f"[red]{q['invalid']:,}[/]" if q["invalid"] else "0"
        table.add_row(
            f["name"],
            semantic_type(f["semantic"]).label,
            f["type"],
            LEVEL_LABELS[f["classification"]],
            f"{q['missing']:,}",
            invalid,
            f"{q['distinct']:,}",
        )
    console.print(table)
    for name, q in report["quality"].items():
        if q["examples"]:
            shown = "；".join(
                f"第{e['row']}行 “{e['value']}”（{e['reason']}）" for e in q["examples"][:5]
            )
            more = f" 等 {q['invalid']:,} 个" if q["invalid"] > 5 else ""
            console.print(f"  [red]无效[/] {name}：{shown}{more}")
