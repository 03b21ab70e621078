"""金额: an amount of yuan as ``Decimal`` with 2 places (``decimal128(18, 2)``)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar

import pyarrow as pa

from ._chinese import NUMERAL_CHARS, chinese_to_decimal, chinese_to_int
from ._text import nfkc
from .base import Invalid, SemanticType

CENT = Decimal("0.01")
LIMIT = Decimal(10) ** 16
"""Amounts must stay below 10¹⁶ yuan to fit ``decimal128(18, 2)``."""
UNITS = {"": 1, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8, "万亿": 10**12}

_CURRENCY = re.compile(r"^(?:人民币|RMB|CNY|¥)", re.IGNORECASE)
_MARKER = re.compile(r"元|圆|块|¥|万|亿|RMB|CNY|人民币", re.IGNORECASE)
_DIGIT = f"[0-9{NUMERAL_CHARS}]"
_PARTS = re.compile(
    rf"(?P<yuan>.*?)(?:[元圆块](?:零?(?P<jiao>{_DIGIT})角)?(?:零?(?P<fen>{_DIGIT})分)?)?整?",
)
_ARABIC = re.compile(
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?P<unit>万亿|亿|万|千|百)?", re.ASCII
)
_UNKNOWN = "无法识别的金额"


def _digit(text: str | None) -> int:
    if not text:
        return 0
    value = int(text) if text.isascii() else chinese_to_int(text)
    if value is None:
        raise Invalid(_UNKNOWN)
    return value


def _yuan(text: str) -> Decimal:
    m = _ARABIC.fullmatch(text)
    if m:
        return Decimal(m["num"].replace(",", "")) * UNITS[m["unit"] or ""]
    value = chinese_to_decimal(text)
    if value is None:
        raise Invalid(_UNKNOWN)
    return value


class Money(SemanticType):
    """``1.5万元`` → 15000.00, ``人民币五千元``, ``¥1,234.50``, ``壹万贰仟元整``, ``-50``…

    :meth:`sniff` demands a currency marker (元, ¥, 万, RMB, 人民币…): plain numbers are not money.
    """

    name = "money"
    label = "金额"
    storage: ClassVar[pa.DataType] = pa.decimal128(18, 2)
    classification = "internal"
    name_patterns = (
        "金额",
        "罚金",
        "罚款",
        "数额",
        "价款",
        "税额",
        "工资",
        "费用",
        "保证金",
        "赃款",
        "违法所得",
        "标的",
        "资本",
        "资金",
        r"(?<![a-z])amount",
        r"(?<![a-z])money",
        r"je(?![a-z])",
        r"(?<![a-z])fee(?![a-z])",
    )

    def clean(self, raw: str) -> Decimal:
        text = "".join(nfkc(raw).split())
        negative = text[:1] in ("-", "负")
        if text[:1] in ("-", "+", "负"):
            text = text[1:]
        text = _CURRENCY.sub("", text, count=1)
        if not negative and text[:1] == "-":
            negative, text = True, text[1:]
        m = _PARTS.fullmatch(text)
        if m is None or not (m["yuan"] or m["jiao"] or m["fen"]):
            raise Invalid(_UNKNOWN)
        amount = _yuan(m["yuan"]) if m["yuan"] else Decimal(0)
        amount += Decimal(_digit(m["jiao"])) / 10 + Decimal(_digit(m["fen"])) / 100
        if amount >= LIMIT:
            raise Invalid("金额超出范围")
        amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
        return -amount if negative and amount else amount

    def sniff(self, raw: str) -> bool:
        return _MARKER.search(nfkc(raw)) is not None and super().sniff(raw)
