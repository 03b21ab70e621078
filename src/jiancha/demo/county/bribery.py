"""Bribe-givers named in bribery judgments, prosecuted or not (template 5).

Owns: officials convicted of 受贿罪 (their judgment is in 刑事判决, with its lawful execution), the
行贿人名录 rows their judgments list, and the givers' own prosecutions. A giver of at least
30,000 yuan whose limitation period (5 years below 1,000,000, 15 below 5,000,000, else 20, from
the last payment) has not run out is always prosecuted in the background — for 行贿罪, 单位行贿罪
or 对有影响力的人行贿罪 — unless planted; near-misses sit just below the amount or just past the
limitation, or were prosecuted under the third charge.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from jiancha.demo.county.core import County, Fen, cn_date, years_before
from jiancha.demo.county.criminal import execute, judge
from jiancha.demo.county.sentencing import Sentence, sentence_for

T5 = "unprosecuted-bribe-givers"
BRIBERY = ("行贿罪", "单位行贿罪", "对有影响力的人行贿罪")
MARGIN = 60  # days kept clear of every limitation boundary


def limitation_years(amount: int) -> int:
    return 5 if amount < 1_000_000 else 15 if amount < 5_000_000 else 20


def alive(county: County, amount: int, last: date) -> bool:
    """Whether prosecution of a payment of ``amount`` last made on ``last`` is still possible."""
    return years_before(county.as_of, limitation_years(amount)) <= last


def _clear(county: County, amount: int, last: date) -> date:
    """``last`` moved away from the limitation boundary if it falls within MARGIN days of it."""
    boundary = years_before(county.as_of, limitation_years(amount))
    if abs((last - boundary).days) < MARGIN:
        return boundary + timedelta(days=MARGIN * 2)
    return last


class _Case:
    """One official's bribery judgment and the givers it names."""

    def __init__(self, county: County, rng: random.Random) -> None:
        self.county, self.rng = county, rng
        self.official = county.people.new(1958, 1985)
        months = rng.randint(36, 144)
        fine = rng.randrange(200_000, 1_000_001, 50_000)
        s = Sentence("受贿罪", "有期徒刑", months, None, "逮捕", fine)
        judged = county.ago(rng.randint(60, 1500))
        self.judgment = judge(county, rng, self.official, s, judged)
        execute(county, rng, self.judgment)

    def giver(self, amount: int, last: date, *, prosecuted: str | None = None) -> int:
        county, rng = self.county, self.rng
        person = county.people.new(1950, 1975)
        company = county.registry.new(
            "other", person, last - timedelta(days=rng.randint(400, 5000))
        )
        first = last - timedelta(days=rng.randint(0, 1500) if amount >= 30_000 else 0)
        county.tables.add(
            "行贿人名录",
            case_no=self.judgment.case_no,
            official_name=county.people.names[self.official],
            name=county.people.names[person],
            person_id=county.people.ids[person],
            company=company.name,
            amount=Fen.yuan(amount),
            first_date=first,
            last_date=last,
        )
        if prosecuted is not None:
            self.prosecute(person, prosecuted, last)
        return person

    def prosecute(self, person: int, charge: str, after: date) -> None:
        county, rng = self.county, self.rng
        earliest = max(after, self.judgment.judged) + timedelta(days=30)
        judged = min(county.ago(20), earliest + timedelta(days=rng.randint(0, 400)))
        probation = rng.randint(12, 48) if rng.random() < 0.5 else None
        s = Sentence(
            charge,
            "有期徒刑",
            rng.randint(6, 36),
            probation,
            rng.choice(("取保候审", "监视居住")),
            rng.randrange(100_000, 500_001, 10_000),
        )
        execute(county, rng, judge(county, rng, person, s, judged))

    def last_payment(self) -> date:
        return self.judgment.judged - timedelta(days=self.rng.randint(100, 1500))


def background(county: County) -> None:
    rng = county.rng("bribery")
    for _ in range(county.per_thousand(0.5, minimum=5)):
        case = _Case(county, rng)
        for _ in range(rng.randint(2, 6)):
            amount = rng.choice(
                (
                    rng.randrange(5_000, 30_000, 1_000),
                    rng.randrange(30_000, 1_000_000, 10_000),
                    rng.randrange(30_000, 1_000_000, 10_000),
                    rng.randrange(1_000_000, 8_000_000, 100_000),
                )
            )
            last = _clear(county, amount, case.last_payment())
            due = amount >= 30_000 and alive(county, amount, last)
            case.giver(amount, last, prosecuted=rng.choice(BRIBERY) if due else None)


def plant(county: County) -> None:
    rng, today = county.rng("t5"), county.as_of
    case = _Case(county, rng)
    for i in range(county.planted_per_template):
        if i % 3 == 0:
            case = _Case(county, rng)
        amount = 30_000 if i == 0 else rng.randrange(30_000, 1_000_000, 10_000)
        earliest = years_before(today, 5) + timedelta(days=2 * MARGIN)
        latest = case.judgment.judged - timedelta(days=100)
        last = earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
        if i % 4 == 1:  # alive only under the 15-year period
            amount = rng.randrange(1_000_000, 5_000_000, 100_000)
            last = years_before(today, rng.randint(6, 13))
        elif i % 4 == 2:  # alive only under the 20-year period
            amount = rng.randrange(5_000_000, 9_000_000, 100_000)
            last = years_before(today, rng.randint(16, 18))
        last = _clear(county, amount, min(last, case.judgment.judged - timedelta(days=100)))
        assert alive(county, amount, last)
        person = case.giver(amount, last)
        note = ""
        if i % 4 == 3:  # convicted, but of something else
            execute(
                county,
                rng,
                judge(
                    county,
                    rng,
                    person,
                    sentence_for(rng, "职务侵占罪"),
                    county.ago(rng.randint(100, 600)),
                ),
            )
            note = "（仅因其他罪名被判刑）"
        years = limitation_years(amount)
        county.truth.plant(
            T5,
            "person",
            county.people.ids[person],
            f"向{county.people.names[case.official]}行贿{amount}元（末次{cn_date(last)}），"
            f"{years}年追诉期限未届满，未被追究行贿罪责{note}",
        )
    for _ in range(county.near_misses_per_kind):
        case = _Case(county, rng)
        case.giver(rng.choice((29_000, 29_900)), case.last_payment())  # below 30,000
        amount = rng.randrange(100_000, 1_000_000, 10_000)  # 5-year period just run out
        case.giver(amount, years_before(today, 5) - timedelta(days=rng.randint(MARGIN, 400)))
        amount = rng.randrange(1_000_000, 5_000_000, 100_000)  # 15-year period just run out
        case.giver(amount, years_before(today, 15) - timedelta(days=rng.randint(MARGIN, 400)))
        amount = rng.randrange(50_000, 1_000_000, 10_000)  # prosecuted under the third charge
        case.giver(amount, case.last_payment(), prosecuted="对有影响力的人行贿罪")
        county.truth.near_miss(T5, 4)
