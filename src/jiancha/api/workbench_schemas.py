"""Response shapes of the workbench (工作台, ``GET /api/workbench``), as OpenAPI publishes them.

Owns only these models; must not touch the shared ``schemas`` module or any route.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class StatusCount(BaseModel):
    status: str = Field(description="线索状态代码，如 assigned、verifying")
    label: str = Field(description="状态名称")
    count: int


class OverdueLead(BaseModel):
    lead_id: int
    title: str = Field(description="线索标题（已脱敏）")
    model: str = Field(description="模型编号")
    status: str
    label: str = Field(description="状态名称")
    kind: str = Field(description="逾期种类：verification（核查逾期）或 reply（整改反馈逾期）")
    kind_label: str
    assignee: str | None = Field(description="承办人")
    due_date: str = Field(description="期限届满日（北京时间）")
    days_overdue: int = Field(description="已逾期天数")


class RecentRun(BaseModel):
    run_id: int
    model: str = Field(description="模型编号")
    model_name: str
    started_at: str
    finished_at: str | None
    status: str = Field(description="running、succeeded 或 failed")
    status_label: str
    leads: int | None = Field(description="命中线索数")
    new: int | None = Field(description="新线索数")


class FunnelStage(BaseModel):
    stage: str = Field(description="new、verified、case、action、feedback、closed")
    label: str
    count: int = Field(description="已到达该阶段的线索数")


class Sections(BaseModel):
    """Which parts the user's role lets them see (the others are empty)."""

    leads: bool = Field(description="本人线索和逾期事项（须 leads.read）")
    runs: bool = Field(description="最近运行（须 models.read）")
    funnel: bool = Field(description="本院线索漏斗（须 leads.read 或 stats.read）")


class Limits(BaseModel):
    verify_days: int = Field(description="核查期限：分派后多少日内须核查完毕")
    reply_months: int = Field(description="整改回复期限：制发监督文书后多少个月内须收到反馈")


class Workbench(BaseModel):
    org: str | None = Field(description="所属检察院代码（无则为全部检察院）")
    org_name: str | None
    sections: Sections
    my_leads_by_status: list[StatusCount] = Field(description="分派给本人的线索，按状态")
    my_leads_total: int
    overdue: list[OverdueLead] = Field(
        description="逾期事项，逾期最久的在前（最多 overdue_size 条）"
    )
    overdue_total: int
    overdue_scope: str = Field(
        description="mine：分派给本人的；office：本院及下级院的（有分派权限者）"
    )
    recent_runs: list[RecentRun]
    funnel: list[FunnelStage]
    limits: Limits
