"""日期: a calendar day, from any of the forms :mod:`._temporal` reads (a time part is dropped)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pyarrow as pa

from . import _temporal
from .base import Invalid, SemanticType


class Date(SemanticType):
    """``2023-05-06``, ``2023年5月6日``, ``二〇二三年五月六日``, ``20230506``, Excel serials…

    :meth:`sniff` only counts forms with separators or 年月日: bare 8-digit numbers and serial
    numbers clean, but a column of integers must not be guessed as dates.
    """

    name = "date"
    label = "日期"
    storage: ClassVar[pa.DataType] = pa.date32()
    classification = "internal"
    name_patterns = (
        "日期",
        "时间(?!段)",
        "生效",
        "出生",
        r"rq(?![a-z])",
        r"(?<![a-z])date(?![a-z])",
        "_at$",
        "_on$",
        "_time$",
    )

    def clean(self, raw: str) -> dt.date:
        if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                pass
        return _temporal.parse(raw).date

    def sniff(self, raw: str) -> bool:
        try:
            return _temporal.parse(raw).distinctive
        except Invalid:
            return False
