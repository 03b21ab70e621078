"""Durations and money amounts in the forms of REFERENCE 4.3."""

import pytest

from jiancha.documents.extraction.numbers import parse_duration, parse_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一年六个月", (18, 0)),
        ("1年2个月", (14, 0)),
        ("二年零六个月", (30, 0)),
        ("一年又三个月", (15, 0)),
        ("三个月二十日", (3, 20)),
        ("一个月零十五天", (1, 15)),
        ("六年", (72, 0)),
        ("十五年", (180, 0)),
        ("六个；", (6, 0)),
    ],
)
def test_durations(text: str, expected: tuple[int, int]) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人民币2,000元", 2000),
        ("二千元", 2000),
        ("3，000元", 3000),
        ("6.2万元", 62000),
        ("1万2千元", 12000),
        ("壹万元", 10000),
        ("1300余元", 1300),
        ("人民币一万八千五百元", 18500),
    ],
)
def test_money(text: str, expected: float) -> None:
    assert parse_money(text) == expected


def test_unreadable() -> None:
    assert parse_duration("缓刑考验期限") is None
    assert parse_money("罚金") is None
