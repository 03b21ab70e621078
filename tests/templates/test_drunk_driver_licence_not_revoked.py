"""危险驾驶罪犯驾驶证未吊销: persons convicted of 危险驾驶罪 over 30 days ago whose licence is
still 正常 are leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "drunk-driver-licence-not-revoked"
NAMES = ["", "周建军", "吴海鹏", "郑志远", "何永红", "陈进财", "汪明辉", "罗生福", "谢玉龙"]


def judgment(seq: int, effective: str, charge: str = "危险驾驶罪") -> dict[str, str]:
    return {
        "案号": f"（2025）青0121刑初{seq}号",
        "被告人姓名": NAMES[seq],
        "公民身份号码": pid(seq, born="19880808", region="630121"),
        "审判法院": "西宁市湟中区人民法院",
        "罪名": charge,
        "刑种": "拘役",
        "刑期月数": "3",
        "是否缓刑": "是",
        "审前强制措施": "取保候审",
        "判决日期": "2025-01-10",
        "判决生效日期": effective,
        "罚金": "5000元",
    }


def licence(seq: int, status: str, changed: str = "2019-04-01") -> dict[str, str]:
    return {
        "姓名": NAMES[seq],
        "身份证明号码": pid(seq, born="19880808", region="630121"),
        "准驾车型": "C1",
        "驾驶证状态": status,
        "状态变更日期": changed,
    }


TABLES = {
    "刑事判决": [
        judgment(1, "2025-03-01"),  # lead
        judgment(2, "2025年5月31日"),  # lead: exactly 30 days
        judgment(3, "2025/6/1"),  # 29 days
        judgment(4, "2025-03-01"),  # revoked
        judgment(5, "2025-03-01"),  # no licence on record
        judgment(6, "2025-03-01", "交通肇事罪"),  # another offence
        judgment(7, "2025-03-01"),  # lead: the licence exported twice
        judgment(8, "2025-03-01"),  # cancelled
    ],
    "驾驶证": [
        licence(1, "正常"),
        licence(2, "正常"),
        licence(3, "正常"),
        licence(4, "吊销", "2025-03-20"),
        licence(6, "正常"),
        licence(7, "正常"),
        licence(7, "正常"),
        licence(8, "注销", "2025-04-02"),
    ],
}


def person(seq: int) -> str:
    return pid(seq, born="19880808", region="630121")


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_convicts_with_valid_licences(store: Store, tmp_path: Path, engine: str) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {person(1), person(2), person(7)}
    assert len(leads) == 3
    titles = {lead["subject_key"]: lead["title"] for lead in leads}
    assert titles[person(2)] == (
        "吴海鹏：西宁市湟中区人民法院以危险驾驶罪判决（（2025）青0121刑初2号），"
        "生效已30日，驾驶证仍为正常状态"
    )


def test_grace_days_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"grace_days": 20})
    assert subjects(leads) == {person(1), person(2), person(3), person(7)}
