"""文本: free text, kept as written (the fallback type)."""

from __future__ import annotations

from typing import ClassVar

import pyarrow as pa

from .base import SemanticType


class Text(SemanticType):
    """The stripped value unchanged; never invalid, so the raw copy is not kept."""

    name = "text"
    label = "文本"
    storage: ClassVar[pa.DataType] = pa.string()
    classification = "internal"
    keeps_raw = False

    def clean(self, raw: str) -> str:
        return raw
