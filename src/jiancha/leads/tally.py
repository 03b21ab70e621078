"""Lead tallies: how many leads share a model, office, state, hit flag and month of first sight.

Counting a million leads for every page of the lead list, or grouping them for statistics,
would read the whole table each time; the tallies answer the same questions from a few hundred
rows. Every path that adds a lead or changes one of those attributes goes through here, in the
same transaction as the change: ``upsert`` (new leads; the hit flag), ``handling.apply`` (the
state) and ``routing`` (the office on an accepted referral); actions and feedback have tallies
of their own (``action_tally``). ``verify`` recounts both from the records and names any
difference; ``rebuild`` recounts and replaces (``jiancha leads retally``).

A month is that of China time (UTC+8, no daylight saving since 1991), computed here in Python
so that neither backend needs its own date arithmetic. The one backend difference — the
dialect's ``INSERT … ON CONFLICT`` — is in :func:`upsert_adding`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from jiancha.clock import china_day
from jiancha.store import Lead, LeadTally

Key = tuple[int, int, str, bool, str]
"""model id, office id (0: none), status, hit, month of first sight (YYYY-MM, China time)."""
CHUNK = 5_000


def month_of(moment: datetime) -> str:
    """The China-time month of a stored timestamp (SQLite returns them naive, in UTC)."""
    return china_day(moment).strftime("%Y-%m")


def key_of(lead: Lead) -> Key:
    return (lead.model_id, lead.org_id or 0, lead.status, lead.hit, month_of(lead.first_seen_at))


def upsert_adding(
    session: Session, model: Any, key: dict[str, Any], values: dict[str, Any]
) -> None:
    """Add ``values`` to the row of ``model`` identified by ``key``, creating it when new. The
    one backend difference of the tallies: the dialect's ``INSERT … ON CONFLICT``."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**key, **values)
    increments = {c: getattr(model, c) + getattr(statement.excluded, c) for c in values}
    session.execute(statement.on_conflict_do_update(index_elements=list(key), set_=increments))


def bump(session: Session, deltas: Counter[Key]) -> None:
    """Add each delta to its tally, creating the tally when it is new. Tallies are written in
    key order, so that two transactions moving leads in opposite directions (PostgreSQL locks
    each tally row it writes until commit) cannot deadlock."""
    for (model_id, org_key, status, hit, month), n in sorted(deltas.items()):
        if n:
            key = {"model_id": model_id, "org_key": org_key, "status": status, "hit": hit}
            upsert_adding(session, LeadTally, {**key, "month": month}, {"n": n})


def moved(session: Session, before: Key, lead: Lead) -> None:
    """Record that one lead went from ``before`` to its present key."""
    after = key_of(lead)
    if after != before:
        bump(session, Counter({before: -1, after: 1}))


_KEY_COLUMNS = (Lead.model_id, Lead.org_id, Lead.status, Lead.hit, Lead.first_seen_at)


def _counted(rows: Iterable[Any], found: Counter[Key]) -> Counter[Key]:
    for model_id, org_id, status, hit, seen in rows:
        found[(model_id, org_id or 0, status, hit, month_of(seen))] += 1
    return found


def recount(session: Session) -> Counter[Key]:
    """The tallies as the leads table says they should be (reads every lead: for checks)."""
    rows = session.execute(select(*_KEY_COLUMNS).execution_options(yield_per=CHUNK))
    return _counted(rows, Counter[Key]())


def stored(session: Session) -> Counter[Key]:
    rows = session.execute(
        select(
            LeadTally.model_id,
            LeadTally.org_key,
            LeadTally.status,
            LeadTally.hit,
            LeadTally.month,
            LeadTally.n,
        )
    )
    return Counter({(m, o, s, h, mo): n for m, o, s, h, mo, n in rows if n})


def verify(session: Session) -> list[str]:
    """Every lead or action tally that differs from a recount, in words; empty when they agree."""
    from jiancha.leads import action_tally

    want, have = recount(session), stored(session)
    lead_problems = [
        f"模型 {k[0]}、单位 {k[1]}、状态 {k[2]}、{'命中' if k[3] else '不再命中'}、{k[4]}："
        f"应为 {want.get(k, 0)}，记为 {have.get(k, 0)}"
        for k in sorted(want.keys() | have.keys())
        if want.get(k, 0) != have.get(k, 0)
    ]
    return lead_problems + action_tally.differences(session)


def rebuild(session: Session) -> int:
    """Replace every lead and action tally with a recount; returns how many there are now."""
    from jiancha.leads import action_tally

    counts = recount(session)
    session.execute(delete(LeadTally))
    session.add_all(
        LeadTally(model_id=m, org_key=o, status=s, hit=h, month=mo, n=n)
        for (m, o, s, h, mo), n in counts.items()
    )
    session.flush()
    return len(counts) + action_tally.rebuild(session)
