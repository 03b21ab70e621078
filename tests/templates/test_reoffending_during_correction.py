"""社区矫正对象再违法犯罪: detentions of the listed types inside the correction period are leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.store import Store
from tests.templates.harness import pid, run_template, subjects

ID = "reoffending-during-correction"
NAMES = ["", "钱进", "蒋涛", "沈洁", "韩冰", "杨帆", "朱琳", "秦川", "尤佳", "许晴"]


def roster(seq: int, kind: str, start: str, end: str) -> dict[str, str]:
    return {
        "姓名": NAMES[seq],
        "身份证号码": pid(seq),
        "矫正类别": kind,
        "入矫日期": start,
        "矫正期满日期": end,
        "执行地司法所": "上城区湖滨司法所",
    }


def detention(seq: int, kind: str, date: str, cause: str = "寻衅滋事") -> dict[str, str]:
    return {
        "姓名": NAMES[seq],
        "身份证号": pid(seq),
        "羁押类型": kind,
        "羁押日期": date,
        "羁押场所": "杭州市看守所" if kind != "行政拘留" else "杭州市拘留所",
        "案由": cause,
    }


TABLES = {
    "社区矫正": [
        roster(1, "缓刑", "2024-09-01", "2026-09-01"),
        roster(2, "假释", "2024年1月1日", "2025年12月31日"),
        roster(3, "缓刑", "2025/1/10", "2026/1/10"),
        roster(4, "缓刑", "2023-06-01", "2025-06-01"),
        roster(5, "缓刑", "2023-06-01", "2025-06-01"),
        roster(6, "管制", "2025-01-01", "2025-12-31"),
        roster(7, "缓刑", "2024-09-01", "2026-09-01"),
        roster(9, "缓刑", "2024-09-01", ""),
    ],
    "羁押记录": [
        detention(1, "刑事拘留", "2025-03-15", "盗窃"),  # lead
        detention(1, "逮捕", "2025-03-28", "盗窃"),  # lead: a second detention, a second lead
        detention(2, "行政拘留", "2025年5月20日", "吸食笑气"),  # lead
        detention(3, "逮捕", "2025-01-10"),  # lead: on the first day of correction
        detention(4, "刑事拘留", "2025-06-01"),  # lead: on the last day of correction
        detention(5, "刑事拘留", "2025-06-02"),  # the day after the correction ended
        detention(6, "行政拘留", "2024-12-31"),  # the day before correction began
        detention(7, "强制隔离戒毒", "2025-02-01", "吸毒"),  # not a listed type
        detention(8, "刑事拘留", "2025-02-01"),  # not under correction
        detention(9, "刑事拘留", "2025-02-01"),  # correction end date unknown
    ],
}


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_leads_are_the_detentions_during_correction(
    store: Store, tmp_path: Path, engine: str
) -> None:
    leads = run_template(store, tmp_path, ID, TABLES, engine=engine)
    assert subjects(leads) == {pid(1), pid(2), pid(3), pid(4)}
    assert len(leads) == 5
    titles = {lead["title"] for lead in leads if lead["subject_key"] == pid(2)}
    assert titles == {
        "蒋涛：假释社区矫正期间（2024-01-01至2025-12-31），于2025-05-20因吸食笑气被行政拘留"
    }
    assert all(lead["jurisdiction"] == "上城区湖滨司法所" for lead in leads)


def test_detention_types_parameter(store: Store, tmp_path: Path) -> None:
    params = {"detention_types": "刑事拘留,逮捕,行政拘留,强制隔离戒毒"}
    leads = run_template(store, tmp_path, ID, TABLES, params=params)
    assert subjects(leads) == {pid(1), pid(2), pid(3), pid(4), pid(7)}
