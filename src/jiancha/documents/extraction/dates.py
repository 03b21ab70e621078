"""Dates: ``2018年8月28日``, ``二〇一五年一月五日``; relative ``次日``, ``同年X月X日``…"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from jiancha.documents.extraction.numbers import to_int

_N = "[0-9〇零一二三四五六七八九十]"
YEAR = r"\d{4}|[〇零一二三四五六七八九][〇零一二三四五六七八九0OoΟ]{3}"
"""A written year: ``2018``, ``二〇一八``, and the typed variants ``二O一八`` / ``二0一六``."""
ABSOLUTE = rf"(?P<y>{YEAR}) *年 *(?P<m>{_N}{{1,3}}) *月 *(?P<d>{_N}{{1,3}}) *日"
_ANY = re.compile(
    rf"{ABSOLUTE}"
    rf"|(?P<ym>同年|当年|该年)(?P<m2>{_N}{{1,3}})月(?P<d2>{_N}{{1,3}})日"
    rf"|(?P<sm>同月|当月|本月|该月)(?P<d3>{_N}{{1,3}})日"
    rf"|(?<![年\d〇零一二三四五六七八九十])(?P<m4>{_N}{{1,3}})月(?P<d4>{_N}{{1,3}})日"
    r"|(?P<next>次日|翌日|第二天|第二日)"
    r"|(?P<same>同日|当日|当天|同天|即日)"
)
_ABSOLUTE = re.compile(ABSOLUTE)
_DIGIT_YEAR = str.maketrans("〇零一二三四五六七八九OoΟ", "00123456789000")


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    value: dt.date | None


def _year(raw: str) -> int | None:
    year = raw.translate(_DIGIT_YEAR)
    return int(year) if year.isdigit() else None


def _make(year: int | None, month: str, day: str) -> dt.date | None:
    m, d = to_int(month), to_int(day)
    if year is None or m is None or d is None:
        return None
    try:
        return dt.date(year, m, d)
    except ValueError:
        return None


def date_of(match: re.Match[str]) -> dt.date | None:
    """The date of a match of a pattern that embeds ``ABSOLUTE`` (groups y, m, d)."""
    return _make(_year(match["y"]), match["m"], match["d"])


def date_parts(year: str, month: str, day: str) -> dt.date | None:
    """A date from its written year, month and day (``二〇一七``, ``七``, ``五``)."""
    return _make(_year(year), month, day)


def parse_date(text: str) -> dt.date | None:
    """The absolute date at the start of ``text`` (``二〇一七年七月五日`` → 2017-07-05)."""
    match = _ABSOLUTE.match(text.strip())
    return None if match is None else _make(_year(match["y"]), match["m"], match["d"])


def absolute_dates(text: str, start: int = 0, end: int | None = None) -> Iterator[DateHit]:
    """Every absolute date in ``text[start:end]``."""
    for match in _ABSOLUTE.finditer(text, start, len(text) if end is None else end):
        value = _make(_year(match["y"]), match["m"], match["d"])
        yield DateHit(match.start(), match.end(), value)


def resolved_dates(text: str, start: int = 0, end: int | None = None) -> Iterator[DateHit]:
    """Every date in ``text[start:end]``, relative ones resolved against the previous one."""
    last: dt.date | None = None
    for match in _ANY.finditer(text, start, len(text) if end is None else end):
        value: dt.date | None
        if match["y"]:
            value = _make(_year(match["y"]), match["m"], match["d"])
        elif match["ym"]:
            value = _make(last.year, match["m2"], match["d2"]) if last else None
        elif match["sm"]:
            value = _make(last.year, str(last.month), match["d3"]) if last else None
        elif match["m4"]:
            value = _make(last.year, match["m4"], match["d4"]) if last else None
        elif match["next"]:
            value = last + dt.timedelta(days=1) if last else None
        else:
            value = last
        if value is not None:
            last = value
        yield DateHit(match.start(), match.end(), value)


def iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()
