"""Roles and what each may do: the permission table, written down as data.

A user has one role and (usually) one office. The role says *what* they may do; the office says
*where*: a user with an office sees and handles only the leads of that office's subtree (itself
and every office below it), and a lead outside it is answered as if it did not exist. A user
without an office (an installation's first administrator, accounts made before offices) is not
limited to a subtree.

The roles and their intent:

``admin`` 系统管理员
    Runs the installation: manages users and offices, and may do everything the other roles may
    (so that one account can set up and try the whole platform).
``data_admin`` 数据管理员
    Imports datasets into the catalogue and keeps them; reads the catalogue, the models and the
    office tree. Does not see leads.
``modeller`` 建模人员
    Installs and runs supervision models; a run needs an active grant for every input dataset
    (数据申请 approved by a leader of the office that owns it); reads statistics to judge its
    models. Does not see or handle leads (they name people).
``prosecutor`` 检察官
    Reads and handles the leads of its office's subtree: moves them through the workflow, issues
    actions, records feedback, comments, attaches files and drafts documents; exports lead
    lists; asks for the data behind a lead unmasked (数据申请).
``leader`` 院领导/部门负责人
    A prosecutor who also reviews and approves: assigns leads, refers them to other offices,
    accepts or declines referrals sent to its office, and approves or refuses requests to use
    its office's datasets (never its own requests).
``auditor`` 审计员
    Reads the audit trail and the statistics; cannot read or handle leads.

Permission codes:

- ``datasets.read`` / ``datasets.import``: the catalogue, and importing into it;
- ``datasets.request``: asking to use a dataset (数据申请); ``access.decide``: approving or
  refusing such requests for the datasets of one's own office, and revoking the grants;
- ``models.read`` / ``models.install`` / ``models.run``: installed models, their SQL and runs;
- ``leads.read``: lists, details, history, records, attachments of leads;
- ``leads.export``: exporting lead lists to CSV or Excel;
- ``leads.handle``: moves, actions, feedback, comments, attachments and drafts on a lead;
- ``leads.assign``, ``leads.refer``, ``referrals.decide``: assignment and referral (移送);
- ``stats.read``: effectiveness statistics and the model ledgers;
- ``orgs.read``: the office tree; ``users.manage``: accounts, API tokens, security alerts and
  lifting a circuit breaker;
- ``audit.read``: the audit trail (留痕);
- ``leads.approve``: a leader's approval (审批) that a ``medium`` or ``high`` model's lead may
  become a case;
- ``models.submit``: submitting a model to the marketplace (征集); ``market.check_data``,
  ``market.review_rules``, ``market.validate``, ``market.publish``: the four review steps
  (数据核查, 规则研判, 异地验证, 冠名上架);
- ``campaigns.manage``: starting and stopping a campaign (专项).
"""

from __future__ import annotations

from typing import Protocol

from jiancha.errors import Forbidden, JianchaError

ROLES: dict[str, str] = {
    "admin": "系统管理员",
    "data_admin": "数据管理员",
    "modeller": "建模人员",
    "prosecutor": "检察官",
    "leader": "院领导/部门负责人",
    "auditor": "审计员",
}

PERMISSION_LABELS: dict[str, str] = {
    "datasets.read": "查看数据资源目录",
    "datasets.import": "导入数据",
    "datasets.request": "申请使用数据",
    "access.decide": "审批数据申请",
    "models.read": "查看监督模型和运行记录",
    "models.install": "安装监督模型",
    "models.run": "运行监督模型",
    "leads.read": "查看线索",
    "leads.export": "导出线索",
    "leads.handle": "办理线索（流转、文书、反馈、评论、附件、起草）",
    "leads.assign": "分派线索",
    "leads.refer": "移送线索",
    "referrals.decide": "接收或退回移送的线索",
    "stats.read": "查看效能统计",
    "orgs.read": "查看检察院列表",
    "users.manage": "管理用户",
    "audit.read": "查看审计记录",
    "leads.approve": "审批线索成案（中、高风险模型）",
    "models.submit": "提交模型上架（征集）",
    "market.check_data": "上架审查：数据核查",
    "market.review_rules": "上架审查：规则研判",
    "market.validate": "上架审查：异地验证",
    "market.publish": "上架审查：冠名上架",
    "campaigns.manage": "发起和停止专项监督活动",
}

_PROSECUTOR = frozenset(
    {
        "datasets.read",
        "datasets.request",
        "models.read",
        "leads.read",
        "leads.export",
        "leads.handle",
        "stats.read",
        "orgs.read",
    }
)

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(PERMISSION_LABELS),
    "data_admin": frozenset(
        {"datasets.read", "datasets.import", "models.read", "orgs.read", "market.check_data"}
    ),
    "modeller": frozenset(
        {
            "datasets.read",
            "datasets.request",
            "models.read",
            "models.install",
            "models.run",
            "models.submit",
            "stats.read",
            "orgs.read",
        }
    ),
    "prosecutor": _PROSECUTOR,
    "leader": _PROSECUTOR
    | {
        "leads.assign",
        "leads.refer",
        "referrals.decide",
        "access.decide",
        "leads.approve",
        "market.review_rules",
        "market.validate",
        "market.publish",
        "campaigns.manage",
    },
    "auditor": frozenset({"audit.read", "stats.read", "orgs.read"}),
}


class HasRole(Protocol):
    @property
    def role(self) -> str: ...


def check_role(role: str) -> str:
    """``role`` if it is one of ``ROLES``, else a refusal listing them."""
    if role not in ROLES:
        known = "、".join(f"{k}（{v}）" for k, v in ROLES.items())
        raise JianchaError(f"没有“{role}”这种角色", hint=f"可用角色：{known}")
    return role


def allowed(user: HasRole, permission: str) -> bool:
    """Whether ``user``'s role grants ``permission`` (an unknown role grants nothing)."""
    if permission not in PERMISSION_LABELS:
        raise ValueError(f"unknown permission {permission!r}")
    return permission in PERMISSIONS.get(user.role, frozenset())


def require(user: HasRole, permission: str) -> None:
    """Refuse (``Forbidden``) unless ``user``'s role grants ``permission``."""
    if not allowed(user, permission):
        role = ROLES.get(user.role, user.role)
        raise Forbidden(
            f"无权{PERMISSION_LABELS[permission]}（当前角色：{role}）",
            hint="如需此权限，请联系系统管理员调整角色",
        )
