"""Small text helpers shared by the semantic types (pure functions, no state)."""

from __future__ import annotations

import re
import unicodedata

CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Character-class body for CJK ideographs (basic, extension A–G, compatibility)."""

HAS_CJK_OR_LATIN = re.compile(f"[{CJK}A-Za-z]")

_DASHES = str.maketrans("", "", "-‐‑‒–—―−")
_HALF_TO_FULL_PARENS = str.maketrans({"(": "（", ")": "）"})


def nfkc(text: str) -> str:
    """NFKC-normalise ``text`` (full-width digits and letters to ASCII); ASCII passes through."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text)


def compact_code(text: str) -> str:
    """Normalise a code: NFKC, drop whitespace, dashes and an Excel ``'`` marker, upper-case."""
    text = nfkc(text)
    if text.startswith("'"):
        text = text[1:]
    return "".join(text.split()).translate(_DASHES).upper()


def full_width_parens(text: str) -> str:
    """Turn half-width parentheses into the full-width （） of Chinese registered names."""
    return text.translate(_HALF_TO_FULL_PARENS)


def ascii_digits(text: str) -> bool:
    """True when ``text`` is non-empty and made of ASCII digits only."""
    return text.isascii() and text.isdigit()
