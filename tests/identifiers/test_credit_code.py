"""统一社会信用代码."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc

from jiancha.identifiers import Invalid, get

from .helpers import make_uscc

CREDIT_CODE = get("credit_code")
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def reason(raw: str) -> str:
    with pytest.raises(Invalid) as caught:
        CREDIT_CODE.clean(raw)
    return caught.value.reason


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("91110000600037341L", "91110000600037341L"),
        ("91110000600037341l", "91110000600037341L"),
        ("9 1 110000 600037341L", "91110000600037341L"),
        ("9111-0000-6000-3734-1L", "91110000600037341L"),
        ("９１１１００００６０００３７３４１Ｌ", "91110000600037341L"),
        (make_uscc("N2110105MA0000001"), make_uscc("N2110105MA0000001")),  # 村集体经济组织
    ],
)
def test_clean(raw: str, clean: str) -> None:
    assert CREDIT_CODE.clean(raw) == clean


def test_invalid_reasons() -> None:
    assert reason("91110000600037341") == "长度应为18位"
    assert reason("110000600037341") == "长度应为18位"
    assert reason("9111000060003734IL") == "含无效字符（I；不得含 I、O、S、V、Z）"
    assert reason("B1110000600037341L") == "前8位应为登记管理部门、机构类别和6位地区码"
    assert reason("9111000A600037341L") == "前8位应为登记管理部门、机构类别和6位地区码"
    assert reason("91110000600037341A") == "校验位错误"  # never the right character


def test_declaration() -> None:
    assert (CREDIT_CODE.label, CREDIT_CODE.classification) == ("统一社会信用代码", "internal")


@given(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.text(ALPHABET, min_size=9, max_size=9),
)
def test_valid_codes_round_trip_and_agree_with_stdnum(head: str, org: str) -> None:
    code = make_uscc(head + org)
    assert uscc.is_valid(code)
    assert CREDIT_CODE.clean(code) == code
    assert CREDIT_CODE.clean(code.lower()) == code


@given(st.text(alphabet=ALPHABET + "IOSVZ -", min_size=17, max_size=19))
def test_digit_led_codes_agree_with_stdnum(raw: str) -> None:
    raw = raw.strip() or "0"
    try:
        cleaned = CREDIT_CODE.clean(raw)
    except Invalid:
        assert not uscc.is_valid(raw)
    else:
        assert cleaned[0] in "ANY" or uscc.is_valid(cleaned)
