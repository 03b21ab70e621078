"""民间借贷虚假诉讼: plaintiffs with at least 10 private-lending suits filed in the last year."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "false-litigation-private-lending"
PLAINTIFFS = ["", "周某强", "吴小军", "郑国华", "王建平", "李红", "赵某", "钱某", "孙某", "李某"]
COURT = "杭州市上城区人民法院"
_seq = iter(range(1, 1000))


def suit(
    plaintiff: int,
    filed: str,
    amount: str = "2万元",
    closing: str = "判决",
    court: str = COURT,
    plaintiff_id: str = "",
    defendant: int = 0,
) -> dict[str, str]:
    n = next(_seq)
    defendant = defendant or 100 + n
    return {
        "案号": f"（2025）浙0102民初{n}号",
        "审理法院": court,
        "原告": PLAINTIFFS[plaintiff],
        "原告身份证号": plaintiff_id or pid(plaintiff),
        "被告": f"被告{n}",
        "被告身份证号": pid(defendant, born="19900101"),
        "借款金额": amount,
        "借款日期": "2024-01-10",
        "立案日期": filed,
        "结案方式": closing,
        "结案日期": "",
    }


DATES = [f"2025-0{m}-1{d}" for m in (1, 2, 3) for d in (1, 2, 3)]  # nine dates in 2025

LENDING = [
    # 1: exactly 10 suits in the window, two withdrawn: lead
    *[suit(1, date) for date in DATES[:8]],
    suit(1, "2025年4月2日", closing="撤诉"),
    suit(1, "2025/5/6", closing="按撤诉处理"),
    # 2: nine suits in the window, the tenth filed the day before it opens
    *[suit(2, date, amount="¥8,000") for date in DATES],
    suit(2, "2024-06-29", amount="¥8,000"),
    # 3: ten suits, the oldest filed on the first day of the window: lead
    *[suit(3, date, amount="50000元") for date in DATES],
    suit(3, "2024年6月30日", amount="50000元"),
    # 4: twelve suits in two courts: lead
    *[suit(4, date, amount="1.5万元", court="杭州市拱墅区人民法院") for date in DATES],
    *[suit(4, date, amount="1.5万元") for date in DATES[:3]],
    # 5: nine suits, and a tenth whose plaintiff ID is unreadable
    *[suit(5, date, amount="3万元") for date in DATES],
    suit(5, "2025-04-01", amount="3万元", plaintiff_id="3301021980"),
    # 200 is the defendant in twelve suits by four lenders (6–9): a borrower, not a lender
    *[suit(6 + i % 4, date, defendant=200) for i, date in enumerate(DATES + DATES[:3])],
]


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_the_plaintiffs_with_many_suits(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, {"民间借贷判决": LENDING}, engine=engine)
    assert subjects(leads) == {pid(1), pid(3), pid(4)}
    by_subject = {lead["subject_key"]: lead for lead in leads}
    assert by_subject[pid(1)]["title"] == (
        "周某强：2025-01-11至2025-05-06在杭州市上城区人民法院等1家法院作为原告提起民间借贷诉讼"
        "10件（撤诉2件），涉及被告10人、借款200000.00元"
    )
    assert by_subject[pid(1)]["amount"] == "200000.00"
    assert by_subject[pid(3)]["amount"] == "500000.00"
    assert by_subject[pid(4)]["jurisdiction"] == "杭州市拱墅区人民法院"
    assert "等2家法院作为原告提起民间借贷诉讼12件（撤诉0件）" in by_subject[pid(4)]["title"]


def test_min_cases_and_window_parameters(store: Store, tmp_path: Path) -> None:
    params = {"min_cases": 9, "window_days": 366}
    leads = run_template(store, tmp_path, ID, {"民间借贷判决": LENDING}, params=params)
    assert subjects(leads) == {pid(1), pid(2), pid(3), pid(4), pid(5)}
