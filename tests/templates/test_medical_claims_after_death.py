"""死亡人员医保结算: every settlement dated after the registered death is a lead."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "medical-claims-after-death"
NAMES = ["", "严德福", "葛秀英", "范志刚", "柳桂兰", "鲁建国", "莫玉珍"]
_claims = iter(range(1, 1000))


def claim(seq: int, date: str, paid: str, person: str = "") -> dict[str, str]:
    return {
        "结算单号": f"JS3301{next(_claims):08d}",
        "参保人": NAMES[seq],
        "参保人身份证号": person or pid(seq, born="19400101"),
        "定点医疗机构": "杭州市某某大药房连锁有限公司",
        "结算日期": date,
        "统筹支付金额": paid,
    }


def death(seq: int, date: str) -> dict[str, str]:
    return {
        "姓名": NAMES[seq],
        "公民身份号码": pid(seq, born="19400101"),
        "死亡日期": date,
        "登记机关": "杭州市上城区民政局",
    }


TABLES = {
    "医保结算": [
        claim(1, "2025-01-05", "1,234.50元"),  # lead
        claim(1, "2025年2月10日", "860元"),  # lead: a second settlement, a second lead
        claim(2, "2025-03-01", "300元"),  # on the day of death
        claim(2, "2025/3/2", "¥2,000"),  # lead: the day after death
        claim(3, "2025-04-20", "500元"),  # before death
        claim(4, "2025-04-20", "500元"),  # alive
        claim(5, "2025-04-20", "500元", person="身份证号缺失"),  # unreadable ID
        claim(6, "2025-06-01", "0.3万元", person="330102400101006"),  # lead: 15-digit old ID
    ],
    "死亡登记": [
        death(1, "2024-12-01"),
        death(2, "2025年3月1日"),
        death(3, "2025-05-01"),
        death(5, "2024-01-01"),
        death(6, "2025-05-20"),
    ],
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_the_settlements_after_death(store: Store, tmp_path: Path, engine: str) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    born = "19400101"
    assert subjects(leads) == {pid(1, born=born), pid(2, born=born), pid(6, born=born)}
    assert len(leads) == 4
    by_title = {lead["title"]: lead for lead in leads}
    title = (
        "严德福：2024-12-01死亡登记后第35日在杭州市某某大药房连锁有限公司发生医保结算"
        "（JS330100000001），统筹基金支付1234.50元"
    )
    assert by_title[title]["amount"] == "1234.50"
    assert sorted(lead["amount"] for lead in leads) == ["1234.50", "2000.00", "3000.00", "860.00"]


def test_grace_days_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"grace_days": 1})
    born = "19400101"
    assert subjects(leads) == {pid(1, born=born), pid(6, born=born)}
