"""The vectorised date and datetime twins against the Python types."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.catalogue.vectorised_helpers import FULL_WIDTH, assert_twin, cells

YEARS = st.one_of(st.integers(1, 9999), st.integers(1890, 2040), st.just(0))
MONTHS = st.integers(0, 13)
DAYS = st.one_of(st.integers(0, 32), st.just(29), st.just(31))
CLOCK = st.tuples(st.integers(0, 25), st.integers(0, 61), st.one_of(st.none(), st.integers(0, 61)))


@st.composite
def dates(draw: st.DrawFn) -> str:
    y, m, d = draw(YEARS), draw(MONTHS), draw(DAYS)
    form = draw(st.sampled_from(["iso", "sep", "mixed", "cn", "compact", "serial", "excel"]))
    if form == "iso":
        text = f"{y:04d}-{m:02d}-{d:02d}"
    elif form == "sep":
        sep = draw(st.sampled_from("-/."))
        text = f"{y:04d}{sep}{m}{sep}{d}"
    elif form == "mixed":
        text = f"{y:04d}/{m}-{d}"
    elif form == "cn":
        text = f"{y:04d}年{m}月{d}{draw(st.sampled_from(['日', '号', '']))}"
    elif form == "compact":
        text = f"{y:04d}{m:02d}{d:02d}"
    else:
        return str(draw(st.integers(0, 3_000_000)))
    if draw(st.booleans()):
        h, mi, s = draw(CLOCK)
        sep = draw(st.sampled_from([" ", "T", "", "  "]))
        text += f"{sep}{h}:{mi:02d}" + ("" if s is None else f":{s:02d}")
    if draw(st.integers(0, 9)) == 0:
        text = text.translate(FULL_WIDTH)
    return text


@given(cells(dates()))
def test_date_twin_matches_python(column: list[str | None]) -> None:
    assert_twin("date", column)


@given(cells(dates()))
def test_datetime_twin_matches_python(column: list[str | None]) -> None:
    assert_twin("datetime", column)


def test_common_date_forms_take_the_fast_path() -> None:
    forms = [
        "2023-05-06",
        "2023/5/6",
        "2023.5.6",
        "2023年5月6日",
        "20230506",
        "45000",
        "2024-02-29",
    ]
    assert assert_twin("date", forms) == len(forms)
    timed = ["2023-05-06 14:30:05", "2023/5/6 9:05", "2023年5月6日 14:30", "2023-05-06T14:30"]
    assert assert_twin("datetime", timed) == len(timed)


def test_impossible_dates_are_left_to_python() -> None:
    bad = ["2023-02-29", "2023-13-01", "2023-05-06 24:00", "二〇二三年五月六日", "2023/5-6"]
    assert assert_twin("date", bad) == 0
