"""居民身份证号: literal cases, every invalid reason, and properties over real region codes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from jiancha import clock
from jiancha.identifiers import Invalid, birth_date, from_int, get, sex, to_int, upgrade15
from jiancha.identifiers.id_card import check_char, region_valid

from .helpers import ID_1949, ID_MAN, make_id, region_spans

ID_CARD = get("id_card")


def reason(raw: str) -> str:
    with pytest.raises(Invalid) as caught:
        ID_CARD.clean(raw)
    return caught.value.reason


def test_helpers_make_real_numbers() -> None:
    assert ID_1949 == "11010519491231002X"
    assert ric.is_valid(ID_1949) and ric.is_valid(ID_MAN)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        ("110105 19491231 002X", "11010519491231002X"),
        ("110105-19491231-002X", "11010519491231002X"),
        ("'11010519491231002X", "11010519491231002X"),
        ("110105491231002", "11010519491231002X"),
        ("330106198507010133", "330106198507010133"),
    ],
)
def test_clean(raw: str, clean: str) -> None:
    assert ID_CARD.clean(raw) == clean


def test_invalid_reasons() -> None:
    assert reason("1101051949123100") == "长度应为18位（或15位旧号）"
    assert reason("11010519491231002XX") == "长度应为18位（或15位旧号）"
    assert reason("张三") == "长度应为18位（或15位旧号）"
    assert reason("11010519491231002A") == "含非数字字符"
    assert reason("1101051949123100AX") == "含非数字字符"
    assert reason("11010549123100A") == "含非数字字符"
    assert reason("110105194912310021") == "校验位错误"  # never the right character
    feb30 = "11010519490230002"
    assert reason(feb30 + check_char(feb30)) == "出生日期无效"
    future = make_id("110105", clock.china_today() + dt.timedelta(days=1))  # China's today
    assert reason(future) == "出生日期无效"
    assert reason(make_id("999999", dt.date(1990, 1, 1))) == "地区码无效"
    # 崇文区 (110103) was merged away in 2010: valid for people born before, not after.
    assert ID_CARD.clean(make_id("110103", dt.date(2005, 3, 4)))
    assert reason(make_id("110103", dt.date(2015, 3, 4))) == "地区码无效"


def test_helpers() -> None:
    assert birth_date(ID_1949) == dt.date(1949, 12, 31)
    assert sex(ID_1949) == "女"
    assert sex(ID_MAN) == "男"
    assert upgrade15("110105491231002") == ID_1949
    assert to_int(ID_1949) == 11010519491231002 * 11 + 10
    assert from_int(to_int(ID_1949)) == ID_1949
    assert from_int(0) == "000000000000000000"
    with pytest.raises(Invalid):
        upgrade15("11010549123100")
    with pytest.raises(Invalid):
        to_int("110105491231002")
    with pytest.raises(Invalid):
        sex("11010519491231002")
    with pytest.raises(ValueError, match="超出"):
        from_int(11 * 10**17)
    with pytest.raises(ValueError, match="超出"):
        from_int(-1)


def test_declaration() -> None:
    assert ID_CARD.label == "居民身份证号"
    assert ID_CARD.classification == "sensitive"
    assert str(ID_CARD.storage) == "string"


def test_region_lookup_is_cached() -> None:
    region_valid.cache_clear()
    ID_CARD.clean(ID_1949)
    ID_CARD.clean(make_id("110105", dt.date(1949, 1, 1), 7))
    info = region_valid.cache_info()
    assert (info.misses, info.hits) == (1, 1)


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    code, first, last = draw(st.sampled_from(region_spans()))
    born = draw(st.dates(dt.date(first, 1, 1), min(dt.date(last, 12, 31), dt.date.today())))
    return make_id(code, born, draw(st.integers(0, 999)))


@given(valid_ids())
def test_valid_ids_round_trip(number: str) -> None:
    assert ric.is_valid(number)
    assert ID_CARD.clean(number) == number
    assert ID_CARD.clean(number.lower()) == number
    assert from_int(to_int(number)) == number
    assert birth_date(number) == ric.get_birth_date(number)
    assert sex(number) == ("男" if int(number[16]) % 2 else "女")


@given(
    st.sampled_from([s for s in region_spans() if s[1] <= 1999 and s[2] >= 1900]),
    st.data(),
)
def test_upgrade15_then_clean_is_valid(span: tuple[str, int, int], data: st.DataObject) -> None:
    code, first, last = span
    born = data.draw(st.dates(dt.date(first, 1, 1), dt.date(min(last, 1999), 12, 31)))
    id15 = f"{code}{born:%y%m%d}{data.draw(st.integers(0, 999)):03d}"
    upgraded = upgrade15(id15)
    assert ric.is_valid(upgraded)
    assert ID_CARD.clean(id15) == upgraded == ID_CARD.clean(upgraded)


@given(st.integers(0, 10**17 - 1), st.sampled_from("0123456789X"))
def test_int_encoding_round_trips(head: int, last: str) -> None:
    number = f"{head:017d}{last}"
    encoded = to_int(number)
    assert 0 <= encoded < 2**63
    assert from_int(encoded) == number


@given(st.integers(0, 11 * 10**17 - 1))
def test_int_decoding_round_trips(n: int) -> None:
    assert to_int(from_int(n)) == n


def stdnum_valid(number: str) -> bool:
    try:
        return ric.is_valid(number)
    except KeyError:  # stdnum's lookup fails so for a known province with an unknown county
        return False


def region_in_force_since(code: str, year: int) -> bool:
    """Oracle from stdnum's table: the code was in force at some time from ``year`` on."""
    return any(c == code and last >= year for c, _first, last in region_spans())


def test_unknown_county_of_known_province() -> None:
    assert reason(make_id("110001", dt.date(1990, 1, 1))) == "地区码无效"


def test_code_created_after_birth_is_valid() -> None:
    """Xining 城东区 (630102) postdates people born in 1950, who still hold 630102… numbers."""
    number = make_id("630102", dt.date(1950, 6, 1))
    assert not stdnum_valid(number)  # stdnum's birth-year rule would reject a real number
    assert ID_CARD.clean(number) == number


@given(st.text(alphabet="0123456789Xx -", min_size=14, max_size=20))
def test_accepts_only_checked_numbers(raw: str) -> None:
    raw = raw.strip()
    try:
        cleaned = ID_CARD.clean(raw)
    except Invalid:
        compact = raw.replace(" ", "").replace("-", "").upper()
        if len(compact) == 18 and stdnum_valid(compact):
            assert ric.get_birth_date(compact) > dt.date.today()
    else:
        assert cleaned[-1] == ric.calc_check_digit(cleaned)
        assert ric.get_birth_date(cleaned) <= dt.date.today()
        assert region_in_force_since(cleaned[:6], ric.get_birth_date(cleaned).year)


@given(
    st.sampled_from(region_spans()),
    st.dates(dt.date(1900, 1, 1), dt.date.today() + dt.timedelta(days=800)),
    st.integers(0, 999),
)
def test_region_rule_on_real_regions(span: tuple[str, int, int], born: dt.date, seq: int) -> None:
    """Any year, valid for the region or not: in force from the birth year on, and not unborn."""
    number = make_id(span[0], born, seq)
    expected = born <= dt.date.today() and region_in_force_since(span[0], born.year)
    try:
        ID_CARD.clean(number)
    except Invalid:
        assert not expected
    else:
        assert expected
        assert stdnum_valid(number) or not any(
            c == span[0] and first <= born.year <= last for c, first, last in region_spans()
        )
