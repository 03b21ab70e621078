"""单位名称: the registered name of a company or other organisation (not a state office)."""

from __future__ import annotations

import re
from typing import ClassVar

import pyarrow as pa

from ._text import CJK, HAS_CJK_OR_LATIN, full_width_parens, nfkc
from .base import Invalid, SemanticType

_BETWEEN_CJK = re.compile(f"(?<=[{CJK}（）]) (?=[{CJK}（）])")


class CompanyName(SemanticType):
    """NFKC, whitespace collapsed (and dropped between Chinese characters), parentheses （）."""

    name = "company_name"
    label = "单位名称"
    storage: ClassVar[pa.DataType] = pa.string()
    classification = "internal"
    name_patterns = (
        "公司名称",
        "企业名称",
        "单位名称",
        "用人单位",
        "被告单位",
        "纳税人名称",
        "加油站",
        "商户",
        r"(?<![a-z])company",
        "dwmc",
        "qymc",
    )

    def clean(self, raw: str) -> str:
        text = full_width_parens(" ".join(nfkc(raw).split()))
        text = _BETWEEN_CJK.sub("", text)
        if not HAS_CJK_OR_LATIN.search(text):
            raise Invalid("单位名称不含汉字或字母")
        return text
