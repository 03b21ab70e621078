"""Compulsory measures of this case and custody status, from one person's paragraph."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jiancha.documents.extraction.dates import DateHit, resolved_dates

_KIND = re.compile(
    r"刑事拘留|(?<![行政司法])拘留(?!所)|(?<!不予)(?<!不批准)(?<!提请批准)(?<!提请)逮捕(?!证)"
    r"|(?<!现)(?<!现被)(?:取[保报]候审|取保侯审|监视居住)"
)
_TYPES = {"刑": "刑事拘留", "拘": "刑事拘留", "逮": "逮捕", "取": "取保候审", "监": "监视居住"}
_PRIOR = re.compile(
    r"判处|判决|刑满|假释|劳动教养|劳教|行政拘留|司法拘留|戒毒|罚款|免予刑事处罚|免于刑事处罚|不起诉"
)
_DECISION = re.compile(r"(?:批准|决定)(?:对其|对他|对她)?$")
_EXECUTED = re.compile(r"执行")
_STOP = re.compile(r"[。；;]")
_THIS_CASE = re.compile(r"因本案|因涉嫌本案")
_JOINT = re.compile(r"[、和及]\s*(?:被|予以|执行)?")
_PERIOD = re.compile(r"(?:的)?(?:期间|期限|期满|期内|时间)")


@dataclass
class Measure:
    type: str
    date: dt.date | None
    start: int
    decision: bool = False


def current_case_start(text: str, start: int, end: int) -> int:
    """Offset after the last mention of a prior case (sentences, 行政拘留, 劳教…)."""
    position = start
    for match in _PRIOR.finditer(text, start, end):
        position = match.end()
    return position


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where this case's measures are written: after the last prior case, and before it any
    clause opened by ``因本案`` that names no prior case (``因本案于…被刑事拘留，…；又因本案…
    被行政拘留…``)."""
    lo = current_case_start(text, start, end)
    windows = []
    for this in _THIS_CASE.finditer(text, start, lo):
        stop = _STOP.search(text, this.end(), lo)
        clause_end = stop.start() if stop else lo
        if not _PRIOR.search(text, this.start(), clause_end):
            windows.append((this.start(), clause_end))
    return [*windows, (lo, end)]


def _date_before(hits: list[DateHit], lo: int, hi: int) -> tuple[dt.date | None, bool]:
    inside = [h for h in hits if lo <= h.start and h.end <= hi]
    if not inside:
        return None, False
    return inside[-1].value, True


def _respectively(text: str, hits: list[DateHit], lo: int, hi: int) -> list[dt.date]:
    """The dates after ``分别`` in ``text[lo:hi]`` (``分别于A和B``), else none."""
    word = text.rfind("分别", lo, hi)
    if word < 0:
        return []
    return [h.value for h in hits if word <= h.start and h.end <= hi and h.value]


def _chain(text: str, match: re.Match[str], end: int) -> list[re.Match[str]]:
    """The measure words joined to ``match`` by 、/和/及 (``刑事拘留、逮捕``)."""
    chain = [match]
    while (joint := _JOINT.match(text, chain[-1].end(), end)) and (
        following := _KIND.match(text, joint.end(), end)
    ):
        chain.append(following)
    return chain


def find_measures(text: str, start: int, end: int) -> list[Measure]:
    """The measures of this case in ``text[start:end]`` (a person's paragraph), in date order."""
    hits = list(resolved_dates(text, start, end))
    found: list[Measure] = []
    skip_to = start
    for lo, hi in _windows(text, start, end):
        window_start = lo
        for match in _KIND.finditer(text, lo, hi):
            kind = _TYPES[match.group()[0]]
            if _PERIOD.match(text, match.end()):
                continue  # ``取保候审期间`` names the time on bail, not a new measure
            if match.start() < skip_to:
                continue
            date, has_date = _date_before(hits, window_start, match.start())
            dates = _respectively(text, hits, window_start, match.start())
            chain = _chain(text, match, end)
            if len(dates) > 1 and len(chain) in (1, len(dates)):
                # ``分别于A和B被取保候审`` (one type) or ``分别于A、B被刑事拘留、逮捕``
                words = chain if len(chain) > 1 else chain * len(dates)
                pairs = zip(words, dates, strict=True)
                found += [Measure(_TYPES[w.group()[0]], d, w.start()) for w, d in pairs]
                skip_to = window_start = chain[-1].end()
                continue
            if not has_date and found and found[-1].type == kind:
                continue  # the same measure mentioned again without a date of its own
            if (
                not has_date
                and found
                and text[found[-1].start : match.start()].count("、") == 1
                and (match.start() - found[-1].start < 8)
            ):
                date = found[-1].date
            decision = bool(_DECISION.search(text[max(start, match.start() - 6) : match.start()]))
            measure = Measure(kind, date, match.start(), decision)
            if decision:
                stop = _STOP.search(text, match.end(), end)
                nxt = _KIND.search(text, match.end(), end)
                limit = min(stop.start() if stop else end, nxt.start() if nxt else end)
                later = [h for h in hits if match.end() <= h.start and h.end <= limit and h.value]
                executed = _EXECUTED.search(text, later[-1].end, limit) if later else None
                if executed and not _KIND.match(text, executed.end()):
                    measure.date = later[-1].value
                    measure.decision = False
            found.append(measure)
            window_start = match.end()
    kept: list[Measure] = []
    for index, measure in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        if (
            measure.decision
            and following is not None
            and following.type == measure.type
            and _EXECUTED.search(text, max(measure.start, following.start - 6), following.start)
        ):
            continue
        if any(k.type == measure.type and k.date == measure.date for k in kept):
            continue
        kept.append(measure)
    return _in_date_order(kept)


def _in_date_order(measures: list[Measure]) -> list[Measure]:
    keyed: list[tuple[dt.date, int, Measure]] = []
    last = dt.date.min
    for index, measure in enumerate(measures):
        last = measure.date or last
        keyed.append((last, index, measure))
    return [m for _, _, m in sorted(keyed, key=lambda item: (item[0], item[1]))]
