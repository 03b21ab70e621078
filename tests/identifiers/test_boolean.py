"""是否."""

from __future__ import annotations

import pytest

from jiancha.identifiers import Invalid, get

BOOLEAN = get("boolean")


@pytest.mark.parametrize(
    "raw", ["是", "有", "对", "Y", "y", "Yes", "YES", "True", "true", "T", "1", "√", "已", "Ｙ"]
)
def test_true(raw: str) -> None:
    assert BOOLEAN.clean(raw) is True


@pytest.mark.parametrize(
    "raw", ["否", "无", "错", "N", "n", "No", "False", "FALSE", "F", "0", "×", "未"]
)
def test_false(raw: str) -> None:
    assert BOOLEAN.clean(raw) is False


@pytest.mark.parametrize("raw", ["maybe", "是的吧", "2", "X"])
def test_invalid(raw: str) -> None:
    with pytest.raises(Invalid) as caught:
        BOOLEAN.clean(raw)
    assert caught.value.reason == "无法识别的是否值（应为是/否、Y/N、1/0 等）"


@pytest.mark.parametrize(
    ("raw", "evidence"),
    [
        ("是", True),
        ("否", True),
        ("Y", True),
        ("n", True),
        ("true", True),
        ("False", True),
        ("√", True),
        ("×", True),
        ("1", False),
        ("0", False),
        ("有", False),
        ("无", False),
        ("T", False),
    ],
)
def test_sniff(raw: str, evidence: bool) -> None:
    assert BOOLEAN.sniff(raw) is evidence


def test_declaration() -> None:
    assert (BOOLEAN.label, str(BOOLEAN.storage)) == ("是否", "bool")
