"""Jobs as their users see them (``JobOut``): one job, or a page of them filtered, sorted and
limited to what the viewer may see.

A user sees the jobs they created, and those of the offices in their subtree whose kind their
role may read (imports: the catalogue, ``datasets.read``; runs: ``models.read``) — an auditor
every kind in their subtree; a user without an office is not limited to a subtree. A job may
be cancelled (``may_cancel``) while it has not ended, by its creator, an administrator of an
office whose subtree holds it, or the workspace's operator. Must not touch: the queue's state
changes (``queue``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, func, or_, select, true
from sqlalchemy.orm import Session

from jiancha.clock import CHINA
from jiancha.errors import JianchaError, NotFound
from jiancha.governance.orgs import subtree_ids
from jiancha.governance.roles import allowed
from jiancha.jobs.progress import FIGURES
from jiancha.jobs.queue import ENDED, STATUS_LABELS
from jiancha.store import Job, Org, Store, User

READ_PERMISSION = {
    "import": "datasets.read",
    "documents_import": "datasets.read",
    "run": "models.read",
}
SORTS = ("id", "created_at", "started_at", "finished_at", "status", "kind")


@dataclass(frozen=True)
class JobFilter:
    kind: str | None = None
    status: str | None = None
    mine: bool = False
    sort: str = "-created_at"
    page: int = 1
    size: int = 20


def china(moment: dt.datetime | None) -> str | None:
    """A stored moment as ISO text in China time (SQLite gives naive UTC back)."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(CHINA).isoformat()


def may_cancel(job: Job, viewer: User | None, scope: list[int] | None) -> bool:
    """Whether ``viewer`` (None: the operator) may cancel ``job``: not ended, and the viewer its
    creator, or an administrator whose offices (``scope``; None: every office) hold it."""
    if job.status in ENDED:
        return False
    if viewer is None or job.created_by == viewer.username:
        return True
    return viewer.role == "admin" and (scope is None or job.org_id in scope)


def scope_of(session: Session, viewer: User | None) -> list[int] | None:
    """The ids of the offices in the viewer's subtree; None for no office (or the operator)."""
    org = None if viewer is None or viewer.org_id is None else session.get(Org, viewer.org_id)
    return None if org is None else subtree_ids(session, org)


def job_out(
    job: Job, org: Org | None, *, details: bool = False, cancellable: bool = False
) -> dict[str, Any]:
    """The ``JobOut`` shape; ``details`` adds the raw error (administrators, the operator);
    ``cancellable`` whether the viewer may cancel it."""
    progress = {"stage": job.progress.get("stage"), "fraction": job.progress.get("fraction")}
    progress |= {k: int(job.progress.get(k) or 0) for k in FIGURES}
    out: dict[str, Any] = {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "status_label": STATUS_LABELS.get(job.status, job.status),
        "title": job.title,
        "subject": job.subject,
        "created_by": job.created_by,
        "office": None if org is None else org.code,
        "office_name": None if org is None else org.name,
        "created_at": china(job.created_at),
        "started_at": china(job.started_at),
        "finished_at": china(job.finished_at),
        "progress": progress,
        "result": job.result,
        "error": job.error,
        "attempts": job.attempts or 0,
        "cancel_requested": bool(job.cancel_requested),
        "cancellable": cancellable and not job.cancel_requested,
        "heartbeat_at": china(job.heartbeat_at),
    }
    if details:
        out["error_detail"] = job.error_detail
    return out


def _visible(session: Session, viewer: User | None, mine: bool) -> ColumnElement[bool]:
    if viewer is None:
        return true()  # the workspace's own operator
    own = Job.created_by == viewer.username
    if mine:
        return own
    scope = scope_of(session, viewer)
    where = true() if scope is None else Job.org_id.in_(scope)
    kinds = [
        kind
        for kind, permission in READ_PERMISSION.items()
        if viewer.role == "auditor" or allowed(viewer, permission)
    ]
    office = (Job.kind.in_(kinds) & where) if kinds else false()
    return or_(own, office)


def _order(sort: str) -> list[Any]:
    name = sort.removeprefix("-")
    if name not in SORTS:
        raise JianchaError(f"不能按“{name}”排序", hint=f"可用：{'、'.join(SORTS)}（前加 - 为倒序）")
    column = getattr(Job, name)
    descending = sort.startswith("-")
    return [column.desc(), Job.id.desc()] if descending else [column.asc(), Job.id.asc()]


def list_jobs(
    store: Store, wanted: JobFilter, viewer: User | None
) -> tuple[int, list[dict[str, Any]]]:
    """The total of jobs matching ``wanted`` that ``viewer`` may see, and the page asked for."""
    order = _order(wanted.sort)
    with store.session() as session:
        where = [_visible(session, viewer, wanted.mine)]
        if wanted.kind is not None:
            where.append(Job.kind == wanted.kind)
        if wanted.status is not None:
            where.append(Job.status == wanted.status)
        total = session.scalar(select(func.count(Job.id)).where(*where)) or 0
        query = select(Job, Org).outerjoin(Org, Org.id == Job.org_id).where(*where)
        query = query.order_by(*order).offset((wanted.page - 1) * wanted.size)
        rows = session.execute(query.limit(wanted.size)).all()
        scope = scope_of(session, viewer)
        return total, [job_out(j, o, cancellable=may_cancel(j, viewer, scope)) for j, o in rows]


def get_job(
    store: Store, job_id: int, viewer: User | None, *, details: bool = False
) -> dict[str, Any]:
    """One job ``viewer`` may see, else 「没有编号为 N 的后台任务」 (as if it did not exist)."""
    with store.session() as session:
        query = select(Job, Org).outerjoin(Org, Org.id == Job.org_id).where(Job.id == job_id)
        row = session.execute(query.where(_visible(session, viewer, False))).first()
        if row is None:
            raise NotFound(f"没有编号为 {job_id} 的后台任务")
        cancellable = may_cancel(row[0], viewer, scope_of(session, viewer))
        return job_out(row[0], row[1], details=details, cancellable=cancellable)
