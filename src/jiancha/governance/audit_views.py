"""Reading the audit trail (留痕) for people: entries newest first, and the chain's state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from jiancha.governance.audit import ACTIONS, utc_micro
from jiancha.governance.audit_check import verify
from jiancha.store import AuditEntry, Store


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
        "detail": e.detail,
        "hash": e.hash,
    }


def list_entries(
    store: Store, action: str | None = None, actor: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
    if action:
        query = query.where(AuditEntry.action == action)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    with store.session() as session:
        return [entry_row(e) for e in session.scalars(query)]


def check(store: Store, anchor_file: Path | None) -> dict[str, Any]:
    """``verify`` as a report: how many entries, whether intact, each problem."""
    with store.session() as session:
        problems = verify(session, anchor_file)
        count = session.scalar(select(func.count(AuditEntry.id))) or 0
    listed = [{"kind": p.kind, "seq": p.seq, "message": p.message} for p in problems]
    return {"entries": count, "intact": not problems, "problems": listed}
