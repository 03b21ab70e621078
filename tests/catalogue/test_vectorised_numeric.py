"""The vectorised money, integer and number twins against the Python types."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.catalogue.vectorised_helpers import FULL_WIDTH, assert_twin, cells

FIGURES = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=6).map(str),
    st.floats(allow_nan=False).map(repr),
    st.integers(0, 10**17).map(lambda n: f"{n:,}"),
    st.sampled_from(["0", "-0", ".5", "1.", "1,0000", "1e999", "1e-5", "+7", "007"]),
)


@st.composite
def sums(draw: st.DrawFn) -> str:
    figure = draw(FIGURES)
    sign = draw(st.sampled_from(["", "", "-", "+", "负"]))
    currency = draw(st.sampled_from(["", "", "¥", "￥", "人民币", "RMB"]))
    unit = draw(st.sampled_from(["", "", "百", "千", "万", "亿", "万亿"]))
    tail = draw(st.sampled_from(["", "元", "圆", "块", "元整", "整", "元5角", "元零3分"]))
    text = f"{sign}{currency}{figure}{unit}{tail}"
    if draw(st.integers(0, 5)) == 0:
        text = text.translate(FULL_WIDTH)
    if draw(st.integers(0, 5)) == 0:
        text = " ".join(text)
    return text


@given(cells(st.one_of(sums(), st.sampled_from(["人民币五千元", "壹万贰仟元整", "1.5万元"]))))
def test_money_twin_matches_python(column: list[str | None]) -> None:
    assert_twin("money", column)


@given(cells(FIGURES.map(lambda f: f + "%" if f.endswith("5") else f)))
def test_number_twin_matches_python(column: list[str | None]) -> None:
    assert_twin("number", column)


@given(cells(st.one_of(FIGURES, FIGURES.map(lambda f: f.translate(FULL_WIDTH)))))
def test_integer_twin_matches_python(column: list[str | None]) -> None:
    assert_twin("integer", column)


def test_common_forms_take_the_fast_path() -> None:
    money = ["1.5万元", "￥15,000.00", "15,000.00", "-¥5", "2000元", "人民币300元整", "1.005元"]
    assert assert_twin("money", money) == len(money)
    assert assert_twin("integer", ["1,234", "+12", "-3", "12.0", "１２"]) == 5
    assert assert_twin("number", ["1.5", "12.5%", "1e5", "-0.25", "1,000.5"]) == 5


def test_rare_and_invalid_sums_are_left_to_python() -> None:
    rare = ["人民币五千元", "5元3角", "RMB100", "1万亿", "99999999999999999元", "abc"]
    assert assert_twin("money", rare) == 0
