"""同一单位频发致死事故: companies whose vehicles caused ≥ 3 fatal accidents (full or main
responsibility) in the last 180 days are leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import cid, pid, run_template, subjects

ID = "fatal-accidents-same-company"
COMPANIES = {
    1: "西宁通达渣土运输有限公司",
    2: "湟中区顺发物流有限公司",
    3: "青海高原客运集团有限公司",
    4: "大通县鑫源砂石运输有限公司",
    5: "青海路桥混凝土有限公司",
    6: "湟源县安达危险货物运输有限公司",
    7: "互助县聚龙运输有限公司",
}
_seq = iter(range(1, 100))


def accident(
    company: int, day: str, deaths: str = "1", responsibility: str = "全部", no: str | None = None
) -> dict[str, str]:
    seq = next(_seq)
    return {
        "事故编号": no or f"630121202500{seq:04d}",
        "事故日期": day,
        "号牌号码": f"青A{company}{seq:04d}",
        "车辆所属单位信用代码": cid(company) if company != 7 else "",
        "车辆所属单位": COMPANIES[company],
        "驾驶人身份证号": pid(seq),
        "死亡人数": deaths,
        "事故责任": responsibility,
    }


TABLES = {
    "交通事故": [
        # 1: three fatal accidents, the first on the first day of the 180-day window: lead
        accident(1, "2025-01-01", "2"),
        accident(1, "2025年3月15日", "1", "主要"),
        accident(1, "2025/6/10", "1"),
        # 2: the first of three falls one day before the window
        accident(2, "2024-12-31"),
        accident(2, "2025-02-01"),
        accident(2, "2025-05-01", "1", "主要"),
        # 3: one of three with secondary responsibility only
        accident(3, "2025-02-01"),
        accident(3, "2025-03-01"),
        accident(3, "2025-04-01", "1", "次要"),
        # 4: one of three without deaths
        accident(4, "2025-02-01"),
        accident(4, "2025-03-01"),
        accident(4, "2025-04-01", "0"),
        # 5: three accidents, one of them recorded twice (two vehicles of the company): lead
        accident(5, "2025-02-01", no="6301212025A001"),
        accident(5, "2025-02-01", no="6301212025A001"),
        accident(5, "2025-03-01"),
        accident(5, "2025-04-01", "3", "主要"),
        # 6: two accidents, one recorded twice: two, not three
        accident(6, "2025-02-01", no="6301212025B001"),
        accident(6, "2025-02-01", no="6301212025B001"),
        accident(6, "2025-03-01"),
        # 7: three fatal accidents but the owner's credit code is missing
        accident(7, "2025-02-01"),
        accident(7, "2025-03-01"),
        accident(7, "2025-04-01"),
    ],
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_companies_with_repeated_fatal_accidents(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {cid(1), cid(5)}
    titles = {lead["subject_key"]: lead["title"] for lead in leads}
    assert titles[cid(1)] == (
        "西宁通达渣土运输有限公司：2025-01-01至2025-06-10车辆发生3起负全部或主要责任的"
        "致人死亡事故，共死亡4人"
    )
    assert all(lead["amount"] is None for lead in leads)


def test_window_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"window_days": 181})
    assert subjects(leads) == {cid(1), cid(2), cid(5)}


def test_count_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"min_accidents": 2})
    assert subjects(leads) == {cid(1), cid(2), cid(3), cid(4), cid(5), cid(6)}
