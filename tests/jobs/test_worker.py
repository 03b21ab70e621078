"""The worker and the queue on a real store (SQLite and PostgreSQL): two workers in two threads
never claim one job, a worker thread runs what the API queued while the request has long
returned, and a job of a live process is left running when the store is opened again (killed
workers: ``test_recovery``)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.jobs import Worker, claim, enqueue
from jiancha.store import Job, Store, open_store
from tests.api.helpers import SLUG, login
from tests.jobs.helpers import HEADER, gbk_rows, grant_demo, race, wait_for
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

    def drain(own: Store) -> list[int]:
        taken: list[int] = []
        while (job := claim(own)) is not None:
            taken.append(job.id)
        return taken

    claimed = race(store, drain)
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
