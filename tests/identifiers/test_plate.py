"""车牌号."""

from __future__ import annotations

import pytest

from jiancha.identifiers import Invalid, get

PLATE = get("plate")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("京A12345", "京A12345"),
        ("京a12345", "京A12345"),
        ("京A·12345", "京A12345"),
        ("京A•12345", "京A12345"),
        ("京A-12345", "京A12345"),
        ("京 A 12345", "京A12345"),
        ("京Ａ１２３４５", "京A12345"),
        ("沪AB123C", "沪AB123C"),
        ("粤BD12345", "粤BD12345"),
        ("粤B12345F", "粤B12345F"),
        ("鲁A1234挂", "鲁A1234挂"),
        ("川A1234学", "川A1234学"),
        ("粤Z1234港", "粤Z1234港"),
        ("粤Z1234澳", "粤Z1234澳"),
        ("京A1234警", "京A1234警"),
    ],
)
def test_clean(raw: str, clean: str) -> None:
    assert PLATE.clean(raw) == clean


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("AA12345", "省份简称无效"),
        ("台A12345", "省份简称无效"),
        ("·", "省份简称无效"),
        ("京12345", "号牌格式无效"),
        ("京A1234", "号牌格式无效"),
        ("京A1234567", "号牌格式无效"),
        ("京A12挂345", "号牌格式无效"),
    ],
)
def test_invalid(raw: str, why: str) -> None:
    with pytest.raises(Invalid) as caught:
        PLATE.clean(raw)
    assert caught.value.reason == why


def test_declaration() -> None:
    assert (PLATE.label, PLATE.classification) == ("车牌号", "internal")
