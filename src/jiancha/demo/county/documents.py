"""The demo county's legal documents: 起诉意见书, 起诉书 and 刑事判决书 of its criminal cases.

Owns: which cases the county has (every planted error and near miss of the twelve document
templates in a case of its own, then clean cases up to about one per fifty persons), rendering
each case's three texts and writing them: ``police_recommendations.jsonl`` and
``indictments.jsonl`` (lines ``{"id", "text"}``) and ``judgments/`` (one file per judgment,
most ``.txt``, some ``.docx``). Must not touch: the county's tabular datasets — document persons
are drawn from the general population and appear in no storyline.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from jiancha.demo.county import documents_plants as review
from jiancha.demo.county import documents_plants_three as three
from jiancha.demo.county.core import County
from jiancha.demo.county.documents_cases import CaseMaker
from jiancha.demo.county.documents_facts import CRIMES, INDICTMENT, JUDGMENT, POLICE, Case
from jiancha.demo.county.documents_files import write_jsonl, write_judgments
from jiancha.demo.county.documents_judgment import render
from jiancha.demo.county.documents_plants import Plant
from jiancha.demo.county.documents_prosecution import indictment_text, police_text
from jiancha.demo.datasets import DOCUMENT_SETS


@dataclass(frozen=True)
class DocumentSet:
    name: str  # the dataset name the demo imports it as
    path: str  # file or folder in the county's output
    doc: str  # POLICE, INDICTMENT or JUDGMENT


SETS = (
    DocumentSet(DOCUMENT_SETS[0], "police_recommendations.jsonl", POLICE),
    DocumentSet(DOCUMENT_SETS[1], "indictments.jsonl", INDICTMENT),
    DocumentSet(DOCUMENT_SETS[2], "judgments", JUDGMENT),
)
MAX_CASES = 4_000
"""Cases beyond which a bigger county gets no more (60,000 documents take long to import)."""

PLANTS: dict[str, tuple[Plant, int]] = {
    "review-probation-for-recidivist": (review.recidivist_probation, 1),
    "review-probation-not-allowed": (review.probation_not_allowed, 2),
    "review-probation-period-out-of-range": (review.period_out_of_range, 5),
    "review-term-out-of-range": (review.term_out_of_range, 3),
    "review-mandatory-fine-missing": (review.fine_missing, 3),
    "review-custody-not-credited": (review.custody_not_credited, 1),
    "three-docs-suspect-not-indicted": (three.suspect_not_indicted, 1),
    "three-docs-defendant-not-judged": (three.defendant_not_judged, 1),
    "three-docs-defendant-added": (three.defendant_added, 1),
    "three-docs-charge-changed": (three.charge_changed, 2),
    "three-docs-amount-differs": (three.amount_differs, 1),
    "three-docs-sentence-outside-recommendation": (three.sentence_outside, 4),
}
"""Per template: the storyline planting one violation, and how many variants it has."""


def _misspelt(doc: int) -> Plant:
    return lambda m, v: three.near_misspelt(m, doc)


NEAR: dict[str, tuple[Plant, int]] = {
    "review-probation-for-recidivist": (review.near_recidivist, 2),
    "review-probation-not-allowed": (review.near_not_allowed, 2),
    "review-probation-period-out-of-range": (review.near_period, 6),
    "review-term-out-of-range": (review.near_term, 5),
    "review-mandatory-fine-missing": (review.near_fine, 2),
    "review-custody-not-credited": (review.near_custody, 3),
    "three-docs-suspect-not-indicted": (_misspelt(1), 1),
    "three-docs-defendant-not-judged": (_misspelt(2), 1),
    "three-docs-defendant-added": (_misspelt(0), 1),
    "three-docs-charge-changed": (three.near_prior_charge, 2),
    "three-docs-amount-differs": (three.near_amount_notation, 3),
    "three-docs-sentence-outside-recommendation": (three.near_edge, 1),
}
"""Per template: the storyline of a near miss the rule must let pass, and its variants."""


def build(county: County, persons: list[int]) -> list[Case]:
    """The county's cases, planted ones among clean ones, in a seeded order; records the
    ground truth and near misses in ``county.truth``."""
    maker = CaseMaker(county, persons)
    cases: list[Case] = []
    for template, (plant, variants) in PLANTS.items():
        for variant in range(max(county.planted_per_template, variants)):
            case, reason = plant(maker, variant)
            county.truth.plant(template, "person", case.defendants[0].id_number, reason)
            cases.append(case)
    for template, (near, variants) in NEAR.items():
        count = max(county.near_misses_per_kind, variants)
        for variant in range(count):
            cases.append(near(maker, variant)[0])
        county.truth.near_miss(template, count)
    target = min(MAX_CASES, max(county.scale // 50, len(cases) * 5 // 4))
    charges = list(CRIMES)
    weights = [CRIMES[c].weight for c in charges]
    rng = maker.rng
    while len(cases) < target:
        cases.append(_background(maker, rng.choices(charges, weights)[0]))
    rng.shuffle(cases)
    return cases


def _background(maker: CaseMaker, charge: str) -> Case:
    rng = maker.rng
    extra = rng.choices((0, 1, 2), (75, 18, 7))[0]
    roll = rng.random()
    if roll < 0.05 and charge != "危险驾驶罪":
        case = maker.case(charge, extra, custody=True, older=True)
        lead = case.defendants[0]
        maker.prior(lead, recent=True)
        lead.penalty = lead.penalty.__class__(lead.penalty.kind, max(lead.penalty.months, 6),
                                              None, lead.penalty.fine)  # fmt: skip
        maker.finish(case, lead)
        return case
    case = maker.case(charge, extra, older=roll < 0.12)
    if roll < 0.12:
        maker.prior(case.defendants[0], recent=False)
    return case


def texts(county: County, cases: list[Case]) -> dict[str, list[tuple[str, str]]]:
    """``(id, text)`` of every document, per document kind, in case order."""
    out: dict[str, list[tuple[str, str]]] = {POLICE: [], INDICTMENT: [], JUDGMENT: []}
    for i, case in enumerate(cases, 1):
        rng = county.rng(f"documents:text:{i}")
        out[POLICE].append((f"police-{i:05d}", police_text(rng, case)))
        out[INDICTMENT].append((f"indictment-{i:05d}", indictment_text(rng, case)))
        out[JUDGMENT].append((f"judgment-{i:05d}", render(rng, case)))
    return out


def write(out: Path, county: County, cases: list[Case]) -> dict[str, int]:
    """Write the three document sets into ``out``; the number of documents per set."""
    written = texts(county, cases)
    counts = {}
    for s in SETS:
        if s.doc == JUDGMENT:
            rng = random.Random(f"{county.seed}:{county.scale}:documents:docx")
            write_judgments(out / s.path, written[s.doc], [c.judgment_day for c in cases], rng)
        else:
            write_jsonl(out / s.path, written[s.doc])
        counts[s.name] = len(written[s.doc])
    return counts
