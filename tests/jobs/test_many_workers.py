"""Several workers on one store (SQLite and PostgreSQL): two worker threads and a ``jiancha
worker`` process drain a queue of imports, and every job runs exactly once — one import audit
entry and one dataset version per job."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter

from sqlalchemy import select

from jiancha.jobs import Worker, enqueue, upload_folder
from jiancha.store import AuditEntry, Dataset, DatasetVersion, Job, Store, open_store
from tests.jobs.helpers import HEADER, gbk_rows

JOBS = 18


def queue_imports(store: Store) -> list[int]:
    ids = []
    for n in range(JOBS):
        path = upload_folder(store.workspace) / f"名单{n}.csv"
        path.write_bytes((HEADER + "\n" + gbk_rows(20 + n)).encode("gbk"))
        payload = {"upload": path.relative_to(store.workspace.home).as_posix()}
        payload |= {"filename": path.name, "name": f"名单{n}"}
        job = enqueue(
            store,
            kind="import",
            subject=f"名单{n}",
            title=f"导入 {path.name}",
            payload=payload,
            created_by="clerk",
            org_id=None,
        )
        ids.append(job.id)
    return ids


def test_every_job_runs_exactly_once_with_three_workers(store: Store) -> None:
    ids = queue_imports(store)
    command = [sys.executable, "-m", "jiancha", "--home", str(store.workspace.home), "worker"]
    process = subprocess.Popen(command, env=dict(os.environ), stdout=subprocess.DEVNULL)
    threads = [Worker(open_store(store.workspace), poll=0.02, owned=True) for _ in range(2)]
    for worker in threads:
        worker.start()
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            with store.session() as session:
                open_jobs = session.scalars(
                    select(Job.id).where(Job.status.in_(("queued", "running")))
                ).all()
            if not open_jobs:
                break
            time.sleep(0.1)
    finally:
        for worker in threads:
            worker.stop()
        process.terminate()
        process.wait(timeout=60)
    with store.session() as session:
        jobs = session.scalars(select(Job).order_by(Job.id)).all()
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).all()
        versions = session.execute(
            select(Dataset.name, DatasetVersion.version, DatasetVersion.rows).join(
                DatasetVersion, DatasetVersion.dataset_id == Dataset.id
            )
        ).all()
    assert [(j.id, j.status, j.attempts) for j in jobs] == [(i, "succeeded", 1) for i in ids]
    by_job = Counter(e.detail["client"] for e in entries)
    assert by_job == Counter({f"job:{i}": 1 for i in ids})  # one import per job, no more
    assert sorted(versions) == sorted((f"名单{n}", 1, 20 + n) for n in range(JOBS))
    ran_in = {j.pid for j in jobs}
    assert ran_in <= {os.getpid(), process.pid}  # the threads' process and the worker's
