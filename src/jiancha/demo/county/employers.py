"""Employers, their disabled staff and the disability-employment levy (template 11).

Owns: 用人单位用工 rows for the last three years and 残保金缴纳 rows. In the background every
employer of more than 30 staff below the 1.5 % quota last year has paid that year's levy, and a
compliant employer's disabled staff exceed the quota by at least half a person (so no float
rounding can tip it). Planted: last year below quota and unpaid (some paid only an earlier year);
near-misses: 30 staff and none disabled, just compliant, or below quota only in an earlier year.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from jiancha.demo.county.core import County, Fen
from jiancha.demo.county.people import Company

T11 = "disabled-employment-levy-unpaid"
QUOTA = 0.015


def _wage(year: int, company: Company) -> int:
    base = 118_000 if company.district.city.name == "杭州市" else 96_000
    return base + (year - 2020) * 4_000


def compliant(rng: random.Random, headcount: int) -> int:
    """A number of disabled staff at least half a person above the quota."""
    return math.floor(headcount * QUOTA + 0.5) + 1 + rng.choice((0, 0, 1))


def below(rng: random.Random, headcount: int) -> int:
    """A number of disabled staff below the quota by at least half a person."""
    return rng.randint(0, max(0, math.ceil(headcount * QUOTA - 0.5) - 1))


class Employers:
    def __init__(self, county: County, rng: random.Random) -> None:
        self.county, self.rng = county, rng
        self.last_year = county.as_of.year - 1

    def company(self) -> Company:
        county, rng = self.county, self.rng
        rep = county.people.new(1955, 1995)
        return county.registry.new("employer", rep, county.ago(rng.randint(1500, 9000)))

    def report(self, company: Company, year: int, headcount: int, disabled: int) -> None:
        self.county.tables.add(
            "用人单位用工",
            credit_code=company.code,
            company=company.name,
            year=year,
            headcount=headcount,
            disabled_employees=disabled,
            avg_wage=Fen.yuan(_wage(year - 1, company)),
        )

    def pay(self, company: Company, year: int, headcount: int, disabled: int) -> None:
        today, rng = self.county.as_of, self.rng
        start = date(year + 1, 1, 1)
        end = min(today, date(year + 1, 12, 31))
        paid = start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
        shortfall = headcount * QUOTA - disabled
        amount = round(shortfall * _wage(year - 1, company) * 100)
        self.county.tables.add(
            "残保金缴纳",
            credit_code=company.code,
            company=company.name,
            year=year,
            amount=Fen(amount),
            paid_date=min(paid, today),
        )

    def year(
        self, company: Company, year: int, headcount: int, *, quota_met: bool, paid: bool = True
    ) -> tuple[int, int]:
        disabled = compliant(self.rng, headcount) if quota_met else below(self.rng, headcount)
        self.report(company, year, headcount, disabled)
        if headcount > 30 and not quota_met and paid:
            self.pay(company, year, headcount, disabled)
        return headcount, disabled


def _size(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.4:
        return rng.randint(5, 30)
    return rng.randint(31, 300) if roll < 0.85 else rng.randint(301, 2000)


def background(county: County) -> None:
    rng = county.rng("employers")
    e = Employers(county, rng)
    for _ in range(county.per_thousand(20, minimum=40)):
        company = e.company()
        size = _size(rng)
        met = rng.random() < 0.35
        for year in range(e.last_year - 2, e.last_year + 1):
            headcount = max(31, size + rng.randint(-3, 3)) if size > 30 else min(30, size)
            late = year < e.last_year and rng.random() < 0.05
            e.year(company, year, headcount, quota_met=met, paid=not late)


def plant(county: County) -> None:
    rng = county.rng("t11")
    e = Employers(county, rng)
    last = e.last_year
    for i in range(county.planted_per_template):
        company = e.company()
        size = 31 if i == 0 else rng.randint(31, 800)
        e.year(company, last - 2, size, quota_met=False)
        e.year(company, last - 1, size, quota_met=False, paid=i % 3 != 2)
        headcount, disabled = e.year(company, last, size, quota_met=False, paid=False)
        county.truth.plant(
            T11,
            "company",
            company.code,
            f"{last}年度在职职工{headcount}人、安排残疾人就业{disabled}人，"
            f"低于1.5%比例且未缴纳残疾人就业保障金",
        )
    for _ in range(county.near_misses_per_kind):
        company = e.company()  # 30 staff: exempt
        e.report(company, last, 30, 0)
        company = e.company()  # just compliant
        e.year(company, last, rng.randint(31, 66), quota_met=True)
        company = e.company()  # below quota and unpaid, but the year before last
        e.year(company, last - 1, 120, quota_met=False, paid=False)
        e.year(company, last, 120, quota_met=True)
        county.truth.near_miss(T11, 3)
