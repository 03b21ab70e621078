"""残保金漏征: employers of last year above 30 staff, below the 1.5 % quota, with no levy paid."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import cid, run_template, subjects

ID = "disabled-employment-levy-unpaid"
COMPANIES = {
    1: "青海昆仑建设工程有限公司",
    2: "湟中区鸿运物流有限公司",
    3: "西宁市城北区好家乡餐饮有限公司",
    4: "青海雪域乳业有限公司",
    5: "青海省盐湖化工股份有限公司",
    6: "大通县宏远煤业有限公司",
    7: "湟源县丹噶尔旅游开发有限公司",
    8: "互助县青稞酒业销售有限公司",
    9: "乐都区高庙建材有限公司",
}


def payroll(
    seq: int, year: str, headcount: str, disabled: str, wage: str = "9.6万元"
) -> dict[str, str]:
    return {
        "统一社会信用代码": cid(seq) if seq != 9 else "91330102MA000000",  # 9: truncated code
        "单位名称": COMPANIES[seq],
        "年度": year,
        "在职职工人数": headcount,
        "安排残疾人就业人数": disabled,
        "上年度职工年平均工资": wage,
    }


def levy(seq: int, year: str, amount: str) -> dict[str, str]:
    return {
        "统一社会信用代码": cid(seq),
        "单位名称": COMPANIES[seq],
        "缴费年度": year,
        "缴纳金额": amount,
        "缴纳日期": "2025年3月31日",
    }


TABLES = {
    "用人单位用工": [
        payroll(1, "2024", "200", "1"),  # lead: 1 of the 3 required
        payroll(2, "2024", "200", "3"),  # exactly the quota
        payroll(3, "2024", "30", "0"),  # 30 staff: exempt
        payroll(4, "2024", "31", "0", "96,000元"),  # lead: 31 staff, none disabled
        payroll(5, "2024", "500", "2"),  # paid
        payroll(6, "2024", "1,200", "5"),  # lead: paid for 2023 only
        payroll(7, "2023", "500", "0"),  # not last year
        payroll(8, "2024", "150", ""),  # the count is blank: not read as zero
        payroll(9, "2024", "300", "0"),  # no readable credit code
    ],
    "残保金缴纳": [
        levy(5, "2024", "38.4万元"),
        levy(6, "2023", "12万元"),
    ],
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_employers_below_the_quota_without_levy(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {cid(1), cid(4), cid(6)}
    by_key = {lead["subject_key"]: lead for lead in leads}
    assert by_key[cid(1)]["title"] == (
        "青海昆仑建设工程有限公司：2024年度在职职工200人，应安排残疾人3人、实际1人，"
        "未缴纳残疾人就业保障金"
    )
    assert by_key[cid(1)]["amount"] == "192000.00"  # (3 − 1) × 96,000
    assert by_key[cid(4)]["amount"] == "44640.00"  # 0.465 × 96,000
    assert by_key[cid(6)]["amount"] == "1248000.00"  # (18 − 5) × 96,000


def test_quota_and_exemption_parameters(store: Store, tmp_path: Path) -> None:
    params = {"quota_ratio": 0.02, "exempt_headcount": 20}
    leads = run_template(store, tmp_path, ID, TABLES, params=params)
    assert subjects(leads) == {cid(1), cid(2), cid(3), cid(4), cid(6)}
