"""统一社会信用代码 (Unified Social Credit Code, GB 32100-2015), checked with ``stdnum.cn.uscc``."""

from __future__ import annotations

from typing import ClassVar

import pyarrow as pa
from stdnum.cn import uscc

from ._text import ascii_digits, compact_code
from .base import BAD_CHECK, Invalid, SemanticType

_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")
_AUTHORITIES = frozenset("0123456789ANY")
"""登记管理部门代码: digits as stdnum allows, and A (军队), N (农业: 村集体经济组织), Y (其他)."""


class CreditCode(SemanticType):
    """18-character code: authority, entity kind, 6-digit region, 9-char organisation, check.

    ``stdnum.cn.uscc`` demands 8 leading digits; GB 32100 also lets the authority be ``A``, ``N``
    or ``Y`` (military units, village collectives, others), so those are accepted too, with the
    same check character (``uscc.calc_check_digit``).
    """

    name = "credit_code"
    label = "统一社会信用代码"
    storage: ClassVar[pa.DataType] = pa.string()
    classification = "internal"
    name_patterns = (
        "统一社会信用代码",
        "信用代码",
        "社会信用代码",
        "tyshxydm",
        r"(?<![a-z])credit_?code",
        r"(?<![a-z])uscc(?![a-z])",
    )

    def clean(self, raw: str) -> str:
        code = compact_code(raw)
        if len(code) != 18:
            raise Invalid("长度应为18位")
        bad = sorted({c for c in code if c not in _ALPHABET})
        if bad:
            raise Invalid(f"含无效字符（{''.join(bad)}；不得含 I、O、S、V、Z）")
        if code[0] not in _AUTHORITIES or not ascii_digits(code[1:8]):
            raise Invalid("前8位应为登记管理部门、机构类别和6位地区码")
        expected = uscc.calc_check_digit(code[:17])
        if code[17] != expected:
            raise Invalid(BAD_CHECK)
        return code
