"""The general population and the datasets about everybody.

Owns: filling the county up to ``scale`` persons once the storylines have created theirs, the
"loners" (persons reserved to appear in exactly one row of one dataset, the only rows whose ID
number is written unreadable), and the general rows that involve no supervision rule on their
own: driving licences, administrative detentions, everyday settlements, stays, card use, penalties
and police cases (delegated to the storyline modules, which know their datasets' rules), and the
business registry of every company created by any storyline.
"""

from __future__ import annotations

import random
from datetime import timedelta

from jiancha.demo.county import civil, diversion, health, police
from jiancha.demo.county.core import BadId, County
from jiancha.demo.county.criminal import licence
from jiancha.demo.county.draws import draw, pick
from jiancha.demo.county.geography import PROVINCE

UNREADABLE_SHARE = 0.002
CLASSES = ("C1", "C1", "C1", "C1", "C2", "B2", "A2", "D")


class Loners:
    """Persons set aside so that each appears in a single row, written unreadable."""

    def __init__(self, persons: list[int]) -> None:
        self._persons = persons

    def take(self, rows: int) -> list[int]:
        count = min(len(self._persons), max(1, round(rows * UNREADABLE_SHARE)))
        taken, self._persons = self._persons[:count], self._persons[count:]
        return taken


def fill(county: County) -> tuple[list[int], Loners]:
    """Create the general population; return it (without loners) and the loners."""
    missing = county.scale - len(county.people)
    if missing < county.scale // 5:
        raise ValueError(f"scale {county.scale} is too small for the county's storylines")
    created = county.people.many(missing, 1940, county.as_of.year - 19)
    reserve = county.per_thousand(4) + 8
    return created[reserve:], Loners(created[:reserve])


def _licences(county: County, rng: random.Random, persons: list[int], loners: Loners) -> None:
    for person in persons:
        born = county.people.births[person]
        issued = born + timedelta(days=draw(rng, 18 * 366, 45 * 366))
        if issued > county.as_of:
            issued = county.ago(draw(rng, 1, 300))
        roll = rng.random()
        status = "正常" if roll < 0.9 else "注销" if roll < 0.95 else pick(rng, ("暂扣", "吊销"))
        licence(county, person, status, issued, pick(rng, CLASSES))
    for person in loners.take(len(persons)):
        county.tables.add(
            "驾驶证",
            name=county.people.names[person],
            person_id=BadId(county.people.ids[person]),
            licence_class="C1",
            licence_status="正常",
            status_date=county.ago(rng.randint(1, 5000)),
        )


def _detentions(county: County, rng: random.Random, persons: list[int], loners: Loners) -> None:
    kinds = (
        ("行政拘留", "殴打他人"),
        ("行政拘留", "吸毒"),
        ("行政拘留", "赌博"),
        ("司法拘留", "拒不执行判决、裁定"),
        ("强制隔离戒毒", "吸毒成瘾"),
    )
    rows = [(p, False) for p in persons] + [(p, True) for p in loners.take(len(persons))]
    for person, bad in rows:
        kind, cause = rng.choice(kinds)
        place = county.people.districts[person]
        pid = county.people.ids[person]
        county.tables.add(
            "羁押记录",
            name=county.people.names[person],
            person_id=BadId(pid) if bad else pid,
            detention_type=kind,
            detention_date=county.ago(draw(rng, 1, min(1800, county.adult_days(person)))),
            facility=place.detention_centre if kind != "强制隔离戒毒" else "浙江省强制隔离戒毒所",
            cause=cause,
        )


def general_rows(county: County, persons: list[int], loners: Loners) -> None:
    """Rows about the general population, each dataset drawing its own share of it."""
    rng = county.rng("population")
    n = len(persons)

    def share(rate: float) -> list[int]:
        return rng.sample(persons, min(n, round(n * rate)))

    _licences(county, rng, share(0.3), loners)
    _detentions(county, rng, share(0.01), loners)
    claimants = [rng.choice(persons) for _ in range(round(n * 0.45))]
    patients = share(0.06)
    health.general(
        county, claimants, patients, (loners.take(len(claimants)), loners.take(len(patients)))
    )
    cardholders = share(0.15)
    civil.general(county, cardholders, loners.take(len(cardholders) * 3))
    penalised = [rng.choice(persons) for _ in range(round(n * 0.05))]
    diversion.general(county, penalised, loners.take(len(penalised)))
    police.background(county, share(0.025))


def registry(county: County) -> None:
    """The business registry: every company any storyline created."""
    rng = county.rng("registry")
    people = county.people
    for company in county.registry.companies:
        place = company.district
        road = f"{rng.choice(place.streets)[:-2]}路{rng.randint(1, 999)}号"
        phone = (
            f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            if rng.random() < 0.7
            else f"{'0571' if place.city.name == '杭州市' else '0575'}-8{rng.randrange(10**7):07d}"
        )
        status = rng.choices(("存续", "在业", "吊销", "注销"), (80, 10, 5, 5))[0]
        if company.kind in ("gas_station", "employer", "transport"):
            status = "存续"
        county.tables.add(
            "工商登记",
            credit_code=company.code,
            company=company.name,
            legal_rep=people.names[company.legal_rep],
            legal_rep_id=people.ids[company.legal_rep],
            status=status,
            founded=company.founded,
            address=f"{PROVINCE}{place.full_name}{road}",
            phone=phone,
        )
