"""The Excel workbook: 效能统计, the four ledgers, and 说明 (the filter and when it was made).

Numbers are written as numbers (money and percentages with number formats), headers are
Chinese, the header row is frozen, columns are wide enough for Chinese text; text that could run
as a formula (a model or office named ``=…``) is written as text. The workbook is
returned as bytes; writing it to a file (atomically) is the caller's business.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from jiancha import clock
from jiancha.clock import CHINA
from jiancha.governance.spreadsheet import protect_row
from jiancha.stats.filters import GROUPS, StatsFilter
from jiancha.stats.funnel import statistics
from jiancha.stats.labels import (
    AREA_LABELS,
    COLUMNS,
    DAYS,
    INT,
    LEDGER_COLUMNS,
    LINE_LABELS,
    MONEY,
    PERCENT,
    TEXT,
    pick,
)
from jiancha.stats.ledgers import LEDGERS, model_ledgers
from jiancha.store import Store

FORMATS = {INT: "#,##0", MONEY: "#,##0.00", PERCENT: "0.0%", DAYS: "0.0", TEXT: "@"}
DEFINITIONS = (
    ("已核查", "当前状态为核查不属实、核查属实或其后各状态的线索数"),
    ("核查属实", "当前状态为核查属实或其后各状态的线索数（不含核查不属实）"),
    ("成案", "当前状态为已成案或其后各状态的线索数"),
    ("精准率", "核查属实 ÷ 已核查"),
    ("成案率", "成案 ÷ 线索数"),
    ("采纳率", "文书被采纳（反馈为已整改或部分整改）÷ 监督文书合计"),
    ("平均处置天数", "线索发现之日至首份监督文书制发之日的天数，按有文书的线索平均"),
)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _table(
    sheet: Any, columns: Sequence[tuple[str, str, str]], rows: Sequence[Sequence[Any]]
) -> None:
    """Headings, rows with number formats, frozen header, fitted widths."""
    sheet.append([heading for _, heading, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for values in rows:
        sheet.append(list(values))
        protect_row(sheet[sheet.max_row])
        for cell, (_, _, fmt) in zip(sheet[sheet.max_row], columns, strict=True):
            cell.number_format = FORMATS[fmt]
    sheet.freeze_panes = "A2"
    for index, (_, heading, _) in enumerate(columns, start=1):
        longest = max([_width(str(r[index - 1] or "")) for r in rows] + [_width(heading), 8])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, 60)


def _number(value: Any, fmt: str) -> Any:
    return Decimal(value) if fmt == MONEY and value is not None else value


def _funnel_sheet(sheet: Any, report: dict[str, Any]) -> None:
    group = report["group_by"]
    columns = (("label", GROUPS[group], TEXT), ("key", "代码", TEXT), *COLUMNS)
    rows = []
    for row in [*report["groups"], report["total"]]:
        indent = "　" * int(row.get("depth") or 0)
        rows.append(
            [indent + row["label"], row["key"]]
            + [_number(pick(row, path), fmt) for path, _, fmt in COLUMNS]
        )
    _table(sheet, columns, rows)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _ledger_sheet(sheet: Any, models: list[dict[str, Any]]) -> None:
    rows = [[_number(m[key], fmt) for key, _, fmt in LEDGER_COLUMNS] for m in models]
    _table(sheet, LEDGER_COLUMNS, rows)


def _lines(f: StatsFilter) -> str:
    """The line filter as read: the line asked for, else the lines the user is limited to."""
    if f.line:
        return f"{LINE_LABELS[f.line]}（{f.line}）"
    if f.lines:
        return "、".join(f"{LINE_LABELS[x]}（{x}）" for x in f.lines)
    return "全部"


def _notes_sheet(sheet: Any, f: StatsFilter, generated: dt.datetime) -> None:
    period = f"{f.date_from or '不限'} 至 {f.date_to or '不限'}"
    rows: list[tuple[str, str]] = [
        ("统计分组", GROUPS[f.group_by]),
        ("模型", "、".join(f.models) or "全部"),
        ("检察院（含下级院）", f.org or "全部"),
        ("检察领域", f"{AREA_LABELS[f.area]}（{f.area}）" if f.area else "全部"),
        ("业务条线", _lines(f)),
        ("线索发现日期（北京时间）", period),
        ("生成时间（北京时间）", generated.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")),
        *DEFINITIONS,
    ]
    _table(sheet, (("item", "项目", TEXT), ("value", "内容", TEXT)), rows)


def workbook_bytes(
    f: StatsFilter,
    report: dict[str, Any],
    ledgers: dict[str, Any],
    generated: dt.datetime,
) -> bytes:
    book = Workbook()
    _funnel_sheet(book.active, report)
    book.active.title = "效能统计"
    for name, label in LEDGERS.items():
        _ledger_sheet(book.create_sheet(label), ledgers["ledgers"][name]["models"])
    _notes_sheet(book.create_sheet("说明"), f, generated)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_xlsx(store: Store, f: StatsFilter, *, now: dt.datetime | None = None) -> bytes:
    """The statistics for ``f`` and the ledgers (its models, office, area, line) as .xlsx."""
    report = statistics(store, f)
    ledgers = model_ledgers(store, f)
    return workbook_bytes(f, report, ledgers, now or clock.now())
