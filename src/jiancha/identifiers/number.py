"""数值: a real number as ``float64``.

A percentage keeps its written figure: ``12.5%`` cleans to ``12.5``, not ``0.125`` (the column's
unit is the percent, as in the source table).
"""

from __future__ import annotations

import math
import re
from typing import ClassVar

import pyarrow as pa

from ._chinese import chinese_to_decimal
from ._text import nfkc
from .base import Invalid, SemanticType

_NUMBER = re.compile(
    r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII
)
_PLAIN = re.compile(
    r"[+-]?(?:(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?%?",
    re.ASCII,
)


class Number(SemanticType):
    """Decimals, thousands separators, percentages, scientific notation, Chinese numerals.

    :meth:`sniff` refuses a leading zero and Chinese numerals, as :class:`Integer` does.
    """

    name = "number"
    label = "数值"
    storage: ClassVar[pa.DataType] = pa.float64()
    classification = "internal"
    name_patterns = (
        "比例",
        "数值",
        "吨",
        "升",
        "重量",
        r"(?<![a-z])ratio",
        r"(?<![a-z])rate(?![a-z])",
    )

    def clean(self, raw: str) -> float:
        text = nfkc(raw).replace(" ", "")
        if text.endswith("%"):
            text = text[:-1]
        if _NUMBER.fullmatch(text):
            value = float(text.replace(",", ""))
        else:
            exact = chinese_to_decimal(text)
            if exact is None:
                raise Invalid("无法识别的数值")
            value = float(exact)
        if not math.isfinite(value):
            raise Invalid("数值超出范围")
        return value

    def sniff(self, raw: str) -> bool:
        return _PLAIN.fullmatch(nfkc(raw)) is not None and super().sniff(raw)
