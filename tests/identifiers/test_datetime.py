"""日期时间."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiancha.identifiers import Invalid, get

DATETIME = get("datetime")
AT_1430 = dt.datetime(2023, 5, 6, 14, 30)
AT_143005 = dt.datetime(2023, 5, 6, 14, 30, 5)


@pytest.mark.parametrize(
    ("raw", "moment"),
    [
        ("2023-05-06 14:30", AT_1430),
        ("2023-05-06 14:30:05", AT_143005),
        ("2023-05-06T14:30:05", AT_143005),
        ("2023-05-06T14:30:05.250", AT_143005.replace(microsecond=250000)),
        ("2023-05-06 14:30:05,5", AT_143005.replace(microsecond=500000)),
        ("2023/5/6 14:30", AT_1430),
        ("2023.5.6 14:30:05", AT_143005),
        ("2023年5月6日14时30分", AT_1430),
        ("2023年5月6日 14时30分05秒", AT_143005),
        ("2023年5月6日14点30分", AT_1430),
        ("2023年5月6日14时", dt.datetime(2023, 5, 6, 14)),
        ("二〇二三年五月六日十四时三十分", AT_1430),
        ("2023年5月6日 14:30", AT_1430),
        ("２０２３－０５－０６　１４：３０", AT_1430),
        ("2023-05-06", dt.datetime(2023, 5, 6)),
        ("2023年5月6日", dt.datetime(2023, 5, 6)),
        ("20230506", dt.datetime(2023, 5, 6)),
        ("20230506143005", AT_143005),
        ("20230506 14:30", AT_1430),
        ("45052.604166666664", AT_1430),
        ("45052.5", dt.datetime(2023, 5, 6, 12)),
        ("45052", dt.datetime(2023, 5, 6)),
        ("2023-05-06T06:30:00Z", AT_1430),
        ("2023-05-06T06:30:00+00:00", AT_1430),
        ("2023-05-06 14:30:00+08:00", AT_1430),
        ("2023-05-06 14:30:00 +0800", AT_1430),
        ("2023-05-06T15:30:00+09:00", AT_1430),
    ],
)
def test_clean(raw: str, moment: dt.datetime) -> None:
    assert DATETIME.clean(raw) == moment


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("2023-02-30 10:00", "日期不存在"),
        ("2023-05-06 25:00", "时间不存在"),
        ("2023-05-06 14:60", "时间不存在"),
        ("2023年5月6日25时", "时间不存在"),
        ("2023-05-06 2点半", "无法识别的日期格式"),
        ("14:30", "无法识别的日期格式"),
        ("明天", "无法识别的日期格式"),
    ],
)
def test_invalid(raw: str, why: str) -> None:
    with pytest.raises(Invalid) as caught:
        DATETIME.clean(raw)
    assert caught.value.reason == why


@pytest.mark.parametrize(
    ("raw", "evidence"),
    [
        ("2023-05-06 14:30", True),
        ("2023年5月6日14时30分", True),
        ("2023-05-06 00:00:00", True),
        ("2023-05-06", False),
        ("20230506143005", False),
        ("45052.5", False),
    ],
)
def test_sniff_demands_a_written_time(raw: str, evidence: bool) -> None:
    assert DATETIME.sniff(raw) is evidence


def test_declaration() -> None:
    assert (DATETIME.label, str(DATETIME.storage)) == ("日期时间", "timestamp[us]")


@given(st.datetimes(dt.datetime(1000, 1, 1)))
def test_iso_round_trip(moment: dt.datetime) -> None:
    assert DATETIME.clean(moment.isoformat(sep=" ")) == moment
    assert DATETIME.clean(moment.isoformat()) == moment
    assert DATETIME.clean(moment.strftime("%Y/%m/%d %H:%M:%S.%f")) == moment
