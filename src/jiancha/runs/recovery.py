"""Runs whose process died: marked failed (「运行被中断」) the next time the store is opened,
or when the background job that started them is recovered (``close_runs_of``).

A run records the process id and host running it. A run still ``running`` whose process no
longer exists on this host (or is a zombie) can never finish: it becomes ``failed``, with the
classified error 「运行被中断」 and, for administrators, which process was lost. A run of
another host is left alone here (its process cannot be seen from here), except that one recorded
before runs carried a process id is taken as interrupted once it is :data:`ORPHAN_HOURS` old;
the runs of a job whose worker died on another host are closed with the job (``jobs.recovery``
calls ``close_runs_of`` for the attempt it takes over). Must not touch: jobs' rows.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.governance import audit
from jiancha.runs.errors import INTERRUPTED
from jiancha.store import Run, Store
from jiancha.store.models import utcnow

ORPHAN_HOURS = 24
"""Age after which a ``running`` run without a process id is taken as interrupted."""
log = logging.getLogger("jiancha.runs")


def this_host() -> str:
    return socket.gethostname()[:200]


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this host and is not a zombie."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc: existence is all we can tell
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _lost(run: Run, host: str, now: dt.datetime) -> bool:
    if run.pid is None:
        return now - _aware(run.started_at) > dt.timedelta(hours=ORPHAN_HOURS)
    return run.host == host and not alive(run.pid)


def _audited(run: Run, found: str = "打开工作区时") -> dict[str, Any]:
    """The audit entry of a run found interrupted (``killed``), as the runner writes one."""
    detail = {"model_id": run.model_id, "engine": run.engine, "process": run.pid}
    return {
        "actor": run.user,
        "action": "run_failed",
        "object_type": "run",
        "object_id": run.id,
        "detail": detail | {"host": run.host, "found": found},
        "result": "killed",
        "refusal": INTERRUPTED,
    }


def mark_interrupted(store: Store) -> list[int]:
    """Mark every run whose process is gone as failed; the ids marked."""
    host, now = this_host(), utcnow()
    with store.session() as session:
        running = session.scalars(select(Run).where(Run.status == "running")).all()
        lost = [run for run in running if _lost(run, host, now)]
        for run in lost:
            run.status, run.finished_at, run.error = "failed", now, INTERRUPTED
            where = "（未记录进程）" if run.pid is None else f"（进程 {run.pid}，主机 {run.host}）"
            run.error_detail = f"运行进程已结束而运行未完成{where}，打开工作区时标记为失败"
            audit.record(session, **_audited(run))
    if lost:
        log.warning("runs interrupted by the death of their process: %s", [r.id for r in lost])
    return [run.id for run in lost]


def close_runs_of(
    session: Session, host: str | None, pid: int | None, since: dt.datetime | None, job_id: int
) -> list[int]:
    """In ``session`` (the transaction recovering job ``job_id``): mark failed the runs still
    ``running`` that process ``pid`` of ``host`` started since ``since`` (the job's attempt
    began), each audited as killed; the ids marked. None of the three known: nothing."""
    if host is None or pid is None or since is None:
        return []
    query = select(Run).where(
        Run.status == "running", Run.host == host, Run.pid == pid, Run.started_at >= since
    )
    closed = list(session.scalars(query.order_by(Run.id)))
    now = utcnow()
    for run in closed:
        run.status, run.finished_at, run.error = "failed", now, INTERRUPTED
        run.error_detail = (
            f"执行后台任务 #{job_id} 的进程已不在（进程 {pid}，主机 {host}），运行未完成，"
            "恢复该任务时标记为失败"
        )
        audit.record(session, **_audited(run, f"恢复后台任务 #{job_id} 时"))
    if closed:
        log.warning("runs of lost job %s closed: %s", job_id, [r.id for r in closed])
    return [run.id for run in closed]
