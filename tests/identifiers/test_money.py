"""金额."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiancha.identifiers import Invalid, get

MONEY = get("money")


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("1.5万元", "15000.00"),
        ("1.5万", "15000.00"),
        ("人民币五千元", "5000.00"),
        ("¥1,234.50", "1234.50"),
        ("￥1,234.50", "1234.50"),
        ("RMB 1,234.50", "1234.50"),
        ("rmb1234.5", "1234.50"),
        ("CNY 100", "100.00"),
        ("12,000.00", "12000.00"),
        ("3000", "3000.00"),
        ("3000元", "3000.00"),
        ("3000 元", "3000.00"),
        ("３０００元", "3000.00"),
        ("1.2亿元", "120000000.00"),
        ("5千元", "5000.00"),
        ("2百元", "200.00"),
        ("壹万贰仟元整", "12000.00"),
        ("人民币叁佰元", "300.00"),
        ("人民币叁佰元整", "300.00"),
        ("壹佰元伍角贰分", "100.52"),
        ("壹佰元零贰分", "100.02"),
        ("12元5角", "12.50"),
        ("十万八千元", "108000.00"),
        ("1万2千元", "12000.00"),
        ("五十块", "50.00"),
        ("零元", "0.00"),
        ("-50", "-50.00"),
        ("-50元", "-50.00"),
        ("¥-50", "-50.00"),
        ("-¥50", "-50.00"),
        ("负五十元", "-50.00"),
        ("+50", "50.00"),
        ("-0", "0.00"),
        ("0.005", "0.01"),
        ("1234.567", "1234.57"),
        (".5元", "0.50"),
        ("9999999999999999.99", "9999999999999999.99"),
    ],
)
def test_clean(raw: str, amount: str) -> None:
    cleaned = MONEY.clean(raw)
    assert cleaned == Decimal(amount)
    assert cleaned.as_tuple().exponent == -2
    assert str(cleaned) == amount


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("abc", "无法识别的金额"),
        ("元", "无法识别的金额"),
        ("1e5", "无法识别的金额"),
        ("1,23", "无法识别的金额"),
        ("12.5.3", "无法识别的金额"),
        ("三年六个月", "无法识别的金额"),
        ("10000000000000000", "金额超出范围"),
        ("1万亿亿元", "无法识别的金额"),
        ("2亿亿", "无法识别的金额"),
        ("1000000万亿", "金额超出范围"),
    ],
)
def test_invalid(raw: str, why: str) -> None:
    with pytest.raises(Invalid) as caught:
        MONEY.clean(raw)
    assert caught.value.reason == why


@pytest.mark.parametrize(
    ("raw", "evidence"),
    [
        ("3000元", True),
        ("¥3000", True),
        ("￥3000", True),
        ("1.5万", True),
        ("RMB 3000", True),
        ("人民币叁佰元", True),
        ("3000", False),
        ("12,000.00", False),
        ("-50", False),
        ("abc元", False),
    ],
)
def test_sniff_demands_a_currency_marker(raw: str, evidence: bool) -> None:
    assert MONEY.sniff(raw) is evidence


def test_declaration() -> None:
    assert (MONEY.label, str(MONEY.storage)) == ("金额", "decimal128(18, 2)")


@given(st.decimals(min_value=-(10**15), max_value=10**15, places=2, allow_nan=False))
def test_plain_and_grouped_round_trip(amount: Decimal) -> None:
    assert MONEY.clean(str(amount)) == amount
    assert MONEY.clean(f"¥{amount:,}") == amount
    assert MONEY.clean(str(MONEY.clean(f"{amount}元"))) == amount
