"""Masking a draft (脱敏): the lead's own identifiers wherever they appear, and any other ID.

A draft repeats the subject's name and ID number in its title, evidence and explanation, so the
values known to be personal (by semantic type, or the subject of a person lead) are replaced
everywhere in the text; ID numbers (check digit verified) and mobile numbers that appear
anywhere else are masked by shape, as in the API.
"""

from __future__ import annotations

import re

from jiancha import identifiers
from jiancha.documents.facts import LeadFacts
from jiancha.governance.masking import mask_id_card, mask_name, mask_phone, mask_value

PERSONAL = ("id_card", "phone", "person_name")
_ID_CARD = identifiers.get("id_card")
_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dX]|1\d{10})(?![0-9A-Za-z])")


class Redactor:
    """Masks the personal values of one lead in any text of its draft."""

    def __init__(self, facts: LeadFacts) -> None:
        known: dict[str, str] = {}
        for item in facts.evidence:
            if item.semantic in PERSONAL and item.value:
                known[item.value] = str(mask_value(item.value, item.semantic))
        if facts.subject_type == "person":
            if facts.subject_name:
                known[facts.subject_name] = mask_name(facts.subject_name)
            known[facts.subject_key] = str(mask_value(facts.subject_key))
        self.known = {raw: masked for raw, masked in known.items() if raw and raw != masked}
        order = sorted(self.known, key=len, reverse=True)
        self._known = re.compile("|".join(map(re.escape, order))) if order else None

    def __call__(self, text: str) -> str:
        if self._known is not None:
            text = self._known.sub(lambda m: self.known[m.group(0)], text)
        return _IN_TEXT.sub(_by_shape, text)


def _by_shape(match: re.Match[str]) -> str:
    value = match.group(1)
    if len(value) == 11:
        return mask_phone(value)
    return mask_id_card(value) if _ID_CARD.sniff(value) else value
