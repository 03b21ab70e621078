"""Reading dates and date-times, shared by the ``date`` and ``datetime`` types.

Forms: ``2023-05-06``, ``2023-5-6``, ``2023/5/6``, ``2023.5.6``, ``2023年5月6日`` (also with
Chinese numerals, ``二〇二三年五月六日``), ``20230506``, Excel serial numbers, each optionally
followed by a time (``14:30``, ``14:30:05.123``, ``14时30分05秒``, ISO ``T`` and offsets).
A value with a UTC offset is converted to China Standard Time (UTC+8) and made naive.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from ._chinese import chinese_to_int
from ._text import ascii_digits, nfkc
from .base import Invalid

NO_DATE = "日期不存在"
NO_TIME = "时间不存在"
UNKNOWN = "无法识别的日期格式"

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
"""Day 0 of Excel serial numbers (right from serial 61, 1900-03-01, on; Excel's fictional
1900-02-29 makes earlier serials one day off, as in every reader with this epoch)."""
MAX_SERIAL = 2958465
"""Excel serial of 9999-12-31."""
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")

_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_NUM = r"\d{1,2}|[〇零○一二三四五六七八九十]{1,4}"
_YMD = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)", re.ASCII)
_YMD_CN = re.compile(
    rf"(\d{{4}}|[〇零○一二三四五六七八九]{{4}})\s*年\s*({_NUM})\s*月\s*({_NUM})\s*[日号]?", re.ASCII
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\.0+|[T\s]?(\d{2})(\d{2})(\d{2})?)?", re.ASCII)
_SERIAL = re.compile(r"(\d{1,7})(?:\.(\d+))?", re.ASCII)
_TIME = re.compile(
    r"(?:[T\s]\s*)?(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE | re.ASCII,
)
_TIME_CN = re.compile(rf"\s*({_NUM})\s*[时点]\s*(?:({_NUM})\s*分\s*(?:({_NUM})\s*秒)?)?", re.ASCII)


class Parsed(NamedTuple):
    """A read value: its day, its time of day if one was written, and whether the form alone
    is evidence of a date (separators or 年月日, unlike ``20230506`` or a serial number)."""

    date: dt.date
    time: dt.time | None
    distinctive: bool


def _number(text: str) -> int:
    if ascii_digits(text):
        return int(text)
    value = chinese_to_int(text)
    if value is None:
        raise Invalid(UNKNOWN)
    return value


def _day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid(NO_DATE) from None


def _clock(hour: int, minute: int, second: int, micro: int = 0) -> dt.time:
    try:
        return dt.time(hour, minute, second, micro)
    except ValueError:
        raise Invalid(NO_TIME) from None


def _offset(text: str) -> dt.timezone:
    if text.upper() == "Z":
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _with_time(day: dt.date, rest: str, distinctive: bool) -> Parsed:
    """Parse the time written after a date (``rest`` may be empty)."""
    if not rest:
        return Parsed(day, None, distinctive)
    m = _TIME.fullmatch(rest)
    if m:
        micro = int(m[4][:6].ljust(6, "0")) if m[4] else 0
        clock = _clock(int(m[1]), int(m[2]), int(m[3] or 0), micro)
        if m[5]:
            moment = dt.datetime.combine(day, clock, _offset(m[5])).astimezone(CHINA)
            return Parsed(moment.date(), moment.time(), distinctive)
        return Parsed(day, clock, distinctive)
    m = _TIME_CN.fullmatch(rest)
    if m:
        clock = _clock(_number(m[1]), _number(m[2] or "0"), _number(m[3] or "0"))
        return Parsed(day, clock, distinctive)
    raise Invalid(UNKNOWN)


def _from_datetime(value: dt.datetime) -> Parsed:
    if value.tzinfo is not None:
        value = value.astimezone(CHINA).replace(tzinfo=None)
    return Parsed(value.date(), value.time(), True)


def _serial(whole: str, fraction: str | None) -> Parsed:
    days = int(whole)
    if not 1 <= days <= MAX_SERIAL:
        raise Invalid(UNKNOWN)
    millis = round(float(f"0.{fraction}") * 86_400_000) if fraction else 0
    moment = EXCEL_EPOCH + dt.timedelta(days=days, milliseconds=millis)
    return Parsed(moment.date(), moment.time() if millis else None, False)


def parse(text: str) -> Parsed:
    """Read a date, possibly with a time, or raise :class:`Invalid` (日期不存在 / 无法识别…)."""
    size = len(text)
    if size == 10 and text[4] == "-" and text[7] == "-":
        try:
            return Parsed(dt.date.fromisoformat(text), None, True)
        except ValueError:
            pass  # the general path below tells a missing day from a strange form
    elif size >= 16 and text[4] == "-" and text[10] in " T":
        try:
            return _from_datetime(dt.datetime.fromisoformat(text))
        except ValueError:
            pass
    value = nfkc(text)
    m = _YMD.match(value)
    if m:
        day = _day(int(m[1]), int(m[3]), int(m[4]))
        return _with_time(day, value[m.end() :], True)
    m = _YMD_CN.match(value)
    if m:
        year = int(m[1].translate(_CN_DIGITS))
        day = _day(year, _number(m[2]), _number(m[3]))
        return _with_time(day, value[m.end() :], True)
    m = _COMPACT.fullmatch(value)
    if m:
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        clock = _clock(int(m[4]), int(m[5]), int(m[6] or 0)) if m[4] else None
        return Parsed(day, clock, False)
    if len(value) > 8 and ascii_digits(value[:8]) and value[8] in " T":
        return _with_time(_day(int(value[:4]), int(value[4:6]), int(value[6:8])), value[8:], False)
    m = _SERIAL.fullmatch(value)
    if m:
        return _serial(m[1], m[2])
    raise Invalid(UNKNOWN)
