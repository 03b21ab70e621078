"""整数: a whole number that fits ``int64``."""

from __future__ import annotations

import re
from typing import ClassVar

import pyarrow as pa

from ._chinese import chinese_to_decimal
from ._text import ascii_digits, nfkc
from .base import Invalid, SemanticType

INT64_MAX = 2**63 - 1
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?", re.ASCII)
_PLAIN = re.compile(r"[+-]?(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.0*)?", re.ASCII)
_FRACTION = "不是整数（有小数部分）"


def _checked(value: int) -> int:
    if not -INT64_MAX - 1 <= value <= INT64_MAX:
        raise Invalid("整数超出范围")
    return value


class Integer(SemanticType):
    """``1234``, ``1,234``, ``+12``, ``-3``, ``12.0``, full-width digits, ``一百零五``.

    :meth:`sniff` refuses a leading zero (``007`` is a code, not a count) and Chinese numerals.
    """

    name = "integer"
    label = "整数"
    storage: ClassVar[pa.DataType] = pa.int64()
    classification = "internal"
    name_patterns = (
        "数量",
        "人数",
        "次数",
        "天数",
        "年龄",
        "刑期",
        r"(?<![a-z])(?:count|num|qty|cnt)(?![a-z])",
    )

    def clean(self, raw: str) -> int:
        if len(raw) <= 18 and ascii_digits(raw):
            return int(raw)
        text = nfkc(raw).replace(" ", "")
        if len(text) > 40:
            raise Invalid("整数超出范围")
        m = _NUMBER.fullmatch(text)
        if m:
            if m[1] and m[1].strip("0"):
                raise Invalid(_FRACTION)
            return _checked(int(text.split(".")[0].replace(",", "")))
        value = chinese_to_decimal(text)
        if value is None:
            raise Invalid("无法识别的整数")
        if value != value.to_integral_value():
            raise Invalid(_FRACTION)
        return _checked(int(value))

    def sniff(self, raw: str) -> bool:
        return _PLAIN.fullmatch(nfkc(raw)) is not None and super().sniff(raw)
