"""Masking a stored document for display with SAME-LENGTH masks, so that every character offset
the extractor recorded (the highlights) still points at the same place in the masked text.

Defendants' names keep their first character (``张三丰`` → ``张＊＊``); ID numbers keep the first 6
and the last 4 (``governance.masking.mask_id_card``, already length-keeping); dates of birth
(``1975年4月16日出生``) keep only their 年/月/日; other ID and mobile numbers found by shape
(``governance.masking.mask_text``) are length-keeping too. Pure: no I/O.
"""

from __future__ import annotations

import re
from typing import Any

from jiancha.governance.masking import mask_id_card, mask_text

STAR = "＊"
_DIGIT = "0-9０-９〇○零一二三四五六七八九十"
_BIRTH = re.compile(
    rf"[{_DIGIT}]{{2,4}}年[{_DIGIT}]{{1,3}}月[{_DIGIT}]{{1,3}}日(?=\s*(?:出生|生[，,。]))"
)
_DIGITS = re.compile(rf"[{_DIGIT}]")


def mask_name(value: str) -> str:
    """The first character and one ``＊`` for each other one."""
    return STAR * len(value) if len(value) <= 1 else value[0] + STAR * (len(value) - 1)


def mask_date(value: str) -> str:
    """Every digit of a date hidden, its separators kept."""
    return _DIGITS.sub(STAR, value)


def known_masks(doc: dict[str, Any]) -> dict[str, str]:
    """Each defendant's name and ID number, and its same-length mask."""
    known: dict[str, str] = {}
    for person in doc.get("defendants") or []:
        name, number = person.get("name"), person.get("id_number")
        if isinstance(name, str) and len(name) > 1:
            known[name] = mask_name(name)
        if isinstance(number, str) and len(number) > 10:
            known[number] = mask_id_card(number)
    return known


def mask_document_text(text: str, known: dict[str, str]) -> str:
    """``text`` with the known values, dates of birth and ID/mobile numbers masked, same length."""
    if known:
        pattern = re.compile("|".join(map(re.escape, sorted(known, key=len, reverse=True))))
        text = pattern.sub(lambda m: known[m.group(0)], text)
    text = _BIRTH.sub(lambda m: mask_date(m.group(0)), text)
    return mask_text(text)


def _deep(value: Any, known: dict[str, str]) -> Any:
    if isinstance(value, str):
        return mask_document_text(value, known)
    if isinstance(value, dict):
        return {k: _deep(v, known) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep(v, known) for v in value]
    return value


def mask_fields(doc: dict[str, Any], known: dict[str, str]) -> dict[str, Any]:
    """The extraction with the defendants' names, ID numbers and birth dates masked (and those
    values wherever else a string repeats them)."""
    masked: dict[str, Any] = _deep(doc, known)
    masked["id"] = doc.get("id")
    for person in masked.get("defendants") or []:
        if isinstance(person.get("birth_date"), str):
            person["birth_date"] = mask_date(person["birth_date"])
    return masked
