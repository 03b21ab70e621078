"""Reading the audit trail (留痕) for people: entries newest first, and the chain's state.

An auditor attached to an office reads the trail of its office subtree only (``auditor_scope``):
the entries whose actor is an account of an office in it, and those about a lead of it. An
auditor without an office, and the workspace's own command line, read everything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, func, or_, select

from jiancha.clock import CHINA
from jiancha.errors import Forbidden
from jiancha.governance.accounts import find_user
from jiancha.governance.audit import ACTIONS, utc_micro
from jiancha.governance.audit_check import verify
from jiancha.governance.orgs import subtree_ids
from jiancha.governance.roles import ROLES, allowed
from jiancha.store import AuditEntry, Lead, Org, Store, User
from jiancha.store.paging import AnySelect, Column, Window, contains, fetch_page, order_by


def entry_row(e: AuditEntry) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "at": utc_micro(e.at).isoformat(),
        "actor": e.actor,
        "action": e.action,
        "action_label": ACTIONS.get(e.action, e.action),
        "object_type": e.object_type,
        "object_id": e.object_id,
        "rows": e.rows,
        "client": (e.detail or {}).get("client"),
        "result": (e.detail or {}).get("result"),
        "detail": e.detail,
        "hash": e.hash,
    }


def auditor_scope(store: Store, user: User) -> list[int] | None:
    """The offices whose trail ``user`` reads: its office subtree, or None (everything) for a
    user without an office."""
    if user.org_id is None:
        return None
    with store.session() as session:
        org = session.get(Org, user.org_id)
        return [] if org is None else subtree_ids(session, org)


def scope_of(store: Store, username: str) -> list[int] | None:
    """``auditor_scope`` of the account named ``username``, who must be an active account
    allowed to read the trail (else 403)."""
    with store.session() as session:
        user = find_user(session, username)
        session.expunge(user)
    if not allowed(user, "audit.read") or not user.active:
        role = ROLES.get(user.role, user.role)
        raise Forbidden(f"用户“{username}”无权查看留痕（角色：{role}）")
    return auditor_scope(store, user)


SORTS: dict[str, Column] = {
    "seq": AuditEntry.seq,
    "at": AuditEntry.at,
    "actor": AuditEntry.actor,
    "action": AuditEntry.action,
    "object_type": AuditEntry.object_type,
    "object_id": AuditEntry.object_id,
    "rows": AuditEntry.rows,
}


@dataclass(frozen=True)
class EntryFilter:
    """Which entries; a None field does not filter. Days are China's calendar days."""

    action: str | None = None
    actor: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    result: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    """The last day included."""
    text: str | None = None
    """In the actor, the action (its code or Chinese name), the object or the detail."""


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), CHINA).astimezone(dt.UTC)


def _where(query: AnySelect, f: EntryFilter, within: list[int] | None) -> AnySelect:
    equal = {
        AuditEntry.action: f.action,
        AuditEntry.actor: f.actor,
        AuditEntry.object_type: f.object_type,
        AuditEntry.object_id: f.object_id,
        AuditEntry.detail["result"].as_string(): f.result,
    }
    query = query.where(*(column == value for column, value in equal.items() if value))
    if f.since is not None:
        query = query.where(AuditEntry.at >= _midnight(f.since))
    if f.until is not None:
        query = query.where(AuditEntry.at < _midnight(f.until + dt.timedelta(days=1)))
    if f.text:
        needle = f.text.strip().lower()
        named = [code for code, label in ACTIONS.items() if needle and needle in label.lower()]
        columns = (AuditEntry.actor, AuditEntry.action, AuditEntry.object_type)
        found = contains(f.text, *columns, AuditEntry.object_id, cast(AuditEntry.detail, String))
        query = query.where(or_(found, AuditEntry.action.in_(named)))
    if within is not None:
        members = select(User.username).where(User.org_id.in_(within))
        leads = select(cast(Lead.id, String)).where(Lead.org_id.in_(within))
        about_lead = (AuditEntry.object_type == "lead") & AuditEntry.object_id.in_(leads)
        query = query.where(or_(AuditEntry.actor.in_(members), about_lead))
    return query


def entry_page(
    store: Store, f: EntryFilter, window: Window, *, within: list[int] | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """How many entries match ``f`` and those of ``window``; with ``within`` (office ids),
    only those by an account of one of them or about a lead of one of them."""
    order = order_by(window.sort, SORTS, AuditEntry.seq)
    with store.session() as session:
        total, rows = fetch_page(session, _where(select(AuditEntry), f, within), order, window)
        return total, [entry_row(row[0]) for row in rows]


def list_entries(
    store: Store,
    action: str | None = None,
    actor: str | None = None,
    limit: int = 50,
    *,
    within: list[int] | None = None,
) -> list[dict[str, Any]]:
    """The newest ``limit`` entries, of ``action`` and ``actor`` when given; ``within`` as
    ``entry_page``'s."""
    wanted = EntryFilter(action=action, actor=actor)
    return entry_page(store, wanted, Window("-seq", limit=limit), within=within)[1]


def check(store: Store, anchor_file: Path | None) -> dict[str, Any]:
    """``verify`` as a report: how many entries, whether intact, each problem."""
    with store.session() as session:
        problems = verify(session, anchor_file)
        count = session.scalar(select(func.count(AuditEntry.id))) or 0
    listed = [{"kind": p.kind, "seq": p.seq, "message": p.message} for p in problems]
    return {"entries": count, "intact": not problems, "problems": listed}
