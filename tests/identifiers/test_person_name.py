"""姓名."""

from __future__ import annotations

import pytest

from jiancha.identifiers import Invalid, get

PERSON_NAME = get("person_name")


def reason(raw: str) -> str:
    with pytest.raises(Invalid) as caught:
        PERSON_NAME.clean(raw)
    return caught.value.reason


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("张三", "张三"),
        ("张 三", "张三"),
        ("欧阳　娜娜", "欧阳娜娜"),
        ("李某某", "李某某"),
        ("阿卜杜·热合曼", "阿卜杜·热合曼"),
        ("阿卜杜•热合曼", "阿卜杜·热合曼"),
        ("阿卜杜・热合曼", "阿卜杜·热合曼"),
        ("阿卜杜．热合曼", "阿卜杜·热合曼"),
        ("阿卜杜.热合曼", "阿卜杜·热合曼"),
        ("阿卜杜‧热合曼", "阿卜杜·热合曼"),
        ("阿卜杜∙热合曼", "阿卜杜·热合曼"),
        ("阿卜杜 · 热合曼", "阿卜杜·热合曼"),
        ("阿卜杜··热合曼", "阿卜杜·热合曼"),
        ("John  Smith", "John Smith"),
        ("ＪＯＨＮ　ＳＭＩＴＨ", "JOHN SMITH"),
        ("José Núñez", "José Núñez"),
        ("张 John", "张 John"),
    ],
)
def test_clean(raw: str, clean: str) -> None:
    assert PERSON_NAME.clean(raw) == clean


def test_invalid_reasons() -> None:
    assert reason("张3") == "姓名含数字"
    assert reason("张３") == "姓名含数字"
    assert reason("张*") == "姓名含非法符号（*）"
    assert reason("张三(化名)") == "姓名含非法符号（()）"
    assert reason("·") == "姓名不含文字"
    assert reason("李" * 41) == "姓名过长（超过40个字符）"
    assert PERSON_NAME.clean("李" * 40) == "李" * 40


def test_declaration() -> None:
    assert (PERSON_NAME.label, PERSON_NAME.classification) == ("姓名", "sensitive")
