"""Absolute and relative dates."""

import datetime as dt

from jiancha.documents.extraction.dates import parse_date, resolved_dates
from jiancha.documents.extraction.text import normalize


def test_chinese_numerals_and_variant_zero() -> None:
    assert parse_date("二〇一五年一月五日") == dt.date(2015, 1, 5)
    assert parse_date(normalize("二○一八年八月二十八日")) == dt.date(2018, 8, 28)
    assert parse_date("2018年8月28日") == dt.date(2018, 8, 28)
    assert parse_date("2018年2月30日") is None


def test_relative_dates_follow_the_previous_one() -> None:
    text = "2018年10月26日被传唤到案，次日被刑事拘留，同年11月23日被逮捕，同月30日，当日，12月3日"
    values = [hit.value for hit in resolved_dates(text)]
    assert values == [
        dt.date(2018, 10, 26),
        dt.date(2018, 10, 27),
        dt.date(2018, 11, 23),
        dt.date(2018, 11, 30),
        dt.date(2018, 11, 30),
        dt.date(2018, 12, 3),
    ]


def test_relative_date_without_anchor_is_unknown() -> None:
    assert [hit.value for hit in resolved_dates("次日被刑事拘留")] == [None]


def test_normalize_keeps_length() -> None:
    raw = "审\u3000判\u3000长 张三\\n二○一八年<br>＼n"
    assert len(normalize(raw)) == len(raw)
    assert "\\n" not in normalize(raw)
