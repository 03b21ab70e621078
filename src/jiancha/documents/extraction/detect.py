"""Which kind of document a text is, from its title and fixed phrases."""

from __future__ import annotations

import re

DOC_TYPE_LABELS: dict[str, str] = {
    "judgment": "刑事判决书",
    "indictment": "起诉书",
    "police_recommendation": "起诉意见书",
}

_S = r"[\s\u3000]*"
_JUDGMENT = re.compile(f"刑{_S}事{_S}判{_S}决{_S}书|判{_S}决{_S}如{_S}下")
_POLICE = re.compile(f"起{_S}诉{_S}意{_S}见{_S}书")
_INDICTMENT = re.compile(f"起{_S}诉{_S}书")
_PROSECUTOR_HEAD = re.compile(r"检察院")
_COURT_HEAD = re.compile(r"法院")
_HEAD_CHARS = 200


def detect_type(text: str) -> str | None:
    """Return ``judgment``, ``indictment``, ``police_recommendation`` or None."""
    head = text[:_HEAD_CHARS]
    police = _POLICE.search(head)
    judgment = _JUDGMENT.search(head)
    indictment = _INDICTMENT.search(head)
    if police and not judgment and not _COURT_HEAD.search(head[: police.start()]):
        return "police_recommendation"
    if judgment and _COURT_HEAD.search(head):
        return "judgment"
    if indictment and _PROSECUTOR_HEAD.search(head[: indictment.start()] or head):
        return "indictment"
    if judgment:
        return "judgment"
    if _JUDGMENT.search(text) and "法院" in text:
        return "judgment"
    if police:
        return "police_recommendation"
    if indictment:
        return "indictment"
    return None
