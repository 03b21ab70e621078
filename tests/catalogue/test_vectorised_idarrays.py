"""The array pre-pass of ID numbers against the Python type, value by value."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from jiancha import identifiers
from jiancha.catalogue.vectorised.idarrays import standard_ids
from jiancha.identifiers import Invalid
from tests.catalogue.test_vectorised_codes import id_numbers

ODD_18 = st.text(st.sampled_from("0123456789Xx /-０王\u00e9"), min_size=14, max_size=18)


def _python(value: str) -> str | Invalid:
    try:
        return str(identifiers.get("id_card").clean(value))
    except Invalid as exc:
        return exc


@given(st.lists(st.one_of(id_numbers(), ODD_18, st.none()), max_size=60))
def test_prepass_vouches_exactly_for_standard_numbers_python_keeps(
    values: list[str | None],
) -> None:
    out = standard_ids(pa.array(values, pa.string()), dt.date.today()).to_pylist()
    for value, vouched in zip(values, out, strict=True):
        if value is None:
            assert vouched is None
            continue
        python = _python(value)
        if vouched is not None:  # the region code is checked after the pre-pass
            assert vouched == value
            assert python == value or python.reason == "地区码无效", value
        elif len(value.encode()) == 18 and value == python:
            raise AssertionError(f"standard number not vouched for: {value}")


def test_a_slice_of_a_larger_array_reads_its_own_bytes() -> None:
    good = "11010519491231002X"
    assert _python(good) == good
    column = pa.array(["x" * 18, "630121198502301234", good, None, good.lower()])
    out = standard_ids(column.slice(1), dt.date.today()).to_pylist()
    assert out == [None, good, None, None]


def test_future_birth_dates_and_year_zero_are_not_vouched_for() -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%Y%m%d")
    bodies = ["110105" + tomorrow + "123", "110105" + "00000101" + "123"]
    values = [b + ric.calc_check_digit(b + "0") for b in bodies]
    assert standard_ids(pa.array(values), dt.date.today()).to_pylist() == [None, None]
