"""数值."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiancha.identifiers import Invalid, get

NUMBER = get("number")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.5", 1.5),
        ("-0.25", -0.25),
        (".5", 0.5),
        ("3", 3.0),
        ("1,234.5", 1234.5),
        ("12.5%", 12.5),  # the written figure is kept: the column's unit is the percent
        ("1.2e5", 120000.0),
        ("1.2E-3", 0.0012),
        ("１．５", 1.5),
        ("007", 7.0),
        ("一点五", 1.5),
    ],
)
def test_clean(raw: str, value: float) -> None:
    assert NUMBER.clean(raw) == value


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("abc", "无法识别的数值"),
        ("nan", "无法识别的数值"),
        ("inf", "无法识别的数值"),
        ("1.2.3", "无法识别的数值"),
        ("12.5吨", "无法识别的数值"),
        ("1e999", "数值超出范围"),
    ],
)
def test_invalid(raw: str, why: str) -> None:
    with pytest.raises(Invalid) as caught:
        NUMBER.clean(raw)
    assert caught.value.reason == why


@pytest.mark.parametrize(
    ("raw", "evidence"),
    [
        ("1.5", True),
        ("0.5", True),
        ("12.5%", True),
        ("1.2e5", True),
        ("0", True),
        ("007", False),
        ("01.5", False),
        ("一点五", False),
    ],
)
def test_sniff(raw: str, evidence: bool) -> None:
    assert NUMBER.sniff(raw) is evidence


def test_declaration() -> None:
    assert (NUMBER.label, str(NUMBER.storage)) == ("数值", "double")


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_repr_round_trip(x: float) -> None:
    assert NUMBER.clean(repr(x)) == x
    assert math.isfinite(NUMBER.clean(repr(x)))
