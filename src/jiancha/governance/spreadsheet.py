"""Spreadsheet formula injection (CSV injection): exported text never runs as a formula.

Following OWASP's guidance on CSV injection, a text cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return could be read by Excel or LibreOffice as a formula (``=HYPERLINK``
to exfiltrate, ``=cmd|…`` to run a program). Such a cell is written as text in .xlsx (a string
cell with the quote-prefix style, so that editing it keeps it text) and, in CSV, prefixed with a
single quote ``'``. A plain number written as text (``-1200.50``) is left as it is: it cannot be a
formula. Numbers, dates and flags are never touched.
"""

from __future__ import annotations

import re
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def dangerous(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.match(value)


def csv_cell(value: Any) -> Any:
    """``value`` as safe to put in a CSV cell: a quote before a formula-like text."""
    return "'" + value if dangerous(value) else value


def csv_row(row: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [csv_cell(v) for v in row]


def protect_row(cells: Any) -> None:
    """Make the formula-like text cells of one openpyxl row (already appended) plain text."""
    for cell in cells:
        if dangerous(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
