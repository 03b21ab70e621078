"""Masking personal identifiers for display (脱敏): masked is the default everywhere.

Rules, by the kind of value (a column's *kind*, see :mod:`jiancha.leads.personal`):

- ``id_card``: the region (first 6) and the last 4 characters (``330102********0018``); a value
  of 10 characters or fewer is hidden whole;
- ``phone``: the first 3 and last 4 (``138****5678``); 7 characters or fewer hidden whole;
- ``person_name``: the first character and always two stars (``张**``, whatever the length, so
  that the mask does not tell a two-character name from a three-character one); one character:
  ``*``;
- ``plate``: the province character and the letter after it, and the last 2 (``浙A***45``);
  4 characters or fewer hidden whole;
- ``sensitive`` (any other column classified sensitive or core) and ``derived`` (a value
  computed from personal columns, e.g. a concatenation): hidden whole, ``***``.

Values whose kind is not known are masked by shape, so that an ID number that reaches a lead
some other way is masked too. Inside free text (titles, explanations, comments, notes) 11-digit
mobile numbers, 18-character ID numbers (check digit verified) and anything shaped like a 15- or
18-digit ID number — a region code and a real birth date, even with a wrong check digit — are
masked, while a long case or claim number stays readable; the values of a lead known to be
personal are replaced wherever they appear. API responses, exports and drafts all mask through
``mask_any`` / ``mask_lead``; the same rules in DuckDB SQL (:func:`mask_sql`) mask the titles
of new leads as they are built.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jiancha import identifiers

PERSONAL_TYPES = ("person_name", "id_card", "phone", "plate")
"""Semantic types that are personal whatever the dataset's classification says."""
HIDDEN = "***"
HIDDEN_KINDS = ("sensitive", "derived")
"""Kinds of personal values hidden whole."""
_ID_CARD = identifiers.get("id_card")
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID_SHAPE = (
    rf"[1-9]\d{{5}}(?:18|19|20)\d{{2}}{_DATE}\d{{3}}[\dXx]|[1-9]\d{{5}}\d{{2}}{_DATE}\d{{3}}"
)
_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15}|1\d{10})(?![0-9A-Za-z])")
_SHAPED = re.compile(rf"^(?:{_ID_SHAPE})$")
_ID = re.compile(r"^\d{17}[\dX]$|^\d{15}$")
_PHONE = re.compile(r"^1\d{10}$")


def mask_id_card(value: str) -> str:
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "****" + value[-4:]


def mask_name(value: str) -> str:
    """The first character and ``**``: the mask never tells the name's length."""
    return "*" if len(value) <= 1 else value[:1] + "**"


def mask_plate(value: str) -> str:
    if len(value) <= 4:
        return HIDDEN
    return value[:2] + HIDDEN + value[-2:]


_BY_KIND = {
    "id_card": mask_id_card,
    "phone": mask_phone,
    "person_name": mask_name,
    "plate": mask_plate,
}


def mask_sql(kind: str, text: str) -> str:
    """DuckDB SQL masking the non-NULL text ``text`` (an SQL expression) like ``mask_value``
    masks a value of ``kind``; the test suite checks both agree."""
    return f"CASE WHEN {text} = '' THEN '' ELSE {_mask_sql(kind, text)} END"


def _mask_sql(kind: str, text: str) -> str:
    n = f"length({text})"
    if kind == "id_card":
        middle = f"repeat('*', {n} - 10)"
        whole = f"left({text}, 6) || {middle} || right({text}, 4)"
        return f"CASE WHEN {n} <= 10 THEN repeat('*', {n}) ELSE {whole} END"
    if kind == "phone":
        whole = f"left({text}, 3) || '****' || right({text}, 4)"
        return f"CASE WHEN {n} <= 7 THEN repeat('*', {n}) ELSE {whole} END"
    if kind == "person_name":
        return f"CASE WHEN {n} <= 1 THEN '*' ELSE left({text}, 1) || '**' END"
    if kind == "plate":
        return (
            f"CASE WHEN {n} <= 4 THEN '***' ELSE left({text}, 2) || '***' || right({text}, 2) END"
        )
    return "'***'"


def mask_value(value: Any, semantic: str | None = None) -> Any:
    """``value`` as shown to someone without an approved purpose for the raw value.

    ``semantic`` is the value's kind when known (a personal semantic type, ``sensitive`` or
    ``derived``); without it, or for any other semantic type, the value is masked by its shape
    (an ID or mobile number)."""
    if value is None or value == "":
        return value
    if semantic in _BY_KIND:
        return _BY_KIND[semantic](value) if isinstance(value, str) else value
    if semantic in HIDDEN_KINDS:
        return HIDDEN
    if not isinstance(value, str):
        return value
    if _ID.match(value):
        return mask_id_card(value)
    if _PHONE.match(value):
        return mask_phone(value)
    return value


def _in_text(match: re.Match[str]) -> str:
    value = match.group(1)
    if len(value) == 11:
        return mask_phone(value)
    if _SHAPED.match(value) or _ID_CARD.sniff(value):
        return mask_id_card(value)
    return value


def mask_text(text: str) -> str:
    """Mobile and ID numbers inside a free text masked (see the module docstring)."""
    return _IN_TEXT.sub(_in_text, text)


class Known:
    """The personal values known for one lead, replaced wherever they appear in a text."""

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self.values = {raw: hidden for raw, hidden in (values or {}).items() if raw != hidden}
        order = sorted(self.values, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, order))) if order else None

    def __call__(self, text: str) -> str:
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: self.values[m.group(0)], text)
        return mask_text(text)


def mask_any(value: Any, names: Mapping[str, str] | Known | None = None) -> Any:
    """``value`` with every identifier in it masked, however deep; ``names`` maps known
    personal values to their masked form wherever they appear in a text."""
    known = names if isinstance(names, Known) else Known(names)
    return _mask_any(value, known)


def _mask_any(value: Any, known: Known) -> Any:
    if isinstance(value, str):
        masked = mask_value(value)
        return masked if masked != value else known(value)
    if isinstance(value, dict):
        return {k: _mask_any(v, known) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_any(v, known) for v in value]
    return value


def _personal(lead: Mapping[str, Any]) -> tuple[dict[str, str], str | None, str | None]:
    """The lead's personal columns (name → kind) and the kinds of its subject key and name."""
    found = lead.get("personal") or {}
    columns = dict(found.get("fields") or {})
    key_kind, name_kind = found.get("subject_key"), found.get("subject_name")
    key = lead.get("subject_key")
    person = lead.get("subject_type") == "person" or (isinstance(key, str) and _ID_CARD.sniff(key))
    if person and name_kind is None:
        name_kind = "person_name"
    return columns, key_kind, name_kind


def _remember(known: dict[str, str], value: Any, kind: str | None) -> None:
    if kind is not None and isinstance(value, str) and len(value) > 1:
        hidden = mask_value(value, kind)
        if hidden != value:
            known[value] = str(hidden)


def known_values(lead: Mapping[str, Any]) -> Known:
    """The lead's personal values (by the kinds of its columns and subject) and their masks."""
    columns, key_kind, name_kind = _personal(lead)
    known: dict[str, str] = {}
    _remember(known, lead.get("subject_name"), name_kind)
    _remember(known, lead.get("subject_key"), key_kind)
    for name, value in (lead.get("evidence") or {}).items():
        _remember(known, value, columns.get(name))
    for step in lead.get("explanation") or []:
        if isinstance(step, dict):
            for name, value in (step.get("values") or {}).items():
                _remember(known, value, columns.get(name))
    return Known(known)


def _masked_values(values: Any, columns: Mapping[str, str], known: Known) -> Any:
    if not isinstance(values, dict):
        return _mask_any(values, known)
    return {
        k: mask_value(v, columns[k]) if k in columns else _mask_any(v, known)
        for k, v in values.items()
    }


def mask_lead(lead: dict[str, Any]) -> dict[str, Any]:
    """A lead as shown without an unmasking grant: every personal value masked in every field —
    the columns the model's spec or datasets mark personal (see ``jiancha.leads.personal``)
    by their kind, those values again wherever they are repeated (explanation, title), and ID
    and mobile numbers by shape. The title is the one masked when the lead was built; the
    fingerprint (keyed) is kept."""
    columns, key_kind, name_kind = _personal(lead)
    known = known_values(lead)
    masked: dict[str, Any] = {}
    for k, v in lead.items():
        if k in ("fingerprint", "personal", "title_masked"):
            continue
        if k == "evidence":
            masked[k] = _masked_values(v, columns, known)
        elif k == "explanation" and isinstance(v, list):
            masked[k] = [
                {
                    name: _masked_values(x, columns, known)
                    if name == "values"
                    else _mask_any(x, known)
                    for name, x in step.items()
                }
                if isinstance(step, dict)
                else _mask_any(step, known)
                for step in v
            ]
        elif k == "subject_key" and key_kind is not None:
            masked[k] = mask_value(v, key_kind)
        elif k == "subject_name" and name_kind is not None:
            masked[k] = mask_value(v, name_kind)
        else:
            masked[k] = _mask_any(v, known)
    title = lead.get("title_masked")
    if isinstance(title, str) and "title" in lead:
        masked["title"] = known(title)
    if "fingerprint" in lead:
        masked["fingerprint"] = lead["fingerprint"]
    masked["masked"] = True
    return masked
