"""行刑反向衔接: relative non-prosecutions with no later administrative penalty are leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "non-prosecution-without-admin-penalty"
NAMES = ["", "马超", "林芳", "罗斌", "梁静", "宋杰", "唐敏", "董亮", "袁媛"]


def decision(seq: int, kind: str, date: str, charge: str = "危险驾驶罪") -> dict[str, str]:
    return {
        "案号": f"杭上检刑不诉〔2025〕{seq}号",
        "被不起诉人": NAMES[seq],
        "身份证号": pid(seq),
        "罪名": charge,
        "不起诉类型": kind,
        "决定日期": date,
        "决定检察院": "杭州市上城区人民检察院",
    }


def penalty(seq: int, date: str) -> dict[str, str]:
    return {
        "决定书文号": f"杭公交决字〔2025〕第{seq:04d}号",
        "当事人": NAMES[seq],
        "证件号码": pid(seq),
        "处罚机关": "杭州市公安局交通警察支队",
        "违法行为": "醉酒后驾驶机动车",
        "处罚种类": "罚款",
        "罚款金额": "2000元",
        "处罚决定日期": date,
    }


TABLES = {
    "不起诉决定": [
        decision(1, "相对不起诉", "2025-01-15"),  # lead: never penalised
        decision(2, "相对不起诉", "2025年4月1日"),  # lead: exactly 90 days ago
        decision(3, "相对不起诉", "2025/4/2"),  # only 89 days ago
        decision(4, "存疑不起诉", "2025-01-15", "盗窃罪"),  # not a relative non-prosecution
        decision(5, "相对不起诉", "2025-01-15"),  # penalised afterwards
        decision(6, "相对不起诉", "2025-01-15"),  # only penalised before the decision
        decision(7, "相对不起诉", "2025-01-15"),  # penalised on the decision day
        decision(8, "法定不起诉", "2025-01-15", "故意伤害罪"),  # not a relative non-prosecution
    ],
    "行政处罚": [
        penalty(5, "2025年2月20日"),
        penalty(6, "2024-11-01"),
        penalty(7, "2025/1/15"),
    ],
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_the_unpenalised_non_prosecutions(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {pid(1), pid(2), pid(6)}
    titles = {lead["subject_key"]: lead["title"] for lead in leads}
    assert titles[pid(1)] == (
        "马超：杭州市上城区人民检察院以危险驾驶罪作出相对不起诉决定"
        "（杭上检刑不诉〔2025〕1号），166日后仍无行政处罚记录"
    )
    assert {lead["jurisdiction"] for lead in leads} == {"杭州市上城区人民检察院"}


def test_parameters(store: Store, tmp_path: Path) -> None:
    params = {"wait_days": 89, "decision_types": "相对不起诉,存疑不起诉"}
    leads = run_template(store, tmp_path, ID, TABLES, params=params)
    assert subjects(leads) == {pid(1), pid(2), pid(3), pid(4), pid(6)}
