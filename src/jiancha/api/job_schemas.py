"""Request and response shapes of background jobs (后台任务) in the API: ``JobOut`` and its
page, and the body that queues a run. Must not touch: what jobs do (``jiancha.jobs``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, Field, StrictBool, StrictFloat, StrictInt, field_validator

from jiancha.api.schemas import MAX_ID, Form

JobId = Annotated[int, Path(ge=1, le=MAX_ID, description="后台任务编号")]
Text = Annotated[str, Field(max_length=200)]
ParameterValue = Text | StrictBool | StrictInt | StrictFloat | list[Text]


class JobRunForm(Form):
    """Queue a run of an installed model: parameters are checked now (422 naming the one at
    fault) and bound as typed values when the run starts, never as SQL."""

    model: str = Field(max_length=80, description="模型编号")
    parameters: dict[Annotated[str, Field(max_length=64)], ParameterValue] = Field(
        default_factory=dict, description="参数：名称 → 值（按参数类型解析）"
    )
    engine: str = Field(default="duckdb", pattern="^(duckdb|spark)$", description="duckdb 或 spark")
    as_of: dt.date | None = Field(default=None, description="运行日期（默认运行当天）")

    @field_validator("parameters", mode="after")
    @classmethod
    def _no_nul_inside(cls, value: dict[str, Any]) -> dict[str, Any]:
        texts = [*value, *(v for v in value.values() if isinstance(v, str))]
        texts += [x for v in value.values() if isinstance(v, list) for x in v]
        if any("\x00" in text for text in texts):
            raise ValueError("不能包含空字符（\\x00）")
        return value


class JobProgress(BaseModel):
    stage: str | None = Field(description="当前阶段，如「标准化」「写入线索」")
    rows_read: int = Field(description="已读取的行数")
    steps_done: int = Field(description="已完成的模型步骤数")
    steps_total: int = Field(description="模型步骤总数")
    leads_written: int = Field(description="已写入的线索数")
    fraction: float | None = Field(description="完成比例 0–1；无法估计时为空")


class JobOut(BaseModel):
    id: int
    kind: str = Field(description="import（导入）或 run（运行模型）")
    status: str = Field(description="queued、running、succeeded、failed 或 cancelled")
    status_label: str = Field(description="排队中、运行中、已完成、失败或已取消")
    title: str = Field(description="任务名称，如「导入 判决书.csv 为 判决」")
    subject: str = Field(description="数据集名称或模型编号")
    created_by: str = Field(description="提交人")
    office: str | None = Field(description="提交人所属检察院代码")
    office_name: str | None = Field(default=None, description="提交人所属检察院名称")
    created_at: str | None = Field(description="提交时间（北京时间）")
    started_at: str | None = Field(description="开始时间（北京时间）")
    finished_at: str | None = Field(description="结束时间（北京时间）")
    progress: JobProgress
    result: dict[str, Any] | None = Field(
        description="导入：dataset、version、rows、rejected、invalid…；"
        "运行：run_id、leads、new、seen_again、no_longer_hit"
    )
    error: str | None = Field(description="失败原因（中文，指出出错的行或值）")
    error_detail: str | None = Field(default=None, description="原始错误（仅系统管理员可见）")
    attempts: int = Field(default=0, description="已被执行器领取的次数（中断后重新排队时增加）")
    cancel_requested: bool = Field(default=False, description="已要求取消（运行中的任务将停止）")
    cancellable: bool = Field(default=False, description="当前用户可否取消此任务")
    heartbeat_at: str | None = Field(default=None, description="执行器最近一次心跳（北京时间）")


class JobPage(BaseModel):
    items: list[JobOut]
    total: int
    page: int
    size: int
