"""加油站购销比异常: stations whose purchased ÷ declared litres over the last 12 months is at
least 1.5 times the mean ratio of all stations are leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import cid, run_template, subjects

ID = "fuel-station-under-declared"
STATIONS = {
    1: "湟中区鲁沙尔加油站有限公司",
    2: "西宁市城西区昆仑加油站",
    3: "大通县桥头镇石化加油站",
    4: "湟源县顺通加油站有限公司",
    5: "互助县威远镇宏达加油站",
    6: "平安区三合加油站",
    7: "乐都区碾伯加油站",
    8: "民和县川口加油站",
}


def bought(seq: int, period: str, litres: str, amount: str) -> dict[str, str]:
    code = cid(seq) if seq != 8 else "91330102MA0000008X"  # 8: an unreadable code
    return {
        "纳税人识别号": code,
        "加油站名称": STATIONS[seq],
        "所属期": period,
        "购进数量（升）": litres,
        "购进金额": amount,
    }


def declared(seq: int, period: str, litres: str) -> dict[str, str]:
    code = cid(seq) if seq != 8 else "91330102MA0000008X"
    return {
        "纳税人识别号": code,
        "纳税人名称": STATIONS[seq],
        "所属期": period,
        "申报销售数量（升）": litres,
        "申报销售额": "",
        "申报税额": "",
    }


# Ratios over the last 12 months (2024-07 to 2025-06): 1, 1, 1.1, 3, 2.1, 1, 1; mean 10.2 / 7.
PURCHASES = [
    bought(1, "2024-07-01", "50000", "37.5万元"),
    bought(1, "2025-06-01", "50000", "37.5万元"),
    bought(2, "2025-05-01", "100,000", "75万元"),
    bought(3, "2025年5月1日", "11万", "82.5万元"),
    # 4: the under-declaring station, two deliveries in June (summed before the collision)
    bought(4, "2025-05-01", "150000", "112.5万元"),
    bought(4, "2025-06-01", "100000", "75万元"),
    bought(4, "2025-06-01", "50000", "37.5万元"),
    bought(5, "2025/6/1", "210000", "157.5万元"),  # 5: ratio 2.1, score 1.44: near miss
    # 6: ratio 5 exactly 12 months ago (outside the window), 1 inside it
    bought(6, "2024-06-01", "500000", "375万元"),
    bought(6, "2025-06-01", "100000", "75万元"),
    # 7: a month with no return at all is left out of the collision
    bought(7, "2025-05-01", "100000", "75万元"),
    bought(7, "2025-06-01", "300000", "225万元"),
    bought(8, "2025-06-01", "900000", "675万元"),  # 8: no readable taxpayer number
]
RETURNS = [
    declared(1, "2024-07-01", "50000"),
    declared(1, "2025-06-01", "50000"),
    declared(1, "2023-06-01", "10"),  # no purchase that month
    declared(2, "2025-05-01", "100000"),
    declared(3, "2025-05-01", "100000"),
    declared(4, "2025-05-01", "50000"),
    declared(4, "2025-06-01", "5万"),
    declared(5, "2025-06-01", "100000"),
    declared(6, "2024-06-01", "100000"),
    declared(6, "2025-06-01", "100000"),
    declared(7, "2025-05-01", "100000"),
    declared(8, "2025-06-01", "100000"),
]
TABLES = {"成品油购进": PURCHASES, "增值税申报": RETURNS}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_stations_far_above_the_mean_ratio(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {cid(4)}
    (lead,) = leads
    assert lead["title"] == (
        "湟源县顺通加油站有限公司：近2个月购进成品油300000升，申报销售仅100000升，"
        "购销比3，为全部加油站平均水平的2.058824倍"
    )
    assert lead["amount"] == "1500000.00"  # 200,000 litres at the purchase price of 7.5 yuan


def test_months_parameter(store: Store, tmp_path: Path) -> None:
    # 13 months reach June 2024: station 6's ratio becomes 3 as well (mean 12.2 / 7).
    leads = run_template(store, tmp_path, ID, TABLES, params={"months": 13})
    assert subjects(leads) == {cid(4), cid(6)}
