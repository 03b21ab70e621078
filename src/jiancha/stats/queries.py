"""The two grouped queries behind the funnel; neither reads the leads table in the usual case.

1. Lead counts by state come from the lead tallies (``jiancha.leads.tally``: counts per model,
   office, state, hit flag and month of first sight, kept in step with every change): a few
   hundred rows instead of every lead. Only the part months of a period (``periods.split``)
   need the leads themselves, grouped by key and state.
2. Actions and their outcomes come from the action tallies (``jiancha.leads.action_tally``),
   likewise by model, office and month. A period of part months sums
   ``supervision_actions ⟕ feedback`` per lead (first action date, actions and adopted actions
   per kind, feedback, money, persons, rules), then by group key; an action carries its lead's
   model, office and first sight, so no lead is looked up.

The group key is the lead's model (also for area and line, mapped in Python), its office, its
month in China time, or nothing (the total). Offices, areas and lines are resolved to id lists
first, so no query needs a join to apply the filter.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from jiancha.clock import CHINA
from jiancha.leads.action_tally import LEAD_FACTS
from jiancha.leads.actions import ACTION_KINDS
from jiancha.stats.dialect import china_month, days_since, month_text
from jiancha.stats.figures import ADOPTED, Figures
from jiancha.stats.filters import Scope
from jiancha.stats.periods import split
from jiancha.store import ActionTally, Feedback, Lead, LeadTally, SupervisionAction

Key = Any
"""A model id, an office id (``None``: no office), a ``YYYY-MM`` month; ``None`` for the total."""


@dataclass(frozen=True)
class _Columns:
    """Where a query finds a lead's model, office and first sight (month or moment)."""

    model: Any
    org: Any
    month: Any = None
    seen: Any = None


def _month_start(moment: dt.datetime | None) -> str | None:
    """``YYYY-MM`` when ``moment`` is the start of a month in China time, else ``None``."""
    if moment is None:
        return None
    local = moment.astimezone(CHINA)
    aligned = local.day == 1 and local.time() == dt.time()
    return local.strftime("%Y-%m") if aligned else None


def _by_months(scope: Scope) -> bool:
    """True when the period (if any) is whole months, which the tallies can answer."""
    return (scope.since is None or _month_start(scope.since) is not None) and (
        scope.until is None or _month_start(scope.until) is not None
    )


def _key(group: str, c: _Columns, dialect: str) -> Any:
    if group in ("model", "area", "line"):
        return c.model
    if group == "org":
        return c.org
    if group == "month":
        return c.month if c.month is not None else china_month(c.seen, dialect)
    return None


def _scoped(query: Select[Any], scope: Scope, c: _Columns) -> Select[Any]:
    if scope.model_ids is not None:
        query = query.where(c.model.in_(scope.model_ids))
    if scope.org_ids is not None:
        query = query.where(c.org.in_(scope.org_ids))
    if c.month is not None:  # the tallies: whole months
        if scope.since is not None:
            query = query.where(c.month >= _month_start(scope.since))
        if scope.until is not None:
            query = query.where(c.month < _month_start(scope.until))
        return query
    if scope.since is not None:
        query = query.where(c.seen >= scope.since)
    if scope.until is not None:
        query = query.where(c.seen < scope.until)
    return query


def _rows(
    session: Session, scope: Scope, group: str, c: _Columns, query: Any, *extra: Any
) -> list[tuple[Any, ...]]:
    """``query``'s columns grouped by the group key (first) and ``extra``, within scope."""
    dialect = session.get_bind().dialect.name
    key = _key(group, c, dialect)
    keyed = [] if key is None else [key]
    statement = _scoped(select(*keyed, *query), scope, c)
    result = session.execute(statement.group_by(*keyed, *extra))
    if not keyed:
        return [(None, *r) for r in result]
    if group == "month":
        return [(month_text(r[0]), *r[1:]) for r in result]
    if group == "org":  # the tallies write "no office" as 0
        return [(r[0] or None, *r[1:]) for r in result]
    return [tuple(r) for r in result]


def _status_counts(session: Session, scope: Scope, group: str) -> list[tuple[Any, ...]]:
    if _by_months(scope):
        c = _Columns(LeadTally.model_id, LeadTally.org_key, month=LeadTally.month)
        org_ids = None if scope.org_ids is None else scope.org_ids
        tallies = Scope(**{**scope.__dict__, "org_ids": org_ids})
        return _rows(
            session, tallies, group, c, (LeadTally.status, func.sum(LeadTally.n)), LeadTally.status
        )
    c = _Columns(Lead.model_id, Lead.org_id, seen=Lead.first_seen_at)
    return _rows(session, scope, group, c, (Lead.status, func.count()), Lead.status)


def _per_lead(scope: Scope) -> Subquery:
    """Feedback summed per action, then actions summed per lead: one row per lead with an
    action (no DISTINCT: each action is one row once its feedback is summed). Only the actions
    on leads first seen within the period are read (the index of the lead's first sight)."""
    seen = _Columns(
        SupervisionAction.model_id, SupervisionAction.org_id, seen=SupervisionAction.lead_seen_at
    )
    within = _scoped(select(SupervisionAction.id), scope, seen)
    adopting = case((Feedback.outcome.in_(ADOPTED), 1), else_=0)
    replies = (
        select(
            Feedback.action_id,
            func.max(adopting).label("adopted"),
            func.sum(Feedback.recovered_amount).label("money"),
            func.sum(Feedback.persons_affected).label("persons"),
            func.sum(Feedback.rules_made).label("rules"),
        )
        .where(Feedback.action_id.in_(within))
        .group_by(Feedback.action_id)
        .subquery("replies")
    )
    per_kind = []
    for kind in ACTION_KINDS:
        mine = SupervisionAction.kind == kind
        per_kind += [
            func.sum(case((mine, 1), else_=0)).label(f"n_{kind}"),
            func.sum(case((mine & (replies.c.adopted == 1), 1), else_=0)).label(f"a_{kind}"),
        ]
    actions: Any = select(  # many columns: typed loosely, as _scoped takes it
        SupervisionAction.lead_id,
        SupervisionAction.model_id,
        SupervisionAction.org_id,
        SupervisionAction.lead_seen_at,
        func.min(SupervisionAction.issued_on).label("first_on"),
        func.count(replies.c.action_id).label("feedback"),
        func.sum(replies.c.money).label("money"),
        func.sum(replies.c.persons).label("persons"),
        func.sum(replies.c.rules).label("rules"),
        *per_kind,
    ).outerjoin(replies, replies.c.action_id == SupervisionAction.id)
    grouped = _scoped(actions, scope, seen).group_by(
        SupervisionAction.lead_id,
        SupervisionAction.model_id,
        SupervisionAction.org_id,
        SupervisionAction.lead_seen_at,
    )
    return grouped.subquery("per_lead")


def _acted(session: Session, scope: Scope, group: str) -> list[tuple[Any, ...]]:
    """Query 2 by key: leads with an action, days to the first, leads with feedback, money,
    persons, rules, then actions and adopted actions per kind."""
    if not _by_months(scope):
        return _acted_by_days(session, scope, group)
    c = _Columns(ActionTally.model_id, ActionTally.org_key, month=ActionTally.month)
    fields = ("leads", "days", "fed", "money", "persons", "rules", "issued", "adopted")
    sums = [func.sum(getattr(ActionTally, f)) for f in fields]
    rows = _rows(session, scope, group, c, (ActionTally.kind, *sums), ActionTally.kind)
    slots = {kind: 6 + 2 * i for i, kind in enumerate(ACTION_KINDS)}
    merged: dict[Key, list[Any]] = defaultdict(lambda: [0] * (6 + 2 * len(ACTION_KINDS)))
    for key, kind, *values in rows:
        if kind == LEAD_FACTS:
            merged[key][:6] = values[:6]
        elif kind in slots:
            merged[key][slots[kind] : slots[kind] + 2] = values[6:]
    return [(key, *values) for key, values in merged.items()]


def _acted_by_days(session: Session, scope: Scope, group: str) -> list[tuple[Any, ...]]:
    """The slow path of query 2, from the actions and feedback themselves."""
    dialect = session.get_bind().dialect.name
    p = _per_lead(scope)
    c = _Columns(p.c.model_id, p.c.org_id, seen=p.c.lead_seen_at)
    kinds = [func.sum(p.c[f"{x}_{kind}"]) for kind in ACTION_KINDS for x in ("n", "a")]
    sums = (
        func.count(),
        func.sum(days_since(p.c.first_on, p.c.lead_seen_at, dialect)),
        func.sum(case((p.c.feedback > 0, 1), else_=0)),
        func.sum(p.c.money),
        func.sum(p.c.persons),
        func.sum(p.c.rules),
        *kinds,
    )
    return _rows(session, scope, group, c, sums)


def collect(session: Session, scope: Scope, group: str) -> dict[Key, Figures]:
    """The figures of every group that has a lead in scope, by raw group key: the whole
    months of the period from the tallies, its part months from the leads and actions."""
    found: dict[Key, Figures] = defaultdict(Figures)
    months, days = split(scope)
    for part in ([] if months is None else [months]) + days:
        _add(session, part, group, found)
    return dict(found)


def _add(session: Session, scope: Scope, group: str, found: dict[Key, Figures]) -> None:
    for key, status, n in _status_counts(session, scope, group):
        found[key].count_status(status, int(n))
    for key, *sums in _acted(session, scope, group):
        figures = found[key]
        figures.leads_with_actions += sums[0]
        figures.days_to_action += int(sums[1] or 0)
        figures.leads_with_feedback += int(sums[2] or 0)
        figures.recovered += Decimal(str(sums[3] or 0))
        figures.persons += int(sums[4] or 0)
        figures.rules += int(sums[5] or 0)
        for kind, issued, taken in zip(ACTION_KINDS, sums[6::2], sums[7::2], strict=True):
            figures.actions[kind] += int(issued or 0)
            figures.adopted[kind] += int(taken or 0)
