"""What each generated document says, read from the generator's facts, and the rules the
document templates apply, recomputed in plain Python from the same facts.

Used by ``test_county_documents``: the extractor's output is compared field by field with
:func:`expected`, and :func:`violations` must equal the ground truth exactly.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jiancha.demo.county.documents_facts import (
    CRIMES,
    INDICTMENT,
    JUDGMENT,
    POLICE,
    Case,
    Defendant,
)

TYPES = {POLICE: "police_recommendation", INDICTMENT: "indictment", JUDGMENT: "judgment"}


def _day(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _person(case: Case, d: Defendant, doc: str, until: date) -> dict[str, Any]:
    known = [m for m in d.measures if m.day <= until]
    held = [m.day for m in known if m.kind in ("刑事拘留", "逮捕")]
    fields: dict[str, Any] = {
        "name": d.name_in(doc),
        "sex": "男" if d.male else "女",
        "birth_date": _day(d.birth),
        "id_number": d.id_number,
        "measures": [{"type": m.kind, "date": _day(m.day)} for m in known],
        "custody_start": _day(min(held)) if held else None,
        "detained_before_judgment": known[-1].kind in ("刑事拘留", "逮捕"),
        "charges": list(d.charges(doc)),
        "amount_yuan": d.amount(doc),
    }
    if doc == JUDGMENT:
        p = d.penalty
        fields.update(
            principal_penalty=p.kind,
            term_months=p.months,
            probation_months=p.probation,
            fine_yuan=p.fine,
            recidivist=d.recidivist,
            term_start=_day(p.start),
            term_end=_day(p.end),
        )
    if doc == INDICTMENT:
        a = d.advice
        fields.update(
            rec_penalty=a.kind,
            rec_term_min=a.low,
            rec_term_max=a.high,
            rec_probation=a.probation,
            rec_fine_yuan=a.fine,
        )
    return fields


def expected(case: Case, doc: str) -> dict[str, Any]:
    """The fields of ``case``'s document ``doc`` as the extraction should give them."""
    place = case.district
    day = {POLICE: case.police_day, INDICTMENT: case.indictment_day, JUDGMENT: case.judgment_day}
    out: dict[str, Any] = {
        "doc_type": TYPES[doc],
        "case_number": {POLICE: case.police_no, INDICTMENT: case.indictment_no}.get(
            doc, case.judgment_no
        ),
        "doc_date": _day(day[doc]),
    }
    if doc == JUDGMENT:
        out.update(
            procedure="first_instance",
            prosecutor_office=place.procuratorate,
            indictment_number=case.indictment_no,
        )
    elif doc == INDICTMENT:
        out.update(court=place.court, investigating_agency=place.police,
                   police_number=case.police_no)  # fmt: skip
    else:
        out.update(investigating_agency=place.police, prosecutor_office=place.procuratorate)
    out["defendants"] = [_person(case, d, doc, day[doc]) for d in case.in_doc(doc)]
    return out


def mismatches(doc_id: str, want: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Every field where the extraction differs from the facts, as ``id field: want != got``."""
    found = []
    for key, value in want.items():
        if key == "defendants":
            continue
        if got.get(key) != value:
            found.append(f"{doc_id} {key}: {value!r} != {got.get(key)!r}")
    people = got.get("defendants") or []
    if len(people) != len(want["defendants"]):
        names = [p.get("name") for p in people]
        return [*found, f"{doc_id} defendants: {len(want['defendants'])} != {names}"]
    for i, (w, g) in enumerate(zip(want["defendants"], people, strict=True), 1):
        for key, value in w.items():
            seen = g.get(key)
            if key == "amount_yuan" and seen is not None:
                seen = round(float(seen))
            if key in ("fine_yuan", "rec_fine_yuan") and seen is not None:
                seen = round(float(seen))
            if seen != value:
                found.append(f"{doc_id} #{i} {key}: {value!r} != {seen!r}")
    return found


def violations(cases: list[Case]) -> set[tuple[str, str]]:
    """``(template, ID number)`` for every defendant breaking a document template's rule."""
    hits: set[tuple[str, str]] = set()
    for case in cases:
        for d in case.defendants:
            hits |= {(t, d.id_number) for t in _broken(case, d)}
    return hits


def _broken(case: Case, d: Defendant) -> list[str]:
    found = []
    if POLICE in d.present and INDICTMENT not in d.present:
        found.append("three-docs-suspect-not-indicted")
    if INDICTMENT in d.present and JUDGMENT not in d.present:
        found.append("three-docs-defendant-not-judged")
    if JUDGMENT in d.present and INDICTMENT not in d.present:
        found.append("three-docs-defendant-added")
    if INDICTMENT in d.present:
        others = [doc for doc in (POLICE, JUDGMENT) if doc in d.present]
        mine = set(d.charges(INDICTMENT))
        if any(set(d.charges(doc)) != mine for doc in others):
            found.append("three-docs-charge-changed")
        base = d.amount(INDICTMENT)
        for doc in others:
            other = d.amount(doc)
            if base is not None and other is not None:
                gap = abs(base - other)
                if gap > 100 and gap * 100 > max(base, other) * 5:
                    found.append("three-docs-amount-differs")
                    break
        if JUDGMENT in d.present and not _within(d):
            found.append("three-docs-sentence-outside-recommendation")
    if JUDGMENT in d.present:
        found += _review(d)
    return found


def _within(d: Defendant) -> bool:
    a, p = d.advice, d.penalty
    probation = a.probation is None or a.probation == (p.probation is not None)
    fine = a.fine is None or a.fine == (p.fine or 0)
    return a.kind == p.kind and a.low <= p.months <= a.high and probation and fine


def _review(d: Defendant) -> list[str]:
    p, found = d.penalty, []
    if d.recidivist and p.probation is not None:
        found.append("review-probation-for-recidivist")
    if p.probation is not None and (p.kind not in ("拘役", "有期徒刑") or p.months > 36):
        found.append("review-probation-not-allowed")
    if p.probation is not None and p.kind in ("拘役", "有期徒刑"):
        low, high = (max(p.months, 2), 12) if p.kind == "拘役" else (max(p.months, 12), 60)
        if not low <= p.probation <= high:
            found.append("review-probation-period-out-of-range")
    several = len(d.charges(JUDGMENT)) > 1
    ranges = {"拘役": (1, 12 if several else 6), "有期徒刑": (6, 240 if several else 180)}
    if p.kind in ranges and not ranges[p.kind][0] <= p.months <= ranges[p.kind][1]:
        found.append("review-term-out-of-range")
    if any(CRIMES[c].fine for c in d.charges(JUDGMENT)) and not p.fine:
        found.append("review-mandatory-fine-missing")
    held = d.custody_start
    late = p.start is not None and held is not None and p.start > held
    if d.custody and p.probation is None and late:
        found.append("review-custody-not-credited")
    return found
