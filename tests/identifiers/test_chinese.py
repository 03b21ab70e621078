"""Chinese numerals through cn2an."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jiancha.identifiers._chinese import (
    NUMERAL_CHARS,
    chinese_to_decimal,
    chinese_to_int,
    is_chinese_numeral,
)


def test_values() -> None:
    assert chinese_to_int("一百零五") == 105
    assert chinese_to_int("壹万贰仟") == 12000
    assert chinese_to_int("二〇二三") == 2023
    assert chinese_to_int("二○二三") == 2023
    assert chinese_to_int("三十一") == 31
    assert chinese_to_int("一点五") is None
    assert chinese_to_decimal("一点五") == Decimal("1.5")
    assert chinese_to_decimal("1.5万") == Decimal("15000")
    assert chinese_to_decimal("三年") is None
    assert chinese_to_decimal("123") is None  # no Chinese numeral: the Arabic paths own it


def test_is_chinese_numeral() -> None:
    assert is_chinese_numeral("五千")
    assert not is_chinese_numeral("5000")
    assert not is_chinese_numeral("五千元")


@given(st.text(alphabet=NUMERAL_CHARS + "0123456789.", min_size=1, max_size=12))
def test_never_raises(text: str) -> None:
    value = chinese_to_decimal(text)
    assert value is None or value.is_finite()
