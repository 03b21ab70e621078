"""罚金刑未执行: fines in judgments effective for over 90 days with no payment on the same case
and person are leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "fine-not-executed"
NAMES = [
    "",
    "王德胜",
    "刘玉梅",
    "孙国庆",
    "马秀兰",
    "韩志刚",
    "李文华",
    "祁海燕",
    "朱永平",
    "朱永安",
]


def judgment(seq: int, fine: str, effective: str, case: int | None = None) -> dict[str, str]:
    return {
        "案号": f"（2024）青0122刑初{case or seq}号",
        "被告人姓名": NAMES[seq],
        "公民身份号码": pid(seq, region="630122") if seq != 7 else "63012219850101123",
        "审判法院": "西宁市湟中区人民法院",
        "罪名": "盗窃罪",
        "刑种": "有期徒刑",
        "刑期月数": "8",
        "是否缓刑": "是",
        "审前强制措施": "取保候审",
        "判决日期": "2024-12-20",
        "判决生效日期": effective,
        "罚金": fine,
    }


def payment(seq: int, case: int, amount: str) -> dict[str, str]:
    return {
        "案号": f"（2024）青0122刑初{case}号",
        "被执行人": NAMES[seq],
        "身份证号": pid(seq, region="630122"),
        "缴纳金额": amount,
        "缴纳日期": "2025年3月2日",
    }


TABLES = {
    "刑事判决": [
        judgment(1, "2万元", "2025-01-15"),  # lead
        judgment(2, "人民币五千元", "2025/4/1"),  # lead: exactly 90 days
        judgment(3, "3000", "2025-04-02"),  # 89 days
        judgment(4, "1万元", "2025-01-15"),  # paid
        judgment(5, "8000元", "2025-01-15"),  # lead: paid a fine of another case only
        judgment(6, "", "2025-01-15"),  # no fine
        judgment(7, "5000", "2025-01-15"),  # unreadable ID
        judgment(8, "6000", "2025年1月15日", case=88),  # lead: co-defendant 9 paid, 8 did not
        judgment(9, "6000", "2025年1月15日", case=88),
    ],
    "罚金缴纳": [
        payment(4, 4, "10,000.00"),
        payment(5, 55, "2000"),
        payment(9, 88, "6000"),
    ],
}


def person(seq: int) -> str:
    return pid(seq, region="630122")


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_the_unpaid_fines(store: Store, tmp_path: Path, engine: str) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {person(1), person(2), person(5), person(8)}
    by_key = {lead["subject_key"]: lead for lead in leads}
    assert by_key[person(1)]["title"] == (
        "王德胜：西宁市湟中区人民法院（（2024）青0122刑初1号）判处罚金20000.00元，"
        "生效逾166日无缴纳记录"
    )
    assert by_key[person(1)]["amount"] == "20000.00"
    assert by_key[person(2)]["amount"] == "5000.00"
    assert by_key[person(1)]["jurisdiction"] == "西宁市湟中区人民法院"


def test_grace_days_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"grace_days": 30})
    assert subjects(leads) == {person(1), person(2), person(3), person(5), person(8)}
