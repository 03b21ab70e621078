"""``jiancha leads list | export | move | history``; records on a lead are in ``lead_records``,
assignment and referral in ``lead_routing``, drafts of documents in ``drafts``, sign-offs in
``lead_signoffs``.

``leads move`` acts as the local operator, or with ``--as`` as an account whose role must grant
the step (and whose approval opening a case counts as, when it holds ``leads.approve``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha.catalogue.importer import current_user
from jiancha.cli import drafts, lead_records, lead_routing, lead_show, lead_signoffs
from jiancha.cli.drafts import write_atomically
from jiancha.cli.output import console, run, with_store
from jiancha.errors import JianchaError
from jiancha.governance import audit, breaker
from jiancha.governance.access import unmask_for
from jiancha.leads import LeadFilter, Move, history, move_lead, search_leads, tally
from jiancha.leads.confine import LOCAL
from jiancha.leads.export import check_format, render, table_rows
from jiancha.leads.workflow import REJECTION_REASONS, STATES
from jiancha.store import Store

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
ModelOption = Annotated[str | None, typer.Option("--model", help="只看某个模型的线索")]
StatusOption = Annotated[str | None, typer.Option("--status", help="只看某个状态的线索")]
OrgOption = Annotated[
    str | None, typer.Option("--org", help="只看某检察院（含下级院）的线索（代码或名称）")
]


def _fetch_in(
    store: Store, model: str | None, status: str | None, org: str | None = None
) -> list[dict[str, Any]]:
    with store.session() as session:
        wanted = LeadFilter(model=model, status=status, org=org, viewer=LOCAL)
        return search_leads(session, wanted)[1]


def _fetch(
    ctx: typer.Context, model: str | None, status: str | None, org: str | None = None
) -> list[dict[str, Any]]:
    leads: list[dict[str, Any]] = with_store(ctx, lambda st: _fetch_in(st, model, status, org))()
    return leads


@app.command("list", help="列出线索")
def list_(
    ctx: typer.Context,
    model: ModelOption = None,
    status: StatusOption = None,
    org: OrgOption = None,
    as_json: JsonOption = False,
) -> None:
    def show(leads: list[dict[str, Any]]) -> None:
        if not leads:
            console.print("没有线索。")
            return
        table = Table("编号", "模型", "状态", "标题")
        for lead in leads:
            label = STATES.get(lead["status"], lead["status"])
            state = label + ("" if lead["hit"] else "（不再命中）")
            table.add_row(str(lead["id"]), lead["model"], state, lead["title"])
        console.print(table)

    run(as_json, lambda: _fetch(ctx, model, status, org), show)


@app.command("export", help="导出线索为 CSV 或 Excel（默认脱敏）")
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="csv 或 xlsx")] = "csv",
    out: Annotated[
        Path | None, typer.Option("--out", help="输出文件（默认 leads.csv / leads.xlsx）")
    ] = None,
    model: ModelOption = None,
    status: StatusOption = None,
    unmasked: Annotated[
        bool,
        typer.Option("--unmasked", help="不脱敏：须用 --user 指明持有未脱敏授权的用户"),
    ] = False,
    account: Annotated[
        str | None, typer.Option("--user", help="以该用户身份导出（计入其熔断阈值）")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        target = out or Path(f"leads.{check_format(fmt)}")
        if unmasked and account is None:
            raise JianchaError(
                "导出未脱敏的线索须用 --user 指明导出人", hint="导出人须持有相应数据集的未脱敏授权"
            )
        leads = _fetch_in(store, model, status)
        models = {lead["model"] for lead in leads}
        grants = unmask_for(store, account, models) if unmasked and account else []
        if account is not None:
            breaker.consume(store, account, "exported_rows", max(len(leads), 1))
        write_atomically(target, render(table_rows(leads, masked=not unmasked), fmt))
        detail: dict[str, Any] = {"file": str(target), "format": fmt, "model": model}
        detail["status"] = status
        detail |= {"masked": not unmasked, "grants": grants}
        entry = {"actor": account or current_user(), "action": "export", "object_type": "leads"}
        audit.record_now(store, **entry, rows=len(leads), detail=detail)
        return {"path": str(target), "rows": len(leads), "format": fmt, "masked": not unmasked}

    run(
        as_json,
        with_store(ctx, work),
        lambda r: console.print(
            f"已导出 {r['rows']:,} 条线索到 {r['path']}（{'已脱敏' if r['masked'] else '未脱敏'}）"
        ),
    )


@app.command("move", help="推进线索：分派、核查、属实/不属实、成案、制发文书、反馈、办结")
def move(
    ctx: typer.Context,
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    to: Annotated[str, typer.Option("--to", help="目标状态：" + "、".join(STATES))],
    note: Annotated[str, typer.Option("--note", help="说明（不属实、属实、办结时必填）")] = "",
    reason: Annotated[
        str | None, typer.Option("--reason", help="不属实原因：" + "、".join(REJECTION_REASONS))
    ] = None,
    assignee: Annotated[str | None, typer.Option("--assignee", help="承办人（分派时必填）")] = None,
    account: Annotated[
        str | None,
        typer.Option("--as", help="以该用户身份办理（按其角色检查权限；不填：本地操作员）"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    step = Move(target=to, note=note, reason=reason, assignee=assignee)

    def work(store: Store) -> dict[str, Any]:
        if account is None:
            return move_lead(store, lead_id, step, current_user())
        person = lead_signoffs.account_of(store, account)
        return move_lead(store, lead_id, step, person.username, person)

    run(
        as_json,
        with_store(ctx, work),
        lambda e: console.print(f"线索 {e['lead_id']} 已转为{e['to_label']}（{e['user']}）"),
    )


@app.command("history", help="线索的处理经过（谁、何时、从何状态到何状态、理由）")
def history_(
    ctx: typer.Context,
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    as_json: JsonOption = False,
) -> None:
    def show(events: list[dict[str, Any]]) -> None:
        if not events:
            console.print("尚无处理记录。")
            return
        table = Table("时间", "操作人", "由", "转为", "理由")
        for e in events:
            why = "；".join(x for x in (e["reason_label"], e["assignee"], e["note"]) if x)
            done = e["to_label"] if e.get("kind", "move") == "move" else f"（签署）{e['to_label']}"
            table.add_row(e["at"][:19], e["user"], STATES[e["from"]], done, why)
        console.print(table)

    run(as_json, with_store(ctx, lambda store: history(store, lead_id)), show)


@app.command("retally", help="核对线索计数（统计与分页所用）；--fix 时按线索表重算")
def retally(
    ctx: typer.Context,
    fix: Annotated[bool, typer.Option("--fix", help="发现不一致时重算")] = False,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        with store.session() as session:
            problems = tally.verify(session)
            rebuilt = tally.rebuild(session) if problems and fix else None
        return {"differences": problems, "rebuilt": rebuilt}

    def show(result: dict[str, Any]) -> None:
        if not result["differences"]:
            console.print("线索计数与线索表一致。")
            return
        for line in result["differences"][:50]:
            console.print(f"  {line}")
        if result["rebuilt"] is None:
            console.print(f"[yellow]{len(result['differences'])} 处不一致[/]；用 --fix 重算。")
        else:
            console.print(f"已重算：{result['rebuilt']} 组计数。")

    run(as_json, with_store(ctx, work), show)


lead_records.register(app)
lead_show.register(app)
lead_routing.register(app)
lead_signoffs.register(app)
drafts.register(app)
