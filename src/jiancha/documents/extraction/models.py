"""Turning the reader's records into the JSON objects of the extraction output."""

from __future__ import annotations

from typing import Any

from jiancha.documents.extraction.custody import custody_status
from jiancha.documents.extraction.dates import iso
from jiancha.documents.extraction.measures import Measure, find_measures
from jiancha.documents.extraction.persons import Person

_CUSTODY = ("刑事拘留", "逮捕")


def person_dict(person: Person, measures: list[Measure], detained: bool | None) -> dict[str, Any]:
    """The fields every document type shares for one person."""
    custody = [m.date for m in measures if m.type in _CUSTODY and m.date]
    return {
        "name": person.name,
        "unit": person.unit,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "id_number": person.id_number,
        "measures": [{"type": m.type, "date": iso(m.date)} for m in measures],
        "custody_start": iso(min(custody)) if custody else None,
        "detained_before_judgment": detained,
        "charges": [],
        "amount_yuan": None,
        "spans": {"name": list(person.name_span), "person": list(person.span)},
    }


def person_entry(text: str, person: Person) -> dict[str, Any]:
    """``person_dict`` with the measures and custody read from the person's paragraph, or from
    the passage stated for several persons at once when the paragraph has none."""
    measures = find_measures(text, *person.span)
    held = custody_status(text, *person.span, measures)
    if person.shared and not measures:
        measures = find_measures(text, *person.shared)
    if person.shared and held is None:
        held = custody_status(text, *person.shared, measures)
    return person_dict(person, measures, held)
