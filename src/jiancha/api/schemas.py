"""Request bodies and response shapes of the API, as the OpenAPI document publishes them.

Every body derives from ``Form``, which refuses text holding NUL (``\\x00``): PostgreSQL cannot
store it, and no field of ours has a use for it. Ids are ``INTEGER`` columns, so an id beyond
``MAX_ID`` is refused before it reaches the store (SQLite and PostgreSQL would fail on it), and
lengths and numbers are bounded by their columns.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from jiancha import identifiers
from jiancha.identifiers.base import Invalid

MAX_ID = 2**31 - 1
MAX_COUNT = 2**31 - 1
MAX_AMOUNT = Decimal("9999999999999999.99")  # NUMERIC(18, 2), yuan

LeadId = Annotated[int, Path(ge=1, le=MAX_ID, description="线索编号")]
ActionId = Annotated[int, Path(ge=1, le=MAX_ID, description="监督文书编号")]
AttachmentId = Annotated[int, Path(ge=1, le=MAX_ID, description="附件编号")]
ReferralId = Annotated[int, Path(ge=1, le=MAX_ID, description="移送记录编号")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
_MONEY = identifiers.get("money")


def _money(value: Any) -> Any:
    """Money written as the command line takes it (``1.5万元``, ``人民币五千元``, ``12,345.50``,
    ``¥1,234.50``) read as yuan; a JSON number as it is. Unreadable text: 422 naming the field."""
    if not isinstance(value, str):
        return value
    try:
        return _MONEY.clean(value)
    except Invalid:
        shown = value[:40]
        raise ValueError(f"不是可识别的金额：“{shown}”（可写 5000、12,345.50、1.5万元）") from None


Money = Annotated[Decimal, BeforeValidator(_money)]
"""An amount of yuan: a JSON number, or text in any form the money type reads."""


class Form(BaseModel):
    """A request body whose text fields may not hold NUL."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("不能包含空字符（\\x00）")
        return value


class LoginForm(Form):
    username: str = Field(max_length=200, description="用户名")
    password: str = Field(max_length=1000, description="密码")


class ActionForm(Form):
    """A supervision action issued on a lead (检察建议、纠正违法通知书 …)."""

    kind: str = Field(max_length=32, description="措施种类，如 suggestion、correction_notice")
    document_no: str = Field(max_length=100, description="文书编号")
    issued_on: dt.date = Field(description="制发日期")
    receiver: str = Field(max_length=200, description="接收单位")
    content: str = Field(default="", description="主要内容")


class FeedbackForm(Form):
    """What the receiving body reported back (整改反馈) and what it achieved."""

    received_on: dt.date = Field(description="收到反馈的日期")
    outcome: str = Field(max_length=16, description="rectified、partially、in_progress 或 refused")
    content: str = Field(description="反馈内容")
    recovered_amount: Money = Field(
        default=Decimal("0"),
        ge=0,
        le=MAX_AMOUNT,
        description="挽回经济损失（元）：数字，或与命令行相同的写法，如 12,345.50、1.5万元",
    )
    persons_affected: int = Field(default=0, ge=0, le=MAX_COUNT, description="涉及人数")
    rules_made: int = Field(default=0, ge=0, le=MAX_COUNT, description="建章立制数")


class CommentForm(Form):
    text: str = Field(max_length=10_000, description="评论内容（最多 10,000 个字符）")


class MoveForm(Form):
    """A workflow step: the state to go to, and what the person gives for it."""

    to: str = Field(max_length=24, description="目标状态，如 assigned、verifying、confirmed")
    note: str = Field(default="", description="说明")
    reason: str | None = Field(default=None, max_length=32, description="核查不属实的原因代码")
    assignee: str | None = Field(default=None, max_length=64, description="分派给谁")


class Health(BaseModel):
    status: str
    version: str


class UserOut(BaseModel):
    username: str
    display_name: str
    role: str = Field(
        default="", description="角色：admin、data_admin、modeller、prosecutor、leader、auditor"
    )
    role_label: str = Field(default="", description="角色名称")
    org: str | None = Field(default=None, description="所属检察院代码（无则不限范围）")
    org_name: str | None = Field(default=None, description="所属检察院名称")
    must_change_password: bool = Field(default=False, description="是否须先修改初始密码")
    roles: list[str] = Field(
        default_factory=list, description="角色列表（每个用户目前只有一个角色，同 role）"
    )
    role_labels: list[str] = Field(default_factory=list, description="角色的中文名称")
    permissions: list[str] = Field(
        default_factory=list,
        description="角色给予的全部权限代码（如 leads.read、users.manage；见 GET /api/roles），"
        "控制台据此显示菜单",
    )
    lines: list[str] = Field(default_factory=list, description="业务条线（空：不限条线）")


class PasswordForm(Form):
    """Change one's own password: the old one and the new one."""

    old: str = Field(max_length=1000, description="原密码")
    new: str = Field(
        max_length=1000, description="新密码（至少 10 位，含大写、小写、数字、符号中的三类）"
    )


class SessionOut(BaseModel):
    token: str = Field(description="访问令牌，放在请求头 Authorization: Bearer 之后")
    expires_at: str = Field(description="过期时间（ISO 8601）")
    user: UserOut
    csrf_token: str | None = Field(
        default=None,
        description="防跨站请求伪造令牌（同 Cookie jiancha_csrf）：凭 Cookie 登录时，修改数据的"
        "请求须在请求头 X-CSRF-Token 中带上它；凭 Authorization 请求头时不需要（可能为空）",
    )


class Ok(BaseModel):
    ok: bool


class ModelSql(BaseModel):
    model: str
    engine: str
    sql: str


COUNT_LIMIT = 1_000
"""The most leads the lead list counts for a title search (the tallies count every other filter
of it at once, exactly): past it the total says "more than" (``LeadPage.total_exact``), as
code-hosting sites' searches do; the pages past it are for a narrower search."""


class LeadPage(BaseModel):
    total: int = Field(description="符合条件的线索总数（total_exact 为 false 时为“至少”）")
    total_exact: bool = Field(
        default=True,
        description=f"总数是否精确：标题检索的结果超过 {COUNT_LIMIT:,} 条时只计到 "
        f"{COUNT_LIMIT:,}（total 为 {COUNT_LIMIT:,}），请缩小检索范围",
    )
    page: int
    size: int
    items: list[dict[str, Any]] = Field(description="本页线索（已脱敏）")

    @classmethod
    def counted(
        cls, total: int, exact: bool, limit: int, page: int, size: int, items: list[Any]
    ) -> LeadPage:
        """The page of a list counted up to ``limit`` (``LeadFilter.count_limit``)."""
        shown = total if exact else min(total, limit)
        return cls(total=shown, total_exact=exact, page=page, size=size, items=items)


class EventOut(BaseModel):
    """One entry of a lead's history: a workflow step (who moved it, when, from which state to
    which, and why) or a sign-off (``kind`` ``signoff``: 审批 or 复核, its opinion in ``note``)."""

    model_config = ConfigDict(populate_by_name=True)

    id: int
    lead_id: int
    from_: str = Field(alias="from")
    to: str
    to_label: str
    user: str
    at: str
    reason: str | None
    reason_label: str | None
    assignee: str | None
    note: str
    kind: str = Field(default="move", description="move（流转）或 signoff（审批、复核）")
    signoff: str | None = Field(
        default=None, description="签署的种类：approval（院领导审批）、second_verification（复核）"
    )


class SignoffForm(Form):
    """A sign-off a risk grade asks before a case is opened: 审批 or 复核, with an opinion."""

    kind: str = Field(
        max_length=24, description="approval（院领导审批）或 second_verification（第二人核查）"
    )
    opinion: str = Field(max_length=10_000, description="意见（必填）")


class SignoffOut(BaseModel):
    id: int
    lead_id: int
    kind: str
    label: str
    user: str
    at: str
    opinion: str
    signoffs: dict[str, Any] = Field(
        description="签署后线索的签署情况：风险等级、须有的签署（required）、已有（done）、尚缺（missing）"
    )


class CommentOut(BaseModel):
    id: int
    user: str
    at: str
    text: str


class AttachmentOut(BaseModel):
    id: int
    filename: str
    size: int = Field(description="字节数")
    sha256: str


class FeedbackOut(BaseModel):
    id: int
    action_id: int
    received_on: str
    outcome: str
    outcome_label: str
    content: str
    recovered_amount: str = Field(description="挽回经济损失（元，两位小数）")
    persons_affected: int
    rules_made: int


class ActionOut(BaseModel):
    id: int
    lead_id: int
    kind: str
    kind_label: str
    document_no: str
    issued_on: str
    receiver: str
    content: str
    created_by: str
    feedback: list[FeedbackOut]


class RecordsOut(BaseModel):
    actions: list[ActionOut]
    comments: list[CommentOut]
    attachments: list[AttachmentOut]
