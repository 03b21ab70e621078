"""``jiancha leads act | feedback | comment | attach | records``: what is done on a lead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from jiancha.catalogue.importer import current_user
from jiancha.cli.output import console, run, with_store
from jiancha.errors import JianchaError
from jiancha.leads.actions import (
    ACTION_KINDS,
    OUTCOMES,
    add_comment,
    attach,
    issue_action,
    lead_actions,
    record_feedback,
)
from jiancha.store import Store

JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise JianchaError(f"日期 `{text}` 格式应为 YYYY-MM-DD") from None


def act(
    ctx: typer.Context,
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    kind: Annotated[str, typer.Option("--kind", help="、".join(ACTION_KINDS))],
    document_no: Annotated[str, typer.Option("--doc-no", help="文书编号")],
    issued_on: Annotated[str, typer.Option("--date", help="制发日期 YYYY-MM-DD")],
    receiver: Annotated[str, typer.Option("--receiver", help="接收单位")],
    content: Annotated[str, typer.Option("--content", help="主要内容")] = "",
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        day = _day(issued_on)
        return issue_action(
            store,
            lead_id,
            kind=kind,
            document_no=document_no,
            issued_on=day,
            receiver=receiver,
            content=content,
            user=current_user(),
        )

    run(
        as_json,
        with_store(ctx, work),
        lambda a: console.print(f"已登记{a['kind_label']} {a['document_no']}（编号 {a['id']}）"),
    )


def feedback(
    ctx: typer.Context,
    action_id: Annotated[int, typer.Argument(help="监督文书编号")],
    received_on: Annotated[str, typer.Option("--date", help="反馈日期 YYYY-MM-DD")],
    outcome: Annotated[str, typer.Option("--outcome", help="、".join(OUTCOMES))],
    content: Annotated[str, typer.Option("--content", help="反馈内容")],
    recovered: Annotated[str, typer.Option("--recovered", help="挽回经济损失（元）")] = "0",
    persons: Annotated[int, typer.Option("--persons", help="涉及人数")] = 0,
    rules: Annotated[int, typer.Option("--rules", help="建章立制数")] = 0,
    as_json: JsonOption = False,
) -> None:
    def work(store: Store) -> dict[str, Any]:
        day = _day(received_on)
        return record_feedback(
            store,
            action_id,
            received_on=day,
            outcome=outcome,
            content=content,
            user=current_user(),
            recovered_amount=recovered,
            persons_affected=persons,
            rules_made=rules,
        )

    run(
        as_json,
        with_store(ctx, work),
        lambda f: console.print(f"已登记反馈：{f['outcome_label']}"),
    )


def comment(
    ctx: typer.Context,
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    text: Annotated[str, typer.Argument(help="留言内容")],
    as_json: JsonOption = False,
) -> None:
    work = with_store(ctx, lambda store: add_comment(store, lead_id, text, current_user()))
    run(as_json, work, lambda c: console.print(f"已留言（编号 {c['id']}）"))


def attach_(
    ctx: typer.Context,
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    file: Annotated[Path, typer.Argument(help="附件文件")],
    as_json: JsonOption = False,
) -> None:
    work = with_store(ctx, lambda store: attach(store, lead_id, file, current_user()))
    run(as_json, work, lambda a: console.print(f"已添加附件 {a['filename']}（{a['size']:,} 字节）"))


def records(
    ctx: typer.Context,
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    as_json: JsonOption = False,
) -> None:
    def show(found: dict[str, Any]) -> None:
        for a in found["actions"]:
            console.print(
                f"{a['issued_on']} {a['kind_label']} {a['document_no']} → {a['receiver']}"
            )
            for f in a["feedback"]:
                console.print(
                    f"    {f['received_on']} 反馈：{f['outcome_label']}，"
                    f"挽回 {f['recovered_amount']} 元"
                )
        for c in found["comments"]:
            console.print(f"{c['at'][:19]} {c['user']}：{c['text']}")
        for f in found["attachments"]:
            console.print(
                f"附件 {f['filename']}（{f['size']:,} 字节，SHA-256 {f['sha256'][:12]}…）"
            )

    run(as_json, with_store(ctx, lambda store: lead_actions(store, lead_id)), show)


def register(app: typer.Typer) -> None:
    app.command("act", help="对已成案线索制发监督文书（检察建议、纠正违法通知书等）")(act)
    app.command("feedback", help="登记监督文书的整改反馈与成效")(feedback)
    app.command("comment", help="在线索上留言")(comment)
    app.command("attach", help="为线索添加附件（存入工作区）")(attach_)
    app.command("records", help="线索上的监督文书、反馈、留言和附件")(records)
