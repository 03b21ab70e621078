"""刑事判决书: heading fields, defendants, measures and each defendant's disposition."""

from __future__ import annotations

import re
from typing import Any

from jiancha.documents.extraction.amounts import find_amount
from jiancha.documents.extraction.appeal import original_recital
from jiancha.documents.extraction.disposition import person_chunks, read_sentence
from jiancha.documents.extraction.law import statutory_penalty
from jiancha.documents.extraction.models import person_entry
from jiancha.documents.extraction.numbers import as_number
from jiancha.documents.extraction.persons import Person, find_persons
from jiancha.documents.extraction.recidivism import recidivists
from jiancha.documents.extraction.sections import (
    disposition_span,
    find_heading,
    reasoning_start,
    signature_date,
)
from jiancha.documents.extraction.text import CLOSE_CLASS, OPEN_CLASS, squeeze

_CN = "\u4e00-\u9fa5"
_PROSECUTOR = re.compile(
    rf"(?:原公诉机关|抗诉机关|公诉机关)[：:]?\s*(?P<office>[{_CN}（）()]{{2,40}}?检察院)"
)
_PROCEDURAL = re.compile(
    rf"(?:(?<=[\s。])|^)(?:[{_CN}（）()]{{2,40}}?检察院(?:以|于|指控|起诉|向)"
    rf"|[^\s。，]{{0,40}}?检察院[{_CN}]{{0,12}}{OPEN_CLASS}"
    rf"|(?:被告人|上诉人|原审被告人)[^，。\s]{{1,15}}?(?:被控|涉嫌|犯)[^。\s]{{1,40}}?一案"
    rf"|[{_CN}（）()]{{2,40}}?人民法院(?:审理|受理|于)|本院受理|公诉机关指控|经审理查明|原审法院"
    rf"|自诉人[^\s。]{{0,30}}?(?:以|起诉|向本院))"
)
_INDICTMENT_NUMBER = re.compile(
    rf"检察院(?:以)?\s*(?P<number>[^\s，。；、以]{{1,30}}?{OPEN_CLASS}\s*\d{{4}}\s*{CLOSE_CLASS}"
    rf"\s*第?\s*\d+\s*号)\s*(?:起诉书|指控|公诉|《起诉书》)"
)
_FINDINGS = re.compile(r"经审理查明|审理查明|经审理")


def read_judgment(text: str) -> dict[str, Any]:
    heading = find_heading(text)
    spans: dict[str, list[int]] = {}
    warnings: list[str] = []
    if heading.case_number_span:
        spans["case_number"] = list(heading.case_number_span)
    else:
        warnings.append("未找到案号")
    if heading.court_span:
        spans["court"] = list(heading.court_span)
    begin = heading.case_number_span[1] if heading.case_number_span else 0
    office = _PROSECUTOR.search(text, begin, begin + 200)
    if office:
        spans["prosecutor_office"] = [office.start("office"), office.end("office")]
    date, date_span = signature_date(text)
    if date_span:
        spans["doc_date"] = list(date_span)
    if not date:
        warnings.append("判决日期无法识别" if date_span else "未找到判决日期")
    region_end = _region_end(text, begin)
    persons = find_persons(text, begin, region_end)
    if not persons:
        warnings.append("未找到被告人段落")
    number = _INDICTMENT_NUMBER.search(text, begin, min(len(text), region_end + 600))
    if number:
        spans["indictment_number"] = [number.start("number"), number.end("number")]
    number_text = heading.case_number or ""
    procedure = (
        "retrial"
        if re.search(r"刑[^\d号]{0,4}再", number_text)
        else "second_instance"
        if re.search(r"刑[^\d号]{0,4}终", number_text)
        else "first_instance"
    )
    defendants = _defendants(text, persons, region_end, date, warnings)
    return {
        "case_number": heading.case_number,
        "doc_date": date,
        "court": heading.court,
        "procedure": procedure,
        "judgment_date": date,
        "prosecutor_office": office["office"] if office else None,
        "indictment_number": squeeze(number["number"]) if number else None,
        "defendants": defendants,
        "spans": spans,
        "warnings": warnings,
    }


def _region_end(text: str, begin: int) -> int:
    first = re.search(r"被告人|上诉人|原审被告人", text[begin:])
    start = begin + (first.end() if first else 0)
    found = _PROCEDURAL.search(text, start)
    return found.start() if found else min(len(text), start + 3000)


def _defendants(
    text: str, persons: list[Person], region_end: int, date: str | None, warnings: list[str]
) -> list[dict[str, Any]]:
    names = [p.name for p in persons]
    span = disposition_span(text)
    chunks = person_chunks(text, span[0], span[1], names) if span and names else {}
    reasoning = reasoning_start(text)
    found_recidivists = recidivists(text, reasoning, span[0] if span else len(text), names)
    result: list[dict[str, Any]] = []
    for person in persons:
        pieces = chunks.get(person.name, [])
        if not pieces:
            pieces = original_recital(text, region_end, span[0] if span else len(text), person.name)
        if not pieces:
            warnings.append(f"未找到被告人{person.name}的判项")
        sentence = read_sentence(text, pieces)
        meant = statutory_penalty(
            sentence.charges, sentence.principal_penalty, sentence.term_months
        )
        if meant:
            warnings.append(
                f"被告人{person.name}的判项写作{sentence.principal_penalty}，"
                f"但{'、'.join(sentence.charges)}依法只能判处{meant}，按{meant}读取"
            )
            sentence.principal_penalty = meant
        entry = person_entry(text, person)
        facts_end = reasoning if reasoning > region_end else len(text)
        found = list(_FINDINGS.finditer(text, region_end, facts_end))
        facts_start = found[-1].end() if found else region_end  # the court's own findings
        name = person.name if len(persons) > 1 else None
        amount = find_amount(text, facts_start, facts_end, name, tuple(names))
        # 刑期 counted from a day before the judgment and running past it: held since then
        # (先行羁押折抵); a term already served by then says nothing either way.
        if (
            entry["detained_before_judgment"] is None
            and sentence.term_start
            and date
            and sentence.term_start <= date <= (sentence.term_end or date)
        ):
            entry["detained_before_judgment"] = True
        entry.update(
            charges=sentence.charges,
            amount_yuan=as_number(amount),
            principal_penalty=sentence.principal_penalty,
            term_months=sentence.term_months,
            term_days=sentence.term_days,
            probation_months=sentence.probation_months,
            fine_yuan=as_number(sentence.fine_yuan),
            recidivist=person.name in found_recidivists,
            term_start=sentence.term_start,
            term_end=sentence.term_end,
        )
        if sentence.span:
            entry["spans"]["sentence"] = list(sentence.span)
        if sentence.charges_span:
            entry["spans"]["charges"] = list(sentence.charges_span)
        result.append(entry)
    return result
