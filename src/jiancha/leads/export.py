"""Lead lists as files a person opens: CSV (UTF-8 with BOM, for Excel) or .xlsx.

Masked unless the caller has established that the reader may see the values (an unmasking
grant, checked by the caller); flags read 是/否 and states their Chinese labels. Text that a
spreadsheet could run as a formula is written as text (see ``jiancha.governance.spreadsheet``).
The file is rendered whole in memory, so that a failure leaves nothing half-written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from jiancha.errors import JianchaError
from jiancha.governance.masking import mask_lead
from jiancha.governance.spreadsheet import csv_row, protect_row
from jiancha.leads.workflow import STATES

FORMATS = ("csv", "xlsx")
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
HEADINGS = ("编号", "模型", "状态", "仍命中", "主体标识", "主体名称", "标题", "管辖", "涉案金额")
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise JianchaError(f"不支持的导出格式：{fmt}", hint="可用 csv 或 xlsx")
    return fmt


def _cell(column: str, value: Any) -> Any:
    """An exported cell as a person reads it: 是/否 for flags, Chinese state labels."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if column == "status":
        return STATES.get(value, value)
    return value


def table_rows(leads: Iterable[dict[str, Any]], *, masked: bool = True) -> list[list[Any]]:
    shown = (mask_lead(lead) if masked else lead for lead in leads)
    return [[_cell(c, lead[c]) for c in COLUMNS] for lead in shown]


def render(rows: list[list[Any]], fmt: str) -> bytes:
    """The file's bytes, headings first."""
    if check_format(fmt) == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(HEADINGS)
        writer.writerows(csv_row(row) for row in rows)
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "线索"
    sheet.append(list(HEADINGS))
    for row in rows:
        sheet.append(row)
        protect_row(sheet[sheet.max_row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
