"""Dead workers (SQLite and PostgreSQL): a worker killed with SIGKILL mid-job leaves a job that
is re-queued once (a run; an import whose upload is still there) and failed cleanly after that;
a job of another host is recovered by its stale heartbeat; the heartbeat beats by itself."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest
from sqlalchemy import select, update

from jiancha.errors import JianchaError
from jiancha.jobs import enqueue, run_next
from jiancha.jobs.heartbeat import Heartbeat, stale_seconds
from jiancha.jobs.recovery import INTERRUPTED, mark_interrupted
from jiancha.runs.recovery import alive
from jiancha.store import AuditEntry, Dataset, DatasetVersion, Job, Store, open_store
from jiancha.store.models import utcnow
from tests.api.helpers import SLUG
from tests.jobs.helpers import HEADER, gbk_rows


def _claim_and_die(store: Store) -> int:
    """A process that claims the oldest queued job, then is killed (SIGKILL) as if mid-work;
    its process id."""
    code = f"""
        import os, signal
        from pathlib import Path
        from jiancha.jobs import claim
        from jiancha.store import Workspace, open_store
        store = open_store(Workspace(Path({str(store.workspace.home)!r})))
        assert claim(store) is not None
        os.kill(os.getpid(), signal.SIGKILL)
    """
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)])
    assert child.wait(timeout=120) == -signal.SIGKILL
    assert not alive(child.pid)
    return child.pid


def job_of(store: Store, job_id: int) -> Job:
    with store.session() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def queue_run(store: Store) -> int:
    payload: dict[str, Any] = {"model": SLUG, "as_of": "2024-10-23"}
    job = enqueue(
        store,
        kind="run",
        subject=SLUG,
        title="运行模型",
        payload=payload,
        created_by="demo",
        org_id=None,
    )
    return job.id


def test_a_killed_run_job_is_requeued_once_then_failed(store: Store) -> None:
    job_id = queue_run(store)
    pid = _claim_and_die(store)
    assert (job_of(store, job_id).status, job_of(store, job_id).pid) == ("running", pid)
    open_store(store.workspace).close()  # recovery when the store is opened
    requeued = job_of(store, job_id)
    assert (requeued.status, requeued.attempts, requeued.pid) == ("queued", 1, None)
    assert requeued.progress["stage"].startswith("等待重新执行")
    _claim_and_die(store)  # killed again
    assert mark_interrupted(store) == [job_id]  # what any worker does every little while
    failed = job_of(store, job_id)
    assert (failed.status, failed.error, failed.attempts) == ("failed", INTERRUPTED, 2)
    assert failed.finished_at is not None and "进程" in (failed.error_detail or "")
    with store.session() as session:
        query = select(AuditEntry).where(AuditEntry.action == "run", AuditEntry.actor == "demo")
        entries = session.scalars(query.order_by(AuditEntry.seq)).all()
    assert [(e.detail["result"], e.detail["outcome"]) for e in entries] == [
        ("killed", "queued"),
        ("killed", "failed"),
    ]


def test_an_import_is_requeued_while_its_upload_is_there(store: Store) -> None:
    folder = store.workspace.home / "jobs" / "uploads" / "x"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text(HEADER + "\n" + gbk_rows(3), encoding="utf-8")
    payload = {"upload": "jobs/uploads/x/a.csv", "filename": "a.csv", "name": "名单"}
    first = enqueue(
        store,
        kind="import",
        subject="名单",
        title="导入",
        payload=payload,
        created_by="demo",
        org_id=None,
    )
    _claim_and_die(store)
    mark_interrupted(store)
    assert job_of(store, first.id).status == "queued" and folder.exists()
    _claim_and_die(store)
    (folder / "a.csv").unlink()  # without its file it cannot resume: failed
    with store.session() as session:  # as if a first attempt only
        session.execute(update(Job).where(Job.id == first.id).values(attempts=1))
    mark_interrupted(store)
    assert (job_of(store, first.id).status, job_of(store, first.id).error) == (
        "failed",
        INTERRUPTED,
    )
    assert not folder.exists()


def test_a_job_of_another_host_is_recovered_by_its_stale_heartbeat(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIANCHA_JOB_STALE_SECONDS", "30")
    fresh, stale = queue_run(store), queue_run(store)
    now = utcnow()
    with store.session() as session:
        for job_id, beat in ((fresh, now), (stale, now - dt.timedelta(seconds=90))):
            session.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(status="running", pid=4242, host="elsewhere", attempts=1, heartbeat_at=beat)
            )
    assert mark_interrupted(store) == [stale]
    assert job_of(store, fresh).status == "running"
    assert (job_of(store, stale).status, job_of(store, stale).host) == ("queued", None)
    with store.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "run")).one()
    assert (entry.detail["job"], entry.detail["host"], entry.detail["result"]) == (
        stale,
        "elsewhere",
        "killed",
    )


def test_the_heartbeat_beats_while_the_job_runs(store: Store) -> None:
    job_id = queue_run(store)
    long_ago = utcnow() - dt.timedelta(hours=1)
    with store.session() as session:
        session.execute(
            update(Job).where(Job.id == job_id).values(status="running", heartbeat_at=long_ago)
        )
    with Heartbeat(store, job_id, every=0.05):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            beat = job_of(store, job_id).heartbeat_at
            assert beat is not None
            if (beat if beat.tzinfo else beat.replace(tzinfo=dt.UTC)) > long_ago:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("no heartbeat in 30 s")


def test_a_bad_stale_limit_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIANCHA_JOB_STALE_SECONDS", "两分钟")
    with pytest.raises(JianchaError, match="JIANCHA_JOB_STALE_SECONDS=“两分钟”无效"):
        stale_seconds()
    monkeypatch.setenv("JIANCHA_JOB_STALE_SECONDS", "5")
    assert stale_seconds() == 5.0


def test_a_worker_killed_mid_import_leaves_a_job_that_resumes(store: Store) -> None:
    folder = store.workspace.home / "jobs" / "uploads" / "big"
    folder.mkdir(parents=True)
    (folder / "big.csv").write_bytes((HEADER + "\n" + gbk_rows(300_000)).encode("gbk"))
    payload = {"upload": "jobs/uploads/big/big.csv", "filename": "big.csv", "name": "大名单"}
    job = enqueue(
        store,
        kind="import",
        subject="大名单",
        title="导入",
        payload=payload,
        created_by="demo",
        org_id=None,
    )
    command = [sys.executable, "-m", "jiancha", "--home", str(store.workspace.home), "worker"]
    worker = subprocess.Popen(command, env=dict(os.environ), stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            seen = job_of(store, job.id)
            if seen.status == "running" and seen.progress.get("rows_read"):
                break
            assert seen.status in ("queued", "running"), seen.error
            time.sleep(0.02)
        worker.send_signal(signal.SIGKILL)  # mid-import: a batch read, the file not written
        assert worker.wait(timeout=60) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
    assert job_of(store, job.id).status == "running"
    open_store(store.workspace).close()
    assert (job_of(store, job.id).status, job_of(store, job.id).attempts) == ("queued", 1)
    assert run_next(store) == job.id  # resumed here, from the start of the file
    done = job_of(store, job.id)
    assert (done.status, done.result["rows"], done.attempts) == ("succeeded", 300_000, 2)  # type: ignore[index]
    with store.session() as session:
        dataset = session.scalars(select(Dataset).where(Dataset.name == "大名单")).one()
        versions = session.scalars(
            select(DatasetVersion).where(DatasetVersion.dataset_id == dataset.id)
        ).all()
    assert [(v.version, v.rows) for v in versions] == [(1, 300_000)]
