"""刑拘未移诉: criminal cases with a detention over 2 years ago, not withdrawn or terminated, with
no prosecution intake under the case number, are leads for each suspect."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "detained-case-not-transferred"
NAMES = [
    "",
    "马国良",
    "韩文学",
    "祁得寿",
    "李成林",
    "张玉福",
    "冶建华",
    "赵永录",
    "白海生",
    "杨红梅",
    "蔡占元",
    "蔡占林",
]


def case(
    seq: int,
    detained: str,
    status: str = "侦查中",
    category: str = "刑事",
    case: int | None = None,
) -> dict[str, str]:
    return {
        "案件编号": f"A6301215000002022{case or seq:05d}",
        "案件类别": category,
        "案由": "盗窃",
        "嫌疑人": NAMES[seq],
        "嫌疑人身份证号": pid(seq, born="19950620", region="630123")
        if seq != 11
        else "630123199506200",
        "立案日期": "2022-12-01",
        "刑事拘留日期": detained,
        "案件状态": status,
        "办案单位": "湟源县公安局",
    }


def intake(seq: int) -> dict[str, str]:
    return {
        "移送案件编号": f"A6301215000002022{seq:05d}",
        "犯罪嫌疑人": NAMES[seq],
        "身份证号": pid(seq, born="19950620", region="630123"),
        "受理日期": "2023年9月1日",
        "受理检察院": "湟源县人民检察院",
    }


TABLES = {
    "公安案件": [
        case(1, "2023-01-10"),  # lead
        case(2, "2023年6月30日"),  # lead: exactly 2 years
        case(3, "2023/7/1"),  # one day short of 2 years
        case(4, "2023-01-10"),  # transferred
        case(5, "2023-01-10", "撤销案件"),
        case(6, "2023-01-10", "终止侦查"),
        case(7, ""),  # never detained
        case(8, "2023-01-10", "已处罚", "治安"),  # not a criminal case
        case(9, "2023-01-10", ""),  # lead: status not filled in
        case(10, "2023-01-10", case=10),  # lead; the co-suspect 11 has an unreadable ID
        case(11, "2023-01-10", case=10),
    ],
    "审查起诉受案": [intake(4)],
}


def person(seq: int) -> str:
    return pid(seq, born="19950620", region="630123")


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_detained_suspects_never_sent_for_prosecution(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {person(1), person(2), person(9), person(10)}
    titles = {lead["subject_key"]: lead["title"] for lead in leads}
    assert titles[person(2)] == (
        "韩文学：湟源县公安局（A630121500000202200002，盗窃）于2023-06-30刑事拘留，"
        "已731日未移送审查起诉"
    )
    assert {lead["jurisdiction"] for lead in leads} == {"湟源县公安局"}


def test_years_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"years": 1})
    assert subjects(leads) == {person(1), person(2), person(3), person(9), person(10)}


def test_closed_statuses_parameter(store: Store, tmp_path: Path) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, params={"closed_statuses": "撤销案件"})
    assert subjects(leads) == {person(1), person(2), person(6), person(9), person(10)}
