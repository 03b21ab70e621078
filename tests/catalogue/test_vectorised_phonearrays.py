"""The array pre-pass of mobile numbers against the Python type and the SQL twin, value by
value: it vouches exactly for the standard form, and for it returns what both of them return."""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from jiancha import identifiers
from jiancha.catalogue.vectorised.engine import FastPath
from jiancha.catalogue.vectorised.phonearrays import standard_mobiles
from jiancha.identifiers import Invalid
from tests.catalogue.test_vectorised_names import phones

ODD_11 = st.text(st.sampled_from("0123456789 -+()１９王\u00e9"), min_size=9, max_size=12)
STANDARD = re.compile(r"1[3-9][0-9]{9}")


def _python(value: str) -> str | Invalid:
    try:
        return str(identifiers.get("phone").clean(value))
    except Invalid as exc:
        return exc


@given(st.lists(st.one_of(phones(), ODD_11, st.none()), max_size=60))
def test_prepass_vouches_exactly_for_the_standard_form(values: list[str | None]) -> None:
    column = pa.array(values, pa.string())
    out = standard_mobiles(column, dt.date.today()).to_pylist()
    for value, vouched in zip(values, out, strict=True):
        if value is None or not STANDARD.fullmatch(value) or not value.isascii():
            assert vouched is None, value
            continue
        assert vouched == value == _python(value)


def test_fast_path_with_the_prepass_matches_python() -> None:
    values = ["13812345678", "138 1234 5678", "+8613812345678", "12812345678", "1381234567", None]
    fast = FastPath(["phone"])
    try:
        got = fast.column(0, pa.array(values, pa.string())).to_pylist()
    finally:
        fast.close()
    for value, standard in zip(values, got, strict=True):
        if standard is not None:
            assert value is not None and _python(value) == standard
    assert got[:3] == ["13812345678"] * 3 and got[3:] == [None, None, None]
