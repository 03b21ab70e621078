"""单位名称."""

from __future__ import annotations

import pytest

from jiancha.identifiers import Invalid, get

COMPANY_NAME = get("company_name")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("北京某某科技有限公司", "北京某某科技有限公司"),
        ("北京某某(集团)有限公司", "北京某某（集团）有限公司"),
        ("北京某某 ( 集团 ) 有限公司", "北京某某（集团）有限公司"),
        ("北京某某（集团）有限公司", "北京某某（集团）有限公司"),
        ("北京 某某 科技  有限公司", "北京某某科技有限公司"),
        ("ＡＢＣ贸易有限公司", "ABC贸易有限公司"),
        ("Apple   Inc.", "Apple Inc."),
        ("中石化 加油站 No.3", "中石化加油站 No.3"),
    ],
)
def test_clean(raw: str, clean: str) -> None:
    assert COMPANY_NAME.clean(raw) == clean


@pytest.mark.parametrize("raw", ["12345", "（）", "--"])
def test_invalid(raw: str) -> None:
    with pytest.raises(Invalid) as caught:
        COMPANY_NAME.clean(raw)
    assert caught.value.reason == "单位名称不含汉字或字母"


def test_declaration() -> None:
    assert (COMPANY_NAME.label, COMPANY_NAME.classification) == ("单位名称", "internal")
