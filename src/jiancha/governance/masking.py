"""Masking personal identifiers for display (脱敏): masked is the default everywhere.

ID numbers keep the region (first 6) and the last 4 characters; phone numbers the first 3 and
last 4; names the surname. Values are recognised by their semantic type when it is known, and
otherwise by shape, so that an ID number that reaches a lead's evidence is masked too.
"""

from __future__ import annotations

import re
from typing import Any

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
