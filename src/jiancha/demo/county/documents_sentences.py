"""Lawful sentences for the documents' cases, the 量刑建议 they follow, and 刑期 arithmetic.

Owns: :func:`clean_penalty` (a penalty within the law for a charge and the money involved:
拘役 1–6 months, 有期徒刑 from 6 months, 缓刑 only for terms up to three years with a test
period inside 第七十三条's bounds, a fine whenever the law mandates one), :func:`advice_for` (a
量刑建议 the penalty lies inside), :func:`probation_bounds`, and :func:`settle` (刑期起止: from the
first day of custody, one day of custody for one day of the term).
"""

from __future__ import annotations

import random
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from jiancha.demo.county.documents_facts import CRIMES, Penalty

MINIMUM = {"拘役": 1, "有期徒刑": 6, "管制": 3}


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def term_end(start: date, months: int) -> date:
    return add_months(start, months) - timedelta(days=1)


def probation_bounds(kind: str, months: int) -> tuple[int, int]:
    """第七十三条: 拘役 from the term (at least two months) to one year; 有期徒刑 from the term
    (at least one year) to five years."""
    if kind == "拘役":
        return max(months, 2), 12
    return max(months, 12), 60


def probation_for(rng: random.Random, kind: str, months: int) -> int:
    low, high = probation_bounds(kind, months)
    step = rng.choice((0, 0, 1, 2, 3, 6) if kind == "拘役" else (0, 6, 6, 12, 12, 24))
    return min(high, low + step)


def _fine(rng: random.Random, charge: str, amount: int | None) -> int | None:
    if not CRIMES[charge].fine:
        return None
    if amount is None or charge == "帮助信息网络犯罪活动罪":
        return 1000 * rng.randint(2, 10)
    share = amount // (4 if charge == "开设赌场罪" else 8)
    return max(1000, round(share, -3))


def _term(rng: random.Random, charge: str, amount: int | None) -> tuple[str, int]:
    if charge == "危险驾驶罪":
        return "拘役", rng.choice((1, 2, 2, 3, 3, 4, 4, 5, 6))
    money = amount or 0
    light = rng.random() < 0.3 and money < 30_000 and charge != "开设赌场罪"
    if light:
        return "拘役", rng.randint(3, 6)
    if charge in ("盗窃罪", "诈骗罪", "开设赌场罪"):
        big = 60_000 if charge == "诈骗罪" else 30_000
        if money >= big:
            return "有期徒刑", rng.randint(18, 36)
        return "有期徒刑", rng.randint(6, 18)
    return "有期徒刑", rng.randint(6, 18 if charge == "帮助信息网络犯罪活动罪" else 24)


def clean_penalty(
    rng: random.Random, charge: str, amount: int | None, *, probation: bool | None
) -> Penalty:
    """A lawful penalty; ``probation`` forces (True) or forbids (False) 缓刑, None draws it."""
    kind, months = _term(rng, charge, amount)
    suspend = rng.random() < 0.5 if probation is None else probation
    period = probation_for(rng, kind, months) if suspend else None
    return Penalty(kind, months, period, _fine(rng, charge, amount))


def combined(rng: random.Random, parts: Sequence[tuple[str, int, int | None]]) -> Penalty:
    """数罪并罚 (第六十九条): more than the longest, less than the sum, fines added."""
    terms = [m for _, m, _ in parts]
    total = rng.randint(max(terms) + 1, sum(terms) - 1) if len(terms) > 1 else terms[0]
    fines = [f for _, _, f in parts if f]
    return Penalty("有期徒刑", total, None, sum(fines) if fines else None, tuple(parts))


def advice_for(rng: random.Random, p: Penalty, *, edge: bool = False) -> tuple[int, int]:
    """A recommended term range holding ``p``'s term (at one end of a real range if ``edge``)."""
    if not edge and rng.random() < 0.45:
        return p.months, p.months
    floor = min(MINIMUM.get(p.kind, 1), p.months)
    below = rng.choice((1, 2, 3) if p.kind != "有期徒刑" or p.months < 24 else (3, 6))
    above = rng.choice((1, 2) if p.kind == "拘役" else (2, 3, 6))
    low, high = max(floor, p.months - below), p.months + above
    cap = 6 if p.kind == "拘役" else 240 if p.parts else 180
    if p.months <= cap:
        high = min(cap, high)
    if edge:
        if low < p.months:
            return low, p.months
        return p.months, high
    return low, high


def settle(
    p: Penalty, custody_start: date | None, judged: date, *, credited: bool = True
) -> Penalty:
    """刑期起止 for a term served in custody: from the first day held (``credited``), or — the
    planted error — from the judgment day although the defendant was held before."""
    if p.probation is not None or p.kind not in ("有期徒刑", "拘役") or custody_start is None:
        return replace(p, start=None, end=None)
    start = custody_start if credited else judged
    return replace(p, start=start, end=term_end(start, p.months))
