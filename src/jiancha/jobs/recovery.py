"""Jobs whose worker died: re-queued once, else failed (「任务被中断」) — when the store is opened
and, every little while, by any worker (``Worker``).

A job still ``running`` is lost when no process is recorded for it, when its process no longer
exists on this host, or — on any host — when its heartbeat (``heartbeat``) is older than the
limit. A lost ``run`` job is re-queued while it has been claimed only once (a run is idempotent:
its leads are upserted by fingerprint), an import job likewise while its uploaded file is still
there; otherwise it fails cleanly, and its upload is removed. A lost job whose cancellation was
asked for becomes ``cancelled``. Each recovery takes the job by compare-and-set (its status and
``attempts`` unchanged since read), so that two recoverers never act twice, and is audited as
killed. The runs that attempt started (a run job's run, an import's runs on import: the Run rows
of its process and host begun since it was claimed) are closed in the same transaction, failed
「运行被中断」 and audited (``runs.recovery.close_runs_of``) — a worker on another host leaves
them to no one else; the import's staging files are removed when a store is opened.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from typing import Any

from sqlalchemy import select, update

from jiancha.governance import audit
from jiancha.jobs.heartbeat import stale_seconds
from jiancha.jobs.kinds import audited_as, upload_of
from jiancha.jobs.progress import CANCELLED
from jiancha.runs.recovery import alive, close_runs_of, this_host
from jiancha.store import Job, Store
from jiancha.store.models import utcnow

INTERRUPTED = "任务被中断"
RESUMED = "等待重新执行（上次执行被中断）"
MAX_ATTEMPTS = 2
"""A lost job claimed fewer times than this is re-queued; after that it fails."""
UPLOADING_KINDS = ("import", "documents_import")
log = logging.getLogger("jiancha.jobs")


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _why_lost(job: Job, host: str, now: dt.datetime, limit: float) -> str | None:
    if job.pid is None:
        return "未记录进程"
    if job.host == host and not alive(job.pid):
        return f"进程 {job.pid} 已结束，主机 {job.host}"
    last = job.heartbeat_at or job.started_at
    if last is None or (now - _aware(last)).total_seconds() > limit:
        return f"进程 {job.pid}，主机 {job.host}：心跳超过 {limit:g} 秒未更新"
    return None


def _resumable(store: Store, job: Job) -> bool:
    if job.attempts >= MAX_ATTEMPTS:
        return False
    if job.kind in UPLOADING_KINDS:
        return store.workspace.resolve(str(job.payload["upload"])).exists()
    return job.kind == "run"


def mark_interrupted(store: Store) -> list[int]:
    """Recover every running job whose worker is gone; the ids recovered."""
    host, now, limit = this_host(), utcnow(), stale_seconds()
    with store.session() as session:
        running = session.scalars(select(Job).where(Job.status == "running")).all()
        lost = [(job.id, why) for job in running if (why := _why_lost(job, host, now, limit))]
    recovered = [job_id for job_id, why in lost if _recover(store, job_id, why, now)]
    if recovered:
        log.warning("jobs interrupted by the death of their worker: %s", recovered)
    return recovered


def _recover(store: Store, job_id: int, why: str, now: dt.datetime) -> bool:
    with store.session(immediate=True) as session:
        job = session.get(Job, job_id)
        if job is None or job.status != "running":
            return False
        status = "cancelled" if job.cancel_requested else "failed"
        if status == "failed" and _resumable(store, job):
            status = "queued"
        values: dict[str, Any] = {"pid": None, "host": None, "heartbeat_at": None}
        if status == "queued":
            values |= {"status": "queued", "started_at": None, "progress": {"stage": RESUMED}}
        else:
            values |= {"status": status, "finished_at": now, "error": _error(status)}
            values["error_detail"] = f"执行任务的进程已不在（{why}），任务未完成"
        taken = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == "running", Job.attempts == job.attempts)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if getattr(taken, "rowcount", 0) != 1:
            return False  # another recoverer, or the worker itself, acted first
        runs = close_runs_of(session, job.host, job.pid, job.started_at, job.id)
        audit.record(
            session,
            **audited_as(job),
            detail={
                "job": job.id,
                "process": job.pid,
                "host": job.host,
                "outcome": status,
                "runs_closed": runs,
            },
            result="killed",
            refusal=INTERRUPTED,
        )
        kind, payload = job.kind, dict(job.payload)
    if status != "queued" and kind in UPLOADING_KINDS:
        shutil.rmtree(upload_of(store, payload), ignore_errors=True)
    return True


def _error(status: str) -> str:
    return CANCELLED if status == "cancelled" else INTERRUPTED
