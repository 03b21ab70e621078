"""Request bodies of data-access approval (数据申请), runs started over the API and specs sent
for checking; responses are the plain dicts of ``jiancha.governance.access``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Path
from pydantic import Field

from jiancha.api.schemas import MAX_ID, Form

RequestId = Annotated[int, Path(ge=1, le=MAX_ID, description="数据申请编号")]
GrantId = Annotated[int, Path(ge=1, le=MAX_ID, description="数据使用授权编号")]
RunId = Annotated[int, Path(ge=1, le=MAX_ID, description="运行编号")]


class AccessRequestForm(Form):
    """数据申请: which dataset, for what, over which days, and whether unmasked values are
    needed."""

    dataset: str = Field(max_length=200, description="数据集名称")
    purpose: str = Field(max_length=2000, description="用途（所办案件、所建模型等），至少 4 个字")
    starts_on: dt.date = Field(description="使用期限开始日")
    ends_on: dt.date = Field(description="使用期限结束日（含当日），最长一年")
    unmask: bool = Field(default=False, description="是否需要查看未脱敏的个人信息")
    model: str | None = Field(
        default=None,
        max_length=80,
        description="用途为某一模型时该模型的编号（高风险模型的运行和采用须有写明该模型的授权）",
    )


class DecisionForm(Form):
    reason: str = Field(default="", max_length=2000, description="理由（驳回时必填）")


class RunForm(Form):
    """Start a run of an installed model: parameters are typed values, never SQL."""

    engine: str = Field(default="duckdb", pattern="^(duckdb|spark)$", description="duckdb 或 spark")
    params: dict[Annotated[str, Field(max_length=64)], Annotated[str, Field(max_length=200)]] = (
        Field(default_factory=dict, description="参数：名称 → 值（按参数类型解析）")
    )
    as_of: dt.date | None = Field(default=None, description="运行日期（默认今天）")


class SpecForm(Form):
    spec: str = Field(max_length=200_000, description="模型 YAML 全文")


class LimitsForm(Form):
    evidence_reads: int | None = Field(
        default=None, ge=1, le=10_000_000, description="每小时查看证据上限（空：默认值）"
    )
    exported_rows: int | None = Field(
        default=None, ge=1, le=100_000_000, description="每小时导出行数上限（空：默认值）"
    )
