"""Cancelling a job (取消任务): a queued job becomes ``cancelled`` at once (its upload removed);
a running one gets ``cancel_requested`` and stops at its next progress report
(``progress.JobCancelled``), through the import's or run's own error path, so that nothing
half-written is kept; the worker then marks it ``cancelled``.

Who may: the job's creator, an administrator of an office whose subtree holds it, or the
workspace's operator (``views.may_cancel``); a job the user cannot see is 「没有编号为 N 的后台
任务」. Each cancellation is audited (``job_cancel``) in the transaction that records it.
Must not touch: running the job (``worker``) or what it does (``kinds``).
"""

from __future__ import annotations

import shutil
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jiancha.catalogue.importer import current_user
from jiancha.errors import Conflict, Forbidden, NotFound
from jiancha.governance import audit
from jiancha.jobs.kinds import upload_of
from jiancha.jobs.progress import CANCELLED
from jiancha.jobs.queue import STATUS_LABELS
from jiancha.jobs.views import _visible, get_job, may_cancel, scope_of
from jiancha.store import Job, Store, User
from jiancha.store.models import utcnow

UPLOADING_KINDS = ("import", "documents_import")


def cancel_job(
    store: Store, job_id: int, viewer: User | None, *, actor: str | None = None
) -> dict[str, Any]:
    """Cancel job ``job_id`` as ``viewer`` (None: the operator, named ``actor`` in the audit
    trail); the job as the viewer now sees it."""
    origin = audit.current_origin()
    who = actor or (viewer.username if viewer is not None else None)
    who = who or (origin.actor if origin is not None else None) or current_user()
    with store.session(immediate=True) as session:
        query = select(Job).where(Job.id == job_id, _visible(session, viewer, False))
        job = session.scalars(query).first()
        if job is None:
            raise NotFound(f"没有编号为 {job_id} 的后台任务")
        label = STATUS_LABELS.get(job.status, job.status)
        if not may_cancel(job, viewer, scope_of(session, viewer)):
            if job.status not in ("queued", "running"):
                raise Conflict(f"任务 #{job_id} 已结束（{label}），不能取消")
            raise Forbidden(f"只有任务 #{job_id} 的提交人或其所在院的系统管理员可以取消它")
        if job.status == "running" and job.cancel_requested:
            raise Conflict(f"任务 #{job_id} 已在取消中，将在下一次报告进度时停止")
        before = job.status
        stopped = _stop_queued(session, job_id) if before == "queued" else False
        if not stopped:  # running (or claimed just now): it stops at its next report
            session.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "running")
                .values(cancel_requested=True)
                .execution_options(synchronize_session=False)
            )
        audit.record(
            session,
            actor=who,
            action="job_cancel",
            object_type="job",
            object_id=job_id,
            detail={"kind": job.kind, "subject": job.subject, "status": before},
        )
        kind, payload = job.kind, dict(job.payload)
    if stopped and kind in UPLOADING_KINDS:
        shutil.rmtree(upload_of(store, payload), ignore_errors=True)
    return get_job(store, job_id, viewer)


def _stop_queued(session: Session, job_id: int) -> bool:
    """Mark a still-queued job cancelled (compare-and-set: a worker may have claimed it)."""
    done = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "queued")
        .values(
            status="cancelled",
            cancel_requested=True,
            finished_at=utcnow(),
            error=CANCELLED,
            progress={"stage": CANCELLED},
        )
        .execution_options(synchronize_session=False)
    )
    return getattr(done, "rowcount", 0) == 1
