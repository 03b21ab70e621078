"""机关名称."""

from __future__ import annotations

import pytest

from jiancha.identifiers import Invalid, get

ORG = get("org")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("北京市朝阳区人民法院", "北京市朝阳区人民法院"),
        ("北京市 朝阳区 人民检察院", "北京市朝阳区人民检察院"),
        ("某某县公安局(刑侦大队)", "某某县公安局（刑侦大队）"),
        ("某某县公安局 （ 刑侦大队 ）", "某某县公安局（刑侦大队）"),
        ("ＸＸ市监狱", "XX市监狱"),
    ],
)
def test_clean(raw: str, clean: str) -> None:
    assert ORG.clean(raw) == clean


def test_invalid() -> None:
    with pytest.raises(Invalid) as caught:
        ORG.clean("123")
    assert caught.value.reason == "机关名称不含汉字或字母"


def test_declaration() -> None:
    assert (ORG.label, ORG.classification) == ("机关名称", "public")


def test_dropping_a_space_renormalises() -> None:
    # NFKC turns ´ into a space and a combining accent; once the space goes, A and the accent
    # compose to Á, so the clean value is stable.
    assert ORG.clean("A ´法院") == "Á法院" == ORG.clean(ORG.clean("A ´法院"))
