"""起诉书: 文号, issuing office, court, 侦查机关, defendants, charges and 量刑建议."""

from __future__ import annotations

import re
from typing import Any

from jiancha.documents.extraction.amounts import find_amount
from jiancha.documents.extraction.common import (
    CHARGE_END,
    CN,
    SUSPECTED,
    clean_number,
    read_frame,
    sentences_naming,
    split_charges,
)
from jiancha.documents.extraction.models import person_entry
from jiancha.documents.extraction.numbers import as_number
from jiancha.documents.extraction.persons import find_persons
from jiancha.documents.extraction.recommendation import find_proposal, read_proposal
from jiancha.documents.extraction.text import CLOSE_CLASS, GAP, OPEN_CLASS, squeeze

_TITLE = re.compile(f"起{GAP}诉{GAP}书")
_AGENCY = re.compile(
    rf"本案(?:由|系)\s*(?P<org>[{CN}（）()]{{2,40}}?)(?:侦查终结|侦查完毕|立案侦查)"
)
_POLICE_NUMBER = re.compile(
    rf"(?P<number>[{CN}0-9（）()]{{1,24}}?{OPEN_CLASS} *\d{{4}} *{CLOSE_CLASS} *第? *\d+ *号)"
    r"\s*《?起诉意见书"
)
_FACTS = re.compile(r"经依法审查查明|经审查查明|经审查依法查明|审查查明")
_REASONING = re.compile(r"本院认为")
_EVIDENCE = re.compile(r"认定上述事实的证据")
_CHARGED = re.compile(rf"以(?P<charges>[{CN}、]{{1,60}}?{CHARGE_END})追究")


def read_indictment(text: str) -> dict[str, Any]:
    frame = read_frame(text, _TITLE, "prosecutor_office", "court")
    spans = frame.spans
    warnings: list[str] = []
    number, court_span = frame.number, frame.addressee_span
    agency = _AGENCY.search(text)
    police = _POLICE_NUMBER.search(text)
    if agency:
        spans["investigating_agency"] = [agency.start("org"), agency.end("org")]
    if police:
        spans["police_number"] = [police.start("number"), police.end("number")]
    begin = frame.body_start
    facts = _FACTS.search(text, begin)
    region_end = agency.start() if agency else (facts.start() if facts else len(text))
    persons = find_persons(text, begin, region_end)
    if not persons:
        warnings.append("未找到被告人段落")
    reasoning = _REASONING.search(text, facts.end() if facts else begin)
    reason_start = reasoning.start() if reasoning else region_end
    reason_end = court_span[0] if court_span else len(text)
    evidence = _EVIDENCE.search(text, facts.end() if facts else begin)
    facts_start = facts.end() if facts else region_end
    facts_end = evidence.start() if evidence else reason_start
    alone = len(persons) == 1
    names = tuple(p.name for p in persons)
    defendants: list[dict[str, Any]] = []
    for person in persons:
        entry = person_entry(text, person)
        sentences = sentences_naming(text, reason_start, reason_end, person.name, alone, names)
        charges, charge_span = _charges(text, sentences, _CHARGED)
        if not charges:
            moved = sentences_naming(text, region_end, facts_start, person.name, alone, names)
            charges, charge_span = _charges(text, moved, SUSPECTED)
        name = None if alone else person.name
        entry["charges"] = charges
        entry["amount_yuan"] = as_number(find_amount(text, facts_start, facts_end, name, names))
        if charge_span:
            entry["spans"]["charges"] = list(charge_span)
        proposal_span = find_proposal(text, sentences)
        proposal = read_proposal(text, proposal_span) if proposal_span else None
        entry.update(
            rec_penalty=proposal.penalty if proposal else None,
            rec_term_min=proposal.term_min if proposal else None,
            rec_term_max=proposal.term_max if proposal else None,
            rec_probation=proposal.probation if proposal else None,
            rec_fine_yuan=as_number(proposal.fine_yuan) if proposal else None,
        )
        if proposal_span:
            entry["spans"]["recommendation"] = list(proposal_span)
        defendants.append(entry)
    return {
        "case_number": squeeze(number.group()) if number else None,
        "doc_date": frame.date,
        "prosecutor_office": frame.issuer,
        "court": frame.addressee,
        "investigating_agency": agency["org"] if agency else None,
        "police_number": clean_number(police["number"]) if police else None,
        "defendants": defendants,
        "spans": spans,
        "warnings": warnings,
    }


def _charges(
    text: str, sentences: list[tuple[int, int]], pattern: re.Pattern[str]
) -> tuple[list[str], tuple[int, int] | None]:
    for start, end in sentences:
        found = pattern.search(text, start, end)
        if found:
            return split_charges(found["charges"]), (found.start("charges"), found.end("charges"))
    return [], None
