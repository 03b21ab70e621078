"""``jiancha model schema | validate | install | sql | run``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha.cli.output import console, emit_json, run
from jiancha.cli.schedules import register as register_schedules
from jiancha.errors import JianchaError
from jiancha.modelling import (
    SPEC_SCHEMA,
    compile_spec,
    install,
    load_spec_file,
    parse_overrides,
)
from jiancha.runs import model_sql, run_model
from jiancha.runs.errors import RunFailed
from jiancha.store import Store, open_store, open_workspace

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
EngineOption = Annotated[str, typer.Option("--engine", help="duckdb 或 spark")]


def _store(ctx: typer.Context) -> Store:
    return open_store(open_workspace(ctx.obj["home"]))


OrgOption = Annotated[
    str | None,
    typer.Option("--org", help="多个检察院采用了该模型时，指定哪个院的采用（代码或名称）"),
]


@app.command("schema", help="输出模型规范（spec v1）的 JSON Schema")
def schema() -> None:
    emit_json(SPEC_SCHEMA)


@app.command("validate", help="检查模型文件，一次列出所有错误（含行号）")
def validate(
    spec_file: Annotated[Path, typer.Argument(help="模型 YAML 文件")], as_json: JsonOption = False
) -> None:
    def action() -> dict[str, Any]:
        spec = load_spec_file(spec_file)
        compile_spec(spec)
        return {"valid": True, "id": spec.id, "version": spec.version, "name": spec.name}

    run(
        as_json,
        action,
        lambda r: console.print(f"[green]模型有效[/]：{r['id']} {r['version']}（{r['name']}）"),
    )


@app.command("install", help="安装模型：把每个输入绑定到数据集")
def install_(
    ctx: typer.Context,
    spec_file: Annotated[Path, typer.Argument(help="模型 YAML 文件")],
    bind: Annotated[
        list[str] | None, typer.Option("--bind", help="输入=数据集，或 输入.字段=列名")
    ] = None,
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            help="采用模型的检察院（代码或名称）：每个院各有一份采用，线索限于其辖区，"
            "未匹配管辖的线索归它",
        ),
    ] = None,
    changelog: Annotated[
        str, typer.Option("--changelog", help="新版本的修改说明（升级时记入版本记录）")
    ] = "",
    as_json: JsonOption = False,
) -> None:
    def action() -> dict[str, Any]:
        spec = load_spec_file(spec_file)
        store = _store(ctx)
        try:
            return install(store, spec, bind or [], org, changelog=changelog)
        finally:
            store.close()

    def show(result: dict[str, Any]) -> None:
        console.print(f"已安装模型 [bold]{result['id']}[/] {result['version']}")
        if result["org"]:
            console.print(f"  采用单位：{result['org']}（未匹配管辖的线索进入其待办）")
        if result.get("upgraded_from"):
            console.print(f"  由 {result['upgraded_from']} 升级，模型文本的变化：")
            console.print(result["diff"], markup=False, highlight=False)
        for name, b in result["bindings"].items():
            pairs = "，".join(f"{f}←{c}" for f, c in b["fields"].items())
            console.print(f"  输入 {name} → 数据集“{b['dataset']}”：{pairs}")

    run(as_json, action, show)


@app.command("sql", help="显示模型运行时执行的 SQL")
def sql(
    ctx: typer.Context,
    model_id: Annotated[str, typer.Argument(help="模型 ID")],
    engine: EngineOption = "duckdb",
    org: OrgOption = None,
    as_json: JsonOption = False,
) -> None:
    def action() -> dict[str, Any]:
        store = _store(ctx)
        try:
            text = model_sql(store, model_id, engine, org)
            return {"model": model_id, "engine": engine, "sql": text}
        finally:
            store.close()

    run(as_json, action, lambda r: console.print(r["sql"], markup=False, highlight=False))


@app.command("run", help="运行模型，生成线索")
def run_(
    ctx: typer.Context,
    model_id: Annotated[str, typer.Argument(help="模型 ID")],
    param: Annotated[list[str] | None, typer.Option("--param", help="参数：名称=值")] = None,
    engine: EngineOption = "duckdb",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="运行日期 YYYY-MM-DD（默认今天）")
    ] = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--user",
            help="以该用户身份运行：须持有每个输入数据集的有效授权（不填：本地操作员，记入留痕）",
        ),
    ] = None,
    org: OrgOption = None,
    incremental: Annotated[
        bool,
        typer.Option(
            "--incremental",
            help="增量运行：只读驱动输入自上次成功运行以来新增或修改的行（不适用时全量运行并说明原因）",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    def action() -> dict[str, Any]:
        try:
            run_date = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise JianchaError(f"--as-of 的日期 `{as_of}` 格式应为 YYYY-MM-DD") from None
        overrides = parse_overrides(param or [])
        store = _store(ctx)
        try:
            return run_model(
                store,
                model_id,
                overrides,
                engine,
                run_date,
                account=account,
                org=org,
                incremental=incremental,
            )
        except RunFailed as failed:  # the local operator sees the engine's own words too
            raise JianchaError(failed.message, hint=f"引擎报告：{failed.detail}") from None
        finally:
            store.close()

    def show(result: dict[str, Any]) -> None:
        console.print(
            f"运行 #{result['run_id']} 完成（{result['engine']}，{result['seconds']:.2f} 秒，"
            f"读入 {result['rows_read']:,} 行）"
        )
        table = Table("线索", "新增", "再次命中", "不再命中")
        table.add_row(*(f"{result[k]:,}" for k in ("leads", "new", "seen_again", "no_longer_hit")))
        console.print(table)
        rows = result.get("incremental_rows")
        if rows:
            console.print(
                f"增量运行：自第 {rows['since_run']} 次运行（第 {rows['since_version']} 版）以来"
                f"新增或修改 {rows['new_rows']:,} 行，删除或修改 {rows['removed_rows']:,} 行，"
                f"复查 {rows['rechecked_rows']:,} 行"
            )
        if result.get("incremental_reason"):
            console.print(f"全量运行，未增量：{result['incremental_reason']}", markup=False)

    run(as_json, action, show)


register_schedules(app)  # model schedule, model schedules, model unschedule
