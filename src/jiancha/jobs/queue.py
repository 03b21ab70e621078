"""The queue of background jobs (后台任务) in the metadata store: enqueue, claim, finish.

A job is enqueued ``queued``; a worker claims the oldest queued job by compare-and-set (the
``UPDATE`` applies only while the job is still ``queued``), inside a transaction that holds the
database's write lock on SQLite (``BEGIN IMMEDIATE``) and skips rows another worker has locked
on PostgreSQL (``FOR UPDATE SKIP LOCKED``), so that two workers never run the same job. The
claim records the worker's process and host and starts the job's heartbeat, so that a job whose
worker died can be recovered (``jobs.recovery``); a progress report answers whether the job's
cancellation was asked for (``jobs.cancel``). Must not touch: what a job does (``jobs.kinds``).
"""

from __future__ import annotations

import os
import socket
from typing import Any

from sqlalchemy import select, update

from jiancha.store import Job, Store
from jiancha.store.models import utcnow

KINDS = ("import", "run", "documents_import")
STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
ENDED = ("succeeded", "failed", "cancelled")
STATUS_LABELS = {
    "queued": "排队中",
    "running": "运行中",
    "succeeded": "已完成",
    "failed": "失败",
    "cancelled": "已取消",
}
QUEUED_STAGE = "等待执行"


def enqueue(
    store: Store,
    *,
    kind: str,
    subject: str,
    title: str,
    payload: dict[str, Any],
    created_by: str,
    org_id: int | None,
) -> Job:
    """Add a job to the queue; the job as stored."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    with store.session() as session:
        job = Job(
            kind=kind,
            status="queued",
            title=title,
            subject=subject[:200],
            payload=payload,
            created_by=created_by,
            org_id=org_id,
            created_at=utcnow(),
            progress={"stage": QUEUED_STAGE},
        )
        session.add(job)
        session.flush()
        return job


def claim(store: Store) -> Job | None:
    """Take the oldest queued job for this process, or None if there is none (or another
    worker took it first)."""
    with store.session(immediate=True) as session:
        query = select(Job.id).where(Job.status == "queued").order_by(Job.id).limit(1)
        if store.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job_id = session.scalar(query)
        if job_id is None:
            return None
        now = utcnow()
        taken = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == "queued")
            .values(
                status="running",
                started_at=now,
                heartbeat_at=now,
                pid=os.getpid(),
                host=socket.gethostname()[:200],
                attempts=Job.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(taken, "rowcount", 0) != 1:
            return None
        return session.get(Job, job_id)


def report(store: Store, job_id: int, progress: dict[str, Any]) -> bool:
    """Record what a running job has done so far; whether its cancellation was asked for."""
    with store.session() as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == "running")
            .values(progress=progress)
            .execution_options(synchronize_session=False)
        )
        return bool(session.scalar(select(Job.cancel_requested).where(Job.id == job_id)))


def cancel_asked(store: Store, job_id: int) -> bool:
    """Whether the job's cancellation was asked for — read only, so that it may be asked while
    the job's own work holds a write transaction (SQLite's write lock) open."""
    with store.session() as session:
        return bool(session.scalar(select(Job.cancel_requested).where(Job.id == job_id)))


def beat(store: Store, job_id: int) -> None:
    """The worker running the job is alive: refresh its heartbeat."""
    with store.session() as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == "running")
            .values(heartbeat_at=utcnow())
            .execution_options(synchronize_session=False)
        )


def finish(store: Store, job_id: int, progress: dict[str, Any], result: dict[str, Any]) -> None:
    """Mark a running job succeeded, with its result."""
    with store.session() as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(status="succeeded", finished_at=utcnow(), progress=progress, result=result)
            .execution_options(synchronize_session=False)
        )


def fail(
    store: Store,
    job_id: int,
    progress: dict[str, Any],
    error: str,
    detail: str | None,
    status: str = "failed",
) -> None:
    """Mark a job failed (or ``cancelled``) with the message its user reads (and the raw
    error, for admins)."""
    with store.session() as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(
                status=status,
                finished_at=utcnow(),
                progress=progress,
                error=error,
                error_detail=detail,
            )
            .execution_options(synchronize_session=False)
        )
