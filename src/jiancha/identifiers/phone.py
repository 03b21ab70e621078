"""电话号码: a mainland mobile (13812345678) or landline (010-12345678, 0571-88889999) number.

Mobile numbers take a fast structural path (11 digits, ``1[3-9]``). Landlines and 400/800
service numbers are checked with Google's ``phonenumbers`` metadata, which knows every area code
and how many digits its local numbers have (0571 needs 8, so ``0571-8888999`` is refused).
"""

from __future__ import annotations

import re
from typing import ClassVar

import phonenumbers
import pyarrow as pa

from ._text import ascii_digits, nfkc
from .base import Invalid, SemanticType

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = str.maketrans("", "", " \t-‐‑–—−()（）.")


def _is_mobile(digits: str) -> bool:
    return len(digits) == 11 and _MOBILE.fullmatch(digits) is not None


def _valid_cn(number: str) -> bool:
    try:
        parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number_for_region(parsed, "CN")


class Phone(SemanticType):
    """Country code (+86, 0086, 86) dropped; landlines written ``区号-号码``."""

    name = "phone"
    label = "电话号码"
    storage: ClassVar[pa.DataType] = pa.string()
    classification = "sensitive"
    name_patterns = (
        "电话",
        "手机",
        "联系方式",
        "联系电话",
        "sjhm",
        "lxdh",
        r"phone(?![a-z])",
        r"(?<![a-z])mobile",
        r"(?<![a-z])tel(?![a-z])",
    )

    def clean(self, raw: str) -> str:
        if len(raw) == 11 and raw.isascii() and _MOBILE.fullmatch(raw):
            return raw
        digits = nfkc(raw).lstrip("'").translate(_SEPARATORS)
        international = False
        if digits.startswith("+86"):
            digits, international = digits[3:], True
        elif digits.startswith("0086"):
            digits, international = digits[4:], True
        elif digits.startswith("86") and len(digits) in (12, 13) and digits[2] != "0":
            digits, international = digits[2:], True
        if not ascii_digits(digits):
            raise Invalid("含非数字字符")
        if _is_mobile(digits):
            return digits
        if international and not digits.startswith("0"):
            digits = "0" + digits
        if digits.startswith("1"):
            raise Invalid("手机号码应为11位，以13–19开头")
        if digits.startswith(("400", "800")) and len(digits) == 10 and _valid_cn(digits):
            return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        if not digits.startswith("0"):
            if 7 <= len(digits) <= 8:
                raise Invalid("固定电话缺少区号")
            raise Invalid("无法识别的电话号码")
        area = 3 if digits[1:2] in ("1", "2") else 4
        if not 7 <= len(digits) - area <= 8 or not _valid_cn(digits):
            raise Invalid("固定电话号码无效（区号或位数不符）")
        return f"{digits[:area]}-{digits[area:]}"
