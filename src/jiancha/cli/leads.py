"""``jiancha leads list | export | move | history``; records on a lead are in ``lead_records``,
assignment and referral in ``lead_routing``, drafts of documents in ``drafts``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Any

import typer
from openpyxl import Workbook
from rich.table import Table

from jiancha.catalogue.importer import current_user
from jiancha.cli import drafts, lead_records, lead_routing
from jiancha.cli.output import console, run, with_store
from jiancha.errors import JianchaError
from jiancha.governance import audit
from jiancha.leads import LeadFilter, Move, history, move_lead, search_leads, tally
from jiancha.leads.workflow import REJECTION_REASONS, STATES
from jiancha.store import Store

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
ModelOption = Annotated[str | None, typer.Option("--model", help="只看某个模型的线索")]
StatusOption = Annotated[str | None, typer.Option("--status", help="只看某个状态的线索")]
OrgOption = Annotated[
    str | None, typer.Option("--org", help="只看某检察院（含下级院）的线索（代码或名称）")
]
COLUMNS = (
    "id",
    "model",
    "status",
    "hit",
    "subject_key",
    "subject_name",
    "title",
    "jurisdiction",
    "amount",
)
STATUS_LABELS = STATES
HEADINGS = ("编号", "模型", "状态", "仍命中", "主体标识", "主体名称", "标题", "管辖", "涉案金额")


def _fetch(
    ctx: typer.Context, model: str | None, status: str | None, org: str | None = None
) -> list[dict[str, Any]]:
    def work(store: Store) -> list[dict[str, Any]]:
        with store.session() as session:
            return search_leads(session, LeadFilter(model=model, status=status, org=org))[1]

    leads: list[dict[str, Any]] = with_store(ctx, work)()
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
            label = STATUS_LABELS.get(lead["status"], lead["status"])
            state = label + ("" if lead["hit"] else "（不再命中）")
            table.add_row(str(lead["id"]), lead["model"], state, lead["title"])
        console.print(table)

    run(as_json, lambda: _fetch(ctx, model, status, org), show)


@app.command("export", help="导出线索为 CSV 或 Excel")
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="csv 或 xlsx")] = "csv",
    out: Annotated[
        Path | None, typer.Option("--out", help="输出文件（默认 leads.csv / leads.xlsx）")
    ] = None,
    model: ModelOption = None,
    status: StatusOption = None,
    as_json: JsonOption = False,
) -> None:
    def action() -> dict[str, Any]:
        if fmt not in ("csv", "xlsx"):
            raise JianchaError(f"不支持的导出格式：{fmt}", hint="可用 csv 或 xlsx")
        target = out or Path(f"leads.{fmt}")
        leads = _fetch(ctx, model, status)
        rows = [[_cell(c, lead[c]) for c in COLUMNS] for lead in leads]
        partial = target.with_name(target.name + ".partial")
        if fmt == "csv":
            with partial.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(HEADINGS)
                writer.writerows(rows)
        else:
            book = Workbook()
            sheet = book.active
            sheet.title = "线索"
            sheet.append(list(HEADINGS))
            for row in rows:
                sheet.append(row)
            book.save(partial)
        partial.replace(target)
        detail = {"file": str(target), "format": fmt, "model": model, "status": status}
        entry = {"actor": current_user(), "action": "export", "object_type": "leads"}
        with_store(ctx, lambda st: audit.record_now(st, **entry, rows=len(rows), detail=detail))()
        return {"path": str(target), "rows": len(rows), "format": fmt}

    run(as_json, action, lambda r: console.print(f"已导出 {r['rows']:,} 条线索到 {r['path']}"))


def _cell(column: str, value: Any) -> Any:
    """An exported cell as a person reads it: 是/否 for flags, Chinese state labels."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if column == "status":
        return STATUS_LABELS.get(value, value)
    return value


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
    as_json: JsonOption = False,
) -> None:
    step = Move(target=to, note=note, reason=reason, assignee=assignee)
    run(
        as_json,
        with_store(ctx, lambda store: move_lead(store, lead_id, step, current_user())),
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
            table.add_row(e["at"][:19], e["user"], STATES[e["from"]], e["to_label"], why)
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
lead_routing.register(app)
drafts.register(app)
