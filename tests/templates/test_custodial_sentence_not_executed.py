"""审前未羁押判处实刑罪犯未交付执行: only the never-committed custodial sentences are leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "custodial-sentence-not-executed"
NAMES = ["", "张伟", "李娜", "王芳", "刘强", "陈静", "杨磊", "赵敏", "黄勇"]


def judgment(
    seq: int, sentence: str, probation: str, measure: str, effective: str
) -> dict[str, str]:
    return {
        "案号": f"（2025）浙0102刑初{seq}号",
        "被告人姓名": NAMES[seq],
        "公民身份号码": pid(seq),
        "审判法院": "杭州市上城区人民法院",
        "罪名": "盗窃罪",
        "刑种": sentence,
        "是否缓刑": probation,
        "审前强制措施": measure,
        "判决日期": "2025-01-02",
        "判决生效日期": effective,
    }


TABLES = {
    "刑事判决": [
        judgment(1, "有期徒刑", "否", "取保候审", "2025-01-15"),  # lead: never taken in
        judgment(2, "拘役", "否", "监视居住", "2025-03-01"),  # lead
        judgment(3, "有期徒刑", "否", "取保候审", "2025-01-15"),  # taken in
        judgment(4, "有期徒刑", "是", "取保候审", "2025-01-15"),  # probation
        judgment(5, "有期徒刑", "否", "逮捕", "2025-01-15"),  # detained before trial
        judgment(6, "有期徒刑", "否", "取保候审", "2025-06-20"),  # within 30 days of 2025-06-30
        judgment(7, "管制", "否", "取保候审", "2025-01-15"),  # not custodial
        judgment(8, "有期徒刑", "否", "取保候审", "2025-01-15"),  # taken in before the judgment
    ],
    "监狱收押": [
        {"罪犯姓名": "王芳", "身份证号": pid(3), "收押日期": "2025年2月3日", "收押单位": "某监狱"},
        {"罪犯姓名": "黄勇", "身份证号": pid(8), "收押日期": "2024-05-01", "收押单位": "某监狱"},
    ],
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_the_uncommitted_custodial_sentences(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {pid(1), pid(2), pid(8)}
    titles = {lead["subject_key"]: lead["title"] for lead in leads}
    assert titles[pid(1)] == (
        "张伟：杭州市上城区人民法院判处有期徒刑（（2025）浙0102刑初1号），生效逾166日未交付执行"
    )


def test_grace_days_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"grace_days": 5})
    assert subjects(leads) == {pid(1), pid(2), pid(6), pid(8)}
