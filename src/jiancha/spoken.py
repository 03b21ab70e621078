"""How a value reads inside a Chinese message: never Python's ``None``, ``True`` or ``['a']``.

Messages interpolate values that may be missing (a parameter's default, an optional field): an
f-string would show Python's spelling of them, which means nothing to a prosecutor.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

MISSING = "（空）"


def spoken(value: Any) -> str:
    """``None`` → （空）, booleans → 是/否, lists → 甲、乙, dates in ISO, decimals unscientific."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return "、".join(spoken(v) for v in items) or MISSING
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
