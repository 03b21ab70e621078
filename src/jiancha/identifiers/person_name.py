"""姓名: a person's name, Chinese or Latin, including ethnic-minority names joined by ``·``."""

from __future__ import annotations

import re
from typing import ClassVar

import pyarrow as pa

from ._text import CJK, nfkc
from .base import Invalid, SemanticType

MAX_LENGTH = 40
_PLAIN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff]{1,40}")
_DOTS = str.maketrans(dict.fromkeys("·•・．.‧∙⋅･", "·"))
_AROUND_DOT = re.compile(r"\s*·[\s·]*")
_BETWEEN_CJK = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
_ROLES = (
    "当事人",
    "被告人",
    "罪犯",
    "犯罪嫌疑人",
    "申请人",
    "原告",
    "被告(?!单位)",
    "出借人",
    "借款人",
    "参保人",
    "患者",
    "驾驶人",
)
_ATTRIBUTES = (
    "性别|民族|国籍|籍贯|户籍|地址|住址|住所|职业|职务|学历|文化|类型|类别|身份|单位|工作|编号"
)
"""Words after a role that name one of its attributes rather than the person (被告人性别)."""


class PersonName(SemanticType):
    """Spaces between Chinese characters removed, middle-dot variants unified to ``·``."""

    name = "person_name"
    label = "姓名"
    storage: ClassVar[pa.DataType] = pa.string()
    classification = "sensitive"
    name_patterns = (
        "姓名",
        "名字",
        *(f"{role}(?!.*(?:{_ATTRIBUTES}))" for role in _ROLES),
        r"xm(?![a-z])",
        r"(?<![a-z])name(?![a-z])",
    )

    def clean(self, raw: str) -> str:
        if _PLAIN.fullmatch(raw):
            return raw
        text = " ".join(nfkc(raw).translate(_DOTS).split())
        text = _AROUND_DOT.sub("·", text).strip("·")
        text = _BETWEEN_CJK.sub("", text)
        if any(c.isdigit() for c in text):
            raise Invalid("姓名含数字")
        symbols = sorted({c for c in text if not (c.isalpha() or c in " ·〇")})
        if symbols:
            raise Invalid(f"姓名含非法符号（{''.join(symbols)}）")
        if not text:
            raise Invalid("姓名不含文字")
        if len(text) > MAX_LENGTH:
            raise Invalid(f"姓名过长（超过{MAX_LENGTH}个字符）")
        return text
