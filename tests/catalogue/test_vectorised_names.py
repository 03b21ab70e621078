"""The vectorised phone, person-name and organisation-name twins against the Python types."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.catalogue.vectorised_helpers import FULL_WIDTH, assert_twin, cells

SEPARATORS = st.sampled_from(["", " ", "-", "‐", "‒", "−", ".", "(", "（", "\u3000", "/"])


@st.composite
def phones(draw: st.DrawFn) -> str:
    digits = draw(st.text("0123456789", min_size=9, max_size=12))
    number = draw(st.sampled_from(["1", "1", "0", "4", ""])) + digits
    prefix = draw(st.sampled_from(["", "", "+86", "0086", "86", "'", "''", "+1"]))
    sep = draw(SEPARATORS)
    text = prefix + sep.join([number[:3], number[3:7], number[7:]])
    return text.translate(FULL_WIDTH) if draw(st.integers(0, 5)) == 0 else text


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
EXT_A = st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF)
NAME_CHARS = st.one_of(HAN, st.sampled_from("〇·•. 　A𠀀1（)-"), EXT_A)


@given(cells(phones()))
def test_phone_twin_matches_python(column: list[str | None]) -> None:
    assert_twin("phone", column)


@given(cells(st.one_of(st.text(HAN, min_size=1, max_size=45), st.text(NAME_CHARS, max_size=12))))
def test_person_name_twin_matches_python(column: list[str | None]) -> None:
    assert_twin("person_name", column)


@given(cells(st.text(st.one_of(HAN, st.sampled_from("()（）Ab1 　·-")), max_size=20)))
def test_organisation_twins_match_python(column: list[str | None]) -> None:
    assert_twin("org", column)
    assert_twin("company_name", column)


def test_common_forms_take_the_fast_path() -> None:
    phones: list[str | None] = [
        "13812345678",
        "+86 138-1234-5678",
        "'13812345678",
        "8613812345678",
        "１３８１２３４５６７８",
    ]
    assert assert_twin("phone", phones) == len(phones)
    assert assert_twin("person_name", ["王小明", "王 小 明", "欧阳娜娜"]) == 3
    assert assert_twin("org", ["大通回族土族自治县人民法院", "平安(县)法院"]) == 2


def test_landlines_and_bad_numbers_are_left_to_python() -> None:
    assert assert_twin("phone", ["010-12345678", "0571-88889999", "12345678901", "1381234567"]) == 0
