"""整数."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiancha.identifiers import Invalid, get

INTEGER = get("integer")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1234", 1234),
        ("0", 0),
        ("007", 7),
        ("1,234", 1234),
        ("1,234,567", 1234567),
        ("+12", 12),
        ("-3", -3),
        ("12.0", 12),
        ("12.", 12),
        ("1,234.00", 1234),
        ("１２", 12),
        ("－３", -3),
        ("十二", 12),
        ("一百零五", 105),
        ("两百", 200),
        ("负三", -3),
        ("1.2万", 12000),
        ("9223372036854775807", 2**63 - 1),
        ("-9223372036854775808", -(2**63)),
    ],
)
def test_clean(raw: str, value: int) -> None:
    assert INTEGER.clean(raw) == value


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("12.5", "不是整数（有小数部分）"),
        ("一点五", "不是整数（有小数部分）"),
        ("abc", "无法识别的整数"),
        ("1_000", "无法识别的整数"),
        ("1,23", "无法识别的整数"),
        ("三年六个月", "无法识别的整数"),
        ("12个", "无法识别的整数"),
        ("9223372036854775808", "整数超出范围"),
        ("9" * 50, "整数超出范围"),
    ],
)
def test_invalid(raw: str, why: str) -> None:
    with pytest.raises(Invalid) as caught:
        INTEGER.clean(raw)
    assert caught.value.reason == why


@pytest.mark.parametrize(
    ("raw", "evidence"),
    [
        ("1234", True),
        ("0", True),
        ("-3", True),
        ("1,234", True),
        ("12.0", True),
        ("007", False),
        ("0123", False),
        ("十二", False),
        ("12.5", False),
    ],
)
def test_sniff(raw: str, evidence: bool) -> None:
    assert INTEGER.sniff(raw) is evidence


def test_declaration() -> None:
    assert (INTEGER.label, str(INTEGER.storage)) == ("整数", "int64")


@given(st.integers(-(2**63), 2**63 - 1))
def test_round_trip(n: int) -> None:
    assert INTEGER.clean(str(n)) == n
    assert INTEGER.clean(f"{n:,}") == n
    assert INTEGER.sniff(str(n))
