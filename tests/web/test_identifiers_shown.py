"""The browser tests' leak check finds exactly the secrets that occur in a page's text: the
same answer as asking ``secret in text`` of each, on random texts and secrets drawn from a few
characters (so that they overlap, repeat, and sit at the text's very start and end)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.web.identifiers_shown import shown

PIECES = st.text(alphabet="12X张三*", max_size=6)


@given(text=st.text(alphabet="12X张三* ", max_size=40), secrets=st.sets(PIECES.filter(bool)))
def test_shown_is_every_secret_in_the_text(text: str, secrets: set[str]) -> None:
    assert shown(text, secrets) == sorted(s for s in secrets if s in text)


def test_a_secret_at_either_end_and_one_longer_than_the_text() -> None:
    secrets = {"330102199001011234", "张三", "13800138000", "一个比正文还长的秘密名字"}
    text = "张三，身份证 330102199001011234"
    assert shown(text, secrets) == ["330102199001011234", "张三"]
    assert shown("", secrets) == []
