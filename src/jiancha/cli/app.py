"""Command tree: ``jiancha init``, ``jiancha dataset …``, ``jiancha demo``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jiancha import __version__
from jiancha.cli import (
    access,
    audit,
    campaign,
    dataset,
    demo,
    documents,
    jobs,
    leads,
    market,
    market_browse,
    model,
    org,
    serve,
    stats,
    trail,
    users,
)
from jiancha.cli.output import console, run
from jiancha.store import init_workspace, open_store

app = typer.Typer(
    help="检察大数据法律监督平台（Jiancha）",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
app.add_typer(dataset.app, name="dataset", help="数据集：导入、查看、分级")
app.add_typer(model.app, name="model", help="法律监督模型：校验、安装、查看 SQL、运行")
app.add_typer(leads.app, name="leads", help="线索：列表、导出")
market_browse.register(market.app)  # market list, market show (the marketplace's views)
app.add_typer(market.app, name="market", help="模型超市：提交上架、审查、说明书、版本")
app.add_typer(users.app, name="user", help="用户：新增、列表、解锁、API 令牌")
app.add_typer(org.app, name="org", help="检察院：新增、别名、列表")
app.add_typer(access.app, name="access", help="数据申请与审批：申请、批准、驳回、授权、撤销")
app.add_typer(access.breaker_app, name="breaker", help="熔断：安全告警、解除熔断、设置阈值")
app.add_typer(audit.app, name="audit", help="留痕：校验哈希链、列出记录、锚定链头")
app.add_typer(campaign.app, name="campaign", help="专项监督活动：新建、启动、停止、统计、运行")
app.add_typer(stats.app, name="stats", help="效能统计：线索漏斗、精准率、四本模型台账、导出 Excel")
app.command("serve", help="启动 API 服务（及控制台）")(serve.serve)
app.add_typer(jobs.app, name="job", help="后台任务：列表、查看进度")
app.command("worker", help="只运行后台任务执行器（不启动 API 服务）")(jobs.worker)
app.add_typer(documents.app, name="documents", help="文书：抽取字段、导入为数据集、安装审查模板")
app.add_typer(demo.app, name="demo")
app.command("eval", help="评估：生成演示县，运行全部模板，对照真值表计算精确率与召回率")(
    demo.evaluate
)

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="工作区目录（默认 $JIANCHA_HOME，否则 ./jiancha-home）"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _version(value: bool) -> None:
    if value:
        console.print(f"jiancha {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: HomeOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本")
    ] = False,
) -> None:
    ctx.obj = {"home": home}
    trail.begin(ctx)  # the invocation's audit entry (留痕)


@app.command("init", help="创建工作区（元数据库、数据目录）")
def init(ctx: typer.Context, home: HomeOption = None, as_json: JsonOption = False) -> None:
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
