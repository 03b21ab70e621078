"""Command tree: ``jiancha init``, ``jiancha dataset …``, ``jiancha demo`` and the rest, from
the table ``COMMANDS``.

The root imports no sub-command's module until that sub-command runs (``cli.lazy``), and
nothing heavy itself: ``jiancha --version`` and ``jiancha --help`` start in a fraction of a
second. To add a group or a command, add one line to ``COMMANDS`` (in the order ``--help``
lists them)::

    "job": group("jiancha.cli.jobs:app", "后台任务：列表、查看进度、取消"),
    "worker": command("jiancha.cli.jobs:worker", "只运行后台任务执行器"),

Commands inside a group (``model schedule``, ``job cancel``) are added in that group's own
module, as before. Must not touch: what the commands do (their modules), the audit entry of an
invocation (``cli.trail``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

import typer

from jiancha import __version__
from jiancha.cli.lazy import Lazy, LazyGroup, command, group


@functools.cache
def market_app() -> typer.Typer:
    """``market``, with ``market list`` and ``market show`` (the marketplace's views) added."""
    from jiancha.cli import market, market_browse

    market_browse.register(market.app)
    return market.app


COMMANDS: dict[str, Lazy] = {
    "serve": command("jiancha.cli.serve:serve", "启动 API 服务（及控制台）"),
    "worker": command("jiancha.cli.jobs:worker", "只运行后台任务执行器（不启动 API 服务）"),
    "eval": command(
        "jiancha.cli.demo:evaluate", "评估：生成演示县，运行全部模板，对照真值表计算精确率与召回率"
    ),
    "init": command("jiancha.cli.app:init", "创建工作区（元数据库、数据目录）"),
    "dataset": group("jiancha.cli.dataset:app", "数据集：导入、查看、分级"),
    "model": group("jiancha.cli.model:app", "法律监督模型：校验、安装、查看 SQL、运行、定时运行"),
    "leads": group("jiancha.cli.leads:app", "线索：列表、导出"),
    "market": group(market_app, "模型超市：提交上架、审查、说明书、版本"),
    "user": group("jiancha.cli.users:app", "用户：新增、列表、解锁、API 令牌"),
    "org": group("jiancha.cli.org:app", "检察院：新增、别名、列表"),
    "access": group("jiancha.cli.access:app", "数据申请与审批：申请、批准、驳回、授权、撤销"),
    "breaker": group("jiancha.cli.access:breaker_app", "熔断：安全告警、解除熔断、设置阈值"),
    "audit": group("jiancha.cli.audit:app", "留痕：校验哈希链、列出记录、锚定链头"),
    "campaign": group("jiancha.cli.campaign:app", "专项监督活动：新建、启动、停止、统计、运行"),
    "stats": group("jiancha.cli.stats:app", "效能统计：线索漏斗、精准率、四本模型台账、导出 Excel"),
    "job": group("jiancha.cli.jobs:app", "后台任务：列表、查看进度、取消"),
    "documents": group("jiancha.cli.documents:app", "文书：抽取字段、导入为数据集、安装审查模板"),
    "demo": group(
        "jiancha.cli.demo:app", "演示：生成演示县数据，导入，运行全部模板，启动服务", own_help=True
    ),
}
"""Every sub-command of ``jiancha``: name → where it lives and the help ``--help`` lists."""


class RootGroup(LazyGroup):
    table = COMMANDS


app = typer.Typer(
    cls=RootGroup,
    help="检察大数据法律监督平台（Jiancha）",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="工作区目录（默认 $JIANCHA_HOME，否则 ./jiancha-home）"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jiancha {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: HomeOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本")
    ] = False,
) -> None:
    from jiancha.cli import trail

    ctx.obj = {"home": home}
    trail.begin(ctx)  # the invocation's audit entry (留痕)


def init(ctx: typer.Context, home: HomeOption = None, as_json: JsonOption = False) -> None:
    from jiancha.cli.output import console, run
    from jiancha.store import init_workspace, open_store

    chosen = home or ctx.obj["home"]

    def action() -> dict[str, object]:
        workspace, created = init_workspace(chosen)
        store = open_store(workspace)
        url = store.engine.url.render_as_string(hide_password=True)
        store.close()
        return {"home": str(workspace.home), "created": created, "database": url}

    def show(result: dict[str, object]) -> None:
        verb = "已创建" if result["created"] else "已存在"
        console.print(f"工作区{verb}：{result['home']}")
        console.print(f"元数据库：{result['database']}")

    run(as_json, action, show)
