"""信用卡套现转贷: loans preceded by a large card cash-out or POS overdraft of the lender."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "lending-funded-by-card-overdraft"
NAMES = ["", "邱明", "侯伟", "邵华", "孟凡", "龚丽", "薛冰", "雷鸣", "汤圆", "尹平"]


def loan(
    seq: int, amount: str = "10万元", date: str = "2025-03-01", case: int = 0
) -> dict[str, str]:
    return {
        "案号": f"（2025）浙0102民初{case or 500 + seq}号",
        "审理法院": "杭州市上城区人民法院",
        "原告": NAMES[seq],
        "原告身份证号": pid(seq),
        "被告": "借款人甲",
        "被告身份证号": pid(900, born="19900101"),
        "借款金额": amount,
        "借款日期": date,
        "立案日期": "2025-04-10",
        "结案方式": "判决",
        "结案日期": "2025-05-20",
    }


def overdraft(seq: int, kind: str, date: str, amount: str, person: str = "") -> dict[str, str]:
    return {
        "持卡人": NAMES[seq],
        "持卡人身份证号": person or pid(seq),
        "发卡机构": "中国工商银行杭州分行",
        "交易类型": kind,
        "交易日期": date,
        "交易金额": amount,
    }


TABLES = {
    "民间借贷判决": [
        loan(1),  # lead: two cash-outs a fortnight before (one lead, not two)
        loan(2),  # lead: POS spend of exactly half the loan, exactly 30 days before
        loan(3),  # overdraft 31 days before
        loan(4),  # overdraft the day after the loan
        loan(5, amount="人民币八万元", date="2025年3月1日"),  # lead: cash-out on the loan day
        loan(6),  # overdraft just below half the loan
        loan(7),  # a repayment, not a cash-out
        loan(8),  # only the borrower overdrew
        loan(1, amount="20万元", date="2024-10-01", case=520),  # 1's other loan: no overdraft
    ],
    "信用卡透支": [
        overdraft(1, "取现", "2025-02-15", "6万元"),
        overdraft(1, "取现", "2025/2/16", "¥55,000.00"),
        overdraft(2, "POS消费", "2025-01-30", "50000元"),
        overdraft(3, "取现", "2025-01-29", "8万元"),
        overdraft(4, "取现", "2025-03-02", "8万元"),
        overdraft(5, "取现", "2025-03-01", "4万元"),
        overdraft(6, "POS消费", "2025-02-20", "49,999.99元"),
        overdraft(7, "还款", "2025-02-20", "9万元"),
        overdraft(8, "取现", "2025-02-20", "9万元", person=pid(900, born="19900101")),
    ],
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_the_loans_funded_by_overdraft(store: Store, tmp_path: Path, engine: str) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {pid(1), pid(2), pid(5)}
    assert len(leads) == 3
    by_subject = {lead["subject_key"]: lead for lead in leads}
    assert by_subject[pid(1)]["title"] == (
        "邱明：诉借款人甲民间借贷案（（2025）浙0102民初501号）称于2025-03-01出借100000.00元，"
        "出借前有单笔大额信用卡取现或POS消费透支"
    )
    assert by_subject[pid(5)]["amount"] == "80000.00"
    assert by_subject[pid(2)]["jurisdiction"] == "杭州市上城区人民法院"


def test_lookback_and_ratio_parameters(store: Store, tmp_path: Path) -> None:
    params = {"lookback_days": 31, "min_ratio": 0.4}
    leads = run_template(store, tmp_path, ID, TABLES, params=params)
    assert subjects(leads) == {pid(1), pid(2), pid(3), pid(5), pid(6)}
