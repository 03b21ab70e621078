"""Section boundaries and heading fields shared by judgments, indictments and recommendations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiancha.documents.extraction.dates import YEAR, absolute_dates, date_parts, parse_date
from jiancha.documents.extraction.text import CLOSE_CLASS, GAP, OPEN_CLASS

Span = tuple[int, int]

_CN = "\u4e00-\u9fa5"
CASE_NUMBER = re.compile(
    rf"{OPEN_CLASS} *\d{{4}} *{CLOSE_CLASS} *[{_CN}0-9]{{0,16}}?刑[{_CN}]{{0,4}}?"
    rf"(?:字)? *第? *\d+(?:[-—之]\d+)? *号"
)
COURT_BEFORE = re.compile(rf"([{_CN}（）()]{{2,40}}?法院){GAP}$")
_TITLE = re.compile(f"刑{GAP}事{GAP}(?:附{GAP}带{GAP}民{GAP}事{GAP})?判{GAP}决{GAP}书{GAP}$")
_DISPOSITION = re.compile(f"判{GAP}决{GAP}如{GAP}下|判{GAP}决{GAP}[:：]")
_DISPOSITION_END = re.compile(
    r"如不服本判决|如不服本|本判决为终审判决|本判决为终审|审\s*判\s*长|审\s*判\s*员|人民陪审员|书\s*记\s*员"
)
_CLERK = re.compile(f"书{GAP}记{GAP}员|法{GAP}官{GAP}助{GAP}理")
_JUDGE = re.compile(f"审{GAP}判{GAP}[长员]|陪{GAP}审{GAP}员")
_N = "0-9〇零一二三四五六七八九十"
# The signature date, tolerant of typing slips (``二O一八``, ``二0一六``, ``十一月七无``),
# and of a blanked day ``四月××日`` (read, but it gives no date).
_SIGNED = re.compile(
    rf"(?P<y>{YEAR}) *年 *(?P<m>[{_N}]{{1,3}}) *月 *(?P<d>[{_N}×Xx＊*]{{1,3}})(?: *日)?"
)
_SIGNATURE_REACH = 80
_CN_DATE = re.compile(
    rf"(?:{YEAR})年[〇零一二三四五六七八九十]{{1,3}}月[〇零一二三四五六七八九十]{{1,3}}日"
)
_REASONING = re.compile(r"本院认为")


@dataclass(frozen=True)
class Heading:
    case_number: str | None
    case_number_span: Span | None
    court: str | None
    court_span: Span | None


def find_heading(text: str, limit: int = 600) -> Heading:
    """The judgment's own 案号 and the court named just before ``刑事判决书``."""
    match = CASE_NUMBER.search(text, 0, min(len(text), limit))
    if match is None:
        match = CASE_NUMBER.search(text)
    if match is None:
        return Heading(None, None, _court_anywhere(text)[0], _court_anywhere(text)[1])
    number = re.sub(r"\s+", "", match.group())
    before = text[: match.start()]
    title = _TITLE.search(before)
    court_text = before[: title.start()] if title else before
    court = COURT_BEFORE.search(court_text.rstrip())
    if court is None:
        name, span = _court_anywhere(before)
        return Heading(number, (match.start(), match.end()), name, span)
    return Heading(number, (match.start(), match.end()), court[1], (court.start(1), court.end(1)))


_ANY_COURT = re.compile(rf"(?:^|[\s，。])([{_CN}]{{2,40}}?法院)")


def _court_anywhere(text: str) -> tuple[str | None, Span | None]:
    found = list(_ANY_COURT.finditer(text[:400]))
    if not found:
        return None, None
    last = found[-1]
    return last[1], (last.start(1), last.end(1))


def disposition_span(text: str) -> Span | None:
    """From ``判决如下`` to the appeal notice, the 终审 note or the judges' names."""
    found = list(_DISPOSITION.finditer(text))
    if not found:
        return None
    reasoning = [m.start() for m in _REASONING.finditer(text)]
    chosen = found[-1]
    if reasoning:
        after = [m for m in found if m.start() > reasoning[-1]]
        chosen = after[0] if after else found[-1]
    end_match = _DISPOSITION_END.search(text, chosen.end())
    end = end_match.start() if end_match else len(text)
    return chosen.end(), end


def reasoning_start(text: str) -> int:
    found = [m.start() for m in _REASONING.finditer(text)]
    return found[-1] if found else 0


def signature_date(text: str) -> tuple[str | None, Span | None]:
    """The date written at the end, between the judges' names and the clerk (ISO).

    The judges' block is the last ``审判长/审判员/人民陪审员`` followed, before any full stop,
    by a date; dates after it (``本件与原本核对无异``, 法官助理, a second clerk, the appended
    law articles) are never taken. A blanked date (``××日``) gives ``None`` with its span.
    """
    for judge in reversed(list(_JUDGE.finditer(text))):
        reach = min(len(text), judge.end() + _SIGNATURE_REACH)
        stop = text.find("。", judge.end(), reach)
        found = _SIGNED.search(text, judge.end(), reach if stop < 0 else stop)
        if found:
            value = date_parts(found["y"], found["m"], found["d"])
            return (value.isoformat() if value else None), (found.start(), found.end())
    return _date_before_clerk(text)


def _date_before_clerk(text: str) -> tuple[str | None, Span | None]:
    """Fallback without a judges' block: the last date in the 200 characters before the clerk."""
    clerks = list(_CLERK.finditer(text))
    end = clerks[-1].start() if clerks else len(text)
    start = max(0, end - 200)
    candidates = list(_CN_DATE.finditer(text, start, end))
    if not candidates:
        hits = [h for h in absolute_dates(text, start, end) if h.value]
        if hits:
            return hits[-1].value.isoformat() if hits[-1].value else None, (
                hits[-1].start,
                hits[-1].end,
            )
        candidates = list(_CN_DATE.finditer(text))
        if not candidates:
            return None, None
    last = candidates[-1]
    value = parse_date(last.group())
    return (value.isoformat() if value else None), (last.start(), last.end())
