"""The SQL twin of 统一社会信用代码 (``credit_code``), and the characters the twins fold.

The credit-code twin accepts the standard form and the usual variants (full-width characters,
lower case, spaces and dashes, a leading Excel ``'``) and verifies the check character. ID
numbers have an array twin (:mod:`.idarrays`).
"""

from __future__ import annotations

FULL_WIDTH = "０１２３４５６７８９"
"""Full-width digits, which NFKC (as the Python types apply it) turns into ASCII ones."""
SPACES = r"\s\x{3000}"
"""Whitespace the fast paths remove (a subset of what Python's ``str.split`` removes)."""
_DASHES = r"\-\x{2010}-\x{2015}\x{2212}"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _compact(column: str, letters_from: str, letters_to: str) -> str:
    """SQL of ``compact_code`` for the characters the fast path knows (others stay, and fail)."""
    stripped = (
        f"regexp_replace(regexp_replace({column}, '^''', ''), '[{SPACES}{_DASHES}]', '', 'g')"
    )
    return f"upper(translate({stripped}, '{FULL_WIDTH}{letters_from}', '0123456789{letters_to}'))"


def _uscc_check(column: str) -> str:
    """SQL of the GB 32100 check character of the first 17 characters of ``column``."""
    terms = " + ".join(
        f"{pow(3, i, 31)} * (instr('{_USCC_ALPHABET}', substr({column}, {i + 1}, 1)) - 1)"
        for i in range(17)
    )
    return f"substr('{_USCC_ALPHABET}', ((31 - (({terms}) % 31)) % 31) + 1, 1)"


CREDIT_CODE = [
    _compact("@c", "", ""),
    "CASE WHEN regexp_full_match(@s0, '[0-9ANY][0-9]{7}[0-9A-HJ-NP-RTUWXY]{10}') THEN @s0 END",
    f"CASE WHEN right(@s1, 1) = {_uscc_check('@s1')} THEN @s1 END",
]
