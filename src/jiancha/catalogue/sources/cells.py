"""Turning typed cell values (from spreadsheets, Parquet, JSON, databases) into text.

Every source hands the standardiser text, so that one set of rules reads every format and the
raw value kept beside the standard one is what a person would see in the source.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any


def cell_text(value: Any) -> str | None:
    """Text of one cell; ``None`` for an empty one."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        # Whole numbers print without ".0"; beyond 2**53 a float has already lost digits
        # (an ID number typed into Excel as a number), so show it as the float it is.
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)
