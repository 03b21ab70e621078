"""Chinese and Arabic numerals, durations (months + days) and money amounts."""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

DIGITS = "0-9〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点.．"
NUM = f"[{DIGITS}]+"
_SMALL = "[0-9〇零一二两三四五六七八九十]+"

DURATION = (
    f"(?:(?P<y>{_SMALL})年)?(?:[零又]?(?P<m>{_SMALL})个?月)?(?:[零又]?(?P<d>{_SMALL})(?:日|天))?"
)
_DURATION = re.compile(DURATION)
_TRUNCATED = re.compile(f"(?P<m>{_SMALL})个(?!月)")


@lru_cache(maxsize=4096)
def to_number(raw: str) -> float | None:
    """``二千`` → 2000, ``1万2千`` → 12000, ``6.2万`` → 62000, ``3，000`` → 3000; else None."""
    text = re.sub(r"[,，\s]", "", raw).replace("．", ".").replace("点", ".")
    text = text.rstrip("余多许")
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


def to_int(raw: str) -> int | None:
    value = to_number(raw)
    return None if value is None else int(value)


def parse_duration(text: str) -> tuple[int, int] | None:
    """``一年六个月`` → (18, 0); ``三个月二十日`` → (3, 20); ``二年零六个月`` → (30, 0)."""
    match = _DURATION.match(text)
    if match is None or match.end() == 0:
        truncated = _TRUNCATED.match(text)
        if truncated is None:
            return None
        months = to_int(truncated["m"])
        return None if months is None else (months, 0)
    years = to_int(match["y"]) if match["y"] else 0
    months = to_int(match["m"]) if match["m"] else 0
    days = to_int(match["d"]) if match["d"] else 0
    if years is None or months is None or days is None:
        return None
    if match["y"] and not match["m"] and not match["d"]:
        truncated = _TRUNCATED.match(text, match.end())
        if truncated is not None:
            months = to_int(truncated["m"]) or 0
    return years * 12 + months, days


MONEY = (
    f"(?:人民币)?(?P<amount>[0-9][0-9,，.．]*(?:[万千百])?[0-9]*(?:[万千])?|{NUM})"
    "余?(?P<unit>万元|元)"
)
_MONEY = re.compile(MONEY)


def parse_money(text: str) -> float | None:
    """``人民币2,000元`` → 2000, ``二千元`` → 2000, ``6.2万元`` → 62000, ``壹万元`` → 10000."""
    match = _MONEY.match(text)
    if match is None:
        return None
    value = to_number(match["amount"])
    if value is None:
        return None
    if match["unit"] == "万元":
        value *= 10000
    return round(value, 2)


def money_value(match: re.Match[str]) -> float | None:
    """The amount of a match of a pattern built on ``MONEY``."""
    value = to_number(match["amount"])
    if value is None:
        return None
    return round(value * 10000 if match["unit"] == "万元" else value, 2)


def as_number(value: float | None) -> int | float | None:
    """Whole amounts as int (JSON ``2000`` rather than ``2000.0``)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
