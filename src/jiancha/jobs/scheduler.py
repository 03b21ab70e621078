"""Queueing the runs of schedules (定时运行, 即时): a firing that is due (``enqueue_due``, called
by every worker's loop) and a new version of a bound dataset (``enqueue_on_new_version``, called
when an import ends).

A due firing is taken by compare-and-set on ``next_run_at`` (the ``UPDATE`` applies only while it
still holds the value read), in the transaction that queues its job, so that two workers never
queue one firing twice; firings missed while no worker ran collapse into one. The job is a
``run`` job created by the schedule's creator (``incremental`` passed on when the schedule says
so). Must not touch: schedules' rows otherwise (``schedules``) or running jobs (``worker``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jiancha.jobs.cron import next_firing
from jiancha.jobs.queue import QUEUED_STAGE
from jiancha.store import Job, Org, Store, SupervisionModel, User
from jiancha.store.models import Schedule, utcnow


def enqueue_due(store: Store, now: dt.datetime | None = None) -> list[int]:
    """Queue a run for each enabled schedule whose next firing is due; the jobs' ids."""
    moment = now or utcnow()
    with store.session() as session:
        query = select(Schedule.id, Schedule.next_run_at).where(
            Schedule.enabled, Schedule.cron.is_not(None), Schedule.next_run_at <= moment
        )
        due = session.execute(query.order_by(Schedule.next_run_at, Schedule.id)).all()
    queued = [_fire(store, sid, old, moment) for sid, old in due if old is not None]
    return [job_id for job_id in queued if job_id is not None]


def _fire(store: Store, schedule_id: int, old: dt.datetime, moment: dt.datetime) -> int | None:
    """Take the firing due at ``old`` (unless another worker took it since it was read) and
    queue its run; the job's id, or None."""
    with store.session(immediate=True) as session:
        schedule = session.get(Schedule, schedule_id)
        if schedule is None or schedule.cron is None:
            return None
        taken = session.execute(
            update(Schedule)
            .where(Schedule.id == schedule_id, Schedule.next_run_at == old)
            .values(
                next_run_at=next_firing(schedule.cron, schedule.timezone, moment),
                last_enqueued_at=moment,
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(taken, "rowcount", 0) != 1:
            return None  # another worker took this firing
        return _queue_run(session, schedule, "定时运行模型")


def enqueue_on_new_version(store: Store, dataset: str) -> list[int]:
    """Queue a run for each enabled 即时 schedule whose adoption binds ``dataset`` (not when
    its last run is still queued: that one will read the new version); the jobs' ids."""
    with store.session() as session:
        query = select(Schedule, SupervisionModel).join(
            SupervisionModel, SupervisionModel.id == Schedule.model_id
        )
        rows = session.execute(
            query.where(Schedule.enabled, Schedule.on_new_version).order_by(Schedule.id)
        ).all()
        queued: list[int] = []
        for schedule, model in rows:
            bound = {str(b.get("dataset")) for b in (model.bindings or {}).values()}
            if dataset not in bound or _still_queued(session, schedule.last_job_id):
                continue
            queued.append(_queue_run(session, schedule, "数据更新后运行模型", dataset=dataset))
        return queued


def _still_queued(session: Session, job_id: int | None) -> bool:
    if job_id is None:
        return False
    return session.scalar(select(Job.status).where(Job.id == job_id)) == "queued"


def _queue_run(session: Session, schedule: Schedule, title: str, dataset: str | None = None) -> int:
    """Add the schedule's run job in the caller's transaction; its id."""
    model = session.get(SupervisionModel, schedule.model_id)
    assert model is not None  # the foreign key cascades: no schedule outlives its adoption
    office = None if model.org_id is None else session.get(Org, model.org_id)
    creator = session.scalar(select(User).where(User.username == schedule.created_by))
    payload: dict[str, Any] = {"model": model.slug, "parameters": {}, "engine": "duckdb"}
    payload |= {"org": None if office is None else office.code, "as_of": None}
    payload |= {"schedule": schedule.id, "incremental": schedule.incremental}
    payload |= {"as_operator": schedule.as_operator, "dataset": dataset}
    job = Job(
        kind="run",
        status="queued",
        title=f"{title} {model.name}",
        subject=model.slug,
        payload=payload,
        created_by=schedule.created_by,
        org_id=None if creator is None else creator.org_id,
        created_at=utcnow(),
        progress={"stage": QUEUED_STAGE},
    )
    session.add(job)
    session.flush()
    session.execute(
        update(Schedule)
        .where(Schedule.id == schedule.id)
        .values(last_job_id=job.id, last_enqueued_at=job.created_at)
        .execution_options(synchronize_session=False)
    )
    return job.id
