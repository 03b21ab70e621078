"""Accounts managed by a signed-in administrator: creating them and changing their role/office.

The command line (``jiancha user add``) is the local operator's and checks nothing beyond the
account itself; an administrator acting over the API is one person among others, so here:

* a role may be given only if every permission it grants is one the acting administrator
  holds (no one hands out more than they have);
* an administrator with an office manages only the accounts of that office's subtree: a new
  account must be given an office inside it (never none, which would see every office), and an
  account outside it is answered as if it did not exist;
* no one changes their own role or office (another administrator must);
* an account has one role (``User.role``): ``roles`` is a list of exactly one, so that the API
  can grow to several roles without changing shape.

Owns these rules and the changes they guard (each audited in the same transaction). Must not
touch sessions, passwords of existing accounts or the circuit breaker (``accounts``,
``breaker``).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import Forbidden, JianchaError, NotFound
from jiancha.governance import audit
from jiancha.governance.accounts import check_lines, check_password, create_user
from jiancha.governance.orgs import find_org, subtree_ids
from jiancha.governance.roles import PERMISSION_LABELS, PERMISSIONS, ROLES, check_role
from jiancha.store import Org, Store, User

ROLE_DESCRIPTIONS = {
    "admin": "管理本系统：用户、检察院和熔断；可做其他各角色能做的一切。",
    "data_admin": "导入和维护数据资源目录；可查看模型和检察院，不接触线索。",
    "modeller": "安装、运行监督模型（须经数据申请获批），查看效能统计；不接触线索。",
    "prosecutor": "查看、办理本院及下级院的线索：流转、制发文书、登记反馈、评论、附件、起草、导出，"
    "可申请使用数据。",
    "leader": "检察官的全部权限，另可分派、移送线索，接收或退回移送来的线索，"
    "审批本院数据的使用申请。",
    "auditor": "查看留痕和效能统计；不能查看或办理线索。",
}


def roles_table() -> list[dict[str, Any]]:
    """Every role with its Chinese name, what it is for and the permissions it grants (in the
    order of ``PERMISSION_LABELS``)."""
    return [
        {
            "name": role,
            "label": label,
            "description": ROLE_DESCRIPTIONS.get(role, ""),
            "permissions": [p for p in PERMISSION_LABELS if p in PERMISSIONS[role]],
            "permission_labels": [
                v for p, v in PERMISSION_LABELS.items() if p in PERMISSIONS[role]
            ],
        }
        for role, label in ROLES.items()
    ]


def strong_password() -> str:
    """A random initial password that meets the password policy (shown once)."""
    while True:
        chosen = secrets.token_urlsafe(12)
        try:
            check_password(chosen, "")
        except JianchaError:
            continue
        return chosen


def one_role(roles: Sequence[str]) -> str:
    """The single role of ``roles``, checked; refused unless exactly one is given."""
    if len(roles) != 1:
        raise JianchaError(
            f"每个用户只能有一个角色（给出了 {len(roles)} 个）",
            hint="可用角色：" + "、".join(f"{k}（{v}）" for k, v in ROLES.items()),
        )
    return check_role(roles[0])


def check_grantable(actor: User, role: str) -> None:
    """Refuse (403) a role granting a permission the acting administrator does not hold."""
    beyond = PERMISSIONS[role] - PERMISSIONS.get(actor.role, frozenset())
    if beyond:
        raise Forbidden(
            f"无权授予“{ROLES[role]}”角色：它含有您没有的权限（{'、'.join(sorted(beyond))}）",
            hint="请由拥有这些权限的系统管理员授予",
        )


def _managed(session: Session, actor: User) -> list[int] | None:
    """The offices whose accounts ``actor`` manages; None: every office."""
    if actor.org_id is None:
        return None
    own = session.get(Org, actor.org_id)
    return None if own is None else subtree_ids(session, own)


def _office(session: Session, actor: User, office: str | None) -> Org | None:
    """The office a new or changed account gets, which must be within the actor's reach."""
    managed = _managed(session, actor)
    if office is None:
        if managed is not None:
            raise Forbidden("须指定所属检察院", hint="只能为本院及下级院新增或调整账号")
        return None
    found = find_org(session, office)
    if managed is not None and found.id not in managed:
        raise Forbidden(f"无权管理“{found.name}”的账号", hint="只能管理本院及下级院的账号")
    return found


def managed_user(session: Session, actor: User, username: str) -> User:
    """The account ``username`` if ``actor`` manages it; else 404, as if it did not exist."""
    user = session.scalar(select(User).where(User.username == username))
    managed = _managed(session, actor)
    if user is None or (managed is not None and user.org_id not in managed):
        raise NotFound(f"用户“{username}”不存在")
    return user


def add_account(
    store: Store,
    actor: User,
    *,
    username: str,
    display_name: str,
    roles: Sequence[str],
    office: str | None,
    password: str | None,
    lines: Sequence[str] = (),
) -> dict[str, Any]:
    """A new account made by ``actor`` (audited as ``user_add``), who must change the password
    at first sign-in; ``password`` (the generated one when none was given) is in the answer only
    when it was generated."""
    role = one_role(roles)
    check_grantable(actor, role)
    with store.session() as session:
        org = _office(session, actor, office)
        code = None if org is None else org.code
    chosen = password or strong_password()
    user = create_user(
        store,
        username,
        chosen,
        display_name,
        code,
        role=role,
        lines=tuple(lines),
        by=actor.username,
    )
    shown = {
        "username": user.username,
        "display_name": user.display_name,
        "roles": [role],
        "role_labels": [ROLES[role]],
        "office": code,
        "lines": list(user.lines),
        "must_change_password": True,
    }
    return shown if password else {**shown, "password": chosen}


def set_role(
    store: Store,
    actor: User,
    username: str,
    roles: Sequence[str],
    office: str | None = None,
    lines: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Give ``username`` a new role (and office and lines, when given), audited as
    ``user_role`` with what it was and what it became."""
    role = one_role(roles)
    check_grantable(actor, role)
    if username == actor.username:
        raise JianchaError("不能调整自己的角色或所属检察院", hint="请由另一位系统管理员调整")
    with store.session() as session:
        user = managed_user(session, actor, username)
        check_grantable(actor, user.role)  # nor take away a role they could not give
        was = None if user.org_id is None else session.get(Org, user.org_id)
        before = {
            "role": user.role,
            "org": None if was is None else was.code,
            "lines": list(user.lines or []),
        }
        org = _office(session, actor, office) if office is not None else None
        user.role = role
        if org is not None:
            user.org_id = org.id
        if lines is not None:
            user.lines = check_lines(list(lines))
        after_org = None if user.org_id is None else session.get(Org, user.org_id)
        code = None if after_org is None else after_org.code
        audit.record(
            session,
            actor=actor.username,
            action="user_role",
            object_type="user",
            object_id=username,
            detail={
                "from": before["role"],
                "to": role,
                "org_from": before["org"],
                "org": code,
                "lines_from": before["lines"],
                "lines": list(user.lines or []),
            },
        )
        return {
            "username": username,
            "roles": [role],
            "role_labels": [ROLES[role]],
            "office": code,
            "office_name": None if after_org is None else after_org.name,
            "lines": list(user.lines or []),
        }
