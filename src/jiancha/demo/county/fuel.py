"""Fuel stations' purchases against their declared sales (template 10).

Owns: 成品油购进 and 增值税申报 rows, one of each per station and month for the 24 full months
before the as-of month. Each station keeps one purchase-to-declared ratio in every month (±1.5 %),
so its ratio over "the last 12 months" is the same however the window is drawn and whether
litres or amounts are compared: background stations 0.97–1.10, planted under-declarers 1.9–2.5,
near-misses 1.30–1.38, and former under-declarers whose anomaly ended 15 months ago.
"""

from __future__ import annotations

import math
import random
from datetime import date

from jiancha.demo.county.core import County, Fen, add_months
from jiancha.demo.county.people import Company

T10 = "fuel-station-under-declared"
MONTHS = 24
MARKUP = 1.12  # retail over wholesale price


def periods(county: County) -> list[date]:
    first_of_month = county.as_of.replace(day=1)
    return [add_months(first_of_month, -k) for k in range(MONTHS, 0, -1)]


def _price(period: date) -> float:
    """Wholesale price per litre in the month (the same for every station)."""
    return 6.8 + 0.4 * math.sin(period.year * 12 + period.month)


def station_rows(
    county: County,
    rng: random.Random,
    station: Company,
    ratio: float,
    old_ratio: float | None = None,
) -> tuple[float, float]:
    """Write a station's 24 months; return its (purchased, declared) litres of the last 12."""
    base = rng.uniform(60_000, 400_000)
    months = periods(county)
    recent = (0.0, 0.0)
    for k, period in enumerate(months):
        r = old_ratio if old_ratio is not None and k < MONTHS - 15 else ratio
        bought = round(base * rng.uniform(0.9, 1.1))
        declared = round(bought / (r * rng.uniform(0.985, 1.015)))
        price = _price(period)
        county.tables.add(
            "成品油购进",
            credit_code=station.code,
            station=station.name,
            period=period,
            purchased_litres=float(bought),
            purchased_amount=Fen(round(bought * price * 100)),
        )
        sales = round(declared * price * MARKUP * 100)
        county.tables.add(
            "增值税申报",
            credit_code=station.code,
            taxpayer=station.name,
            period=period,
            declared_litres=float(declared),
            declared_sales=Fen(sales),
            declared_tax=Fen(round(sales * 0.13)),
        )
        if k >= MONTHS - 12:
            recent = (recent[0] + bought, recent[1] + declared)
    return recent


def build(county: County) -> None:
    """Background stations, planted under-declarers and near-misses, checked for margin."""
    rng = county.rng("fuel")
    count = county.per_thousand(2, minimum=40)
    planted = max(3, round(count * 0.06))
    near = max(2, round(count * 0.04))
    former = max(2, round(count * 0.03))
    ratios: dict[str, tuple[float, float]] = {}
    kinds: dict[str, str] = {}
    stations: dict[str, Company] = {}
    for i in range(count):
        rep = county.people.new(1955, 1990)
        station = county.registry.new("gas_station", rep, county.ago(rng.randint(1500, 9000)))
        stations[station.code] = station
        if i < planted:
            kind, ratio, old = "planted", rng.uniform(1.9, 2.5), None
        elif i < planted + near:
            kind, ratio, old = "near", rng.uniform(1.30, 1.38), None
        elif i < planted + near + former:
            kind, ratio, old = "former", rng.uniform(0.97, 1.10), rng.uniform(1.9, 2.5)
        else:
            kind, ratio, old = "background", rng.uniform(0.97, 1.10), None
        kinds[station.code] = kind
        ratios[station.code] = station_rows(county, rng, station, ratio, old)
    mean = sum(p / d for p, d in ratios.values()) / len(ratios)
    for code, (bought, declared) in ratios.items():
        relative = bought / declared / mean
        if kinds[code] == "planted":
            if relative < 1.6:
                raise AssertionError(f"planted station {code} only {relative:.2f} × the mean")
            county.truth.plant(
                T10,
                "company",
                code,
                f"近12个月购进{bought:.0f}升、申报销售{declared:.0f}升，购销比"
                f"{bought / declared:.2f}，为全部加油站均值的{relative:.2f}倍",
            )
        elif relative > 1.4:
            raise AssertionError(f"station {code} ({kinds[code]}) at {relative:.2f} × the mean")
        elif kinds[code] != "background":
            county.truth.near_miss(T10)
