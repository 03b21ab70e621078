"""Masking a draft (脱敏): the lead's own personal values wherever they appear, and any ID.

A draft repeats the subject's name and ID number in its title, evidence and explanation, so the
values known to be personal — the lead's subject, and every value of a column its model marks
personal (semantic type or dataset classification, see ``jiancha.leads.personal``) — are
replaced everywhere in the text; ID-shaped and mobile numbers that appear anywhere else are
masked by shape, as in the API (``jiancha.governance.masking``).
"""

from __future__ import annotations

from jiancha.documents.facts import LeadFacts
from jiancha.governance.masking import HIDDEN_KINDS, PERSONAL_TYPES, Known, mask_name, mask_value

PERSONAL = (*PERSONAL_TYPES, *HIDDEN_KINDS)


class Redactor:
    """Masks the personal values of one lead in any text of its draft."""

    def __init__(self, facts: LeadFacts) -> None:
        known: dict[str, str] = dict(facts.masks)
        for item in facts.evidence:
            if item.semantic in PERSONAL and item.value and item.value != "（空）":
                known[item.value] = str(mask_value(item.value, item.semantic))
        if facts.subject_type == "person":
            if facts.subject_name:
                known[facts.subject_name] = mask_name(facts.subject_name)
            known[facts.subject_key] = str(mask_value(facts.subject_key))
        self.known = {raw: masked for raw, masked in known.items() if raw and raw != masked}
        self._mask = Known(self.known)

    def __call__(self, text: str) -> str:
        return self._mask(text)
