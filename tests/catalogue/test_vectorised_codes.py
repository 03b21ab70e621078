"""The vectorised ID-number and credit-code twins against the Python types."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from jiancha.identifiers.id_card import region_codes, region_last_year
from tests.catalogue.vectorised_helpers import FULL_WIDTH, assert_twin, cells

CODES = region_codes()
ENDED = [c for c in CODES if (region_last_year(c) or 0) < 9999]


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.one_of(st.sampled_from(CODES), st.sampled_from(ENDED), st.just("000000")))
    if draw(st.booleans()):
        born = draw(st.dates(dt.date(1890, 1, 1), dt.date(2035, 12, 31))).strftime("%Y%m%d")
    else:  # impossible days: Feb 29/30 of any year, month 13, day 00
        year = draw(st.integers(1890, 2030))
        born = f"{year}{draw(st.sampled_from(['0229', '0230', '1301', '0100', '0431']))}"
    body = region + born + f"{draw(st.integers(0, 999)):03d}"
    full = body + ric.calc_check_digit(body + "0")
    form = draw(
        st.sampled_from(["plain", "wrong", "lower", "wide", "spaced", "dash", "quote", "15"])
    )
    if form == "wrong":
        return full[:-1] + draw(st.sampled_from([c for c in "0123456789X" if c != full[-1]]))
    if form == "lower":
        return full.lower()
    if form == "wide":
        return full.translate(FULL_WIDTH)
    if form == "spaced":
        return f"{full[:6]} {full[6:14]} {full[14:]}"
    if form == "dash":
        return f"{full[:6]}-{full[6:14]}-{full[14:]}"
    if form == "quote":
        return "'" + full
    if form == "15":
        return full[:6] + full[8:17] if born.startswith("19") else full[:15]
    return full


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from("0123456789ANYBZ"))
    kind = draw(st.sampled_from("123459"))
    region = draw(st.sampled_from(CODES[:50]))
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    org = "".join(draw(st.lists(st.sampled_from(alphabet + "IOSVZ"), min_size=9, max_size=9)))
    body = head + kind + region + org
    check = uscc.calc_check_digit(body) if all(c in alphabet for c in body) else "0"
    code = body + check
    form = draw(st.sampled_from(["plain", "wrong", "lower", "wide", "spaced", "short"]))
    if form == "wrong":
        return code[:-1] + draw(st.sampled_from([c for c in alphabet if c != code[-1]]))
    if form == "lower":
        return code.lower()
    if form == "wide":
        return code.translate(FULL_WIDTH)
    if form == "spaced":
        return f"{code[:8]} {code[8:]}"
    if form == "short":
        return code[:17]
    return code


@given(cells(id_numbers()))
def test_id_card_twin_matches_python(column: list[str | None]) -> None:
    assert_twin("id_card", column)


@given(cells(credit_codes()))
def test_credit_code_twin_matches_python(column: list[str | None]) -> None:
    assert_twin("credit_code", column)


def test_common_id_forms_take_the_fast_path() -> None:
    body = "63012119850317123"
    full = body + ric.calc_check_digit(body + "0")
    forms = [full, full.translate(FULL_WIDTH), f"{full[:6]} {full[6:]}", "630121850317123"]
    assert assert_twin("id_card", forms) == len(forms)
    x = next(
        f"11010519491231{n:03d}"
        for n in range(1000)
        if ric.calc_check_digit(f"11010519491231{n:03d}0") == "X"
    )
    assert assert_twin("id_card", [x + "x", x + "X"]) == 2


def test_invalid_ids_are_left_to_python_with_its_reason() -> None:
    body = "63012119850317123"
    wrong = body + ("0" if ric.calc_check_digit(body + "0") != "0" else "1")
    assert assert_twin("id_card", [wrong, "630121198502301234", "000000198503171234"]) == 0
