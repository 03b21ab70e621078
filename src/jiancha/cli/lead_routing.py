"""``jiancha leads assign | refer | referrals | accept | decline``: who handles a lead."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from jiancha.catalogue.importer import current_user
from jiancha.cli.output import console, run, with_store
from jiancha.leads.routing import REFERRAL_STATES, assign_many, decide, refer, referrals

JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
NoteOption = Annotated[str, typer.Option("--note", help="说明")]


def assign(
    ctx: typer.Context,
    lead_ids: Annotated[list[int], typer.Argument(help="线索编号（可多个，全部成功或全部不变）")],
    to: Annotated[str, typer.Option("--to", help="承办人用户名")],
    note: NoteOption = "",
    as_json: JsonOption = False,
) -> None:
    run(
        as_json,
        with_store(ctx, lambda store: assign_many(store, lead_ids, to, current_user(), note)),
        lambda events: console.print(f"已将 {len(events)} 条线索分派给 {to}"),
    )


def refer_(
    ctx: typer.Context,
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    to: Annotated[str, typer.Option("--to", help="接收的检察院（代码或名称）")],
    note: Annotated[str, typer.Option("--note", help="移送理由（必填）")] = "",
    as_json: JsonOption = False,
) -> None:
    run(
        as_json,
        with_store(ctx, lambda store: refer(store, lead_id, to, current_user(), note)),
        lambda r: console.print(
            f"线索 {r['lead_id']} 已移送“{r['to_org']}”（移送编号 {r['id']}），待对方接收"
        ),
    )


def list_referrals(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option("--org", help="只看移送给该院的")] = None,
    status: Annotated[str | None, typer.Option("--status", help="、".join(REFERRAL_STATES))] = None,
    as_json: JsonOption = False,
) -> None:
    def show(rows: list[dict[str, Any]]) -> None:
        if not rows:
            console.print("没有移送记录。")
            return
        table = Table("编号", "线索", "移出", "接收", "状态", "理由", "移送人")
        for r in rows:
            table.add_row(
                str(r["id"]),
                str(r["lead_id"]),
                r["from_org"] or "（未分流）",
                r["to_org"],
                r["status_label"],
                r["note"],
                r["requested_by"],
            )
        console.print(table)

    run(as_json, with_store(ctx, lambda store: referrals(store, org=org, status=status)), show)


def _decide(ctx: typer.Context, referral_id: int, decision: str, note: str, as_json: bool) -> None:
    run(
        as_json,
        with_store(ctx, lambda store: decide(store, referral_id, decision, current_user(), note)),
        lambda r: console.print(f"移送 {r['id']}（线索 {r['lead_id']}）{r['status_label']}"),
    )


def accept(
    ctx: typer.Context,
    referral_id: Annotated[int, typer.Argument(help="移送编号")],
    note: NoteOption = "",
    as_json: JsonOption = False,
) -> None:
    _decide(ctx, referral_id, "accept", note, as_json)


def decline(
    ctx: typer.Context,
    referral_id: Annotated[int, typer.Argument(help="移送编号")],
    note: Annotated[str, typer.Option("--note", help="退回理由（必填）")] = "",
    as_json: JsonOption = False,
) -> None:
    _decide(ctx, referral_id, "decline", note, as_json)


def register(app: typer.Typer) -> None:
    app.command("assign", help="分派线索给承办人（可批量；也用于改派）")(assign)
    app.command("refer", help="把线索移送到另一个检察院（对方接收后转入其待办）")(refer_)
    app.command("referrals", help="移送记录")(list_referrals)
    app.command("accept", help="接收移送来的线索")(accept)
    app.command("decline", help="退回移送来的线索")(decline)
