"""Fast paths of the check-digit codes: 居民身份证号 (``id_card``) and 统一社会信用代码.

Both accept the standard form and the usual variants (full-width characters, lower-case x,
spaces and dashes, a leading Excel ``'``, 15-digit old ID numbers), verify the check character,
and for ID numbers the birth date (not in the future) and the region code (in Arrow, against
a table built from the same stdnum database, by the same rule, as the Python type).
"""

from __future__ import annotations

from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from jiancha.identifiers.id_card import region_codes, region_last_year

FULL_WIDTH = "０１２３４５６７８９"
"""Full-width digits, which NFKC (as the Python types apply it) turns into ASCII ones."""
SPACES = r"\s\x{3000}"
"""Whitespace the fast paths remove (a subset of what Python's ``str.split`` removes)."""
_DASHES = r"\-\x{2010}-\x{2015}\x{2212}"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _compact(column: str, letters_from: str, letters_to: str) -> str:
    """SQL of ``compact_code`` for the characters the fast path knows (others stay, and fail)."""
    stripped = (
        f"regexp_replace(regexp_replace({column}, '^''', ''), '[{SPACES}{_DASHES}]', '', 'g')"
    )
    return f"upper(translate({stripped}, '{FULL_WIDTH}{letters_from}', '0123456789{letters_to}'))"


def _id_check(column: str) -> str:
    """SQL of the ISO 7064 check character of ``column``, the first 17 digits as a BIGINT."""
    terms = " + ".join(
        f"{w} * (({column} // {10 ** (17 - i)}) % 10)" for i, w in enumerate(_ID_WEIGHTS, 1)
    )
    return f"substr('10X98765432', (({terms}) % 11) + 1, 1)"


def _uscc_check(column: str) -> str:
    """SQL of the GB 32100 check character of the first 17 characters of ``column``."""
    terms = " + ".join(
        f"{pow(3, i, 31)} * (instr('{_USCC_ALPHABET}', substr({column}, {i + 1}, 1)) - 1)"
        for i in range(17)
    )
    return f"substr('{_USCC_ALPHABET}', ((31 - (({terms}) % 31)) % 31) + 1, 1)"


ID_CARD = [
    "CASE WHEN regexp_full_match(@c, '[0-9]{17}[0-9X]') THEN @c ELSE "
    + _compact("@c", "ｘＸ", "xX")
    + " END",
    # 18 characters whose last is the written check, or '?' for an upgraded 15-digit number
    "CASE WHEN regexp_full_match(@s0, '[0-9]{17}[0-9X]|[0-9]{15}') THEN CASE WHEN"
    " length(@s0) = 15 THEN substr(@s0, 1, 6) || '19' || substr(@s0, 7) || '?' ELSE @s0 END END",
    "CAST(substr(@s1, 1, 17) AS BIGINT)",
    _id_check("@s2"),
    "CASE WHEN right(@s1, 1) IN ('?', @s3) THEN substr(@s1, 1, 17) || @s3 END",
    # the birth date must exist and not lie ahead; the region is checked by ``region_filter``
    "CASE WHEN try_strptime(substr(@s4, 7, 8), '%Y%m%d') <= @today"
    " AND substr(@s4, 7, 4) >= '0001' THEN @s4 END",
]

CREDIT_CODE = [
    _compact("@c", "", ""),
    "CASE WHEN regexp_full_match(@s0, '[0-9ANY][0-9]{7}[0-9A-HJ-NP-RTUWXY]{10}') THEN @s0 END",
    f"CASE WHEN right(@s1, 1) = {_uscc_check('@s1')} THEN @s1 END",
]


@cache
def region_table() -> tuple[pa.Array, pa.Array]:
    """Every known region code, and the last birth year each can stand for."""
    codes = [c for c in region_codes() if region_last_year(c) is not None]
    lasts = [region_last_year(c) for c in codes]
    return pa.array(codes, pa.string()), pa.array(lasts, pa.int64())


def region_filter(ids: pa.Array) -> pa.Array:
    """``ids`` (checked ID numbers or NULL) where the region code stands for the birth year;
    NULL where it does not or is unknown (Python then gives the reason)."""
    codes, lasts = region_table()
    last = lasts.take(pc.index_in(pc.utf8_slice_codeunits(ids, 0, 6), value_set=codes))
    year = pc.cast(pc.utf8_slice_codeunits(ids, 6, 10), pa.int64())
    return pc.if_else(
        pc.fill_null(pc.less_equal(year, last), False), ids, pa.scalar(None, ids.type)
    )
