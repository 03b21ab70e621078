"""The worker and the queue on a real store (SQLite and PostgreSQL): two workers in two threads
never claim one job, a worker thread runs what the API queued while the request has long
returned, and a job whose process was killed is marked failed when the store is opened again."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.jobs import Worker, claim, enqueue
from jiancha.jobs.recovery import INTERRUPTED
from jiancha.runs.recovery import alive
from jiancha.store import AuditEntry, Job, Store, open_store
from tests.api.helpers import SLUG, login
from tests.jobs.helpers import HEADER, gbk_rows, grant_demo, wait_for
from tests.modelling.fixtures import AS_OF

JOBS = 24


def test_two_workers_never_claim_the_same_job(store: Store) -> None:
    for n in range(JOBS):
        enqueue(
            store,
            kind="run",
            subject=SLUG,
            title=f"运行模型 {n}",
            payload={"model": SLUG},
            created_by="demo",
            org_id=None,
        )
    stores = [open_store(store.workspace) for _ in range(2)]
    claimed: list[list[int]] = [[], []]
    start = threading.Barrier(2)

    def drain(index: int) -> None:
        start.wait()
        while (job := claim(stores[index])) is not None:
            claimed[index].append(job.id)

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    finally:
        for opened in stores:
            opened.close()
    both = claimed[0] + claimed[1]
    assert len(both) == len(set(both)) == JOBS, claimed
    with store.session() as session:
        jobs = session.scalars(select(Job)).all()
        assert {j.status for j in jobs} == {"running"} and {j.attempts for j in jobs} == {1}


def test_a_worker_thread_runs_what_the_api_queued(client: TestClient, store: Store) -> None:
    grant_demo(store)
    headers = login(client)
    files = {"file": ("名单.csv", (HEADER + "\n" + gbk_rows(500)).encode("gbk"), "text/csv")}
    imported = client.post("/api/jobs/imports", headers=headers, files=files, data={"name": "名单"})
    body = {"model": SLUG, "as_of": AS_OF.isoformat()}
    ran = client.post("/api/jobs/runs", headers=headers, json=body)
    assert [imported.json()["status"], ran.json()["status"]] == ["queued", "queued"]
    worker = Worker(open_store(store.workspace), poll=0.05, owned=True).start()
    try:
        first = wait_for(client, headers, imported.json()["id"])
        second = wait_for(client, headers, ran.json()["id"])
    finally:
        worker.stop()
    assert (first["status"], first["progress"]["rows_read"]) == ("succeeded", 500)
    assert (second["status"], second["result"]["leads"]) == ("succeeded", 2)
    assert second["progress"]["leads_written"] == 2


def _claim_and_die(store: Store) -> subprocess.Popen[str]:
    """A process that claims the queued job, then is killed (SIGKILL) as if mid-work."""
    code = f"""
        import os, signal
        from pathlib import Path
        from jiancha.jobs import claim
        from jiancha.store import Workspace, open_store
        store = open_store(Workspace(Path({str(store.workspace.home)!r})))
        assert claim(store) is not None
        os.kill(os.getpid(), signal.SIGKILL)
    """
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], text=True, stderr=subprocess.PIPE
    )


def test_a_killed_job_is_marked_failed_on_recovery(store: Store, tmp_path: Path) -> None:
    folder = store.workspace.home / "jobs" / "uploads" / "x"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text("姓名\n张三\n", encoding="utf-8")
    job = enqueue(
        store,
        kind="import",
        subject="名单",
        title="导入 a.csv 为 名单",
        payload={"upload": "jobs/uploads/x/a.csv", "filename": "a.csv", "name": "名单"},
        created_by="demo",
        org_id=None,
    )
    child = _claim_and_die(store)
    assert child.wait(timeout=120) == -signal.SIGKILL
    with store.session() as session:
        stuck = session.get(Job, job.id)
        assert stuck is not None and (stuck.status, stuck.pid) == ("running", child.pid)
    assert not alive(child.pid)
    reopened = open_store(store.workspace)
    reopened.close()
    with store.session() as session:
        failed = session.get(Job, job.id)
        assert failed is not None and (failed.status, failed.error) == ("failed", INTERRUPTED)
        assert failed.finished_at is not None and str(child.pid) in (failed.error_detail or "")
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
        assert (entry.actor, entry.detail["result"], entry.detail["job"]) == (
            "demo",
            "killed",
            job.id,
        )
    assert not folder.exists()  # the upload it was importing is removed


def test_a_job_of_a_live_process_is_left_running(store: Store) -> None:
    enqueue(
        store,
        kind="run",
        subject=SLUG,
        title="运行模型",
        payload={"model": SLUG},
        created_by="demo",
        org_id=None,
    )
    taken = claim(store)  # by this (live) process
    assert taken is not None
    open_store(store.workspace).close()
    with store.session() as session:
        assert session.get(Job, taken.id).status == "running"  # type: ignore[union-attr]
