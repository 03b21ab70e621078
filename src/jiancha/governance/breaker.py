"""熔断: a per-user circuit breaker on reads of evidence and on exported rows.

Every read of personal data is counted per user and clock hour: ``evidence_reads`` (each lead
whose evidence a response carries, each draft or attachment) and ``exported_rows`` (each row of
an export). A user whose count in the current hour would pass their limit (``users.limit_*``, or
the defaults below) is suspended at once: the request is refused, administrators get an alert
(``SecurityAlert``, also logged), and the audit trail records it. While suspended, every data
access of that user is refused, until an administrator lifts the suspension (which also starts
the user's hour afresh). The breaker keeps its own transactions, so that a suspension stands
even though the request that tripped it fails.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import Forbidden, JianchaError
from jiancha.governance import audit
from jiancha.governance.accounts import find_user
from jiancha.governance.alert_list import AlertFilter, alert_page
from jiancha.leads.tally import upsert_adding
from jiancha.store import SecurityAlert, Store, UsageCounter, User
from jiancha.store.models import utcnow

LIMITS = {"evidence_reads": 2_000, "exported_rows": 10_000}
LABELS = {"evidence_reads": "查看线索证据", "exported_rows": "导出数据"}
UNITS = {"evidence_reads": "条", "exported_rows": "行"}
log = logging.getLogger("jiancha.security")


class Suspended(Forbidden):
    """The user's data access is suspended by the circuit breaker: HTTP 403."""


def _hour(at: dt.datetime) -> dt.datetime:
    return at.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def limit_of(user: User, kind: str) -> int:
    own = user.limit_evidence_reads if kind == "evidence_reads" else user.limit_exported_rows
    return LIMITS[kind] if own is None else own


def refuse_if_suspended(user: User) -> None:
    if user.suspended_at is not None:
        raise Suspended(
            "数据访问已熔断，暂停查看和导出数据",
            hint=f"原因：{user.suspended_reason or '超过访问阈值'}。请联系系统管理员核实后解除",
        )


def consume(store: Store, username: str, kind: str, count: int = 1) -> None:
    """Count ``count`` units of ``kind`` for ``username``; refuse if suspended or if this
    passes the limit (which suspends them)."""
    if kind not in LIMITS:
        raise ValueError(f"unknown usage kind {kind!r}")
    tripped: str | None = None
    with store.session() as session:
        user = find_user(session, username)
        refuse_if_suspended(user)
        used = _add(session, user.id, kind, count)
        limit = limit_of(user, kind)
        if used > limit:
            tripped = _trip(session, user, kind, used, limit)
    if tripped is not None:
        log.warning("circuit breaker tripped for %s: %s", username, tripped)
        raise Suspended(tripped, hint="已通知系统管理员；核实后由管理员解除")


def _add(session: Session, user_id: int, kind: str, count: int) -> int:
    """Add ``count`` to the user's counter of this hour (one atomic upsert); the new total."""
    key = {"user_id": user_id, "hour": _hour(utcnow()), "kind": kind}
    upsert_adding(session, UsageCounter, key, {"count": count})
    total = session.scalar(
        select(UsageCounter.count).where(*(getattr(UsageCounter, k) == v for k, v in key.items()))
    )
    assert total is not None
    return total


def _trip(session: Session, user: User, kind: str, used: int, limit: int) -> str:
    unit = UNITS[kind]
    message = (
        f"{user.display_name}（{user.username}）一小时内{LABELS[kind]} {used} {unit}，"
        f"超过阈值 {limit} {unit}，已暂停其数据访问"
    )
    user.suspended_at, user.suspended_reason = utcnow(), message
    detail: dict[str, Any] = {"kind": kind, "used": used, "limit": limit}
    session.add(
        SecurityAlert(user_id=user.id, kind="circuit_breaker", message=message, detail=detail)
    )
    audit.record(
        session,
        actor=user.username,
        action="breaker_tripped",
        object_type="user",
        object_id=user.username,
        rows=used,
        detail=detail,
    )
    return message


def lift(store: Store, username: str, by: str) -> dict[str, Any]:
    """Lift ``username``'s suspension (an administrator's act) and start their hour afresh."""
    with store.session() as session:
        user = find_user(session, username)
        if user.suspended_at is None:
            raise JianchaError(f"用户“{username}”的数据访问没有被熔断")
        reason = user.suspended_reason
        user.suspended_at, user.suspended_reason = None, None
        hour = _hour(utcnow())
        for row in session.scalars(
            select(UsageCounter).where(UsageCounter.user_id == user.id, UsageCounter.hour == hour)
        ):
            row.count = 0
        now = utcnow()
        for alert in session.scalars(
            select(SecurityAlert).where(
                SecurityAlert.user_id == user.id, SecurityAlert.resolved_at.is_(None)
            )
        ):
            alert.resolved_by, alert.resolved_at = by, now
        audit.record(
            session,
            actor=by,
            action="breaker_lifted",
            object_type="user",
            object_id=username,
            detail={"reason": reason},
        )
        return {"username": username, "lifted_by": by}


def set_limits(
    store: Store, username: str, evidence_reads: int | None, exported_rows: int | None
) -> None:
    """Per-user hourly limits; None keeps the workspace default for that kind."""
    for value in (evidence_reads, exported_rows):
        if value is not None and value < 1:
            raise JianchaError(f"阈值须为正整数，而不是 {value}")
    with store.session() as session:
        user = find_user(session, username)
        user.limit_evidence_reads, user.limit_exported_rows = evidence_reads, exported_rows


def alerts(store: Store, *, open_only: bool = False) -> list[dict[str, Any]]:
    """Security alerts, newest first (filtered and paged: ``alert_list.alert_page``)."""
    return alert_page(store, AlertFilter(open_only=open_only))[1]
