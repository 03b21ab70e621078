"""数据申请与审批 (SQLite and PostgreSQL): who may ask, who may decide, what a grant covers, and
the audit trail every step leaves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from jiancha.catalogue import set_owner
from jiancha.clock import CHINA
from jiancha.errors import Forbidden, JianchaError
from jiancha.governance import create_user
from jiancha.governance.access import (
    active_grants,
    decide,
    grant_row,
    list_grants,
    list_requests,
    request_access,
    require_grants,
    revoke_grant,
    unmask_grants,
)
from jiancha.governance.audit_check import verify
from jiancha.governance.orgs import add_org
from jiancha.store import AccessGrant, AccessRequest, AuditEntry, Dataset, Store, User
from tests.modelling.fixtures import load_county

PASSWORD = "Role-password-2024"
LEDU, PINGAN = "630202", "630203"
PURPOSE = "办理刑罚执行监督案件"


def today() -> dt.date:
    return dt.datetime.now(CHINA).date()


@pytest.fixture
def county(store: Store, tmp_path: Path) -> Store:
    """The 海东 tree; 判决 owned by 乐都, 收押 without owner; a user of each kind."""
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, LEDU, "海东市乐都区人民检察院", "district", "630200")
    add_org(store, PINGAN, "海东市平安区人民检察院", "district", "630200")
    load_county(store, tmp_path)
    set_owner(store, "判决", LEDU, by="setup")
    for username, org, role in [
        ("modeller", LEDU, "modeller"),
        ("ledu.leader", LEDU, "leader"),
        ("ledu.pros", LEDU, "prosecutor"),
        ("pingan.leader", PINGAN, "leader"),
        ("prov.leader", "630000", "leader"),
        ("auditor", LEDU, "auditor"),
        ("data.admin", LEDU, "data_admin"),
        ("admin", None, "admin"),
    ]:
        create_user(store, username, PASSWORD, org=org, role=role, must_change=False)
    return store


def ask(
    store: Store,
    username: str = "modeller",
    dataset: str = "判决",
    *,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    unmask: bool = False,
) -> int:
    start = starts_on or today()
    row = request_access(
        store,
        username,
        dataset,
        purpose=PURPOSE,
        starts_on=start,
        ends_on=ends_on or start + dt.timedelta(days=10),
        unmask=unmask,
    )
    assert row["status"] == "pending" and row["grant"] is None
    return int(row["id"])


def ids(store: Store, username: str, dataset: str) -> tuple[int, int]:
    with store.session() as session:
        uid = session.scalar(select(User.id).where(User.username == username))
        did = session.scalar(select(Dataset.id).where(Dataset.name == dataset))
    assert uid is not None and did is not None
    return uid, did


def is_active(store: Store, username: str, dataset: str, at: dt.datetime | None = None) -> bool:
    uid, did = ids(store, username, dataset)
    with store.session() as session:
        return did in active_grants(session, uid, [did], at=at)


def count_requests(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(AccessRequest)) or 0)


def actions(store: Store) -> list[str]:
    with store.session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_request_validation(county: Store) -> None:
    day = today()
    cases = [
        (dict(purpose="看看", starts_on=day, ends_on=day), "请写明使用数据的具体用途"),
        (dict(purpose="  办案件  ", starts_on=day, ends_on=day), "请写明使用数据的具体用途"),
        (
            dict(purpose=PURPOSE, starts_on=day, ends_on=day - dt.timedelta(days=1)),
            "早于开始日",
        ),
        (
            dict(
                purpose=PURPOSE,
                starts_on=day - dt.timedelta(days=30),
                ends_on=day - dt.timedelta(days=1),
            ),
            "已经过去",
        ),
        (
            dict(purpose=PURPOSE, starts_on=day, ends_on=day + dt.timedelta(days=366)),
            "超过 366 天",
        ),
    ]
    for kwargs, message in cases:
        with pytest.raises(JianchaError) as caught:
            request_access(county, "modeller", "判决", **kwargs)  # type: ignore[arg-type]
        assert message in caught.value.message, kwargs
        assert not isinstance(caught.value, Forbidden)
    assert count_requests(county) == 0
    # The longest period allowed: 366 days, the first and the last included.
    longest = request_access(
        county,
        "modeller",
        "判决",
        purpose=PURPOSE,
        starts_on=day,
        ends_on=day + dt.timedelta(days=365),
    )
    assert longest["status"] == "pending" and longest["status_label"] == "待审批"
    with pytest.raises(JianchaError, match="不存在"):
        ask(county, dataset="无此数据集")
    assert count_requests(county) == 1


@pytest.mark.parametrize("username", ["auditor", "data.admin"])
def test_roles_without_request_permission_are_refused(county: Store, username: str) -> None:
    with pytest.raises(Forbidden) as caught:
        ask(county, username)
    assert caught.value.message.startswith("无权申请使用数据")
    assert count_requests(county) == 0


def test_who_may_decide(county: Store) -> None:
    request = ask(county)
    refusals = {
        "modeller": "不能审批自己的数据申请",
        "pingan.leader": "数据集“判决”属于海东市乐都区人民检察院，须由该院审批",
        "prov.leader": "须由该院审批",
        "ledu.pros": "只有院领导/部门负责人可以审批数据申请",
        "auditor": "只有院领导",
        "admin": "须由该院审批",  # an administrator without office: only datasets without owner
    }
    for username, message in refusals.items():
        with pytest.raises(Forbidden) as caught:
            decide(county, username, request, approve=True)
        assert message in caught.value.message, username
    with county.session() as session:
        assert session.scalar(select(func.count()).select_from(AccessGrant)) == 0
        stored = session.get(AccessRequest, request)
        assert stored is not None and stored.status == "pending"
    # A leader asks for themselves: another leader of the office must decide.
    own = ask(county, "ledu.leader")
    with pytest.raises(Forbidden, match="不能审批自己的数据申请"):
        decide(county, "ledu.leader", own, approve=True)
    approved = decide(county, "ledu.leader", request, approve=True)
    assert approved["status"] == "approved" and approved["decided_by"] == "ledu.leader"
    assert approved["grant"] is not None
    assert is_active(county, "modeller", "判决")
    assert not is_active(county, "ledu.leader", "判决")


def test_grant_covers_exactly_the_days_asked_in_china_time(county: Store) -> None:
    start, end = today(), today() + dt.timedelta(days=10)
    decide(county, "ledu.leader", ask(county, starts_on=start, ends_on=end), approve=True)
    first = dt.datetime.combine(start, dt.time(), tzinfo=CHINA)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=CHINA)
    tick = dt.timedelta(microseconds=1)
    utc = dt.UTC
    assert is_active(county, "modeller", "判决")
    assert not is_active(county, "modeller", "判决", (first - tick).astimezone(utc))
    assert is_active(county, "modeller", "判决", first.astimezone(utc))
    assert is_active(county, "modeller", "判决", (after - tick).astimezone(utc))
    assert not is_active(county, "modeller", "判决", after.astimezone(utc))
    [grant] = list_grants(county)
    assert grant["valid_from"] == first.isoformat()
    assert grant["valid_until"] == after.isoformat()
    assert grant["active"] is True and grant["unmask"] is False
    assert grant["user"] == "modeller" and grant["granted_by"] == "ledu.leader"


def test_active_grants_accepts_a_moment_in_china_time(county: Store) -> None:
    """The same instants as above, given with the China offset: the answer must not depend
    on the zone the moment is written in (SQLite stores times without their offset)."""
    start, end = today(), today() + dt.timedelta(days=10)
    decide(county, "ledu.leader", ask(county, starts_on=start, ends_on=end), approve=True)
    first = dt.datetime.combine(start, dt.time(), tzinfo=CHINA)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=CHINA)
    tick = dt.timedelta(microseconds=1)
    assert not is_active(county, "modeller", "判决", first - tick)
    assert is_active(county, "modeller", "判决", first)
    assert is_active(county, "modeller", "判决", after - tick)
    assert not is_active(county, "modeller", "判决", after)


def test_grant_starting_later_is_not_active_yet(county: Store) -> None:
    start = today() + dt.timedelta(days=3)
    decide(county, "ledu.leader", ask(county, starts_on=start), approve=True)
    assert not is_active(county, "modeller", "判决")
    assert list_grants(county)[0]["active"] is False
    begin = dt.datetime.combine(start, dt.time(), tzinfo=CHINA).astimezone(dt.UTC)
    assert is_active(county, "modeller", "判决", begin)


def test_refusal_needs_a_reason_and_a_request_is_decided_once(county: Store) -> None:
    request = ask(county)
    for reason in (None, "", "   "):
        with pytest.raises(JianchaError, match=r"^驳回数据申请须写明理由$"):
            decide(county, "ledu.leader", request, approve=False, reason=reason)
    refused = decide(county, "ledu.leader", request, approve=False, reason="用途与本院案件无关")
    assert refused["status"] == "refused" and refused["reason"] == "用途与本院案件无关"
    assert refused["grant"] is None
    for approve in (True, False):
        with pytest.raises(JianchaError, match=f"数据申请 {request} 已驳回，不能再审批"):
            decide(county, "ledu.leader", request, approve=approve, reason="再议")
    assert not is_active(county, "modeller", "判决")
    other = ask(county)
    decide(county, "ledu.leader", other, approve=True)
    with pytest.raises(JianchaError, match="已批准，不能再审批"):
        decide(county, "ledu.leader", other, approve=True)
    with county.session() as session:
        assert session.scalar(select(func.count()).select_from(AccessGrant)) == 1
    with pytest.raises(JianchaError, match="没有编号为 9999 的数据申请"):
        decide(county, "ledu.leader", 9999, approve=True)


def test_revoked_grant_is_no_longer_active(county: Store) -> None:
    grant = decide(county, "ledu.leader", ask(county), approve=True)["grant"]
    assert is_active(county, "modeller", "判决")
    with pytest.raises(Forbidden, match="撤销授权"):
        revoke_grant(county, "pingan.leader", grant)
    with pytest.raises(Forbidden):
        revoke_grant(county, "modeller", grant)
    assert is_active(county, "modeller", "判决")
    row = revoke_grant(county, "ledu.leader", grant)
    assert row["active"] is False and row["revoked_by"] == "ledu.leader"
    assert not is_active(county, "modeller", "判决")
    assert revoke_grant(county, "admin", grant)["revoked_by"] == "ledu.leader"  # once only
    assert actions(county).count("grant_revoked") == 1
    with county.session() as session:
        user = session.scalar(select(User).where(User.username == "modeller"))
        assert user is not None
        with pytest.raises(Forbidden, match="没有使用数据集“判决”的有效授权"):
            require_grants(session, user, ["判决"])


def test_administrator_may_revoke_any_grant(county: Store) -> None:
    grant = decide(county, "ledu.leader", ask(county), approve=True)["grant"]
    assert revoke_grant(county, "admin", grant)["active"] is False
    assert not is_active(county, "modeller", "判决")


def test_expired_grant_is_not_active(county: Store) -> None:
    grant_id = decide(county, "ledu.leader", ask(county), approve=True)["grant"]
    now = dt.datetime.now(dt.UTC)
    with county.session() as session:
        grant = session.get(AccessGrant, grant_id)
        assert grant is not None
        grant.valid_from = now - dt.timedelta(days=20)
        grant.valid_until = now - dt.timedelta(minutes=1)
    assert not is_active(county, "modeller", "判决")
    assert is_active(county, "modeller", "判决", now - dt.timedelta(minutes=2))
    with county.session() as session:
        grant = session.get(AccessGrant, grant_id)
        assert grant is not None
        assert grant_row(session, grant)["active"] is False
        user = session.scalar(select(User).where(User.username == "modeller"))
        assert user is not None
        with pytest.raises(Forbidden, match="“判决”"):
            require_grants(session, user, ["判决"])


def test_dataset_without_owner_is_decided_above(county: Store) -> None:
    first = ask(county, dataset="收押")
    for username in ("ledu.leader", "pingan.leader"):
        with pytest.raises(Forbidden, match="数据集“收押”未指定所属检察院，须由上级院审批"):
            decide(county, username, first, approve=True)
    assert decide(county, "prov.leader", first, approve=True)["status"] == "approved"
    second = ask(county, "ledu.pros", dataset="收押")
    assert decide(county, "admin", second, approve=True)["status"] == "approved"
    assert is_active(county, "modeller", "收押") and is_active(county, "ledu.pros", "收押")


def test_require_and_unmask_grants(county: Store) -> None:
    plain = decide(county, "ledu.leader", ask(county), approve=True)["grant"]
    with county.session() as session:
        user = session.scalar(select(User).where(User.username == "modeller"))
        assert user is not None
        with pytest.raises(Forbidden) as caught:
            require_grants(session, user, ["判决", "收押"])
        assert "“收押”" in caught.value.message and "“判决”" not in caught.value.message
        assert [g["grant"] for g in require_grants(session, user, ["判决"])] == [plain]
        with pytest.raises(Forbidden, match="没有查看数据集“判决”未脱敏信息的有效授权"):
            unmask_grants(session, user, ["判决"])
    unmasking = decide(county, "ledu.leader", ask(county, unmask=True), approve=True)["grant"]
    with county.session() as session:
        user = session.scalar(select(User).where(User.username == "modeller"))
        assert user is not None
        assert unmask_grants(session, user, ["判决"]) == [unmasking]
        with pytest.raises(Forbidden, match="“收押”"):
            unmask_grants(session, user, ["判决", "收押"])


def test_lists_show_own_requests_and_those_one_may_decide(county: Store) -> None:
    mine = ask(county)
    other = ask(county, "ledu.pros", dataset="收押")
    assert [r["id"] for r in list_requests(county, "modeller")] == [mine]
    assert [r["id"] for r in list_requests(county, "ledu.leader")] == [mine]
    assert list_requests(county, "pingan.leader") == []
    assert [r["id"] for r in list_requests(county, "prov.leader")] == [other]
    assert [r["id"] for r in list_requests(county, "admin")] == [other, mine]
    assert [r["id"] for r in list_requests(county, None, "pending")] == [other, mine]
    decide(county, "ledu.leader", mine, approve=True)
    assert [r["id"] for r in list_requests(county, None, "approved")] == [mine]
    assert [g["user"] for g in list_grants(county, "ledu.leader")] == ["modeller"]
    assert list_grants(county, "pingan.leader") == []


def test_every_step_is_audited_and_the_chain_holds(county: Store) -> None:
    before = len(actions(county))
    refused = ask(county)
    decide(county, "ledu.leader", refused, approve=False, reason="用途不明确")
    approved = ask(county, unmask=True)
    grant = decide(county, "ledu.leader", approved, approve=True)["grant"]
    revoke_grant(county, "ledu.leader", grant)
    assert actions(county)[before:] == [
        "access_request",
        "access_decision",
        "access_request",
        "access_decision",
        "grant_revoked",
    ]
    with county.session() as session:
        entries = list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.seq > before).order_by(AuditEntry.seq)
            )
        )
        assert [e.actor for e in entries] == [
            "modeller",
            "ledu.leader",
            "modeller",
            "ledu.leader",
            "ledu.leader",
        ]
        assert entries[0].detail["dataset"] == "判决" and entries[0].detail["purpose"] == PURPOSE
        decided = {"dataset": "判决", "approved": False, "reason": "用途不明确"}
        assert entries[1].detail == decided | {"client": "local", "result": "ok"}
        assert entries[3].detail["approved"] is True and entries[3].detail["grant"] == grant
        assert entries[3].detail["unmask"] is True
        assert entries[4].object_id == str(grant)
        assert verify(session) == []
