"""Road accidents, by company vehicles and private cars (template 12).

Owns: 交通事故 rows. Private cars carry no company (both company columns are empty: there is no
owning unit, which is not a missing value). In the background no company has more than two fatal
accidents with full or main responsibility (全部/主要) in any 180 days. Planted: three to five in
the last 180 days; near-misses: two plus one older than 180 days, one with equal responsibility
(同等) or one without deaths.
"""

from __future__ import annotations

import random
from datetime import date

from jiancha.demo.county.core import County
from jiancha.demo.county.people import Company

T12 = "fatal-accidents-same-company"
LIABLE = ("全部", "主要")
OTHER = ("同等", "次要", "无")
_PLATE = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def plate(rng: random.Random, company: Company | None, prefix: str) -> str:
    head = rng.choice("ABCDEFGHJK") if company is None else rng.choice("0123456789")
    return f"{prefix}{head}{''.join(rng.choice(_PLATE[:10]) for _ in range(4))}"


def accident(
    county: County,
    rng: random.Random,
    company: Company | None,
    day: date,
    deaths: int,
    liability: str,
) -> None:
    driver = county.people.new(1960, county.as_of.year - 22)
    place = company.district if company else county.people.districts[driver]
    seq = county.numbers.next("事故", place.code, str(day.year))
    county.tables.add(
        "交通事故",
        accident_no=f"{place.code}{day.year}{day.month:02d}{day.day:02d}{seq:05d}",
        accident_date=day,
        plate=plate(rng, company, place.city.plate),
        credit_code=company.code if company else None,
        company=company.name if company else None,
        driver_id=county.people.ids[driver],
        deaths=deaths,
        responsibility=liability,
    )


def _company(county: County, rng: random.Random) -> Company:
    rep = county.people.new(1955, 1990)
    return county.registry.new("transport", rep, county.ago(rng.randint(1000, 8000)))


def background(county: County) -> None:
    rng = county.rng("traffic")
    for _ in range(county.per_thousand(4, minimum=20)):
        company = _company(county, rng)
        events = sorted(
            (county.ago(rng.randint(1, 1100)), rng.random() < 0.2) for _ in range(rng.randint(0, 8))
        )
        liable: list[date] = []
        for day, fatal in events:
            recent = [d for d in liable if (day - d).days <= 181]
            can_blame = len(recent) < 2 and rng.random() < 0.5
            liability = rng.choice(LIABLE) if can_blame else rng.choice(OTHER)
            if fatal and liability in LIABLE:
                liable.append(day)
            accident(county, rng, company, day, rng.randint(1, 2) if fatal else 0, liability)
    for _ in range(county.per_thousand(6, minimum=20)):
        fatal = rng.random() < 0.1
        liability = rng.choice(LIABLE + OTHER)
        accident(county, rng, None, county.ago(rng.randint(1, 1100)), int(fatal), liability)


def plant(county: County) -> None:
    rng = county.rng("t12")
    for _ in range(county.planted_per_template):
        company = _company(county, rng)
        count, dead = rng.randint(3, 5), 0
        for _ in range(count):
            deaths = rng.randint(1, 3)
            dead += deaths
            accident(
                county, rng, company, county.ago(rng.randint(3, 170)), deaths, rng.choice(LIABLE)
            )
        county.truth.plant(
            T12,
            "company",
            company.code,
            f"近180日发生负全部或主要责任的死亡事故{count}起，共死亡{dead}人",
        )
    for _ in range(county.near_misses_per_kind):
        for day, deaths, liability in (
            (county.ago(rng.randint(200, 300)), 1, "主要"),
            (county.ago(rng.randint(3, 170)), 1, "同等"),
            (county.ago(rng.randint(3, 170)), 0, "全部"),
        ):
            company = _company(county, rng)
            for _ in range(2):
                accident(county, rng, company, county.ago(rng.randint(3, 170)), 1, "主要")
            accident(county, rng, company, day, deaths, liability)
        county.truth.near_miss(T12, 3)
