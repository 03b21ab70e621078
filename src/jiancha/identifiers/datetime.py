"""日期时间: a naive local (China Standard Time) moment, to the microsecond."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pyarrow as pa

from . import _temporal
from .base import Invalid, SemanticType


class DateTime(SemanticType):
    """``2023-05-06 14:30``, ISO with ``T`` (offsets converted to UTC+8), ``2023/5/6 14:30``,
    ``2023年5月6日14时30分05秒``, Excel serials with a fraction; a bare date is midnight.

    :meth:`sniff` demands a distinctive date form followed by a written time.
    """

    name = "datetime"
    label = "日期时间"
    storage: ClassVar[pa.DataType] = pa.timestamp("us")
    classification = "internal"
    name_patterns = ("时间(?!段)", r"(?<![a-z])datetime", "_at$", r"sj(?![a-z])")

    def clean(self, raw: str) -> dt.datetime:
        parsed = _temporal.parse(raw)
        return dt.datetime.combine(parsed.date, parsed.time or dt.time())

    def sniff(self, raw: str) -> bool:
        try:
            parsed = _temporal.parse(raw)
        except Invalid:
            return False
        return parsed.distinctive and parsed.time is not None
