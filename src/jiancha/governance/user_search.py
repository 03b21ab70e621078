"""Finding user accounts for the administration pages: filters, sort order and pages.

Owns the query behind ``GET /api/users`` and the shape of one account as administrators see it
(role and office with their Chinese names, whether active, locked or due to change the
password, the circuit breaker's state, the last successful sign-in from the audit trail). Must
not touch accounts (``accounts``, ``user_admin`` change them) nor decide who may list them (the
caller passes the offices the acting administrator may see).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError
from jiancha.governance.audit import utc_micro
from jiancha.governance.breaker import limit_of
from jiancha.governance.orgs import find_org, subtree_ids
from jiancha.governance.roles import ROLES, check_role
from jiancha.store import AuditEntry, Org, Store, User
from jiancha.store.models import utcnow

SORTS = {
    "username": User.username,
    "display_name": User.display_name,
    "role": User.role,
    "created_at": User.created_at,
    "office": Org.code,
}

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class UserFilter:
    text: str | None = None
    role: str | None = None
    office: str | None = None
    """An office's code or name: its accounts and those of every office below it."""
    active: bool | None = None
    sort: str = "username"
    offset: int = 0
    limit: int = 50


def _iso(moment: Any) -> str | None:
    return None if moment is None else utc_micro(moment).isoformat()


def _where(query: Q, session: Session, f: UserFilter, within: Collection[int] | None) -> Q:
    if within is not None:
        query = query.where(User.org_id.in_(list(within)))
    if f.office is not None:
        query = query.where(User.org_id.in_(subtree_ids(session, find_org(session, f.office))))
    if f.role is not None:
        query = query.where(User.role == check_role(f.role))
    if f.active is not None:
        query = query.where(User.active.is_(f.active))
    if f.text:
        escaped = f.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped.lower()}%"
        query = query.where(
            or_(
                func.lower(User.username).like(pattern, escape="\\"),
                func.lower(User.display_name).like(pattern, escape="\\"),
            )
        )
    return query


def _order(sort: str) -> list[Any]:
    column = SORTS.get(sort.lstrip("-"))
    if column is None:
        raise JianchaError(
            f"不能按“{sort}”排序", hint="可用：" + "、".join(SORTS) + "（前加 - 为倒序）"
        )
    key = column.desc() if sort.startswith("-") else column.asc()
    return [key, User.username.desc() if sort.startswith("-") else User.username.asc()]


def search_users(
    store: Store, f: UserFilter, within: Collection[int] | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """How many accounts match ``f`` and the page of them; ``within``: only accounts of these
    offices (None: every account)."""
    with store.session() as session:
        base = select(User, Org.code, Org.name).outerjoin(Org, Org.id == User.org_id)
        counted = _where(
            select(func.count(User.id)).outerjoin(Org, Org.id == User.org_id), session, f, within
        )
        total = int(session.scalar(counted) or 0)
        page = _where(base, session, f, within).order_by(*_order(f.sort))
        rows = session.execute(page.offset(f.offset).limit(f.limit)).all()
        last = _last_logins(session, [user.username for user, _c, _n in rows])
        return total, [
            _account(user, code, name, last.get(user.username)) for user, code, name in rows
        ]


def _last_logins(session: Session, usernames: list[str]) -> dict[str, Any]:
    """Each account's latest successful sign-in, read from the audit trail."""
    if not usernames:
        return {}
    query = (
        select(AuditEntry.actor, func.max(AuditEntry.at))
        .where(AuditEntry.action == "login", AuditEntry.actor.in_(usernames))
        .group_by(AuditEntry.actor)
    )
    return {actor: at for actor, at in session.execute(query)}


def _account(user: User, code: str | None, name: str | None, last_login: Any) -> dict[str, Any]:
    until = user.locked_until
    locked = until is not None and utc_micro(until) > utcnow()
    return {
        "username": user.username,
        "display_name": user.display_name,
        "roles": [user.role],
        "role_labels": [ROLES.get(user.role, user.role)],
        "office": code,
        "office_name": name,
        "lines": list(user.lines or []),
        "active": user.active,
        "locked": locked,
        "must_change_password": user.must_change_password,
        "breaker": {
            "tripped": user.suspended_at is not None,
            "since": _iso(user.suspended_at),
            "reason": user.suspended_reason,
            "limit_evidence_reads": limit_of(user, "evidence_reads"),
            "limit_exported_rows": limit_of(user, "exported_rows"),
        },
        "created_at": _iso(user.created_at),
        "last_login": _iso(last_login),
    }


def account(store: Store, username: str) -> dict[str, Any]:
    """One account as ``search_users`` shows it (the caller has checked it may see it)."""
    with store.session() as session:
        row = session.execute(
            select(User, Org.code, Org.name)
            .outerjoin(Org, Org.id == User.org_id)
            .where(User.username == username)
        ).one()
        user, code, name = row
        last = _last_logins(session, [username]).get(username)
        return _account(user, code, name, last)
