"""Schedules (定时运行, SQLite and PostgreSQL): made, listed and removed over the API and the
command line, audited; a bad cron expression is named; two workers never queue one firing
twice; a due firing and a new version of a bound dataset (即时) queue run jobs of the creator,
which a worker runs."""

from __future__ import annotations

import datetime as dt
import json

import typer
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from typer.testing import CliRunner

from jiancha.cli import schedules as schedule_cli
from jiancha.governance import create_user
from jiancha.jobs import run_next
from jiancha.jobs.scheduler import enqueue_due, enqueue_on_new_version
from jiancha.jobs.schedules import create_schedule
from jiancha.store import AuditEntry, Job, Store
from jiancha.store.models import Schedule, utcnow
from tests.api.helpers import PASSWORD, SLUG, login
from tests.jobs.helpers import grant_demo, race
from tests.jobs.test_job_api import sign_in, upload
from tests.modelling.fixtures import pid

SCHEDULES = 8


def entries(store: Store, action: str) -> list[AuditEntry]:
    """The entries of ``action`` that did what they say (the refused requests' own entries,
    400 and 403, are left out)."""
    with store.session() as session:
        query = select(AuditEntry).where(AuditEntry.action == action)
        found = list(session.scalars(query.order_by(AuditEntry.seq)))
    return [e for e in found if e.detail.get("result") == "ok"]


def make_due(store: Store) -> None:
    with store.session() as session:
        session.execute(update(Schedule).values(next_run_at=utcnow() - dt.timedelta(minutes=5)))


def test_schedules_over_the_api(client: TestClient, store: Store) -> None:
    headers = login(client)
    bad = client.post("/api/schedules", headers=headers, json={"model": SLUG, "cron": "61 2 * * *"})
    assert bad.status_code == 400 and "定时表达式“61 2 * * *”无效" in bad.json()["error"]
    six = client.post(
        "/api/schedules", headers=headers, json={"model": SLUG, "cron": "0 0 2 * * *"}
    )
    assert six.status_code == 400 and "0 0 2 * * *" in six.json()["error"]
    neither = client.post("/api/schedules", headers=headers, json={"model": SLUG})
    assert neither.status_code == 400 and "--cron" in neither.json()["error"]
    missing = client.post(
        "/api/schedules", headers=headers, json={"model": "nope", "cron": "* * * * *"}
    )
    assert missing.status_code == 404

    body = {"model": SLUG, "cron": "0  2 * * *", "incremental": True}
    made = client.post("/api/schedules", headers=headers, json=body)
    assert made.status_code == 201, made.text
    shown = made.json()
    assert (shown["cron"], shown["timezone"], shown["created_by"]) == (
        "0 2 * * *",
        "Asia/Shanghai",
        "demo",
    )
    assert shown["next_run_at"].endswith("T02:00:00+08:00") and shown["incremental"] is True
    assert [s["id"] for s in client.get("/api/schedules", headers=headers).json()] == [shown["id"]]
    [created] = entries(store, "schedule_create")
    assert (created.actor, created.object_id, created.detail["cron"]) == (
        "demo",
        str(shown["id"]),
        "0 2 * * *",
    )

    create_user(store, "clerk", PASSWORD, role="data_admin", must_change=False)
    clerk = sign_in(client, "clerk")
    refused = client.post(
        "/api/schedules", headers=clerk, json={"model": SLUG, "cron": "* * * * *"}
    )
    assert refused.status_code == 403
    assert client.delete(f"/api/schedules/{shown['id']}", headers=clerk).status_code == 403
    gone = client.delete(f"/api/schedules/{shown['id']}", headers=headers)
    assert gone.status_code == 200 and gone.json()["id"] == shown["id"]
    assert client.get("/api/schedules", headers=headers).json() == []
    assert client.delete(f"/api/schedules/{shown['id']}", headers=headers).status_code == 404
    [deleted] = entries(store, "schedule_delete")
    assert (deleted.actor, deleted.object_id) == ("demo", str(shown["id"]))


def test_two_workers_never_queue_one_firing_twice(client: TestClient, store: Store) -> None:
    made = [create_schedule(store, None, SLUG, cron="*/5 * * * *") for _ in range(SCHEDULES)]
    make_due(store)

    def fire(own: Store) -> list[int]:
        return [job for _ in range(3) for job in enqueue_due(own)]

    queued = race(store, fire)
    both = queued[0] + queued[1]
    assert len(both) == len(set(both)) == SCHEDULES, queued
    with store.session() as session:
        jobs = session.scalars(select(Job).order_by(Job.id)).all()
        rows = session.scalars(select(Schedule).order_by(Schedule.id)).all()
    assert sorted(j.payload["schedule"] for j in jobs) == [s["id"] for s in made]
    assert {j.id for j in jobs} == {s.last_job_id for s in rows}
    now = utcnow()
    assert all(s.next_run_at is not None and _utc(s.next_run_at) > now for s in rows)
    assert enqueue_due(store) == []  # nothing due until the next firing


def test_a_due_schedule_runs_as_its_creator(client: TestClient, store: Store) -> None:
    grant_demo(store)
    headers = login(client)
    body = {"model": SLUG, "cron": "30 8 * * 1-5"}
    made = client.post("/api/schedules", headers=headers, json=body).json()
    make_due(store)
    [job_id] = enqueue_due(store)
    assert run_next(store) == job_id
    job = client.get(f"/api/jobs/{job_id}", headers=headers).json()
    assert job["status"] == "succeeded", job
    assert job["created_by"] == "demo" and job["title"].startswith("定时运行模型")
    assert job["result"]["run_id"] > 0
    listed = client.get("/api/schedules", headers=headers).json()
    assert listed[0]["last_job_id"] == job_id and listed[0]["id"] == made["id"]
    with store.session() as session:
        stored = session.get(Job, job_id)
        assert stored is not None and stored.payload["incremental"] is False


def test_a_new_version_of_a_bound_dataset_queues_the_run(client: TestClient, store: Store) -> None:
    grant_demo(store)
    headers = login(client)
    body = {"model": SLUG, "on_new_version": True, "incremental": True}
    made = client.post("/api/schedules", headers=headers, json=body).json()
    assert made["cron"] is None and made["next_run_at"] is None
    assert enqueue_on_new_version(store, "无关数据") == []
    data = f"身份证号,收押日期\n{pid(2)},2024-01-20\n".encode("gbk")
    imported = upload(client, headers, "收押.csv", data, name="收押").json()
    assert run_next(store) == imported["id"]
    done = client.get(f"/api/jobs/{imported['id']}", headers=headers).json()
    assert done["status"] == "succeeded", done
    [queued] = done["result"]["scheduled_jobs"]
    assert enqueue_on_new_version(store, "收押") == []  # its run still waits: not twice
    with store.session() as session:
        job = session.get(Job, queued)
        assert job is not None and job.title.startswith("数据更新后运行模型")
        assert (job.payload["incremental"], job.payload["dataset"]) == (True, "收押")
    assert enqueue_due(store) == []  # no cron: only data wakes it


def test_the_command_line_makes_lists_and_removes_schedules(
    client: TestClient, store: Store
) -> None:
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = {"home": store.workspace.home}

    schedule_cli.register(app)
    runner = CliRunner()
    bad = runner.invoke(app, ["schedule", SLUG, "--cron", "every day"])
    assert bad.exit_code == 2 and "定时表达式“every day”无效" in bad.output
    made = runner.invoke(app, ["schedule", SLUG, "--cron", "0 2 * * *", "--on-new-version"])
    assert made.exit_code == 0, made.output
    assert "已创建定时运行 #1" in made.output and "数据更新时即时运行" in made.output
    listed = json.loads(runner.invoke(app, ["schedules", "--json"]).output)
    assert [(r["id"], r["model"], r["cron"], r["on_new_version"]) for r in listed] == [
        (1, SLUG, "0 2 * * *", True)
    ]
    assert "0 2 * * *" in runner.invoke(app, ["schedules"], env={"COLUMNS": "200"}).output
    gone = runner.invoke(app, ["unschedule", "1"])
    assert gone.exit_code == 0 and "已删除定时运行 #1" in gone.output
    assert "没有定时运行" in runner.invoke(app, ["schedules"]).output
    assert [
        e.action for e in entries(store, "schedule_create") + entries(store, "schedule_delete")
    ] == [
        "schedule_create",
        "schedule_delete",
    ]


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
