"""受贿行贿一起查: bribe-givers above the threshold, still in time, never convicted."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "unprosecuted-bribe-givers"
NAMES = ["", "高峰", "田野", "方圆", "石磊", "贾明", "夏雨", "龙飞", "江河", "白露", "潘越", "崔健"]


def giver(seq: int, amount: str, last: str, first: str = "2008-01-01") -> dict[str, str]:
    return {
        "受贿案号": f"（2024）浙01刑初{20 + seq}号",
        "受贿人": "胡某某",
        "行贿人": NAMES[seq],
        "行贿人身份证号": pid(seq),
        "行贿人单位": f"杭州{NAMES[seq]}建设工程有限公司",
        "行贿金额": amount,
        "首次行贿日期": first,
        "末次行贿日期": last,
    }


def conviction(seq: int, charge: str) -> dict[str, str]:
    return {
        "案号": f"（2024）浙0102刑初{300 + seq}号",
        "被告人姓名": NAMES[seq],
        "公民身份号码": pid(seq),
        "审判法院": "杭州市上城区人民法院",
        "罪名": charge,
        "刑种": "有期徒刑",
        "是否缓刑": "是",
        "判决日期": "2024-10-08",
        "判决生效日期": "2024-10-20",
    }


TABLES = {
    "行贿人名录": [
        giver(1, "5万元", "2022-03-15", "2021-02-01"),  # lead: 5-year period runs to 2027
        giver(2, "2.9万元", "2023-05-01"),  # below 30,000
        giver(3, "¥30,000.00", "2020年6月30日"),  # lead: the period ends today
        giver(4, "4万元", "2020/6/29"),  # the 5-year period ended yesterday
        giver(5, "120万元", "2012-01-01"),  # lead: ≥ 1,000,000, 15 years
        giver(6, "80万元", "2012-01-01"),  # below 1,000,000: 5 years, long past
        giver(7, "人民币六百万元", "2008-01-01"),  # lead: ≥ 5,000,000, 20 years
        giver(8, "150万元", "2008-01-01"),  # 15 years, ended in 2023
        giver(9, "100000元", "2023-01-01"),  # convicted of 行贿罪
        giver(10, "10万元", "2023-01-01"),  # lead: convicted, but of another crime
        giver(11, "10万元", "2023-01-01"),  # convicted of 单位行贿罪
    ],
    "刑事判决": [
        conviction(9, "行贿罪"),
        conviction(10, "盗窃罪"),
        conviction(11, "单位行贿罪"),
    ],
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_the_unconvicted_bribe_givers_in_time(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {pid(1), pid(3), pid(5), pid(7), pid(10)}
    by_subject = {lead["subject_key"]: lead for lead in leads}
    assert by_subject[pid(1)]["title"] == (
        "高峰（杭州高峰建设工程有限公司）向胡某某行贿50000.00元（（2024）浙01刑初21号认定），"
        "未见以行贿类罪名追诉，追诉期限至2027-03-15"
    )
    assert by_subject[pid(7)]["amount"] == "6000000.00"
    assert by_subject[pid(5)]["title"].endswith("追诉期限至2027-01-01")
    assert by_subject[pid(7)]["title"].endswith("追诉期限至2028-01-01")


def test_threshold_parameters(store: Store, tmp_path: Path) -> None:
    params = {"min_amount": 100000, "serious_years": 20}
    leads = run_template(store, tmp_path, ID, TABLES, params=params)
    assert subjects(leads) == {pid(5), pid(7), pid(8), pid(10)}
