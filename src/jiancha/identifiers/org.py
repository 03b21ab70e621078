"""机关名称: a state office — court, procuratorate, public security or other organ."""

from __future__ import annotations

from typing import ClassVar

import pyarrow as pa

from ._text import HAS_CJK_OR_LATIN, full_width_parens, nfkc
from .base import Invalid, SemanticType

_OFFICES = ("法院", "检察院", "审判机关", "办案单位", "公安", "机关", "执行机关", "管辖")
_ATTRIBUTES = "案号|编号|代码|文号|日期|时间"
"""Words after an office that name something it issued (法院案号), not the office."""


class Org(SemanticType):
    """NFKC, every inner space removed, parentheses made full-width （）."""

    name = "org"
    label = "机关名称"
    storage: ClassVar[pa.DataType] = pa.string()
    classification = "public"
    name_patterns = (
        *(f"{word}(?!.*(?:{_ATTRIBUTES}))" for word in _OFFICES),
        r"(?<![a-z])court",
        r"(?<![a-z])procuratorate",
        r"(?<![a-z])org(?:an)?(?![a-z])",
        r"jg(?:mc)?(?![a-z])",
    )

    def clean(self, raw: str) -> str:
        # Normalise again: dropping a space can join a letter to a combining mark (A ´ → Á).
        text = full_width_parens(nfkc("".join(nfkc(raw).split())))
        if not HAS_CJK_OR_LATIN.search(text):
            raise Invalid("机关名称不含汉字或字母")
        return text
