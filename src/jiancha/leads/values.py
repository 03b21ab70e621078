"""How values from result rows are shown in titles, evidence and explanations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def plain(value: Any) -> Any:
    """A JSON-safe form: dates as ISO text, decimals as text, everything else unchanged.

    A datetime at exactly midnight is written as its date: ``date + INTERVAL`` is a TIMESTAMP
    on DuckDB and a DATE on Spark, and the same lead must read (and fingerprint) the same on
    both engines.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def shown(value: Any) -> str:
    """How a value reads in Chinese text."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is int:
        return str(value)
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(plain(value))
