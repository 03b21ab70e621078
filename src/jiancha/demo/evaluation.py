"""Scoring templates against the demo county's ground truth (``jiancha eval``).

A template's leads are compared by subject (the standard ID number or credit code) with the
violations the generator planted for it: true positives are subjects in both, precision is
TP ÷ subjects with a lead, recall is TP ÷ planted subjects. Only leads hit by the latest run
count. The first few misses and false hits are kept, so a failing figure can be looked into.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from jiancha.store import Lead, Store, SupervisionModel

GROUND_TRUTH = "ground_truth.csv"
EXAMPLES = 5


@dataclass(frozen=True)
class TemplateScore:
    template: str
    name: str
    leads: int
    subjects: int
    planted: int
    true_positives: int
    precision: float | None
    recall: float | None
    missed: list[str]
    false_hits: list[str]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def read_truth(files: Path) -> dict[str, set[str]]:
    truth: dict[str, set[str]] = defaultdict(set)
    with (files / GROUND_TRUTH).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            truth[row["template"]].add(row["subject_key"])
    return truth


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def score(store: Store, files: Path) -> list[TemplateScore]:
    truth = read_truth(files)
    found: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    with store.session() as session:
        names = dict(session.execute(select(SupervisionModel.slug, SupervisionModel.name)).all())
        query = (
            select(SupervisionModel.slug, Lead.subject_key)
            .join(SupervisionModel)
            .where(Lead.hit.is_(True))
        )
        for slug, key in session.execute(query):
            found[slug].add(key)
            counts[slug] += 1
    scores = []
    for slug in sorted(set(names) | set(truth)):
        hits, planted = found.get(slug, set()), truth.get(slug, set())
        tp = len(hits & planted)
        scores.append(
            TemplateScore(
                template=slug,
                name=names.get(slug, "（未安装）"),
                leads=counts.get(slug, 0),
                subjects=len(hits),
                planted=len(planted),
                true_positives=tp,
                precision=_ratio(tp, len(hits)),
                recall=_ratio(tp, len(planted)),
                missed=sorted(planted - hits)[:EXAMPLES],
                false_hits=sorted(hits - planted)[:EXAMPLES],
            )
        )
    return scores
