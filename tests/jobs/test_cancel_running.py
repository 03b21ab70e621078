"""A run cancelled after it started (SQLite and PostgreSQL), held at a known point of its own
progress reports while the cancel is asked through the API: while its query runs, or while its
leads are written. The job ends cancelled, its Run row failed 「任务已取消」, no lead of it is
stored (all or nothing), and the next run goes as if the cancelled one had never happened."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.jobs import kinds, run_next
from jiancha.jobs.progress import Reporter
from jiancha.store import AuditEntry, Lead, Run, Store, open_store
from tests.api.helpers import SLUG, login
from tests.jobs.helpers import grant_demo
from tests.modelling.fixtures import AS_OF

HOLD_SECONDS = 120.0
"""Longest wait for the held run (or the test) to reach the next point: a failure, not a hang."""
Tell = Callable[[str, dict[str, int]], None]


class Hold:
    """Wraps a run job's progress callback (``kinds._run_progress``): after the real callback
    has reported ``stage``, the run waits until the test releases it. Records every stage told,
    and which one stopped the run."""

    def __init__(self, stage: str) -> None:
        self.stage = stage
        self.reached, self.released = threading.Event(), threading.Event()
        self.told: list[str] = []
        self.stopped_at: str | None = None

    def wrap(self, real: Callable[[Reporter], Tell]) -> Callable[[Reporter], Tell]:
        def progress(reporter: Reporter) -> Tell:
            tell = real(reporter)

            def held(stage: str, figures: dict[str, int]) -> None:
                self.told.append(stage)
                try:
                    tell(stage, figures)
                except BaseException:
                    self.stopped_at = stage
                    raise
                if stage == self.stage:
                    self.reached.set()
                    assert self.released.wait(HOLD_SECONDS), "the test never released the run"

            return held

        return progress


def leads_snapshot(store: Store) -> list[tuple[Any, ...]]:
    """Every lead as stored: enough to see any change a run made."""
    with store.session() as session:
        return [
            (lead.id, lead.fingerprint, lead.status, lead.first_run_id, lead.last_run_id)
            for lead in session.scalars(select(Lead).order_by(Lead.id))
        ]


@pytest.fixture
def held_run(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hold]:
    hold = Hold(str(request.param))
    monkeypatch.setattr(kinds, "_run_progress", hold.wrap(kinds._run_progress))
    yield hold
    hold.released.set()  # never leave a worker thread waiting


@pytest.mark.parametrize(
    ("held_run", "stops_at"),
    [("execute", "leads"), ("leads", "commit")],
    ids=["while-its-query-runs", "while-its-leads-are-written"],
    indirect=["held_run"],
)
def test_a_run_cancelled_after_it_started_keeps_no_lead(
    client: TestClient, store: Store, held_run: Hold, stops_at: str
) -> None:
    grant_demo(store)
    headers = login(client)
    before = leads_snapshot(store)
    assert before  # the seeded run's leads, which must stay as they are
    body = {"model": SLUG, "parameters": {"grace_days": 5}, "as_of": AS_OF.isoformat()}
    job = client.post("/api/jobs/runs", headers=headers, json=body).json()
    worker_store = open_store(store.workspace)
    worker = threading.Thread(target=run_next, args=(worker_store,), daemon=True)
    worker.start()
    try:
        assert held_run.reached.wait(HOLD_SECONDS), f"the run never reported {held_run.stage}"
        with store.session() as session:  # the run has started: its row is there, running
            started = session.scalars(select(Run).order_by(Run.id.desc())).first()
            assert started is not None and started.status == "running"
            run_id = started.id
        asked = client.post(f"/api/jobs/{job['id']}/cancel", headers=headers)
        assert asked.status_code == 200, asked.text
        assert (asked.json()["status"], asked.json()["cancel_requested"]) == ("running", True)
    finally:
        held_run.released.set()
        worker.join(HOLD_SECONDS)
        worker_store.close()
    assert not worker.is_alive()
    assert held_run.stopped_at == stops_at  # the point where the cancellation was seen
    done = client.get(f"/api/jobs/{job['id']}", headers=headers).json()
    assert (done["status"], done["error"], done["result"]) == ("cancelled", "任务已取消", None)
    with store.session() as session:
        run = session.get(Run, run_id)
        assert run is not None
        assert (run.status, run.error, run.leads) == ("failed", "任务已取消", None)
        assert run.finished_at is not None
        query = select(AuditEntry).where(AuditEntry.action == "run_failed")
        [entry] = session.scalars(query.where(AuditEntry.object_id == str(run_id))).all()
        assert (entry.actor, entry.detail["refusal"]) == ("demo", "任务已取消")
    assert leads_snapshot(store) == before  # all or nothing: nothing

    # The next run: as if the cancelled one had never been.
    held_run.stage = "none"
    again = client.post("/api/jobs/runs", headers=headers, json=body).json()
    assert run_next(store) == again["id"]
    ran = client.get(f"/api/jobs/{again['id']}", headers=headers).json()
    assert ran["status"] == "succeeded", ran
    result = ran["result"]
    seeded = {fingerprint for _, fingerprint, *_ in before}
    after = leads_snapshot(store)
    hit = {fp for _, fp, _, _, last in after if last == result["run_id"]}
    assert (result["leads"], result["new"]) == (len(hit), len(hit - seeded)) == (3, 1)
    assert result["seen_again"] == len(hit & seeded)
    assert all(run_id not in (first, last) for _, _, _, first, last in after)
