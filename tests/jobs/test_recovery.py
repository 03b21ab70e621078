"""Dead workers (SQLite and PostgreSQL): a worker killed with SIGKILL mid-job leaves a job that
is re-queued once (a run; an import whose upload is still there) and failed cleanly after that;
a job of another host is recovered by its stale heartbeat, and the Run row its attempt started is
closed with it; the heartbeat beats by itself."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from jiancha.errors import JianchaError
from jiancha.jobs import enqueue, run_next
from jiancha.jobs.heartbeat import Heartbeat, stale_seconds
from jiancha.jobs.recovery import INTERRUPTED, mark_interrupted
from jiancha.runs.errors import INTERRUPTED as RUN_INTERRUPTED
from jiancha.runs.recovery import alive
from jiancha.runs.recovery import mark_interrupted as mark_runs_interrupted
from jiancha.store import AuditEntry, Dataset, DatasetVersion, Job, Run, Store, open_store
from jiancha.store.models import utcnow
from tests.api.helpers import SLUG, seed
from tests.jobs.helpers import HEADER, gbk_rows, grant_demo


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


def _start_run_and_die(store: Store) -> int:
    """A worker process that claims the oldest queued job, a run, and is killed (SIGKILL) right
    after its run has started (its Run row written, its query about to run); its process id."""
    code = f"""
        import os, signal
        from pathlib import Path
        from jiancha.jobs import claim, kinds
        from jiancha.jobs.worker import execute
        from jiancha.store import Workspace, open_store
        real = kinds._run_progress
        def dying(reporter):
            tell = real(reporter)
            def told(stage, figures):
                tell(stage, figures)
                if stage == "execute":
                    os.kill(os.getpid(), signal.SIGKILL)
            return told
        kinds._run_progress = dying
        store = open_store(Workspace(Path({str(store.workspace.home)!r})))
        job = claim(store)
        assert job is not None
        execute(store, job)
    """
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)])
    assert child.wait(timeout=120) == -signal.SIGKILL
    return child.pid


def _add_running_run(store: Store, pid: int, started: dt.datetime) -> int:
    """A Run row still ``running`` on the other host (as a copy of the seeded run)."""
    with store.session() as session:
        seeded = session.scalars(select(Run).order_by(Run.id)).first()
        assert seeded is not None
        run = Run(
            model_id=seeded.model_id,
            status="running",
            started_at=started,
            user="demo",
            engine="duckdb",
            spec_version=seeded.spec_version,
            spec_sha256=seeded.spec_sha256,
            parameters={},
            datasets={},
            run_date="2024-10-23",
            sql="select 1",
            pid=pid,
            host="elsewhere",
        )
        session.add(run)
        session.flush()
        return run.id


@pytest.mark.parametrize(("attempts", "outcome"), [(1, "queued"), (2, "failed")])
def test_the_run_of_a_job_lost_on_another_host_is_closed_with_it(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attempts: int, outcome: str
) -> None:
    monkeypatch.setenv("JIANCHA_JOB_STALE_SECONDS", "30")
    seed(store, tmp_path)
    grant_demo(store)
    job_id = queue_run(store)
    pid = _start_run_and_die(store)
    with store.session() as session:
        [started] = session.scalars(select(Run).where(Run.status == "running")).all()
        run_id = started.id
        job = session.get(Job, job_id)
        assert job is not None and (job.status, job.pid, started.pid) == ("running", pid, pid)
        claimed = job.started_at
    assert claimed is not None
    # As if that worker had run on another host: its rows name it, its heartbeat is old.
    with store.session() as session:
        session.execute(update(Run).where(Run.id == run_id).values(host="elsewhere"))
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(
                host="elsewhere",
                attempts=attempts,
                heartbeat_at=utcnow() - dt.timedelta(seconds=90),
            )
        )
    earlier = _add_running_run(store, pid, claimed - dt.timedelta(minutes=5))  # not this attempt
    other = _add_running_run(store, pid + 1, utcnow())  # another worker's, alive over there
    assert mark_runs_interrupted(store) == []  # the run's own recovery cannot see that host
    assert mark_interrupted(store) == [job_id]
    recovered = job_of(store, job_id)
    assert recovered.status == outcome
    with store.session() as session:
        run = session.get(Run, run_id)
        assert run is not None and (run.status, run.error) == ("failed", RUN_INTERRUPTED)
        assert run.finished_at is not None
        assert f"后台任务 #{job_id}" in (run.error_detail or "")
        assert "主机 elsewhere" in (run.error_detail or "")
        statuses = {r.id: r.status for r in session.scalars(select(Run))}
        killed = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "run_failed", AuditEntry.object_id == str(run_id)
            )
        ).one()
        job_entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "run")).all()
    assert (statuses[earlier], statuses[other]) == ("running", "running")
    assert (killed.actor, killed.detail["result"], killed.detail["host"]) == (
        "demo",
        "killed",
        "elsewhere",
    )
    assert killed.detail["found"] == f"恢复后台任务 #{job_id} 时"
    [entry] = [e for e in job_entry if e.detail.get("job") == job_id]
    assert (entry.detail["outcome"], entry.detail["runs_closed"]) == (outcome, [run_id])
    assert mark_interrupted(store) == []  # nothing is closed twice
    if outcome == "queued":  # the job runs again from the start, here, and succeeds
        assert run_next(store) == job_id
        done = job_of(store, job_id)
        assert done.status == "succeeded" and done.result is not None
        assert done.result["run_id"] != run_id
        with store.session() as session:
            closed = session.get(Run, run_id)
            assert closed is not None and closed.status == "failed"
