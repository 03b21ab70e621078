"""Applying a run's leads to the store by fingerprint.

New fingerprints are inserted (with their title masked by the model's personal columns), each
routed to an office: the one whose alias matches its ``jurisdiction``, else the office that
adopted the model (its queue). A lead routed outside the adopting office's subtree, or into the
subtree of another office's adoption of the same model below it, is that office's concern and is
not stored here (``leads.scope``). Known ones are marked
seen again (their status, evidence, explanation and office untouched); leads of the model that
this run did not hit are marked ``hit = false`` — never deleted. Bulk statements in chunks keep
this fast for large runs.

People may move these leads while the run writes them. The tally keys of the leads whose hit
flag changes are those the ``UPDATE`` itself returns (the rows locked, their state current), and
the tallies are written last, in key order — after every lead the run changes, as a move holds
its lead before it writes tallies — so that a run and a move can neither make the tallies drift
from a recount nor deadlock on PostgreSQL; the run takes its model first (an advisory lock), as
does a bulk assignment, which holds many leads at once. On SQLite the run reads no lead state
before its first write, which waits for the database's write lock
(``tests/leads/test_run_vs_moves.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jiancha.governance.orgs import Router
from jiancha.leads import tally
from jiancha.leads.build import LeadBuilder
from jiancha.leads.handling import hold_models
from jiancha.leads.insert import OUT_OF_SCOPE, insert_new
from jiancha.leads.personal import model_personal
from jiancha.leads.scope import adoption_scope
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
    *,
    scope: Collection[str] | None = None,
) -> UpsertCounts:
    """Insert the new leads of ``table``, mark the known ones seen again, the rest not hit —
    only those whose fingerprints are in ``scope`` when it is given (an incremental run, which
    re-read only part of the data: ``jiancha.runs.incremental``)."""
    hold_models(session, [model_id])  # before any lead: see handling.hold_models
    model = session.get(SupervisionModel, model_id)
    if model is not None:  # titles are masked by the model's personal columns as they are built
        builder = builder.with_personal(model_personal(session, model))
    existing = {
        fp: (lead_id, hit)
        for fp, lead_id, hit in session.execute(
            select(Lead.fingerprint, Lead.id, Lead.hit).where(Lead.model_id == model_id)
        )
    }
    fingerprints, new = stream_leads(builder, table, existing)
    current = set(fingerprints)
    rehit = [existing[fp][0] for fp in fingerprints if fp in existing and not existing[fp][1]]
    gone = [
        lead_id
        for fp, (lead_id, hit) in existing.items()
        if hit and fp not in current and (scope is None or fp in scope)
    ]
    router = Router(session)
    home_org = None if model is None else model.org_id
    inside, elsewhere = adoption_scope(session, model) if model is not None else (None, set())

    def route(jurisdiction: str | None) -> int | None:
        found = router.route(jurisdiction)
        office = home_org if found is None else found
        if office in elsewhere or (inside is not None and office not in inside):
            return OUT_OF_SCOPE
        return office

    offices = insert_new(session, new, model_id, run_id, builder.spec.lead.subject_type, now, route)
    inserted = sum(offices.values())
    month = tally.month_of(now)
    deltas = Counter[tally.Key](
        {(model_id, o or 0, "new", True, month): n for o, n in offices.items()}
    )
    flipped = {hit: _flip(session, ids, hit, deltas) for ids, hit in ((gone, False), (rehit, True))}
    # Now exactly the leads hit by this run have hit = true: stamp the ones seen again at once.
    session.execute(
        update(Lead)
        .where(Lead.model_id == model_id, Lead.hit.is_(True), Lead.last_run_id != run_id)
        .values(last_run_id=run_id, last_seen_at=now)
    )
    tally.bump(session, deltas)  # last, in key order: as a move, which holds its lead first
    seen = len(current & existing.keys())
    return UpsertCounts(inserted + seen, inserted, seen, flipped[False])


def _flip(session: Session, ids: list[int], hit: bool, deltas: Counter[tally.Key]) -> int:
    """Set ``hit`` on the leads ``ids`` that lack it, adding the tally changes to ``deltas``;
    returns how many changed. The keys are those each row has as the update writes it
    (``RETURNING``, the row locked), not those of an earlier read: a move committed since then
    cannot make the tallies drift."""
    changed = 0
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            update(Lead)
            .where(Lead.id.in_(ids[start : start + CHUNK]), Lead.hit.is_(not hit))
            .values(hit=hit)
            .returning(Lead.model_id, Lead.org_id, Lead.status, Lead.first_seen_at)
            .execution_options(synchronize_session=False)
        )
        for model_id, org_id, status, seen in rows:
            key = (model_id, org_id or 0, status)
            deltas[(*key, not hit, tally.month_of(seen))] -= 1
            deltas[(*key, hit, tally.month_of(seen))] += 1
            changed += 1
    return changed
