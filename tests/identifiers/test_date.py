"""日期."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiancha.identifiers import Invalid, get

DATE = get("date")
MAY6 = dt.date(2023, 5, 6)


@pytest.mark.parametrize(
    "raw",
    [
        "2023-05-06",
        "2023-5-6",
        "2023/5/6",
        "2023/05/06",
        "2023.5.6",
        "2023 - 05 - 06",
        "2023年5月6日",
        "2023年05月06日",
        "2023 年 5 月 6 日",
        "2023年5月6号",
        "2023年5月6",
        "２０２３年５月６日",
        "20230506",
        "20230506.0",
        "45052",
        "45052.0",
        "45052.604166666664",
        "二〇二三年五月六日",
        "二零二三年五月六日",
        "二○二三年五月六日",
        "二〇二三年〇五月〇六日",
        "2023-05-06 14:30:00",
        "2023-05-06T14:30:00",
        "2023/5/6 14:30",
        "2023年5月6日14时30分",
        "2023-05-06 14:30:00.123456",
        "2023-05-06T08:00:00+08:00",
    ],
)
def test_clean(raw: str) -> None:
    assert DATE.clean(raw) == MAY6


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("二〇二三年十二月三十一日", dt.date(2023, 12, 31)),
        ("二〇二三年十月二十日", dt.date(2023, 10, 20)),
        ("二〇〇八年八月八日", dt.date(2008, 8, 8)),
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("1", dt.date(1899, 12, 31)),
        ("61", dt.date(1900, 3, 1)),
        ("2958465", dt.date(9999, 12, 31)),
        ("2023-05-06T20:00:00Z", dt.date(2023, 5, 7)),  # 04:00 the next day in Beijing
    ],
)
def test_clean_days(raw: str, day: dt.date) -> None:
    assert DATE.clean(raw) == day


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("2023-02-30", "日期不存在"),
        ("2023-2-29", "日期不存在"),
        ("2023/13/01", "日期不存在"),
        ("2023年2月30日", "日期不存在"),
        ("二〇二三年二月三十日", "日期不存在"),
        ("20230230", "日期不存在"),
        ("2023-05-06 25:00", "时间不存在"),
        ("hello", "无法识别的日期格式"),
        ("2023-05", "无法识别的日期格式"),
        ("5/6/2023", "无法识别的日期格式"),
        ("2023-05/06", "无法识别的日期格式"),
        ("2023-05-06 下午", "无法识别的日期格式"),
        ("0", "无法识别的日期格式"),
        ("2958466", "无法识别的日期格式"),
        ("12345678901", "无法识别的日期格式"),
    ],
)
def test_invalid(raw: str, why: str) -> None:
    with pytest.raises(Invalid) as caught:
        DATE.clean(raw)
    assert caught.value.reason == why


@pytest.mark.parametrize(
    ("raw", "evidence"),
    [
        ("2023-05-06", True),
        ("2023/5/6", True),
        ("2023年5月6日", True),
        ("二〇二三年五月六日", True),
        ("2023-05-06 14:30:00", True),
        ("20230506", False),
        ("45052", False),
        ("45052.5", False),
        ("2023-02-30", False),
        ("hello", False),
    ],
)
def test_sniff_is_conservative(raw: str, evidence: bool) -> None:
    assert DATE.sniff(raw) is evidence


def test_declaration() -> None:
    assert (DATE.label, DATE.classification, str(DATE.storage)) == (
        "日期",
        "internal",
        "date32[day]",
    )


@given(st.dates(dt.date(1000, 1, 1)))
def test_iso_round_trip(day: dt.date) -> None:
    assert DATE.clean(day.isoformat()) == day
    assert DATE.clean(f"{day.year}年{day.month}月{day.day}日") == day
    assert DATE.clean(f"{day.year}/{day.month}/{day.day}") == day


@given(st.dates(dt.date(1000, 1, 1)))
def test_compact_round_trip(day: dt.date) -> None:
    assert DATE.clean(day.strftime("%Y%m%d")) == day


@given(st.dates(dt.date(1900, 3, 1)))
def test_excel_serial_round_trip(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    assert DATE.clean(str(serial)) == day
