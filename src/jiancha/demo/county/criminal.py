"""Criminal judgments and everything that lawfully follows them.

Owns: :func:`judge` (a 刑事判决 row plus the pretrial 刑事拘留/逮捕 rows in
羁押记录, all before the judgment date), :func:`execute` (the companions a lawful execution
leaves: 监狱收押 after the judgment for a custodial sentence, 社区矫正 for 缓刑/管制, 罚金缴纳 for a
fine, a revoked 驾驶证 for 危险驾驶罪 — any of which a storyline may withhold to plant a
violation), and the background judgments of the county. Background judgments never break
templates 1, 2, 14 or 15: each companion is written unless the grace period has not run out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from jiancha.demo.county.core import County, Fen
from jiancha.demo.county.geography import DISTRICTS, PRISONS, District
from jiancha.demo.county.sentencing import CHARGES, Sentence, sentence_for, serious, vary


@dataclass(frozen=True)
class Judgment:
    case_no: str
    person: int
    court: str
    sentence: Sentence
    judged: date
    effective: date


def case_number(
    county: County, district: District, year: int, kind: str = "刑初", *, high: bool = False
) -> str:
    """A case number of the district court, or of its city's intermediate court (``high``)."""
    court = f"{district.court_code[0]}{district.city.code[2:4]}" if high else district.court_code
    seq = county.numbers.next(court, str(year), kind)
    return f"（{year}）{court}{kind}{seq}号"


def judge(
    county: County,
    rng: random.Random,
    person: int,
    sentence: Sentence,
    judged: date,
    *,
    effective: date | None = None,
    case_no: str | None = None,
    court: District | None = None,
    high: bool | None = None,
) -> Judgment:
    """Write the judgment (and its pretrial detentions); return it for :func:`execute`.
    Serious cases (``high``, by default 无期徒刑 or ten years or more) are tried by the
    intermediate court."""
    people = county.people
    place = court or people.districts[person]
    high = serious(sentence) if high is None else high
    court_name = place.city.intermediate_court if high else place.court
    if effective is None:
        effective = min(judged + timedelta(days=rng.randint(11, 25)), county.as_of)
    case_no = case_no or case_number(county, place, judged.year, high=high)
    fine = Fen.yuan(sentence.fine) if sentence.fine else Fen(0)
    county.tables.add(
        "刑事判决",
        case_no=case_no,
        name=people.names[person],
        person_id=people.ids[person],
        court=court_name,
        charge=sentence.charge,
        sentence_type=sentence.kind,
        term_months=sentence.months,
        probation=sentence.probation,
        pretrial_measure=sentence.pretrial,
        judgment_date=judged,
        effective_date=effective,
        fine=fine,
    )
    if sentence.pretrial == "逮捕" or rng.random() < 0.4:
        held = judged - timedelta(days=rng.randint(60, 300))
        detain(county, person, "刑事拘留", held, place, f"涉嫌{sentence.charge}")
        if sentence.pretrial == "逮捕":
            later = held + timedelta(days=rng.randint(3, 30))
            detain(county, person, "逮捕", later, place, f"涉嫌{sentence.charge}")
    return Judgment(case_no, person, court_name, sentence, judged, effective)


def detain(county: County, person: int, kind: str, day: date, place: District, cause: str) -> None:
    facility = place.detention_centre if kind != "强制隔离戒毒" else "浙江省强制隔离戒毒所"
    county.tables.add(
        "羁押记录",
        name=county.people.names[person],
        person_id=county.people.ids[person],
        detention_type=kind,
        detention_date=day,
        facility=facility,
        cause=cause,
    )


def execute(
    county: County, rng: random.Random, j: Judgment, *, skip: frozenset[str] = frozenset()
) -> None:
    """Write the records a lawful execution of ``j`` leaves, except those named in ``skip``
    (``intake``, ``correction``, ``fine``, ``licence``)."""
    people, tables, s, today = county.people, county.tables, j.sentence, county.as_of
    name, pid = people.names[j.person], people.ids[j.person]
    place = people.districts[j.person]
    if s.custodial and "intake" not in skip:
        on_the_day = s.pretrial != "逮捕" and rng.random() < 0.1
        taken = j.judged if on_the_day else j.effective + timedelta(days=rng.randint(3, 25))
        short = s.kind == "拘役" or (s.months or 99) <= 6
        facility = place.detention_centre if short else rng.choice(PRISONS)
        if taken <= today:
            tables.add("监狱收押", name=name, person_id=pid, intake_date=taken, facility=facility)
    if s.supervised and "correction" not in skip:
        start = j.effective + timedelta(days=rng.randint(1, 9))
        months = s.probation_months if s.probation else s.months
        end = start + timedelta(days=round((months or 12) * 30.4))
        if start <= today:
            supervise(county, rng, j.person, "缓刑" if s.probation else "管制", start, end)
    if s.fine and "fine" not in skip:
        paid = j.effective + timedelta(days=rng.randint(5, 80))
        parts = [s.fine] if rng.random() < 0.85 else [s.fine // 2, s.fine - s.fine // 2]
        for i, part in enumerate(parts):
            day = paid + timedelta(days=30 * i)
            if day <= today:
                tables.add(
                    "罚金缴纳",
                    case_no=j.case_no,
                    name=name,
                    person_id=pid,
                    amount=Fen.yuan(part),
                    paid_date=day,
                )
    if s.charge == "危险驾驶罪" and "licence" not in skip and rng.random() < 0.9:
        revoked = j.effective + timedelta(days=rng.randint(1, 20))
        if revoked <= today:
            licence(county, j.person, "吊销", revoked)
        else:
            licence(county, j.person, "正常", j.judged - timedelta(days=rng.randint(800, 5000)))


def supervise(
    county: County, rng: random.Random, person: int, kind: str, start: date, end: date
) -> None:
    place = county.people.districts[person]
    county.tables.add(
        "社区矫正",
        name=county.people.names[person],
        person_id=county.people.ids[person],
        correction_type=kind,
        start_date=start,
        end_date=end,
        office=f"{place.justice_bureau}{rng.choice(place.justice_offices)}",
    )


def licence(county: County, person: int, status: str, day: date, cls: str = "C1") -> None:
    county.tables.add(
        "驾驶证",
        name=county.people.names[person],
        person_id=county.people.ids[person],
        licence_class=cls,
        licence_status=status,
        status_date=day,
    )


def background(county: County) -> None:
    """Lawfully executed judgments, one or more defendants per case, over the last six years;
    a few long sentences end in parole (假释) or are served outside prison (暂予监外执行)."""
    rng = county.rng("criminal")
    charges = list(CHARGES)
    weights = [CHARGES[c][0] for c in charges]
    for _ in range(county.per_thousand(14, minimum=60)):
        charge = rng.choices(charges, weights)[0]
        judged = county.ago(rng.randint(20, 2190))
        place = rng.choice(DISTRICTS)
        count = rng.choices((1, 2, 3), (80, 15, 5))[0]
        sentences = [vary(rng, sentence_for(rng, charge)) for _ in range(count)]
        high = any(serious(s) for s in sentences)
        case_no = case_number(county, place, judged.year, high=high)
        for s in sentences:
            person = county.people.new(1955, judged.year - 19, place)
            j = judge(county, rng, person, s, judged, case_no=case_no, court=place, high=high)
            long_term = s.custodial and s.pretrial == "逮捕" and (s.months or 0) >= 24
            outside = long_term and rng.random() < 0.03
            execute(county, rng, j, skip=frozenset({"intake"}) if outside else frozenset())
            if long_term and (outside or rng.random() < 0.15):
                served = timedelta(days=round((s.months or 0) * 30.4))
                start = j.effective + (
                    timedelta(days=rng.randint(1, 9)) if outside else served * 0.6
                )
                if start <= county.as_of:
                    kind = "暂予监外执行" if outside else "假释"
                    supervise(county, rng, person, kind, start, j.effective + served)
