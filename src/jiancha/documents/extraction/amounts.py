"""涉案金额: the money amount a document attributes to a person's crime (best effort).

The facts are read sentence by sentence. A sentence's amount is its ``共计X元`` if it has one,
else the sum of its ``价值X元`` / ``骗取…X元``. A summary sentence (``综上…共计X元``) stands for
the itemised acts before it that add up to it (``盗窃…共计`` for the thefts among
the frauds); acts no summary covers are added. A summary that matches no acts
(they are not all itemised) is the total on its own; without a summary the largest ``共计`` outside
the numbered acts is the total when it is at least the other acts together (it restates them),
else the acts add up.
"""

from __future__ import annotations

import itertools
import re

from jiancha.documents.extraction.numbers import MONEY, money_value
from jiancha.documents.extraction.text import mentions

Span = tuple[int, int]

_TOTAL = re.compile(
    rf"(?:共计|合计|总计|累计|总价值|总金额|总额|价值共计|数额共计)[^，。；]{{0,12}}?{MONEY}"
)
# An act verb may name the victim or the thing before the money, within the clause
# (``骗取被害人高某“活动经费”人民币980,000元``); a measure word must stand right before it.
_SINGLE = re.compile(
    r"(?:(?:骗取|窃得|盗得|盗走|窃走|诈骗|侵占|挪用|收受|索取|贪污|抽头渔利|渔利|非法获利|违法所得"
    rf"|获利|诱骗|转账)[^，,。；;：:\s]{{0,20}}?|(?:价值|数额|金额|涉案金额)(?:共计|为|达)?){MONEY}"
)
_SUMMARY = re.compile(r"\s*(?:综上|综上所述|以上|上述|总之)")
_ITEM = re.compile(r"[\s：:，,]*(?:\d{1,2}\s*[.、．]|[（(]?[一二三四五六七八九十]{1,3}[)）、])")
_MAX_ACTS = 14
_SOMEONE = re.compile(r"被告人|犯罪嫌疑人|上诉人")


def find_amount(
    text: str, start: int, end: int, name: str | None = None, names: tuple[str, ...] = ()
) -> float | None:
    """The total in ``text[start:end]`` (see the module docstring).

    With ``name``, only the sentences naming that person count (and the sentences after one of
    them that name nobody, such as ``经价格认定，价值X元``) when the passage names several people.
    """
    acts: list[float] = []
    summaries: list[float] = []
    total = 0.0
    spans = _sentences(text, start, end, name, names)
    summarised = False
    for s, e in spans:
        totals = [v for m in _TOTAL.finditer(text, s, e) if (v := money_value(m))]
        value = (
            max(totals)
            if totals
            else sum(v for m in _SINGLE.finditer(text, s, e) if (v := money_value(m)))
        )
        if not value:
            continue
        if totals and _SUMMARY.match(text, s):
            summarised = True
            covered = _acts_adding_up(acts, value)
            if covered:
                acts = [a for k, a in enumerate(acts) if k not in covered]
                total += value
            else:
                summaries.append(value)
        else:
            acts.append(value)
    if summaries:
        return max(summaries)
    restated = [
        v
        for s, e in spans
        if not _ITEM.match(text, s)
        for m in _TOTAL.finditer(text, s, e)
        if (v := money_value(m))
    ]
    if not summarised and restated and max(restated) >= sum(acts) - max(restated) - 0.005:
        # No 综上 line, and a 共计 outside the numbered acts covers the others: it restates them
        # (or the charge and the finding restate each other), so it is the total.
        return max(restated)
    total += sum(acts)
    return round(total, 2) if total else None


def _acts_adding_up(acts: list[float], value: float) -> tuple[int, ...] | None:
    """Which acts add up to ``value``: a run of consecutive ones first, else any of them
    (per-charge summaries of interleaved acts); None if none do."""
    for stop in range(len(acts), 0, -1):
        running = 0.0
        for begin in range(stop - 1, -1, -1):
            running += acts[begin]
            if abs(running - value) < 0.005:
                return tuple(range(begin, stop))
    if len(acts) > _MAX_ACTS:
        return None
    for size in range(2, len(acts) + 1):
        for chosen in itertools.combinations(range(len(acts)), size):
            if abs(sum(acts[k] for k in chosen) - value) < 0.005:
                return chosen
    return None


def _sentences(
    text: str, start: int, end: int, name: str | None, names: tuple[str, ...]
) -> list[Span]:
    spans: list[Span] = []
    position = start
    for match in re.finditer(r"[。；]", text[start:end]):
        spans.append((position, start + match.end()))
        position = start + match.end()
    if position < end:
        spans.append((position, end))
    if name is None:
        return spans
    named: list[Span] = []
    following = False
    for s, e in spans:
        if mentions(text, s, e, name, names):
            named.append((s, e))
            following = True
        elif following and not _SOMEONE.search(text, s, e):
            named.append((s, e))
        else:
            following = False
    return named or spans
