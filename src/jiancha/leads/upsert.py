"""Applying a run's leads to the store by fingerprint.

New fingerprints are inserted, each routed to an office: the one whose alias matches its
``jurisdiction``, else the office that installed the model (its queue). Known ones are marked
seen again (their status, evidence, explanation and office untouched); leads of the model that
this run did not hit are marked ``hit = false`` — never deleted. Bulk statements in chunks keep
this fast for large runs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jiancha.governance.orgs import Router
from jiancha.leads import tally
from jiancha.leads.build import LeadBuilder
from jiancha.leads.insert import insert_new
from jiancha.leads.sqlbuild import stream_leads
from jiancha.store import Lead, SupervisionModel

CHUNK = 5_000


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
    table: pa.Table,
    builder: LeadBuilder,
    now: datetime,
) -> UpsertCounts:
    """Insert the new leads of ``table``, mark the known ones seen again, the rest not hit."""
    existing = {
        fp: (lead_id, hit)
        for fp, lead_id, hit in session.execute(
            select(Lead.fingerprint, Lead.id, Lead.hit).where(Lead.model_id == model_id)
        )
    }
    fingerprints, new = stream_leads(builder, table, existing)
    current = set(fingerprints)
    rehit = [existing[fp][0] for fp in fingerprints if fp in existing and not existing[fp][1]]
    gone = [lead_id for fp, (lead_id, hit) in existing.items() if hit and fp not in current]
    router, home = Router(session), session.get(SupervisionModel, model_id)
    home_org = None if home is None else home.org_id

    def route(jurisdiction: str | None) -> int | None:
        found = router.route(jurisdiction)
        return home_org if found is None else found

    offices = insert_new(session, new, model_id, run_id, builder.spec.lead.subject_type, now, route)
    inserted = sum(offices.values())
    month = tally.month_of(now)
    deltas = Counter[tally.Key](
        {(model_id, o or 0, "new", True, month): n for o, n in offices.items()}
    )
    for ids, hit in ((gone, False), (rehit, True)):
        for (m, o, status, was, mo), n in tally.keys_of(session, ids).items():
            deltas[(m, o, status, was, mo)] -= n
            deltas[(m, o, status, hit, mo)] += n
        for start in range(0, len(ids), CHUNK):
            session.execute(
                update(Lead).where(Lead.id.in_(ids[start : start + CHUNK])).values(hit=hit)
            )
    tally.bump(session, deltas)
    # Now exactly the leads hit by this run have hit = true: stamp the ones seen again at once.
    session.execute(
        update(Lead)
        .where(Lead.model_id == model_id, Lead.hit.is_(True), Lead.last_run_id != run_id)
        .values(last_run_id=run_id, last_seen_at=now)
    )
    seen = len(current & existing.keys())
    return UpsertCounts(len(fingerprints), inserted, seen, len(gone))
