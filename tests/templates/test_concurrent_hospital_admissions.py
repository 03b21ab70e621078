"""同一参保人同时在两家医院住院: only overlapping stays in two different hospitals are leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "concurrent-hospital-admissions"
NAMES = ["", "马建国", "韩桂英", "祁玉兰", "李德明", "张秀珍", "星成林", "白永福", "蔡晓燕"]


def stay(no: str, seq: int, hospital: str, admit: str, discharge: str, paid: str) -> dict[str, str]:
    return {
        "住院号": no,
        "姓名": NAMES[seq],
        "身份证号": pid(seq, region="630121"),
        "医院": hospital,
        "入院日期": admit,
        "出院日期": discharge,
        "医保支付金额": paid,
    }


PROVINCIAL, COUNTY, TCM = "青海省人民医院", "湟中区第一人民医院", "湟中区中医院"
TABLES = {
    "住院记录": [
        # 1: two stays in different hospitals overlapping by 5 days: one lead
        stay("ZY2025001", 1, PROVINCIAL, "2025-03-01", "2025-03-15", "8,600元"),
        stay("ZY2025002", 1, COUNTY, "2025年3月10日", "2025年3月20日", "1.2万元"),
        # 2: the same person, same hospital, overlapping records (a re-registration): no lead
        stay("ZY2025003", 2, COUNTY, "2025-04-01", "2025-04-10", "5000"),
        stay("ZY2025004", 2, COUNTY, "2025-04-05", "2025-04-12", "3000"),
        # 3: transferred: discharged and admitted elsewhere on the same day: no lead
        stay("ZY2025005", 3, PROVINCIAL, "2025/2/1", "2025/2/8", "6000"),
        stay("ZY2025006", 3, TCM, "2025/2/8", "2025/2/20", "4000"),
        # 4: a stay entirely inside another one elsewhere: lead
        stay("ZY2025007", 4, TCM, "2025-01-05", "2025-01-30", "人民币九千元"),
        stay("ZY2025008", 4, PROVINCIAL, "2025-01-10", "2025-01-12", "¥2,345.50"),
        # 5: two stays in different hospitals a month apart: no lead
        stay("ZY2025009", 5, PROVINCIAL, "2025-05-01", "2025-05-09", "7000"),
        stay("ZY2025010", 5, COUNTY, "2025-06-01", "2025-06-05", "2000"),
        # 6 and 7: overlapping dates, but different people: no lead
        stay("ZY2025011", 6, PROVINCIAL, "2025-03-01", "2025-03-15", "7000"),
        stay("ZY2025012", 7, COUNTY, "2025-03-05", "2025-03-12", "2000"),
        # 8: three overlapping stays in three hospitals: three pairs, three leads for one person
        stay("ZY2025013", 8, PROVINCIAL, "2025-06-01", "2025-06-20", "5000"),
        stay("ZY2025014", 8, COUNTY, "2025-06-05", "2025-06-10", "1000"),
        stay("ZY2025015", 8, TCM, "2025-06-08", "2025-06-25", "3000"),
    ],
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_overlapping_stays_in_two_hospitals(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {
        pid(1, region="630121"),
        pid(4, region="630121"),
        pid(8, region="630121"),
    }
    pairs = {
        (lead["evidence"]["admission_no"], lead["evidence"]["b.admission_no"]) for lead in leads
    }
    assert pairs == {
        ("ZY2025001", "ZY2025002"),
        ("ZY2025007", "ZY2025008"),
        ("ZY2025013", "ZY2025014"),
        ("ZY2025013", "ZY2025015"),
        ("ZY2025014", "ZY2025015"),
    }
    first = next(lead for lead in leads if lead["evidence"]["admission_no"] == "ZY2025001")
    assert first["title"] == (
        "马建国：2025-03-01至2025-03-15在青海省人民医院住院（ZY2025001），"
        "同期又在湟中区第一人民医院住院（ZY2025002），重叠5日"
    )
    assert first["amount"] == "8600.00"
    amounts = {lead["evidence"]["admission_no"]: lead["amount"] for lead in leads}
    assert amounts["ZY2025007"] == "2345.50"
