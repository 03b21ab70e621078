"""居民身份证号 (Resident Identity Card number, GB 11643), validated with ``stdnum.cn.ric``."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import ClassVar

import pyarrow as pa
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from ._text import ascii_digits, compact_code
from .base import Invalid, SemanticType

_LENGTH = "长度应为18位（或15位旧号）"
_NOT_DIGITS = "含非数字字符"
_BAD_DATE = "出生日期无效"
_BAD_REGION = "地区码无效"
_INT_LIMIT = 10**17 * 11
_CHECKS = frozenset("0123456789X")


@lru_cache(maxsize=1 << 16)
def region_valid(code6: str, year: int) -> bool:
    """Whether a 6-digit region code was in force in ``year`` (stdnum's own rule, cached).

    stdnum raises ``KeyError`` for a known province with an unknown county (``110001``).
    """
    try:
        ric.get_birth_place(f"{code6}{year:04d}01010000")
    except (ValidationError, KeyError):
        return False
    return True


def check_char(id17: str) -> str:
    """Check character (``0``–``9`` or ``X``) for the first 17 digits (ISO 7064 MOD 11-2)."""
    value = (1 - 2 * int(id17, 13)) % 11
    return "X" if value == 10 else str(value)


def upgrade15(id15: str) -> str:
    """Upgrade a 15-digit (pre-1999) number: insert ``19`` before the year, append the check."""
    if len(id15) != 15 or not ascii_digits(id15):
        raise Invalid("15位旧号应为15位数字")
    id17 = f"{id15[:6]}19{id15[6:]}"
    return id17 + check_char(id17)


def _require18(id18: str) -> None:
    if len(id18) != 18 or not ascii_digits(id18[:17]) or id18[17] not in _CHECKS:
        raise Invalid("应为18位标准身份证号")


def birth_date(id18: str) -> dt.date:
    """Birth date held in digits 7–14 of a standard 18-character number."""
    _require18(id18)
    try:
        return dt.date(int(id18[6:10]), int(id18[10:12]), int(id18[12:14]))
    except ValueError:
        raise Invalid(_BAD_DATE) from None


def sex(id18: str) -> str:
    """``男`` or ``女`` from the 17th digit (odd for men)."""
    _require18(id18)
    return "男" if int(id18[16]) % 2 else "女"


def to_int(id18: str) -> int:
    """Reversible 64-bit encoding: the first 17 digits × 11 + check value (``X`` = 10).

    It keeps the order of the strings, and fits in ``int64`` (max 1.1 × 10¹⁸).
    """
    _require18(id18)
    last = id18[17]
    return int(id18[:17]) * 11 + (10 if last == "X" else int(last))


def from_int(n: int) -> str:
    """Inverse of :func:`to_int`."""
    if not 0 <= n < _INT_LIMIT:
        raise ValueError(f"超出身份证号编码范围：{n}")
    head, last = divmod(n, 11)
    return f"{head:017d}{'X' if last == 10 else last}"


class IdCard(SemanticType):
    """18-character resident ID number; 15-digit old numbers are upgraded."""

    name = "id_card"
    label = "居民身份证号"
    storage: ClassVar[pa.DataType] = pa.string()
    classification = "sensitive"
    name_patterns = (
        "身份证",
        "公民身份号码",
        "身份证号码",
        "证件号码",
        "身份号码",
        "sfzh",
        "zjhm",
        r"(?<![a-z])id_?card",
        r"(?<![a-z])id_?no(?![a-z])",
        r"(?<![a-z])id_?number",
    )

    def clean(self, raw: str) -> str:
        value = raw
        if not (len(value) == 18 and ascii_digits(value[:17]) and value[17] in _CHECKS):
            value = compact_code(value)
        size = len(value)
        if size == 18:
            if not ascii_digits(value[:17]) or value[17] not in _CHECKS:
                raise Invalid(_NOT_DIGITS)
            expected = check_char(value[:17])
            if value[17] != expected:
                raise Invalid(f"校验位错误（应为{expected}）")
        elif size == 15:
            if not ascii_digits(value):
                raise Invalid(_NOT_DIGITS)
            value = upgrade15(value)
        else:
            raise Invalid(_LENGTH)
        try:
            born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        except ValueError:
            raise Invalid(_BAD_DATE) from None
        if born > dt.date.today():
            raise Invalid(_BAD_DATE)
        if not region_valid(value[:6], born.year):
            raise Invalid(_BAD_REGION)
        return value
