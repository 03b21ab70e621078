"""是否: a yes/no flag."""

from __future__ import annotations

from typing import ClassVar

import pyarrow as pa

from ._text import nfkc
from .base import Invalid, SemanticType

TRUE = frozenset({"是", "有", "对", "y", "yes", "true", "t", "1", "√", "✓", "✔", "已"})
FALSE = frozenset({"否", "无", "错", "n", "no", "false", "f", "0", "×", "✗", "✘", "未"})
DISTINCTIVE = frozenset({"是", "否", "y", "n", "yes", "no", "true", "false", "√", "×"})
"""Tokens that alone suggest a flag column (not 1/0, which integer columns are full of)."""


class Boolean(SemanticType):
    """是/否, 有/无, 对/错, Y/N, Yes/No, True/False, T/F, 1/0, √/×, 已/未 (any case)."""

    name = "boolean"
    label = "是否"
    storage: ClassVar[pa.DataType] = pa.bool_()
    classification = "internal"
    name_patterns = ("^是否", "^有无", "^is_", "^has_", r"(?<![a-z])flag")

    def clean(self, raw: str) -> bool:
        token = nfkc(raw).lower()
        if token in TRUE:
            return True
        if token in FALSE:
            return False
        raise Invalid("无法识别的是否值（应为是/否、Y/N、1/0 等）")

    def sniff(self, raw: str) -> bool:
        return nfkc(raw).lower() in DISTINCTIVE
