"""Medical-insurance settlements, hospital stays and deaths (templates 8 and 9).

Owns: 死亡登记 rows (the deceased are persons of this storyline, none of whom appears in a general
dataset), the 医保结算 of the deceased (all on or before the day of death in the background) and
of the general population, and 住院记录 (each person's stays never overlap in the background).
Planted: settlements after death and stays in two hospitals at once; near-misses: a settlement
on the day of death, a living namesake settling after the death, transfers on the discharge day,
overlaps within one hospital, stays a day apart.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from jiancha.demo.county.core import BadId, County, Fen, cn_date
from jiancha.demo.county.draws import draw, pick
from jiancha.demo.county.geography import ALL_HOSPITALS

T8, T9 = "medical-claims-after-death", "concurrent-hospital-admissions"
PHARMACIES = ("杭州民生大药房", "杭州九洲大药房", "绍兴震元大药房", "绍兴华东大药房")
INSTITUTIONS = ALL_HOSPITALS + PHARMACIES


def claim(county: County, rng: random.Random, person: int, day: date, *, bad: bool = False) -> None:
    pid = county.people.ids[person]
    seq = county.numbers.next("结算")
    county.tables.add(
        "医保结算",
        claim_no=f"JS{day.year}{day.month:02d}{day.day:02d}{seq:08d}",
        name=county.people.names[person],
        person_id=BadId(pid) if bad else pid,
        institution=pick(rng, INSTITUTIONS),
        settle_date=day,
        fund_paid=Fen(draw(rng, 1_000, 500_000)),
    )


def stay(
    county: County,
    rng: random.Random,
    person: int,
    hospital: str,
    admitted: date,
    discharged: date,
    *,
    bad: bool = False,
) -> None:
    pid = county.people.ids[person]
    code = f"ZY{ALL_HOSPITALS.index(hospital) + 1:02d}"
    seq = county.numbers.next(hospital, str(admitted.year))
    county.tables.add(
        "住院记录",
        admission_no=f"{code}{admitted.year}{seq:06d}",
        name=county.people.names[person],
        person_id=BadId(pid) if bad else pid,
        hospital=hospital,
        admit_date=admitted,
        discharge_date=discharged,
        fund_paid=Fen(rng.randint(100_000, 5_000_000)),
    )


def _deceased(county: County, rng: random.Random, died: date) -> int:
    person = county.people.new(1932, 1965)
    place = county.people.districts[person]
    county.tables.add(
        "死亡登记",
        name=county.people.names[person],
        person_id=county.people.ids[person],
        death_date=died,
        registrar=place.civil_affairs,
    )
    for _ in range(rng.randint(0, 5)):
        claim(county, rng, person, died - timedelta(days=rng.randint(1, 400)))
    return person


def background(county: County) -> None:
    rng = county.rng("deaths")
    for _ in range(county.per_thousand(8, minimum=20)):
        _deceased(county, rng, county.ago(rng.randint(1, 1100)))


def plant_claims_after_death(county: County) -> None:
    rng = county.rng("t8")
    for _ in range(county.planted_per_template):
        died = county.ago(rng.randint(30, 1000))
        person = _deceased(county, rng, died)
        count = rng.randint(1, 4)
        for _ in range(count):
            claim(county, rng, person, died + timedelta(days=rng.randint(3, 25)))
        county.truth.plant(
            T8,
            "person",
            county.people.ids[person],
            f"{cn_date(died)}死亡，此后仍发生医保结算{count}笔",
        )
    for _ in range(county.near_misses_per_kind):
        died = county.ago(rng.randint(30, 1000))
        claim(county, rng, _deceased(county, rng, died), died)  # on the day of death
        person = _deceased(county, rng, died)
        namesake = county.people.new(1960, 1990)  # alive, same name, settles afterwards
        county.people.names[namesake] = county.people.names[person]
        claim(county, rng, namesake, died + timedelta(days=rng.randint(3, 25)))
        county.truth.near_miss(T8, 2)


def _patient(county: County) -> int:
    return county.people.new(1940, county.as_of.year - 18)


def plant_concurrent_stays(county: County) -> None:
    rng = county.rng("t9")
    for i in range(county.planted_per_template):
        person = _patient(county)
        first, second = rng.sample(ALL_HOSPITALS, 2)
        admitted = county.ago(rng.randint(60, 1000))
        discharged = admitted + timedelta(days=rng.randint(8, 25))
        if i % 2:  # the second stay lies within the first
            b_in = admitted + timedelta(days=2)
            b_out = discharged - timedelta(days=2)
        else:  # the second begins before the first ends
            b_in = discharged - timedelta(days=rng.randint(1, 5))
            b_out = discharged + timedelta(days=rng.randint(3, 10))
        stay(county, rng, person, first, admitted, discharged)
        stay(county, rng, person, second, b_in, b_out)
        county.truth.plant(
            T9,
            "person",
            county.people.ids[person],
            f"{first}（{cn_date(admitted)}至{cn_date(discharged)}）与"
            f"{second}（{cn_date(b_in)}至{cn_date(b_out)}）住院时间重叠",
        )
    for _ in range(county.near_misses_per_kind):
        for same, gap in ((False, 0), (True, -3), (False, 1)):
            person = _patient(county)
            first, second = rng.sample(ALL_HOSPITALS, 2)
            admitted = county.ago(rng.randint(60, 1000))
            discharged = admitted + timedelta(days=rng.randint(8, 25))
            stay(county, rng, person, first, admitted, discharged)
            b_in = discharged + timedelta(days=gap)
            stay(county, rng, person, first if same else second, b_in, b_in + timedelta(days=6))
        county.truth.near_miss(T9, 3)


def general(
    county: County, claimants: list[int], patients: list[int], loners: tuple[list[int], list[int]]
) -> None:
    """Settlements and non-overlapping stays of the general population, plus loner rows."""
    rng = county.rng("medical")
    for person in claimants:
        claim(county, rng, person, county.ago(draw(rng, 1, 1100)))
    for person in patients:
        day = county.ago(rng.randint(60, 1500))
        for _ in range(rng.choices((1, 2, 3), (70, 22, 8))[0]):
            out = min(county.as_of, day + timedelta(days=rng.randint(1, 20)))
            stay(county, rng, person, rng.choice(ALL_HOSPITALS), day, out)
            day = out + timedelta(days=rng.randint(2, 200))
            if day >= county.as_of:
                break
    claim_loners, stay_loners = loners
    for person in claim_loners:
        claim(county, rng, person, county.ago(rng.randint(1, 1100)), bad=True)
    for person in stay_loners:
        day = county.ago(rng.randint(30, 1000))
        stay(county, rng, person, rng.choice(ALL_HOSPITALS), day, day + timedelta(days=5), bad=True)
