"""文本."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jiancha.identifiers import get

TEXT = get("text")


def test_clean_keeps_the_value() -> None:
    assert TEXT.clean("三年六个月") == "三年六个月"
    assert TEXT.clean("a  b") == "a  b"


def test_declaration() -> None:
    assert (TEXT.label, TEXT.classification, TEXT.keeps_raw) == ("文本", "internal", False)


@given(st.text(min_size=1))
def test_never_invalid(raw: str) -> None:
    assert TEXT.clean(raw) == raw
    assert TEXT.sniff(raw)
