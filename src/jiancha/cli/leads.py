"""``jiancha leads list | export``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Any

import typer
from openpyxl import Workbook
from rich.table import Table

from jiancha.cli.output import console, run
from jiancha.errors import JianchaError
from jiancha.leads import list_leads
from jiancha.store import open_store, open_workspace

app = typer.Typer(no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
ModelOption = Annotated[str | None, typer.Option("--model", help="只看某个模型的线索")]
StatusOption = Annotated[str | None, typer.Option("--status", help="只看某个状态的线索")]
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
STATUS_LABELS = {"new": "新线索"}
"""Chinese labels of lead states (the verification workflow adds the rest)."""
HEADINGS = ("编号", "模型", "状态", "仍命中", "主体标识", "主体名称", "标题", "管辖", "涉案金额")


def _fetch(ctx: typer.Context, model: str | None, status: str | None) -> list[dict[str, Any]]:
    store = open_store(open_workspace(ctx.obj["home"]))
    try:
        with store.session() as session:
            return list_leads(session, model, status)
    finally:
        store.close()


@app.command("list", help="列出线索")
def list_(
    ctx: typer.Context,
    model: ModelOption = None,
    status: StatusOption = None,
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

    run(as_json, lambda: _fetch(ctx, model, status), show)


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
        return {"path": str(target), "rows": len(rows), "format": fmt}

    run(as_json, action, lambda r: console.print(f"已导出 {r['rows']:,} 条线索到 {r['path']}"))


def _cell(column: str, value: Any) -> Any:
    """An exported cell as a person reads it: 是/否 for flags, Chinese state labels."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if column == "status":
        return STATUS_LABELS.get(value, value)
    return value
