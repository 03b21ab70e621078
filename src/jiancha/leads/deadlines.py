"""Time limits on a lead's handling, and which leads are past them (逾期).

Two limits, both counted in China days (``jiancha.clock``):

* **核查期限** (verification): a lead assigned (已分派) or being verified (核查中) must be
  verified — found true or untrue — within ``VERIFY_DAYS`` days of its latest assignment. The
  platform's own rule: the workflow has no statutory limit for verification.
* **整改回复期限** (reply): a supervision action (检察建议、纠正违法通知书 …) must have its
  feedback within ``REPLY_MONTHS`` months of the day it was issued — the two months within
  which an administrative body must answer a 检察建议 in writing (《最高人民法院、最高人民检察院
  关于检察公益诉讼案件适用法律若干问题的解释》第二十一条; 《人民检察院组织法》第二十一条).
  An action of a closed lead is not counted.

Owns: these rules and the query that finds overdue leads (ids, dates, days). Must not touch:
masking (the caller masks titles), permissions and scope (the caller passes the office subtree,
the models of the user's lines and, for one person, their user name).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from jiancha.clock import china_day, china_today
from jiancha.store import Feedback, Lead, LeadEvent, SupervisionAction

VERIFY_DAYS = 30
REPLY_MONTHS = 2
KINDS = {"verification": "核查逾期", "reply": "整改反馈逾期"}
VERIFYING = ("assigned", "verifying")
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class LeadScope:
    """Which leads to look at: ``None`` in a field means no restriction on it."""

    orgs: Collection[int] | None = None
    models: Collection[int] | None = None
    assignee: str | None = None


@dataclass(frozen=True)
class Overdue:
    lead_id: int
    kind: str
    due_date: dt.date
    days_overdue: int


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _scoped(query: Q, scope: LeadScope) -> Q:
    if scope.orgs is not None:
        query = query.where(Lead.org_id.in_(list(scope.orgs)))
    if scope.models is not None:
        query = query.where(Lead.model_id.in_(list(scope.models)))
    if scope.assignee is not None:
        query = query.where(Lead.assignee == scope.assignee)
    return query


def _verification(session: Session, scope: LeadScope, today: dt.date) -> list[Overdue]:
    assigned = func.max(LeadEvent.at)
    query = (
        select(Lead.id, assigned)
        .join(LeadEvent, LeadEvent.lead_id == Lead.id)
        .where(Lead.status.in_(VERIFYING), LeadEvent.to_status == "assigned")
        .group_by(Lead.id)
    )
    found = []
    for lead_id, at in session.execute(_scoped(query, scope)):
        due = china_day(at) + dt.timedelta(days=VERIFY_DAYS)
        if due < today:
            found.append(Overdue(lead_id, "verification", due, (today - due).days))
    return found


def _reply(session: Session, scope: LeadScope, today: dt.date) -> list[Overdue]:
    # A month has at least 28 days: an action issued since then cannot be overdue yet (the
    # exact due date is checked below).
    latest = today - dt.timedelta(days=28 * REPLY_MONTHS)
    query = (
        select(Lead.id, func.min(SupervisionAction.issued_on))
        .join(SupervisionAction, SupervisionAction.lead_id == Lead.id)
        .outerjoin(Feedback, Feedback.action_id == SupervisionAction.id)
        .where(Lead.status != "closed", Feedback.id.is_(None))
        .where(SupervisionAction.issued_on < latest)
        .group_by(Lead.id)
    )
    found = []
    for lead_id, issued in session.execute(_scoped(query, scope)):
        due = add_months(issued, REPLY_MONTHS)
        if due < today:
            found.append(Overdue(lead_id, "reply", due, (today - due).days))
    return found


def overdue_leads(
    session: Session, scope: LeadScope, today: dt.date | None = None
) -> list[Overdue]:
    """The leads in ``scope`` past a time limit, most overdue first (a lead past both limits —
    which the workflow cannot produce — would be listed once per limit)."""
    day = today or china_today()
    found = _verification(session, scope, day) + _reply(session, scope, day)
    return sorted(found, key=lambda o: (-o.days_overdue, o.lead_id))
