"""涉黑恶暴力多次涉案人员: persons with ≥ 3 criminal or 治安 cases of the four violent causes
filed in the last 3 years are leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "repeat-violent-offender"
NAMES = ["", "马福海", "韩永强", "祁文斌", "李旦增", "张海龙", "冶成虎", "赵德才"]
UNITS = ["西宁市公安局城西分局", "湟中区公安局", "大通县公安局"]
_seq = iter(range(1, 100))


def case(
    person: int, cause: str, filed: str, category: str = "刑事", no: str | None = None
) -> dict[str, str]:
    seq = next(_seq)
    return {
        "案件编号": no or f"A6301210000002025{seq:05d}",
        "案件类别": category,
        "案由": cause,
        "嫌疑人": NAMES[person],
        "嫌疑人身份证号": pid(person, born="19900315", region="630121") if person != 7 else "不详",
        "立案日期": filed,
        "刑事拘留日期": "",
        "案件状态": "侦查中" if category == "刑事" else "已处罚",
        "办案单位": UNITS[seq % 3],
    }


TABLES = {
    "公安案件": [
        # 1: three cases, the first filed on the first day of the 3-year window: lead
        case(1, "故意伤害", "2022-06-30"),
        case(1, "寻衅滋事", "2023年5月1日", "治安"),
        case(1, "聚众斗殴", "2025/1/1"),
        # 2: the first of three filed one day before the window
        case(2, "故意伤害", "2022-06-29"),
        case(2, "寻衅滋事", "2023-05-01", "治安"),
        case(2, "非法拘禁", "2024-05-01"),
        # 3: one of three is a theft
        case(3, "故意伤害", "2023-01-01"),
        case(3, "盗窃", "2023-05-01"),
        case(3, "寻衅滋事", "2024-05-01", "治安"),
        # 4: one of three is neither a criminal nor a 治安 case
        case(4, "故意伤害", "2023-01-01"),
        case(4, "寻衅滋事", "2023-05-01", "行政"),
        case(4, "聚众斗殴", "2024-05-01"),
        # 5: three cases, one of them exported twice: lead
        case(5, "非法拘禁", "2024-01-01", no="A630121000000202400001"),
        case(5, "非法拘禁", "2024-01-01", no="A630121000000202400001"),
        case(5, "故意伤害", "2024-05-01", "治安"),
        case(5, "聚众斗殴", "2025-05-01"),
        # 6: two cases, one exported twice: two, not three
        case(6, "寻衅滋事", "2024-01-01", no="A630121000000202400002"),
        case(6, "寻衅滋事", "2024-01-01", no="A630121000000202400002"),
        case(6, "故意伤害", "2024-05-01"),
        # 7: three cases, the suspect's ID unknown
        case(7, "故意伤害", "2023-01-01"),
        case(7, "寻衅滋事", "2023-05-01"),
        case(7, "聚众斗殴", "2024-05-01"),
    ],
}


def person(seq: int) -> str:
    return pid(seq, born="19900315", region="630121")


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_persons_with_three_violent_cases(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {person(1), person(5)}
    titles = {lead["subject_key"]: lead["title"] for lead in leads}
    assert titles[person(1)] == (
        "马福海：2022-06-30至2025-01-01涉故意伤害、寻衅滋事等暴力类刑事、治安案件3起"
    )
    assert {lead["jurisdiction"] for lead in leads} <= set(UNITS)


def test_years_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"years": 4})
    assert subjects(leads) == {person(1), person(2), person(5)}


def test_count_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"min_cases": 2})
    assert subjects(leads) == {person(1), person(2), person(3), person(4), person(5), person(6)}
