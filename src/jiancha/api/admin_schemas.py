"""Request bodies and response shapes of account administration (``admin_routes``).

Owns only these models; must not touch the shared ``schemas`` module or any route.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from jiancha.api.schemas import Form


class Breaker(BaseModel):
    tripped: bool = Field(description="数据访问是否已熔断")
    since: str | None = Field(description="熔断时间")
    reason: str | None = Field(description="熔断原因")
    limit_evidence_reads: int = Field(description="每小时查看证据上限（条）")
    limit_exported_rows: int = Field(description="每小时导出上限（行）")


class Account(BaseModel):
    username: str
    display_name: str
    roles: list[str] = Field(description="角色代码（目前每个用户一个）")
    role_labels: list[str]
    office: str | None = Field(description="所属检察院代码（无则不限范围）")
    office_name: str | None
    lines: list[str] = Field(description="业务条线（空：不限条线）")
    active: bool = Field(description="是否启用")
    locked: bool = Field(description="是否因多次密码错误被锁定")
    must_change_password: bool
    breaker: Breaker
    created_at: str | None
    last_login: str | None = Field(description="最近一次成功登录（来自留痕）")


class AccountPage(BaseModel):
    total: int
    page: int
    size: int
    items: list[Account]


class NewAccount(Form):
    username: str = Field(min_length=2, max_length=64, description="用户名（字母、数字或 _ . -）")
    display_name: str = Field(default="", max_length=200, description="姓名")
    roles: list[str] = Field(min_length=1, max_length=1, description="角色代码，目前只能一个")
    office: str | None = Field(default=None, max_length=200, description="所属检察院代码或名称")
    password: str | None = Field(
        default=None,
        max_length=1000,
        description="初始密码（不给则生成随机密码，只在本次答复中出现一次）；首次登录须修改",
    )
    lines: list[str] = Field(default_factory=list, max_length=10, description="业务条线")


class CreatedAccount(BaseModel):
    username: str
    display_name: str
    roles: list[str]
    role_labels: list[str]
    office: str | None
    lines: list[str]
    must_change_password: bool
    password: str | None = Field(
        default=None, description="生成的初始密码，只显示这一次（给出了密码时为空）"
    )


class RolesForm(Form):
    roles: list[str] = Field(min_length=1, max_length=1, description="新角色代码，目前只能一个")
    office: str | None = Field(
        default=None, max_length=200, description="新的所属检察院代码或名称（不给则不变）"
    )
    lines: list[str] | None = Field(
        default=None, max_length=10, description="新的业务条线（不给则不变；空列表为不限）"
    )


class RoleChanged(BaseModel):
    username: str
    roles: list[str]
    role_labels: list[str]
    office: str | None
    office_name: str | None
    lines: list[str]


class RoleOut(BaseModel):
    name: str = Field(description="角色代码")
    label: str = Field(description="角色名称")
    description: str
    permissions: list[str] = Field(description="权限代码")
    permission_labels: list[str] = Field(description="权限说明，与 permissions 一一对应")
