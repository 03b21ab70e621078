"""Cancelling jobs (SQLite and PostgreSQL): a queued job is cancelled at once, a running one at
its next progress report through the import's or run's own error path — no dataset version, no
staging file, no lead left behind; who may cancel; the audit entry; the command line."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from jiancha.governance import create_user
from jiancha.jobs import Worker, claim
from jiancha.jobs.progress import Reporter
from jiancha.jobs.worker import execute
from jiancha.store import AuditEntry, Dataset, Job, Lead, Run, Store, open_store
from tests.api.helpers import PASSWORD, SLUG, login
from tests.jobs.helpers import HEADER, gbk_rows, grant_demo, wait_for, zhejiang
from tests.jobs.test_job_api import sign_in, upload
from tests.modelling.fixtures import AS_OF
from tests.test_cli import jiancha


def cancels(store: Store, *, refused: bool = False) -> list[AuditEntry]:
    """The ``job_cancel`` entries that cancelled something (with ``refused``: every one, the
    refused requests' own entries among them)."""
    with store.session() as session:
        query = select(AuditEntry).where(AuditEntry.action == "job_cancel")
        entries = list(session.scalars(query.order_by(AuditEntry.seq)))
    return [e for e in entries if refused or e.detail.get("result") == "ok"]


def uploads(store: Store) -> list[str]:
    return [p.name for p in (store.workspace.home / "jobs" / "uploads").glob("*/*")]


def queue_upload(client: TestClient, headers: dict[str, str], name: str) -> dict[str, Any]:
    data = (HEADER + "\n" + gbk_rows(2000)).encode("gbk")
    answer = upload(client, headers, f"{name}.csv", data, name=name)
    assert answer.status_code == 202, answer.text
    job: dict[str, Any] = answer.json()
    assert job["cancellable"] is True
    return job


def test_a_queued_job_is_cancelled_at_once(client: TestClient, store: Store) -> None:
    headers = login(client)
    job = queue_upload(client, headers, "名单")
    assert uploads(store) == ["名单.csv"]
    answer = client.post(f"/api/jobs/{job['id']}/cancel", headers=headers)
    assert answer.status_code == 200, answer.text
    done = answer.json()
    assert (done["status"], done["status_label"], done["error"]) == (
        "cancelled",
        "已取消",
        "任务已取消",
    )
    assert done["finished_at"] is not None and done["cancellable"] is False
    assert uploads(store) == []  # the uploaded file is removed
    assert claim(store) is None  # no worker will run it
    again = client.post(f"/api/jobs/{job['id']}/cancel", headers=headers)
    assert again.status_code == 409 and "已结束（已取消）" in again.json()["error"]
    # The cancel, then the refused second one (the request's own entry, 409).
    [entry, refused] = cancels(store, refused=True)
    assert (entry.actor, entry.object_id, entry.detail["status"]) == (
        "demo",
        str(job["id"]),
        "queued",
    )
    assert (refused.detail["result"], refused.detail["status"]) == ("refused", 409)
    assert entry.detail["client"] == "api:testclient"
    listed = client.get("/api/jobs", headers=headers, params={"status": "cancelled"}).json()
    assert [j["id"] for j in listed["items"]] == [job["id"]]


def test_only_the_creator_or_an_admin_of_its_office_may_cancel(
    client: TestClient, store: Store
) -> None:
    zhejiang(store)
    create_user(store, "xihu", PASSWORD, role="data_admin", org="330106", must_change=False)
    create_user(store, "clerk", PASSWORD, role="data_admin", org="330106", must_change=False)
    create_user(store, "boss", PASSWORD, role="admin", org="330000", must_change=False)
    job = queue_upload(client, sign_in(client, "xihu"), "名单")
    clerk = sign_in(client, "clerk")
    seen = client.get(f"/api/jobs/{job['id']}", headers=clerk).json()
    assert seen["cancellable"] is False  # sees the office's import, may not cancel it
    refused = client.post(f"/api/jobs/{job['id']}/cancel", headers=clerk)
    assert refused.status_code == 403 and f"任务 #{job['id']}" in refused.json()["error"]
    assert client.post("/api/jobs/999/cancel", headers=clerk).status_code == 404
    boss = sign_in(client, "boss")  # an administrator of the office above
    assert client.get(f"/api/jobs/{job['id']}", headers=boss).json()["cancellable"] is True
    done = client.post(f"/api/jobs/{job['id']}/cancel", headers=boss)
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    assert [e.actor for e in cancels(store)] == ["boss"]


def test_a_job_cancelled_between_claim_and_start_stops_at_its_first_report(
    client: TestClient, store: Store
) -> None:
    headers = login(client)
    job = queue_upload(client, headers, "名单")
    claimed = claim(store)  # a worker took it …
    assert claimed is not None and claimed.id == job["id"]
    asked = client.post(f"/api/jobs/{job['id']}/cancel", headers=headers).json()
    assert (asked["status"], asked["cancel_requested"]) == ("running", True)
    assert asked["cancellable"] is False
    assert client.post(f"/api/jobs/{job['id']}/cancel", headers=headers).status_code == 409
    execute(store, claimed)  # … and runs it: its first report stops it
    done = client.get(f"/api/jobs/{job['id']}", headers=headers).json()
    assert (done["status"], done["error"], done["result"]) == ("cancelled", "任务已取消", None)
    assert (
        uploads(store) == []
        and client.get("/api/datasets/名单", headers=headers).status_code == 404
    )
    [entry] = cancels(store)
    assert entry.detail["status"] == "running"


def test_an_import_cancelled_while_reading_keeps_nothing(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The import is held right after its first report of rows read (written at once), until the
    # cancel has been asked: the import is then surely still reading, whatever the machine's speed.
    reached, released = threading.Event(), threading.Event()
    report = Reporter.update

    def held(self: Reporter, *, force: bool = False, **changes: Any) -> None:
        first = changes.get("rows_read") and not reached.is_set()
        report(self, force=force or bool(first), **changes)
        if first:
            reached.set()
            assert released.wait(60), "the test never let the import go on"

    monkeypatch.setattr(Reporter, "update", held)
    headers = login(client)
    data = (HEADER + "\n" + gbk_rows(400_000)).encode("gbk")
    job = upload(client, headers, "大名单.csv", data, name="大名单").json()
    worker = Worker(open_store(store.workspace), poll=0.05, owned=True).start()
    try:
        assert reached.wait(120), "the import never reported rows read"
        seen = client.get(f"/api/jobs/{job['id']}", headers=headers).json()
        assert seen["status"] == "running" and seen["progress"]["rows_read"] > 0
        asked = client.post(f"/api/jobs/{job['id']}/cancel", headers=headers)
        assert asked.status_code == 200, asked.text  # still reading the file
        released.set()
        done = wait_for(client, headers, job["id"])
    finally:
        released.set()
        worker.stop()
    assert (done["status"], done["error"]) == ("cancelled", "任务已取消")
    assert 0 < done["progress"]["rows_read"] <= 400_000
    with store.session() as session:
        assert session.scalar(select(Dataset).where(Dataset.name == "大名单")) is None
    assert [p for p in store.workspace.staging_dir.glob("*/*") if p.suffix == ".parquet"] == []
    assert uploads(store) == []


def test_a_cancelled_run_job_writes_no_run_and_no_lead(client: TestClient, store: Store) -> None:
    grant_demo(store)
    headers = login(client)
    body = {"model": SLUG, "parameters": {"grace_days": 5}, "as_of": AS_OF.isoformat()}
    job = client.post("/api/jobs/runs", headers=headers, json=body).json()
    with store.session() as session:
        before = (
            session.scalar(select(func.count(Lead.id))),
            session.scalar(select(func.max(Run.id))),
        )
    claimed = claim(store)
    assert claimed is not None
    client.post(f"/api/jobs/{job['id']}/cancel", headers=headers)
    execute(store, claimed)
    done = client.get(f"/api/jobs/{job['id']}", headers=headers).json()
    assert (done["status"], done["error"]) == ("cancelled", "任务已取消")
    with store.session() as session:
        after = (
            session.scalar(select(func.count(Lead.id))),
            session.scalar(select(func.max(Run.id))),
        )
    assert after == before


def test_the_command_line_cancels_and_follow_says_so(client: TestClient, store: Store) -> None:
    job = queue_upload(client, login(client), "名单")
    home, url = store.workspace.home, os.environ.get("JIANCHA_DATABASE_URL")
    env = {"JIANCHA_DATABASE_URL": url} if url else None  # the same store on PostgreSQL
    done = jiancha(home, "job", "cancel", str(job["id"]), env=env)
    assert f"任务 #{job['id']} 已取消" in done.stdout
    followed = jiancha(home, "job", "show", str(job["id"]), "--follow", ok=False, env=env)
    assert followed.returncode == 1 and "任务已取消" in followed.stderr
    again = jiancha(home, "job", "cancel", str(job["id"]), ok=False, env=env)
    assert again.returncode == 2 and "不能取消" in again.stderr
    with store.session() as session:
        assert session.get(Job, job["id"]).status == "cancelled"  # type: ignore[union-attr]
    assert [e.detail["client"].split(":")[0] for e in cancels(store)] == ["cli"]
