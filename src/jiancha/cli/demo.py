"""``jiancha demo`` (county built, imported, every template run, one account per role printed,
API and console served), ``jiancha demo generate`` (only the files) and ``jiancha eval``
(templates scored)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha import clock
from jiancha.cli.output import AREA_LABELS, KIND_LABELS, console, emit_json, handled
from jiancha.cli.serve import PublicDocsOption, serve_workspace
from jiancha.demo.accounts import DemoAccount
from jiancha.demo.evaluation import TemplateScore, score
from jiancha.demo.workflow import DemoResult, build_demo
from jiancha.errors import JianchaError
from jiancha.store import init_workspace, open_store

app = typer.Typer()
DEFAULT_SCALE = 20_000
ScaleOption = Annotated[int, typer.Option("--scale", min=1000, help="演示县的人口数")]
SeedOption = Annotated[int, typer.Option("--seed", help="随机种子（相同种子生成相同数据）")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="基准日期 YYYY-MM-DD（默认今天）")]
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _date(text: str | None) -> dt.date:
    if text is None:
        return clock.china_today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise JianchaError(f"--as-of 的日期 `{text}` 格式应为 YYYY-MM-DD") from None


def _say(as_json: bool) -> Any:
    return (lambda _text: None) if as_json else console.print


@app.callback(
    invoke_without_command=True, help="演示：生成演示县数据，导入，运行全部模板，启动服务"
)
def demo(
    ctx: typer.Context,
    scale: ScaleOption = DEFAULT_SCALE,
    seed: SeedOption = 7,
    as_of: AsOfOption = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="完成后启动服务")] = True,
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    public_docs: PublicDocsOption = False,
    as_json: JsonOption = False,
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    started = time.perf_counter()
    with handled(as_json):
        workspace, _ = init_workspace(ctx.obj["home"])
        store = open_store(workspace)
        try:
            files = workspace.home / "demo-county"
            result = build_demo(
                store, files, scale=scale, seed=seed, as_of=_date(as_of), say=_say(as_json)
            )
        finally:
            store.close()
    summary = _summary(result, time.perf_counter() - started)
    url = f"http://{host}:{port}/"
    admin = next(a for a in result.accounts if a.role == "admin")
    login = {"url": url, "username": admin.username, "password": admin.password}
    accounts = [a.as_json() for a in result.accounts]
    if as_json:
        emit_json({"home": str(workspace.home), **summary, "login": login, "accounts": accounts})
    else:
        _print_runs(result)
        console.print(
            f"\n完成，用时 {summary['seconds']['total']:.1f} 秒。工作区：{workspace.home}"
        )
        _print_accounts(result.accounts, url)
    if serve:
        serve_workspace(workspace, host, port, public_docs=public_docs)


def _summary(result: DemoResult, total: float) -> dict[str, Any]:
    seconds = {k: round(v, 2) for k, v in result.seconds.items()}
    return {
        "files": str(result.files),
        "as_of": result.as_of.isoformat(),
        "seconds": {**seconds, "total": round(total, 2)},
        "datasets": result.imports,
        "runs": [
            {k: r[k] for k in ("model", "name", "leads", "new", "seconds")} for r in result.runs
        ],
        "market": result.market,
    }


def _print_accounts(accounts: list[DemoAccount], url: str) -> None:
    table = Table(title="演示账号（每个角色一个）", title_justify="left")
    for column in ("角色", "用户名", "密码"):
        table.add_column(column, no_wrap=True)
    for a in accounts:
        table.add_row(a.role_label, a.username, a.password)
    console.print(table)
    console.print("演示账号的密码只在此显示一次，首次登录无需修改密码（正式账号须修改）。")
    console.print(f"[bold]控制台地址：{url}[/]  用浏览器打开，以上任一账号登录。")


def _print_runs(result: DemoResult) -> None:
    table = Table(title="模板运行结果", title_justify="left")
    for column in ("模板", "领域", "类型", "线索", "用时（秒）"):
        table.add_column(column)
    for r in result.runs:
        area, kind = AREA_LABELS.get(r["area"], r["area"]), KIND_LABELS.get(r["kind"], r["kind"])
        table.add_row(r["name"], area, kind, f"{r['leads']:,}", f"{r['seconds']:.2f}")
    console.print(table)


@app.command("generate", help="只生成演示县的数据文件与真值表，不导入")
def generate(
    out: Annotated[Path, typer.Option("--out", help="输出目录")],
    scale: ScaleOption = DEFAULT_SCALE,
    seed: SeedOption = 7,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    from jiancha.demo.county import generate_county

    with handled(as_json):
        started = time.perf_counter()
        manifest = generate_county(out, scale=scale, seed=seed, as_of=_date(as_of))
        seconds = round(time.perf_counter() - started, 2)
    facts = {"out": str(out), "seconds": seconds, **manifest.as_json()}
    if as_json:
        emit_json(facts)
        return
    console.print(f"已生成演示县数据（{scale:,} 人，种子 {seed}）：{out}，用时 {seconds} 秒")
    for dataset in facts["datasets"]:
        console.print(f"  {dataset['name']}（{dataset['file']}）：{dataset['rows']:,} 行")


def evaluate(
    ctx: typer.Context,
    scale: ScaleOption = DEFAULT_SCALE,
    seed: SeedOption = 7,
    as_of: AsOfOption = None,
    keep: Annotated[Path | None, typer.Option("--keep", help="保留工作区于此目录")] = None,
    as_json: JsonOption = False,
) -> None:
    started = time.perf_counter()
    home = keep or Path(tempfile.mkdtemp(prefix="jiancha-eval-"))
    try:
        with handled(as_json):
            workspace, _ = init_workspace(home)
            store = open_store(workspace)
            try:
                files = workspace.home / "demo-county"
                result = build_demo(
                    store, files, scale=scale, seed=seed, as_of=_date(as_of), say=_say(True)
                )
                scores = score(store, files)
            finally:
                store.close()
    finally:
        if keep is None:
            shutil.rmtree(home, ignore_errors=True)
    total = round(time.perf_counter() - started, 2)
    if as_json:
        emit_json(
            {
                "scale": scale,
                "seed": seed,
                "as_of": result.as_of.isoformat(),
                "seconds": {**{k: round(v, 2) for k, v in result.seconds.items()}, "total": total},
                "templates": [s.as_json() for s in scores],
            }
        )
        return
    _print_scores(scores, scale, total)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _print_scores(scores: list[TemplateScore], scale: int, total: float) -> None:
    table = Table(title=f"模板评估（演示县 {scale:,} 人）", title_justify="left")
    for column in ("模板", "线索", "涉及对象", "植入", "命中", "精确率", "召回率"):
        table.add_column(column, no_wrap=True, justify="left" if column == "模板" else "right")
    for s in scores:
        table.add_row(
            s.template,
            f"{s.leads:,}",
            f"{s.subjects:,}",
            f"{s.planted:,}",
            f"{s.true_positives:,}",
            _pct(s.precision),
            _pct(s.recall),
        )
    console.print(table)
    console.print(f"用时 {total:.1f} 秒（生成、导入、运行、评估）")
