"""The funnel over the scenario (``scenario.py``): exact figures per grouping and filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiancha.errors import JianchaError, NotFound
from jiancha.stats import StatsFilter, parse_day, statistics
from jiancha.store import Store
from tests.stats.scenario import CITY, LEDU, PINGAN, PROVINCE, A, B, C, D, Scenario

ZERO_KINDS = {
    "suggestion": 0,
    "correction_notice": 0,
    "supervise_filing": 0,
    "supervise_withdrawal": 0,
    "public_interest_case": 0,
    "protest": 0,
    "referral": 0,
}


def run(store: Store, **wanted: Any) -> dict[str, Any]:
    return statistics(store, StatsFilter(**wanted))


def funnel(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        row["leads"],
        row["verified"],
        row["confirmed"],
        row["cases"],
        row["precision"],
        row["conversion"],
        row["recovered_amount"],
        row["avg_days_to_action"],
    )


def test_total(store: Store, scenario: Scenario) -> None:
    report = run(store, group_by="total")
    assert report["groups"] == [] and report["group_label"] == "合计"
    total = report["total"]
    assert funnel(total) == (7, 4, 2, 2, 0.5, 0.2857, "15000.00", 12.5)
    assert total["actions"] == {**ZERO_KINDS, "suggestion": 2, "correction_notice": 1}
    assert total["adopted"] == {**ZERO_KINDS, "correction_notice": 1}
    assert (total["actions_total"], total["adopted_total"]) == (3, 1)
    assert total["adoption_rate"] == 0.3333
    assert (total["leads_with_actions"], total["leads_with_feedback"]) == (2, 2)
    assert (total["persons_affected"], total["rules_made"]) == (1, 1)
    assert report["filter"] == {
        "group_by": "total",
        "models": [],
        "org": None,
        "area": None,
        "line": None,
        "from": None,
        "to": None,
    }


def test_by_model_lists_every_model_in_slug_order(store: Store, scenario: Scenario) -> None:
    groups = run(store)["groups"]
    assert [g["key"] for g in groups] == [D, C, B, A]
    by = {g["key"]: g for g in groups}
    assert funnel(by[D]) == (0, 0, 0, 0, None, None, "0.00", None)
    assert funnel(by[C]) == (2, 1, 0, 0, 0.0, 0.0, "0.00", None)
    assert funnel(by[B]) == (3, 1, 1, 1, 1.0, 0.3333, "0.00", 15.0)
    assert funnel(by[A]) == (2, 2, 1, 1, 0.5, 0.5, "15000.00", 10.0)
    assert by[A]["actions"] == {**ZERO_KINDS, "suggestion": 1, "correction_notice": 1}
    assert by[A]["adoption_rate"] == 0.5 and by[B]["adoption_rate"] == 0.0
    assert by[B]["leads_with_feedback"] == 1 and by[B]["adopted_total"] == 0
    assert by[A]["label"] == "审前未羁押判处实刑罪犯未交付执行监督模型"
    assert (by[B]["area"], by[B]["line"]) == ("public_interest", "public_interest")


def test_by_org_rolls_up_the_subtree(store: Store, scenario: Scenario) -> None:
    groups = run(store, group_by="org")["groups"]
    assert [(g["key"], g["depth"], g["leads"]) for g in groups] == [
        (PROVINCE, 0, 5),
        (CITY, 1, 5),
        (LEDU, 2, 3),
        (PINGAN, 2, 1),
        (None, 0, 2),
    ]
    by = {g["key"]: g for g in groups}
    assert by[None]["label"] == "未归属检察院" and by[CITY]["level_label"] == "市院"
    assert funnel(by[CITY]) == (5, 4, 2, 2, 0.5, 0.4, "15000.00", 12.5)
    assert funnel(by[LEDU]) == (3, 3, 2, 2, 0.6667, 0.6667, "15000.00", 12.5)
    assert funnel(by[PINGAN]) == (1, 1, 0, 0, 0.0, 0.0, "0.00", None)
    assert funnel(by[None]) == (2, 0, 0, 0, None, 0.0, "0.00", None)


def test_an_office_means_its_whole_subtree(store: Store, scenario: Scenario) -> None:
    city = run(store, group_by="org", org=CITY)
    assert [(g["key"], g["depth"]) for g in city["groups"]] == [(CITY, 0), (LEDU, 1), (PINGAN, 1)]
    assert funnel(city["total"]) == (5, 4, 2, 2, 0.5, 0.4, "15000.00", 12.5)
    ledu = run(store, group_by="total", org="海东市乐都区人民检察院")["total"]
    assert funnel(ledu) == (3, 3, 2, 2, 0.6667, 0.6667, "15000.00", 12.5)
    pingan = run(store, org=PINGAN)
    assert funnel(pingan["total"]) == (1, 1, 0, 0, 0.0, 0.0, "0.00", None)
    assert [g["leads"] for g in pingan["groups"]] == [0, 0, 0, 1]  # D, C, B, A


def test_by_area_and_line(store: Store, scenario: Scenario) -> None:
    areas = run(store, group_by="area")["groups"]
    assert [(g["key"], g["label"], g["leads"], g["confirmed"]) for g in areas] == [
        ("criminal", "刑事检察", 4, 1),
        ("civil", "民事检察", 0, 0),
        ("public_interest", "公益诉讼检察", 3, 1),
    ]
    lines = run(store, group_by="line", area="criminal")
    assert [(g["key"], g["label"], g["leads"]) for g in lines["groups"]] == [
        ("ordinary_crime", "普通犯罪检察", 2),
        ("criminal_execution", "刑事执行检察", 2),
    ]
    assert lines["total"]["leads"] == 4 and lines["total"]["recovered_amount"] == "15000.00"
    assert run(store, group_by="total", line="public_interest")["total"]["leads"] == 3


def test_by_month_in_china_time(store: Store, scenario: Scenario) -> None:
    groups = run(store, group_by="month")["groups"]
    # 孙己 of model A was found 2025-01-31 20:00 UTC: February in China.
    assert [(g["key"], g["label"], g["leads"]) for g in groups] == [
        ("2025-01", "2025年1月", 1),
        ("2025-02", "2025年2月", 2),
        ("2025-03", "2025年3月", 4),
    ]
    assert funnel(groups[1]) == (2, 2, 1, 1, 0.5, 0.5, "0.00", 15.0)


def test_period_is_inclusive_and_in_china_time(store: Store, scenario: Scenario) -> None:
    def total(start: str | None, end: str | None) -> dict[str, Any]:
        wanted = {"date_from": parse_day(start, "起"), "date_to": parse_day(end, "止")}
        return run(store, group_by="total", **wanted)["total"]

    january = total("2025-01-15", "2025-01-31")  # 张甲 of A only (2025-01-14 20:00 UTC)
    assert funnel(january) == (1, 1, 1, 1, 1.0, 1.0, "15000.00", 10.0)
    assert january["actions_total"] == 2  # actions follow their lead, whatever their date
    february = total("2025-02-01", "2025-02-28")
    assert funnel(february) == (2, 2, 1, 1, 0.5, 0.5, "0.00", 15.0)
    assert total("2025-03-01", None)["leads"] == 4
    assert total(None, "2025-02-01")["leads"] == 2
    assert total("2025-03-26", "2025-12-31")["leads"] == 0


def test_models_filter(store: Store, scenario: Scenario) -> None:
    report = run(store, models=(A, B), group_by="model")
    assert [g["key"] for g in report["groups"]] == [B, A]
    assert funnel(report["total"]) == (5, 3, 2, 2, 0.6667, 0.4, "15000.00", 12.5)
    none = run(store, models=(D,), group_by="total")["total"]
    assert funnel(none) == (0, 0, 0, 0, None, None, "0.00", None)


@pytest.mark.parametrize(
    ("wanted", "error", "message"),
    [
        ({"group_by": "week"}, JianchaError, "不能按“week”分组统计"),
        ({"models": ("nope",)}, NotFound, "模型 `nope` 未安装"),
        ({"org": "无此院"}, NotFound, "没有代码或名称为“无此院”的检察院"),
        ({"area": "crime"}, JianchaError, "没有“crime”这一检察领域"),
        ({"line": "traffic"}, JianchaError, "没有“traffic”这一业务条线"),
        (
            {"date_from": dt.date(2025, 3, 1), "date_to": dt.date(2025, 1, 1)},
            JianchaError,
            "起始日期 2025-03-01 晚于截止日期 2025-01-01",
        ),
    ],
)
def test_bad_filters_are_refused_in_chinese(
    store: Store, wanted: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        run(store, **wanted)
    assert str(raised.value).startswith(message)


def test_parse_day() -> None:
    assert parse_day(" 2025-02-28 ", "起始日期") == dt.date(2025, 2, 28)
    assert parse_day(None, "起始日期") is None and parse_day("", "x") is None
    with pytest.raises(JianchaError, match="截止日期“2025-02-30”不是有效日期"):
        parse_day("2025-02-30", "截止日期")


def test_an_empty_store(store: Store) -> None:
    report = run(store, group_by="org")
    assert report["groups"] == []
    assert funnel(report["total"]) == (0, 0, 0, 0, None, None, "0.00", None)
