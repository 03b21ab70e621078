"""社区矫正对象未入矫: only community sentences never followed by an intake record are leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "community-correction-not-received"
NAMES = ["", "孙浩", "周婷", "吴刚", "郑丽", "冯军", "何雪", "许斌", "韩梅", "曹阳"]


def judgment(
    seq: int, sentence: str, probation: str, judged: str, effective: str, person: str = ""
) -> dict[str, str]:
    return {
        "案号": f"（2025）浙0102刑初{100 + seq}号",
        "被告人姓名": NAMES[seq],
        "公民身份号码": person or pid(seq),
        "审判法院": "杭州市上城区人民法院",
        "罪名": "危险驾驶罪",
        "刑种": sentence,
        "刑期月数": "6",
        "是否缓刑": probation,
        "审前强制措施": "取保候审",
        "判决日期": judged,
        "判决生效日期": effective,
    }


def intake(seq: int, start: str) -> dict[str, str]:
    return {
        "姓名": NAMES[seq],
        "身份证号码": pid(seq),
        "矫正类别": "缓刑",
        "入矫日期": start,
        "矫正期满日期": "2026-03-01",
        "执行地司法所": "上城区紫阳司法所",
    }


TABLES = {
    "刑事判决": [
        judgment(1, "有期徒刑", "是", "2025-02-10", "2025-03-01"),  # lead: never received
        judgment(2, "管制", "否", "2024年12月25日", "2025年1月10日"),  # lead: 管制
        judgment(3, "拘役", "Y", "2025/6/5", "2025/6/20"),  # lead: exactly today − 10 days
        judgment(4, "有期徒刑", "是", "2025-06-06", "2025-06-21"),  # still within 10 days
        judgment(5, "有期徒刑", "是", "2025-02-10", "2025-03-01"),  # received
        judgment(6, "有期徒刑", "是", "2025-02-10", "2025-03-01"),  # only an earlier correction
        judgment(7, "有期徒刑", "否", "2025-02-10", "2025-03-01"),  # custodial, not community
        judgment(8, "管制", "否", "2025-02-10", "2025-03-01"),  # received on the judgment day
        judgment(9, "有期徒刑", "是", "2025-02-10", "2025-03-01", person="身份证号不详"),
    ],
    "社区矫正": [
        intake(5, "2025年3月8日"),
        intake(6, "2021-05-01"),
        intake(8, "2025/2/10"),
    ],
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_the_community_sentences_never_received(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {pid(1), pid(2), pid(3), pid(6)}
    titles = {lead["subject_key"]: lead["title"] for lead in leads}
    assert titles[pid(1)] == (
        "孙浩：杭州市上城区人民法院以危险驾驶罪判处有期徒刑缓刑（（2025）浙0102刑初101号），"
        "生效逾121日仍未入矫"
    )
    assert titles[pid(2)].startswith("周婷：杭州市上城区人民法院以危险驾驶罪判处管制（")
    assert all(lead["jurisdiction"] == "杭州市上城区人民法院" for lead in leads)
    assert all(lead["amount"] is None for lead in leads)


def test_grace_days_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"grace_days": 30})
    assert subjects(leads) == {pid(1), pid(2), pid(6)}


def test_community_sentences_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(
        store, tmp_path, ID, TABLES, params={"community_sentences": "有期徒刑,管制"}
    )
    assert subjects(leads) == {pid(1), pid(2), pid(3), pid(6), pid(7)}
