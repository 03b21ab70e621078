"""Request and response shapes of schedules (定时运行) in the API: ``ScheduleForm`` (make one)
and ``ScheduleOut``. Must not touch: what schedules do (``jiancha.jobs.schedules``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, Field

from jiancha.api.schemas import MAX_ID, Form

ScheduleId = Annotated[int, Path(ge=1, le=MAX_ID, description="定时运行编号")]


class ScheduleForm(Form):
    """Run an adoption by itself: at the times of a cron expression, and/or each time a dataset
    bound to one of its inputs gets a new version (即时). At least one of the two."""

    model: str = Field(max_length=80, description="模型编号")
    cron: str | None = Field(
        default=None,
        max_length=200,
        description="定时表达式，5 段：分 时 日 月 周，如 `0 2 * * *`（每天 2:00）",
    )
    timezone: str = Field(default="Asia/Shanghai", max_length=64, description="时区")
    on_new_version: bool = Field(default=False, description="输入数据集有新版本时即时运行")
    incremental: bool = Field(default=False, description="增量运行（只处理新增的数据）")


class ScheduleOut(BaseModel):
    id: int
    model: str = Field(description="模型编号")
    model_name: str = Field(description="模型名称")
    office: str | None = Field(description="采用该模型的检察院代码")
    office_name: str | None = Field(description="采用该模型的检察院名称")
    cron: str | None = Field(description="定时表达式；空则只在数据更新时运行")
    timezone: str
    on_new_version: bool = Field(description="输入数据集有新版本时即时运行")
    incremental: bool
    enabled: bool
    next_run_at: str | None = Field(description="下次定时运行（北京时间）")
    last_enqueued_at: str | None = Field(description="最近一次排队运行的时间（北京时间）")
    last_job_id: int | None = Field(description="最近一次排队的后台任务编号")
    created_by: str = Field(description="创建人（运行以其身份进行）")
    created_at: str | None
