"""``jiancha campaign create | start | stop | list | show | run``: 专项 (监督活动).

``--user`` names the account that acts (its role must allow ``campaigns.manage``, its office
leads the campaign); without it the local operator acts, and ``create`` takes the leading office
from ``--org``. ``run`` runs the campaign's models for its offices' adoptions at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from jiancha.catalogue.importer import current_user
from jiancha.cli.market_browse import folded
from jiancha.cli.output import console, run, with_store
from jiancha.governance.accounts import find_user
from jiancha.marketplace.campaign_runs import run_campaign
from jiancha.marketplace.campaign_stats import campaign_stats
from jiancha.marketplace.campaign_views import campaign_row, find_campaign, list_campaigns
from jiancha.marketplace.campaigns import create_campaign, start_campaign, stop_campaign
from jiancha.stats.filters import parse_day
from jiancha.stats.labels import shown
from jiancha.store import Store

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
UserOption = Annotated[
    str | None,
    typer.Option("--user", help="以该用户（院领导）身份操作；不填：本地操作员，记入留痕"),
]
Name = Annotated[str, typer.Argument(help="专项名称或编号")]


def _day(value: str, what: str) -> dt.date:
    day = parse_day(value, what)
    assert day is not None
    return day


def _print(row: dict[str, Any]) -> None:
    console.print(f"专项 #{row['id']} [bold]{row['name']}[/]（{row['state_label']}）")
    console.print(f"  {row['line_label']}，{row['starts_on']} 至 {row['ends_on']}")
    console.print(f"  发起单位：{row['org_name'] or '—'}")
    console.print(f"  参与单位：{'、'.join(o['name'] for o in row['offices'])}")
    console.print(f"  模型：{'、'.join(m['slug'] for m in row['models'])}")
    console.print(f"  标记线索：{row['leads']} 条")


@app.command("create", help="新建专项：名称、业务条线、期限、参与单位、模型")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="专项名称")],
    line: Annotated[str, typer.Option("--line", help="业务条线")],
    starts_on: Annotated[str, typer.Option("--from", help="开始日期 YYYY-MM-DD")],
    ends_on: Annotated[str, typer.Option("--to", help="结束日期 YYYY-MM-DD")],
    office: Annotated[list[str], typer.Option("--office", help="参与的检察院（可多次）")],
    model: Annotated[list[str], typer.Option("--model", help="专项的模型编号（可多次）")],
    description: Annotated[str, typer.Option("--description", help="说明")] = "",
    org: Annotated[str | None, typer.Option("--org", help="发起院（本地操作员时）")] = None,
    account: UserOption = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        with store.session() as session:
            user = None if account is None else find_user(session, account)
            campaign = create_campaign(
                session,
                name=name,
                line=line,
                starts_on=_day(starts_on, "开始日期"),
                ends_on=_day(ends_on, "结束日期"),
                offices=office,
                models=model,
                by=account or current_user(),
                user=user,
                org=org,
                description=description,
            )
            return campaign_row(session, campaign)

    run(as_json, with_store(ctx, work), _print)


def _act(ctx: typer.Context, ref: str, account: str | None, as_json: bool, start: bool) -> None:
    def work(store: Store) -> dict[str, Any]:
        with store.session() as session:
            user = None if account is None else find_user(session, account)
            campaign = find_campaign(session, ref)
            act = start_campaign if start else stop_campaign
            act(session, campaign, account or current_user(), user)
            return campaign_row(session, campaign)

    run(as_json, with_store(ctx, work), _print)


@app.command("start", help="启动专项：此后其模型发现的线索标记为该专项")
def start(
    ctx: typer.Context, ref: Name, account: UserOption = None, as_json: JsonOption = False
) -> None:
    _act(ctx, ref, account, as_json, start=True)


@app.command("stop", help="停止专项：不再标记线索，不再为该专项运行模型")
def stop(
    ctx: typer.Context, ref: Name, account: UserOption = None, as_json: JsonOption = False
) -> None:
    _act(ctx, ref, account, as_json, start=False)


@app.command("list", help="专项列表")
def list_(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option("--state", help="planned、running、stopped")] = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> list[dict[str, Any]]:
        with store.session() as session:
            return list_campaigns(session, None, state)

    def show(rows: list[dict[str, Any]]) -> None:
        if not rows:
            console.print("没有专项")
            return
        table = folded("编号", "名称", "条线", "期限", "状态", "参与单位", "线索")
        for r in rows:
            table.add_row(
                str(r["id"]),
                r["name"],
                r["line_label"],
                f"{r['starts_on']} 至 {r['ends_on']}",
                r["state_label"],
                str(len(r["offices"])),
                str(r["leads"]),
            )
        console.print(table)

    run(as_json, with_store(ctx, work), show)


@app.command("show", help="专项详情与统计：线索、核查、成案、监督文书、挽回损失，按单位、按模型")
def show(ctx: typer.Context, ref: Name, as_json: JsonOption = False) -> None:
    def work(store: Store) -> dict[str, Any]:
        with store.session() as session:
            return campaign_stats(session, find_campaign(session, ref))

    def out(r: dict[str, Any]) -> None:
        _print(r["campaign"])
        keys = ("leads", "verified", "confirmed", "cases", "actions_total")
        table = folded(
            "单位/模型", "线索", "已核查", "属实", "成案", "文书", "精准率", "挽回（元）"
        )
        rows = [(o["org_name"] or "（未归属单位）", o) for o in r["per_office"]]
        rows += [(m["model"], m) for m in r["per_model"]] + [("合计", r["total"])]
        for label, f in rows:
            table.add_row(
                label,
                *(shown(f[k], "int") for k in keys),
                shown(f["precision"], "percent"),
                shown(f["recovered_amount"], "money"),
            )
        console.print(table)

    run(as_json, with_store(ctx, work), out)


@app.command("run", help="运行专项的模型（各参与单位的采用）；专项停止后拒绝运行")
def run_(
    ctx: typer.Context,
    ref: Name,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="运行日期 YYYY-MM-DD（默认今天）")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb 或 spark")] = "duckdb",
    account: Annotated[
        str | None,
        typer.Option("--user", help="以该用户身份运行：须持有每个输入数据集的有效授权"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        day = None if as_of is None else _day(as_of, "运行日期")
        return run_campaign(store, ref, account=account, run_date=day, engine=engine)

    def out(r: dict[str, Any]) -> None:
        console.print(f"专项“{r['name']}”运行日期 {r['run_date']}：")
        for x in r["runs"]:
            console.print(
                f"  {x['model']}（{x['org']}）运行 #{x['run_id']}：线索 {x['leads']} 条，"
                f"标记 {x['tagged']} 条"
            )
        for x in r["refused"]:
            console.print(f"  [red]{x['model']}（{x['org']}）未运行：{x['error']}[/]")

    run(as_json, with_store(ctx, work), out)
