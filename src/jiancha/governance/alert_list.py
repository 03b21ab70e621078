"""The security alerts (安全告警) administrators read: filtered, sorted and paged in SQL.

Owns the shape of one alert as the API and the command line show it. Must not raise or resolve
alerts (``breaker`` does), nor decide who may read them (the route's permission does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from jiancha.governance.audit import utc_micro
from jiancha.store import SecurityAlert, Store, User
from jiancha.store.paging import Column, Window, contains, fetch_page, order_by

SORTS: dict[str, Column] = {
    "id": SecurityAlert.id,
    "at": SecurityAlert.at,
    "user": User.username,
    "kind": SecurityAlert.kind,
    "resolved_at": SecurityAlert.resolved_at,
}


@dataclass(frozen=True)
class AlertFilter:
    """What to list; a None field does not filter."""

    open_only: bool = False
    """Only alerts not yet dealt with."""
    user: str | None = None
    """The username the alert is about."""
    kind: str | None = None
    """The alert's kind, e.g. circuit_breaker."""
    text: str | None = None
    """Contained (ignoring case) in the username or the message."""


def _row(alert: SecurityAlert, username: str | None) -> dict[str, Any]:
    resolved = alert.resolved_at
    return {
        "id": alert.id,
        "at": utc_micro(alert.at).isoformat(),
        "user": username,
        "kind": alert.kind,
        "message": alert.message,
        "detail": alert.detail,
        "resolved_by": alert.resolved_by,
        "resolved_at": None if resolved is None else utc_micro(resolved).isoformat(),
    }


NEWEST = Window("-id")


def alert_page(
    store: Store, f: AlertFilter, window: Window = NEWEST
) -> tuple[int, list[dict[str, Any]]]:
    """How many alerts match ``f``, and those of ``window`` (all, newest first, by default)."""
    order = order_by(window.sort, SORTS, SecurityAlert.id)
    query = select(SecurityAlert, User.username).outerjoin(User, User.id == SecurityAlert.user_id)
    if f.open_only:
        query = query.where(SecurityAlert.resolved_at.is_(None))
    if f.user is not None:
        query = query.where(User.username == f.user)
    if f.kind is not None:
        query = query.where(SecurityAlert.kind == f.kind)
    if f.text:
        query = query.where(contains(f.text, User.username, SecurityAlert.message))
    with store.session() as session:
        total, rows = fetch_page(session, query, order, window)
        return total, [_row(alert, username) for alert, username in rows]
