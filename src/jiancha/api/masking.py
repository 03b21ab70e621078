"""Masking a lead for the API: identifiers in every field, including inside its texts.

Inside free text only valid ID numbers (check digit verified) are masked, so that a long case
or claim number is left readable.
"""

from __future__ import annotations

import re
from typing import Any

from jiancha import identifiers
from jiancha.governance.masking import mask_id_card, mask_phone, mask_value

_ID_CARD = identifiers.get("id_card")
_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dX]|1\d{10})(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        value = match.group(1)
        if len(value) == 11:
            return mask_phone(value)
        return mask_id_card(value) if _ID_CARD.sniff(value) else value

    return _IN_TEXT.sub(one, text)


def mask_any(value: Any) -> Any:
    """``value`` with every identifier in it masked, however deep."""
    if isinstance(value, str):
        masked = mask_value(value)
        return mask_text(masked) if masked == value else masked
    if isinstance(value, dict):
        return {k: mask_any(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_any(v) for v in value]
    return value


def mask_lead(lead: dict[str, Any]) -> dict[str, Any]:
    masked = {k: mask_any(v) for k, v in lead.items() if k != "fingerprint"}
    masked["fingerprint"] = lead["fingerprint"]
    masked["masked"] = True
    return masked
