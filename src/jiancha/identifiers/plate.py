"""车牌号: a mainland motor-vehicle plate (GA 36), e.g. 京A12345, 粤BD12345, 沪A1234学."""

from __future__ import annotations

import re
from typing import ClassVar

import pyarrow as pa

from ._text import nfkc
from .base import Invalid, SemanticType

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
"""One-character abbreviations of the 31 provincial divisions."""

_PLATE = re.compile(f"[{PROVINCES}][A-Z](?:[A-Z0-9]{{4}}[A-Z0-9挂学警港澳]|[A-Z0-9]{{6}})")
_SEPARATORS = str.maketrans("", "", " \t·•・.-‐–—")


class Plate(SemanticType):
    """Ordinary plates: province, letter, 5 characters (the last may be 挂学警港澳); new-energy
    plates: province, letter, 6 characters."""

    name = "plate"
    label = "车牌号"
    storage: ClassVar[pa.DataType] = pa.string()
    classification = "internal"
    name_patterns = ("车牌", "号牌", "车辆号码", "cph", r"(?<![a-z])plate")

    def clean(self, raw: str) -> str:
        plate = nfkc(raw).upper().translate(_SEPARATORS)
        if _PLATE.fullmatch(plate):
            return plate
        if not plate or plate[0] not in PROVINCES:
            raise Invalid("省份简称无效")
        raise Invalid("号牌格式无效")
