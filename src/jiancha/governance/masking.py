"""Masking personal identifiers for display (脱敏): masked is the default everywhere.

ID numbers keep the region (first 6) and the last 4 characters; phone numbers the first 3 and
last 4; names the surname. Values are recognised by their semantic type when it is known, and
otherwise by shape, so that an ID number that reaches a lead's evidence is masked too. Inside
free text only valid ID numbers (check digit verified) and mobile numbers are masked, so that a
long case or claim number stays readable. API responses, exports and drafts all mask through
``mask_any`` / ``mask_lead``.
"""

from __future__ import annotations

import re
from typing import Any

from jiancha import identifiers

_ID_CARD = identifiers.get("id_card")
_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dX]|1\d{10})(?![0-9A-Za-z])")
_ID = re.compile(r"^\d{17}[\dX]$|^\d{15}$")
_PHONE = re.compile(r"^1\d{10}$")


def mask_id_card(value: str) -> str:
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    return value[:3] + "****" + value[-4:]


def mask_name(value: str) -> str:
    return value[:1] + "*" * max(len(value) - 1, 1)


def mask_value(value: Any, semantic: str | None = None) -> Any:
    """``value`` as shown to someone without an approved purpose for the raw value."""
    if not isinstance(value, str) or not value:
        return value
    if semantic == "id_card" or (semantic is None and _ID.match(value)):
        return mask_id_card(value)
    if semantic == "phone" or (semantic is None and _PHONE.match(value)):
        return mask_phone(value)
    if semantic == "person_name":
        return mask_name(value)
    return value


def mask_text(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        value = match.group(1)
        if len(value) == 11:
            return mask_phone(value)
        return mask_id_card(value) if _ID_CARD.sniff(value) else value

    return _IN_TEXT.sub(one, text)


def mask_any(value: Any, names: dict[str, str] | None = None) -> Any:
    """``value`` with every identifier in it masked, however deep; ``names`` maps known
    personal names to their masked form wherever they appear in a text."""
    if isinstance(value, str):
        masked = mask_value(value)
        if masked != value:
            return masked
        for raw, hidden in (names or {}).items():
            masked = masked.replace(raw, hidden)
        return mask_text(masked)
    if isinstance(value, dict):
        return {k: mask_any(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_any(v, names) for v in value]
    return value


def person_names(lead: dict[str, Any]) -> dict[str, str]:
    """The subject's name, masked, when the subject is a person (its key an ID number)."""
    name, key = lead.get("subject_name"), lead.get("subject_key")
    person = lead.get("subject_type") == "person" or (isinstance(key, str) and _ID_CARD.sniff(key))
    if person and isinstance(name, str) and len(name) > 1:
        return {name: mask_name(name)}
    return {}


def mask_lead(lead: dict[str, Any]) -> dict[str, Any]:
    """A lead as shown without an unmasking grant: identifiers and the subject's name masked
    in every field (title, evidence, explanation included); the fingerprint kept."""
    names = person_names(lead)
    masked = {k: mask_any(v, names) for k, v in lead.items() if k != "fingerprint"}
    masked["fingerprint"] = lead["fingerprint"]
    masked["masked"] = True
    return masked
