"""Action tallies: supervision actions and their outcomes counted as statistics need them.

``issue_action`` and ``record_feedback`` call :func:`on_action` and :func:`on_feedback` in the
same transaction as the record they add (the meaning of each column is on
``jiancha.store.ActionTally``). A lead's first action may be recorded after a later one, so the
days from a lead to its first action are corrected when an earlier action arrives.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from jiancha.clock import china_day
from jiancha.leads.tally import month_of, upsert_adding
from jiancha.store import ActionTally, Feedback, SupervisionAction

ADOPTING = ("rectified", "partially")
"""Feedback outcomes that mean the receiving body adopted the action (已整改, 部分整改)."""
LEAD_FACTS = ""
FIELDS = ("issued", "adopted", "leads", "days", "fed", "money", "persons", "rules")
AKey = tuple[int, int, str, str]
"""model id, office id (0: none), month of the lead's first sight, action kind or ''."""
Tallies = dict[AKey, dict[str, Any]]


def _base(action: SupervisionAction) -> tuple[int, int, str]:
    return (action.model_id, action.org_id or 0, month_of(action.lead_seen_at))


def _add(session: Session, deltas: Tallies) -> None:
    """Add ``deltas`` to their tallies, in key order (no deadlock between transactions)."""
    for (model_id, org_key, month, kind), values in sorted(deltas.items()):
        key = {"model_id": model_id, "org_key": org_key, "month": month, "kind": kind}
        upsert_adding(session, ActionTally, key, {f: values.get(f, 0) for f in FIELDS})


def on_action(session: Session, action: SupervisionAction, first_before: dt.date | None) -> None:
    """Count ``action``; ``first_before`` is the date of the lead's first action until now."""
    base = _base(action)
    deltas: Tallies = {(*base, action.kind): {"issued": 1}}
    if first_before is None:
        days = (action.issued_on - china_day(action.lead_seen_at)).days
        deltas[(*base, LEAD_FACTS)] = {"leads": 1, "days": days}
    elif action.issued_on < first_before:
        deltas[(*base, LEAD_FACTS)] = {"days": (action.issued_on - first_before).days}
    _add(session, deltas)


def on_feedback(
    session: Session,
    action: SupervisionAction,
    feedback: Feedback,
    *,
    action_adopted_before: bool,
    lead_fed_before: bool,
) -> None:
    """Count ``feedback`` on ``action``, knowing what earlier feedback there was."""
    base = _base(action)
    deltas: Tallies = {
        (*base, LEAD_FACTS): {
            "fed": 0 if lead_fed_before else 1,
            "money": feedback.recovered_amount,
            "persons": feedback.persons_affected,
            "rules": feedback.rules_made,
        }
    }
    if feedback.outcome in ADOPTING and not action_adopted_before:
        deltas[(*base, action.kind)] = {"adopted": 1}
    _add(session, deltas)


def recount(session: Session) -> Tallies:
    """The action tallies as the actions and feedback say they should be."""
    found: Tallies = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    first: dict[int, tuple[dt.date, tuple[int, int, str], dt.date]] = {}
    for action in session.scalars(select(SupervisionAction)):
        base = _base(action)
        found[(*base, action.kind)]["issued"] += 1
        known = first.get(action.lead_id)
        if known is None or action.issued_on < known[0]:
            first[action.lead_id] = (action.issued_on, base, china_day(action.lead_seen_at))
    for on, base, seen in first.values():
        facts = found[(*base, LEAD_FACTS)]
        facts["leads"] += 1
        facts["days"] += (on - seen).days
    adopted: set[int] = set()
    fed: set[int] = set()
    rows = session.execute(select(Feedback, SupervisionAction).join(SupervisionAction))
    for feedback, action in rows:
        base = _base(action)
        facts = found[(*base, LEAD_FACTS)]
        facts["money"] += feedback.recovered_amount
        facts["persons"] += feedback.persons_affected
        facts["rules"] += feedback.rules_made
        if action.lead_id not in fed:
            fed.add(action.lead_id)
            facts["fed"] += 1
        if feedback.outcome in ADOPTING and action.id not in adopted:
            adopted.add(action.id)
            found[(*base, action.kind)]["adopted"] += 1
    return {k: _plain(v) for k, v in found.items()}


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {f: Decimal(values[f]) if f == "money" else int(values[f]) for f in FIELDS}


def stored(session: Session) -> Tallies:
    return {
        (t.model_id, t.org_key, t.month, t.kind): _plain({f: getattr(t, f) for f in FIELDS})
        for t in session.scalars(select(ActionTally))
    }


def differences(session: Session) -> list[str]:
    want, have = recount(session), stored(session)
    zero = _plain(dict.fromkeys(FIELDS, 0))
    return [
        f"模型 {k[0]}、单位 {k[1]}、{k[2]}、{k[3] or '线索'}：应为 {want.get(k, zero)}，"
        f"记为 {have.get(k, zero)}"
        for k in sorted(want.keys() | have.keys())
        if want.get(k, zero) != have.get(k, zero)
    ]


def rebuild(session: Session) -> int:
    counts = recount(session)
    session.execute(delete(ActionTally))
    session.add_all(
        ActionTally(model_id=m, org_key=o, month=mo, kind=k, **values)
        for (m, o, mo, k), values in counts.items()
    )
    session.flush()
    return len(counts)
