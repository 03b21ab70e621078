"""居民身份证号 (Resident Identity Card number, GB 11643), validated with ``stdnum.cn.ric``."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, ClassVar

import pyarrow as pa
from stdnum import numdb
from stdnum.cn import ric

from ._regiondb import region_properties
from ._text import ascii_digits, compact_code
from .base import BAD_CHECK, Invalid, SemanticType

_LENGTH = "长度应为18位（或15位旧号）"
_NOT_DIGITS = "含非数字字符"
_BAD_DATE = "出生日期无效"
_BAD_REGION = "地区码无效"
_INT_LIMIT = 10**17 * 11
_CHECKS = frozenset("0123456789X")
OPEN_REGION = 9999
"""The last year of a region code still in force."""


@lru_cache(maxsize=1 << 16)
def region_valid(code6: str, year: int) -> bool:
    """Whether ``code6`` can stand on the ID number of someone born in ``year``.

    Numbers are issued at or after birth (first in 1984) with the region code in force *then*,
    so the code must have been in force at some time from the birth year on. stdnum's own rule
    (``get_birth_place``) demands it in the birth year itself and so rejects, e.g., every
    630102… number of a person born in Xining's 城东区 before the code existed. The periods
    come from stdnum's region database; the lookup is cached per (code, year).
    """
    last = region_last_year(code6)
    return last is not None and year <= last


@lru_cache(maxsize=1 << 14)
def region_last_year(code6: str) -> int | None:
    """The last birth year ``code6`` can stand for (``OPEN_REGION`` if still in force), or
    ``None`` when the code is unknown; :func:`region_valid` compares a birth year with it."""
    return last_year_of(region_properties(code6).get("county"))


def last_year_of(counties: str | None) -> int | None:
    """The last birth year a region's ``county`` entry of stdnum's database stands for
    (``OPEN_REGION`` if one of its names is still in force), ``None`` if it has none."""
    if not counties:
        return None
    last = -1
    for county in counties.split(","):
        if not county.startswith("["):
            return OPEN_REGION
        _start, end = county[1:].split("]", 1)[0].split("-")
        last = max(last, int(end) if end else OPEN_REGION)
    return last


def region_codes() -> list[str]:
    """Every 6-digit region code stdnum's database knows (ranges expanded)."""
    codes: list[str] = []

    def walk(prefix: str, entries: list[tuple[int, str, str, dict[str, str], list[Any]]]) -> None:
        for length, low, high, _props, children in entries:
            for number in range(int(low), int(high) + 1):
                code = prefix + str(number).zfill(length)
                if len(code) >= 6:
                    codes.append(code[:6])
                elif children:
                    walk(code, children)

    walk("", numdb.get("cn/loc").prefixes)
    return sorted(set(codes))


def check_char(id17: str) -> str:
    """Check character (``0``–``9`` or ``X``) for the first 17 digits (stdnum, ISO 7064)."""
    return str(ric.calc_check_digit(id17 + "0"))


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
                raise Invalid(BAD_CHECK)
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
