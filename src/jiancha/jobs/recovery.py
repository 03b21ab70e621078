"""Jobs whose worker died: marked failed (「任务被中断」) the next time the store is opened.

The same rule as for runs (``jiancha.runs.recovery``): a job still ``running`` whose process no
longer exists on this host can never finish. A job of another host is left alone, unless it
has no process recorded. The run or import it was doing is recovered by their own rules (the
run marked 「运行被中断」, the import's staging files removed). Its uploaded file is removed.
"""

from __future__ import annotations

import logging
import shutil

from sqlalchemy import select

from jiancha.governance import audit
from jiancha.jobs.kinds import AUDIT, upload_folder
from jiancha.runs.recovery import alive, this_host
from jiancha.store import Job, Store
from jiancha.store.models import utcnow

INTERRUPTED = "任务被中断"
log = logging.getLogger("jiancha.jobs")


def _lost(job: Job, host: str) -> bool:
    return job.pid is None or (job.host == host and not alive(job.pid))


def mark_interrupted(store: Store) -> list[int]:
    """Mark every running job whose process is gone as failed; the ids marked."""
    host, now = this_host(), utcnow()
    with store.session() as session:
        running = session.scalars(select(Job).where(Job.status == "running")).all()
        lost = [job for job in running if _lost(job, host)]
        for job in lost:
            job.status, job.finished_at, job.error = "failed", now, INTERRUPTED
            where = "（未记录进程）" if job.pid is None else f"（进程 {job.pid}，主机 {job.host}）"
            job.error_detail = f"执行任务的进程已结束而任务未完成{where}，打开工作区时标记为失败"
            action, object_type, key = AUDIT[job.kind]
            audit.record(
                session,
                actor=job.created_by,
                action=action,
                object_type=object_type,
                object_id=str(job.payload.get(key)),
                detail={"job": job.id, "process": job.pid, "host": job.host},
                result="killed",
                refusal=INTERRUPTED,
            )
    for job in lost:
        if job.kind in ("import", "documents_import"):
            shutil.rmtree(upload_folder(store, job), ignore_errors=True)
    if lost:
        log.warning("jobs interrupted by the death of their process: %s", [j.id for j in lost])
    return [job.id for job in lost]
