"""A model's figures across the offices that adopted it (模型超市的成效数字).

Per marketplace model: how many offices adopted it and how many adoptions there are (the
seeds' 「49 个院 165 次」 is ``offices`` and ``adoptions`` summed over the marketplace), runs,
leads, verified precision (核查属实及以后 ÷ (that + 核查不实)), cases (成案及以后), actions by
kind, money recovered (整改反馈的 ``recovered_amount``) and persons; and the same per adopting
office (one adoption each). The lead and action tallies answer it (``stats.queries.collect``
grouped by adoption), so no lead is read however many there are; runs are one grouped query.

Owns these figures. Must not touch: the leads, their tallies (``leads.tally``) or who may see a
model (the caller decides; the figures are counts, without a person in them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from jiancha.clock import china_day
from jiancha.stats.figures import Figures
from jiancha.stats.filters import Scope
from jiancha.stats.queries import collect
from jiancha.store import Org, Run, SupervisionModel

SHOWN = (
    "leads",
    "verified",
    "confirmed",
    "precision",
    "cases",
    "actions",
    "actions_total",
    "adopted_total",
    "recovered_amount",
    "persons_affected",
    "rules_made",
)
"""The figures of the funnel (``stats.figures``) a marketplace card and its offices show."""


@dataclass
class Runs:
    total: int = 0
    succeeded: int = 0
    last: dt.datetime | None = None

    def add(self, other: Runs) -> None:
        self.total += other.total
        self.succeeded += other.succeeded
        if other.last is not None and (self.last is None or _utc(other.last) > _utc(self.last)):
            self.last = other.last

    def as_dict(self) -> dict[str, Any]:
        last = None if self.last is None else china_day(self.last).isoformat()
        return {"runs": self.total, "succeeded_runs": self.succeeded, "last_run_on": last}


@dataclass
class ModelFigures:
    """One model's figures: summed over its adoptions, and per adoption."""

    adoptions: list[SupervisionModel] = field(default_factory=list)
    figures: Figures = field(default_factory=Figures)
    runs: Runs = field(default_factory=Runs)
    per_adoption: dict[int, tuple[Figures, Runs]] = field(default_factory=dict)

    @property
    def offices(self) -> int:
        return len({a.org_id for a in self.adoptions if a.org_id is not None})

    @property
    def precision(self) -> float | None:
        return self.figures.precision


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def counts(figures: Figures) -> dict[str, Any]:
    """The shown subset of a figure set (``SHOWN``)."""
    done = figures.as_dict()
    return {key: done[key] for key in SHOWN}


def _runs(session: Session, ids: list[int]) -> dict[int, Runs]:
    if not ids:
        return {}
    succeeded = func.count(case((Run.status == "succeeded", Run.id)))
    query = (
        select(Run.model_id, func.count(Run.id), succeeded, func.max(Run.started_at))
        .where(Run.model_id.in_(ids))
        .group_by(Run.model_id)
    )
    return {m: Runs(int(n), int(ok), last) for m, n, ok, last in session.execute(query)}


def model_figures(session: Session, slugs: Iterable[str] | None = None) -> dict[str, ModelFigures]:
    """The figures of every model of ``slugs`` (None: every adopted model), by slug; a model
    nobody adopted has empty figures (``adoptions`` empty)."""
    query = select(SupervisionModel).order_by(SupervisionModel.slug, SupervisionModel.id)
    wanted = None if slugs is None else list(dict.fromkeys(slugs))
    if wanted is not None:
        query = query.where(SupervisionModel.slug.in_(wanted))
    adoptions = list(session.scalars(query))
    ids = [a.id for a in adoptions]
    by_adoption = collect(session, Scope(models={}, model_ids=ids), "model") if ids else {}
    runs = _runs(session, ids)
    found = {slug: ModelFigures() for slug in wanted or []}
    for adoption in adoptions:
        mine = found.setdefault(adoption.slug, ModelFigures())
        figures, ran = by_adoption.get(adoption.id, Figures()), runs.get(adoption.id, Runs())
        mine.adoptions.append(adoption)
        mine.per_adoption[adoption.id] = (figures, ran)
        mine.figures.add(figures)
        mine.runs.add(ran)
    return found


def summary(found: ModelFigures) -> dict[str, Any]:
    """The card's figures: 「N 个院 M 次」 (``offices``, ``adoptions``), runs and the funnel."""
    return {
        "offices": found.offices,
        "adoptions": len(found.adoptions),
        "adoption_label": f"{found.offices} 个院 {len(found.adoptions)} 次",
        **found.runs.as_dict(),
        **counts(found.figures),
    }


def per_office(session: Session, found: ModelFigures) -> list[dict[str, Any]]:
    """The same figures for each adopting office, in tree order (an adoption of no office
    last), with the version it runs."""
    orgs = _orgs(session, [a.org_id for a in found.adoptions if a.org_id is not None])

    def place(adoption: SupervisionModel) -> tuple[bool, str]:
        org = orgs.get(adoption.org_id or 0)
        return (org is None, "" if org is None else org.path)

    rows = []
    for adoption in sorted(found.adoptions, key=place):
        org = orgs.get(adoption.org_id or 0)
        figures, ran = found.per_adoption[adoption.id]
        rows.append(
            {
                "org": None if org is None else org.code,
                "org_name": None if org is None else org.name,
                "version": adoption.version,
                "version_id": adoption.version_id,
                "adopted_at": _utc(adoption.installed_at).isoformat(),
                **ran.as_dict(),
                **counts(figures),
            }
        )
    return rows


def _orgs(session: Session, ids: Collection[int]) -> dict[int, Org]:
    if not ids:
        return {}
    return {o.id: o for o in session.scalars(select(Org).where(Org.id.in_(list(ids))))}


def figures_of(session: Session, slug: str) -> dict[str, Any]:
    """``jiancha market show`` / ``GET /api/market/models/{slug}/figures``: the model's figures
    across offices and per adopting office."""
    found = model_figures(session, [slug])[slug]
    return {"model": slug, **summary(found), "per_office": per_office(session, found)}


def marketplace_totals(found: dict[str, ModelFigures]) -> dict[str, Any]:
    """The marketplace's own 「N 个院 M 次」: distinct adopting offices and adoptions of all the
    models given, and how many of them are adopted at all."""
    offices = {a.org_id for f in found.values() for a in f.adoptions if a.org_id is not None}
    adoptions = sum(len(f.adoptions) for f in found.values())
    return {
        "models": len(found),
        "adopted_models": sum(1 for f in found.values() if f.adoptions),
        "offices": len(offices),
        "adoptions": adoptions,
        "adoption_label": f"{len(offices)} 个院 {adoptions} 次",
    }
