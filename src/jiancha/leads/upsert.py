"""Applying a run's leads to the store by fingerprint.

New fingerprints are inserted; known ones are marked seen again (their status, evidence and
explanation untouched); leads of the model that this run did not hit are marked
``hit = false`` — never deleted. Bulk statements in chunks keep this fast for large runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from jiancha.leads.build import LeadBuilder, LeadRecord
from jiancha.leads.explain import render
from jiancha.store import Lead, Run, SupervisionModel

CHUNK = 5_000
LEADS: Table = Lead.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class UpsertCounts:
    leads: int
    new: int
    seen_again: int
    no_longer_hit: int


def upsert_leads(
    session: Session,
    model_id: int,
    run_id: int,
    rows: Sequence[Mapping[str, Any]],
    builder: LeadBuilder,
    now: datetime,
) -> UpsertCounts:
    """Insert the new leads among ``rows``, mark the known ones seen again, the rest not hit."""
    current: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        current.setdefault(builder.fingerprint(row), row)
    existing = {
        fp: (lead_id, hit)
        for fp, lead_id, hit in session.execute(
            select(Lead.fingerprint, Lead.id, Lead.hit).where(Lead.model_id == model_id)
        )
    }
    new = [builder.record(row, fp) for fp, row in current.items() if fp not in existing]
    seen = [fp for fp in current if fp in existing]
    rehit = [existing[fp][0] for fp in seen if not existing[fp][1]]
    gone = [lead_id for fp, (lead_id, hit) in existing.items() if hit and fp not in current]
    for start in range(0, len(new), CHUNK):
        chunk = new[start : start + CHUNK]
        session.execute(insert(LEADS), [_row(r, model_id, run_id, now) for r in chunk])
    for ids, hit in ((gone, False), (rehit, True)):
        for start in range(0, len(ids), CHUNK):
            session.execute(
                update(Lead).where(Lead.id.in_(ids[start : start + CHUNK])).values(hit=hit)
            )
    # Now exactly the leads hit by this run have hit = true: stamp the ones seen again at once.
    session.execute(
        update(Lead)
        .where(Lead.model_id == model_id, Lead.hit.is_(True), Lead.last_run_id != run_id)
        .values(last_run_id=run_id, last_seen_at=now)
    )
    return UpsertCounts(len(current), len(new), len(seen), len(gone))


def _row(r: LeadRecord, model_id: int, run_id: int, now: datetime) -> dict[str, Any]:
    return {
        "model_id": model_id,
        "fingerprint": r.fingerprint,
        "subject_type": r.subject_type,
        "subject_key": r.subject_key[:200],
        "subject_name": None if r.subject_name is None else r.subject_name[:200],
        "title": r.title,
        "jurisdiction": None if r.jurisdiction is None else r.jurisdiction[:200],
        "amount": r.amount,
        "evidence": r.evidence,
        "explanation": r.explanation,
        "status": "new",
        "hit": True,
        "first_run_id": run_id,
        "last_run_id": run_id,
        "first_seen_at": now,
        "last_seen_at": now,
    }


def list_leads(
    session: Session, model: str | None = None, status: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """DESIGN's ``leads list --json`` objects, newest first."""
    query = (
        select(Lead, SupervisionModel.slug, Run.explanation)
        .join(SupervisionModel, Lead.model_id == SupervisionModel.id)
        .join(Run, Lead.first_run_id == Run.id)
        .order_by(Lead.id.desc())
    )
    if model is not None:
        query = query.where(SupervisionModel.slug == model)
    if status is not None:
        query = query.where(Lead.status == status)
    if limit is not None:
        query = query.limit(limit)
    return [
        {
            "id": lead.id,
            "model": slug,
            "fingerprint": lead.fingerprint,
            "subject_key": lead.subject_key,
            "subject_name": lead.subject_name,
            "title": lead.title,
            "status": lead.status,
            "hit": lead.hit,
            "jurisdiction": lead.jurisdiction,
            "amount": None if lead.amount is None else format(lead.amount, "f"),
            "evidence": lead.evidence,
            "explanation": render(template, lead.explanation),
        }
        for lead, slug, template in session.execute(query)
    ]
