"""Chinese numerals (一百零五, 壹万贰仟, 二〇二三) through the ``cn2an`` library.

``cn2an`` costs about 90 ms to import and ~10 µs a call, so it is imported on first use, only
called on strings made of numeral characters (the fast Arabic paths never reach it), and its
results are cached (months, days and round sums repeat).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億点负"
"""Characters that may appear in a Chinese numeral (lower-case and financial capitals)."""

_NUMERAL = re.compile(f"[0-9.{NUMERAL_CHARS}]+")
_CHINESE = re.compile(f"[{NUMERAL_CHARS}]")


def load_library() -> None:
    """Import ``cn2an`` now (its regular expressions are compiled as it is imported)."""
    import cn2an  # noqa: F401


def is_chinese_numeral(text: str) -> bool:
    """True when ``text`` is made of numeral characters and holds at least one Chinese one."""
    return _NUMERAL.fullmatch(text) is not None and _CHINESE.search(text) is not None


@lru_cache(maxsize=4096)
def chinese_to_decimal(text: str) -> Decimal | None:
    """Value of a Chinese numeral (``一百零五``, ``1.5万``, ``叁佰``); ``None`` if unreadable."""
    if not is_chinese_numeral(text):
        return None
    import cn2an

    text = text.replace("○", "〇").replace("萬", "万").replace("億", "亿")
    try:
        value: Any = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(str(value))


def chinese_to_int(text: str) -> int | None:
    """Integer value of a Chinese numeral, ``None`` if unreadable or not a whole number."""
    value = chinese_to_decimal(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)
