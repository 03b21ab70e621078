"""The permission table: what each role may and may not do."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jiancha.errors import Forbidden, JianchaError
from jiancha.governance.roles import (
    PERMISSION_LABELS,
    PERMISSIONS,
    ROLES,
    allowed,
    check_role,
    require,
)


@dataclass
class Someone:
    role: str


EXPECTED: dict[str, dict[str, bool]] = {
    "admin": {
        "users.manage": True,
        "leads.handle": True,
        "referrals.decide": True,
        "audit.read": True,
        "datasets.import": True,
    },
    "data_admin": {
        "datasets.import": True,
        "datasets.read": True,
        "leads.read": False,
        "models.install": False,
        "users.manage": False,
    },
    "modeller": {
        "models.install": True,
        "models.run": True,
        "datasets.read": True,
        "datasets.import": False,
        "leads.read": False,
        "leads.handle": False,
    },
    "prosecutor": {
        "leads.read": True,
        "leads.handle": True,
        "leads.assign": False,
        "leads.refer": False,
        "referrals.decide": False,
        "users.manage": False,
        "audit.read": False,
    },
    "leader": {
        "leads.handle": True,
        "leads.assign": True,
        "leads.refer": True,
        "referrals.decide": True,
        "users.manage": False,
        "models.install": False,
    },
    "auditor": {
        "audit.read": True,
        "stats.read": True,
        "leads.read": False,
        "leads.handle": False,
        "datasets.read": False,
        "users.manage": False,
    },
}


def test_every_role_has_a_chinese_name_and_known_permissions() -> None:
    assert set(ROLES) == set(PERMISSIONS) == set(EXPECTED)
    assert ROLES["leader"] == "院领导/部门负责人" and ROLES["auditor"] == "审计员"
    for granted in PERMISSIONS.values():
        assert granted <= set(PERMISSION_LABELS)
    assert PERMISSIONS["admin"] == frozenset(PERMISSION_LABELS)


@pytest.mark.parametrize(
    "role,permission,expected",
    [(r, p, e) for r, table in EXPECTED.items() for p, e in table.items()],
)
def test_table(role: str, permission: str, expected: bool) -> None:
    assert allowed(Someone(role), permission) is expected
    if expected:
        require(Someone(role), permission)
    else:
        with pytest.raises(Forbidden, match=r"^无权"):
            require(Someone(role), permission)


def test_leader_may_do_all_a_prosecutor_may() -> None:
    assert PERMISSIONS["prosecutor"] < PERMISSIONS["leader"]


def test_unknown_role_and_permission() -> None:
    assert not allowed(Someone("janitor"), "leads.read")
    with pytest.raises(ValueError, match="unknown permission"):
        allowed(Someone("admin"), "leads.delete")
    with pytest.raises(JianchaError, match="没有“janitor”这种角色"):
        check_role("janitor")
