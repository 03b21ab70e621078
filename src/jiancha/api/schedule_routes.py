"""Routes of schedules (定时运行): list the schedules a user may see, make one for an adoption
(its runs are queued as background jobs by the workers, as the creator), remove one.

Must not touch: queueing the runs (``jiancha.jobs.scheduler``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from jiancha.api.errors import PRIVATE_ERRORS
from jiancha.api.permissions import permission
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.schedule_schemas import ScheduleForm, ScheduleId, ScheduleOut
from jiancha.api.scope import AdoptingOrg, visible_orgs
from jiancha.governance import audit
from jiancha.jobs.schedules import create_schedule, delete_schedule, list_schedules
from jiancha.runs import show_model

router = APIRouter(
    prefix="/api/schedules",
    dependencies=[Depends(current_user)],
    responses=PRIVATE_ERRORS,
    tags=["定时运行"],
)


@router.get(
    "",
    summary="定时运行列表",
    description="本人创建的，以及本院及下级院采用的模型的定时运行（须可查看模型）。",
)
def list_(store: StoreDep, user: UserDep) -> list[ScheduleOut]:
    found = list_schedules(store, user)
    audit.note(rows=len(found))
    return [ScheduleOut.model_validate(s) for s in found]


@router.post(
    "",
    status_code=201,
    summary="创建定时运行",
    description="按定时表达式（cron，5 段：分 时 日 月 周，按 timezone 解释，默认北京时间）和/或"
    "在输入数据集有新版本时（on_new_version，即时），由后台任务以创建人身份运行模型；"
    "每次运行时检查创建人的数据授权。表达式无效返回 400 并指出该表达式。须有运行模型的权限。",
    dependencies=[permission("models.run")],
)
def create(
    form: ScheduleForm, store: StoreDep, user: UserDep, org: AdoptingOrg = None
) -> ScheduleOut:
    found = show_model(store, form.model, visible_orgs(store, user), org, user.org_id)  # 404
    made = create_schedule(
        store,
        user,
        form.model,
        cron=form.cron,
        on_new_version=form.on_new_version,
        incremental=form.incremental,
        org=found["org"],
        timezone=form.timezone,
    )
    return ScheduleOut.model_validate(made)


@router.delete(
    "/{schedule_id}",
    summary="删除定时运行",
    description="只有创建人或该模型所在院（及上级院）的系统管理员可以删除；看不到的返回 404。",
)
def remove(schedule_id: ScheduleId, store: StoreDep, user: UserDep) -> ScheduleOut:
    return ScheduleOut.model_validate(delete_schedule(store, user, schedule_id))
