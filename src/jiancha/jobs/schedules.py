"""Schedules (定时运行) of an adoption: made, listed and removed, each change audited
(``schedule_create``, ``schedule_delete``) in the transaction that makes it.

A schedule runs its adoption as its creator — at the times of a cron expression (``cron``) and/or
each time a dataset bound to one of its inputs gets a new version (``on_new_version``, 即时) —
by queueing ``run`` jobs (``scheduler``). Making one needs the run permission (``models.run``);
the grants are checked when each run starts, as for any run job. A user sees the schedules they
made and those of the adoptions of their offices, if they may read models; the creator, an
administrator of the adoption's office or the workspace's operator may remove one.
Must not touch: the queue (``scheduler`` queues the runs).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from jiancha.catalogue.importer import current_user
from jiancha.errors import Forbidden, JianchaError, NotFound
from jiancha.governance import audit
from jiancha.governance.breaker import refuse_if_suspended
from jiancha.governance.roles import allowed, require
from jiancha.jobs.cron import DEFAULT_TIMEZONE, check_cron, check_timezone, next_firing
from jiancha.jobs.views import china, scope_of
from jiancha.runs import installed
from jiancha.store import Org, Store, SupervisionModel, User
from jiancha.store.models import Schedule, utcnow


def create_schedule(
    store: Store,
    viewer: User | None,
    slug: str,
    *,
    cron: str | None = None,
    on_new_version: bool = False,
    incremental: bool = False,
    org: str | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> dict[str, Any]:
    """Schedule ``org``'s adoption of ``slug`` (else the only one, else the viewer's office's)
    for ``viewer`` (None: the workspace's operator); the schedule as listed."""
    if viewer is not None:
        require(viewer, "models.run")
        refuse_if_suspended(viewer)
    if not cron and not on_new_version:
        raise JianchaError(
            "请指定定时表达式（--cron）或数据更新时运行（--on-new-version），至少一项",
        )
    cron = check_cron(cron) if cron else None
    check_timezone(timezone)
    model, _ = installed(store, slug, org, prefer=None if viewer is None else viewer.org_id)
    now = utcnow()
    with store.session() as session:
        schedule = Schedule(
            model_id=model.id,
            cron=cron,
            timezone=timezone,
            on_new_version=on_new_version,
            incremental=incremental,
            enabled=True,
            next_run_at=None if cron is None else next_firing(cron, timezone, now),
            created_by=viewer.username if viewer is not None else _operator(),
            as_operator=viewer is None,
            created_at=now,
        )
        session.add(schedule)
        session.flush()
        shown = schedule_out(session, schedule, model)
        audit.record(
            session,
            actor=schedule.created_by,
            action="schedule_create",
            object_type="schedule",
            object_id=schedule.id,
            detail={k: shown[k] for k in ("model", "office", "cron", "on_new_version")},
        )
        return shown


def delete_schedule(store: Store, viewer: User | None, schedule_id: int) -> dict[str, Any]:
    """Remove a schedule the viewer may remove; the schedule as it was."""
    with store.session() as session:
        found = _visible(session, viewer).where(Schedule.id == schedule_id)
        row = session.execute(found).first()
        if row is None:
            raise NotFound(f"没有编号为 {schedule_id} 的定时运行")
        schedule, model = row
        scope = scope_of(session, viewer)
        mine = viewer is None or schedule.created_by == viewer.username
        admin = viewer is not None and viewer.role == "admin"
        if not mine and not (admin and (scope is None or model.org_id in scope)):
            raise Forbidden(f"只有定时运行 #{schedule_id} 的创建人或本院系统管理员可以删除它")
        shown = schedule_out(session, schedule, model)
        session.delete(schedule)
        audit.record(
            session,
            actor=viewer.username if viewer is not None else _operator(),
            action="schedule_delete",
            object_type="schedule",
            object_id=schedule_id,
            detail={k: shown[k] for k in ("model", "office", "cron", "created_by")},
        )
        return shown


def list_schedules(store: Store, viewer: User | None) -> list[dict[str, Any]]:
    """The schedules ``viewer`` may see, oldest first."""
    with store.session() as session:
        rows = session.execute(_visible(session, viewer).order_by(Schedule.id)).all()
        return [schedule_out(session, schedule, model) for schedule, model in rows]


def _visible(session: Session, viewer: User | None) -> Any:
    query = select(Schedule, SupervisionModel).join(
        SupervisionModel, SupervisionModel.id == Schedule.model_id
    )
    if viewer is None:
        return query
    own = Schedule.created_by == viewer.username
    if not (viewer.role == "auditor" or allowed(viewer, "models.read")):
        return query.where(own)
    scope = scope_of(session, viewer)
    return query if scope is None else query.where(or_(own, SupervisionModel.org_id.in_(scope)))


def schedule_out(session: Session, schedule: Schedule, model: SupervisionModel) -> dict[str, Any]:
    """The ``ScheduleOut`` shape: times in China time."""
    office = None if model.org_id is None else session.get(Org, model.org_id)
    return {
        "id": schedule.id,
        "model": model.slug,
        "model_name": model.name,
        "office": None if office is None else office.code,
        "office_name": None if office is None else office.name,
        "cron": schedule.cron,
        "timezone": schedule.timezone,
        "on_new_version": schedule.on_new_version,
        "incremental": schedule.incremental,
        "enabled": schedule.enabled,
        "next_run_at": china(schedule.next_run_at),
        "last_enqueued_at": china(schedule.last_enqueued_at),
        "last_job_id": schedule.last_job_id,
        "created_by": schedule.created_by,
        "created_at": china(schedule.created_at),
    }


def _operator() -> str:
    origin = audit.current_origin()
    return (origin.actor if origin is not None else None) or current_user()
