"""起诉意见书 (the police's recommendation to prosecute): 文号, agency, suspects, charges."""

from __future__ import annotations

import re
from typing import Any

from jiancha.documents.extraction.amounts import find_amount
from jiancha.documents.extraction.common import (
    SUSPECTED,
    read_frame,
    sentences_naming,
    split_charges,
)
from jiancha.documents.extraction.models import person_entry
from jiancha.documents.extraction.numbers import as_number
from jiancha.documents.extraction.persons import find_persons
from jiancha.documents.extraction.text import GAP, squeeze

_TITLE = re.compile(f"起{GAP}诉{GAP}意{GAP}见{GAP}书")
_FACTS = re.compile(r"经依法侦查查明|经侦查查明|侦查查明|经查明|经查")
_CLOSING = re.compile(r"本局认为|综上所述|综上")
_EVIDENCE = re.compile(r"认定上述(?:犯罪)?事实的证据")


def read_police(text: str) -> dict[str, Any]:
    frame = read_frame(text, _TITLE, "investigating_agency", "prosecutor_office")
    spans = frame.spans
    warnings: list[str] = []
    number, office_span = frame.number, frame.addressee_span
    begin = frame.body_start
    facts = _FACTS.search(text, begin)
    region_end = facts.start() if facts else len(text)
    persons = find_persons(text, begin, region_end, suspects=True)
    if not persons:
        warnings.append("未找到犯罪嫌疑人段落")
    closing = _CLOSING.search(text, facts.end() if facts else begin)
    close_start = closing.start() if closing else region_end
    close_end = office_span[0] if office_span else len(text)
    evidence = _EVIDENCE.search(text, facts.end() if facts else begin)
    facts_start = facts.end() if facts else region_end
    facts_end = evidence.start() if evidence else close_start
    alone = len(persons) == 1
    names = tuple(p.name for p in persons)
    suspects: list[dict[str, Any]] = []
    for person in persons:
        entry = person_entry(text, person)
        charges: list[str] = []
        for start, end in (
            *sentences_naming(text, close_start, close_end, person.name, alone, names),
            person.span,
        ):
            found = SUSPECTED.search(text, start, end)
            if found:
                charges = split_charges(found["charges"])
                entry["spans"]["charges"] = [found.start("charges"), found.end("charges")]
                break
        entry["charges"] = charges
        name = None if alone else person.name
        entry["amount_yuan"] = as_number(find_amount(text, facts_start, facts_end, name, names))
        suspects.append(entry)
    return {
        "case_number": squeeze(number.group()) if number else None,
        "doc_date": frame.date,
        "investigating_agency": frame.issuer,
        "prosecutor_office": frame.addressee,
        "defendants": suspects,
        "spans": spans,
        "warnings": warnings,
    }
