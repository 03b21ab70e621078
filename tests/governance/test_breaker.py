"""熔断 (SQLite and PostgreSQL): hourly limits on evidence reads and exported rows, the
suspension, the alert and the audit entries that outlive the refused call, and lifting it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jiancha.errors import JianchaError, NotFound
from jiancha.governance import create_user
from jiancha.governance.audit_check import verify
from jiancha.governance.breaker import LIMITS, Suspended, alerts, consume, lift, set_limits
from jiancha.store import AuditEntry, SecurityAlert, Store, UsageCounter, User

PASSWORD = "Role-password-2024"


@pytest.fixture
def people(store: Store) -> Store:
    create_user(store, "pros", PASSWORD, "李检察官", must_change=False)
    create_user(store, "other", PASSWORD, "王检察官", must_change=False)
    return store


def user(store: Store, username: str = "pros") -> User:
    with store.session() as session:
        found = session.scalar(select(User).where(User.username == username))
    assert found is not None
    return found


def audited(store: Store, action: str) -> list[AuditEntry]:
    with store.session() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
            )
        )


def open_alerts(store: Store) -> int:
    with store.session() as session:
        query = select(func.count()).select_from(SecurityAlert)
        return int(session.scalar(query.where(SecurityAlert.resolved_at.is_(None))) or 0)


def used(store: Store, username: str, kind: str) -> int:
    with store.session() as session:
        query = select(func.sum(UsageCounter.count)).where(UsageCounter.kind == kind)
        uid = user(store, username).id
        return int(session.scalar(query.where(UsageCounter.user_id == uid)) or 0)


def trip(store: Store, limit: int = 3) -> Suspended:
    set_limits(store, "pros", limit, None)
    for _ in range(limit):
        consume(store, "pros", "evidence_reads")
    with pytest.raises(Suspended) as caught:
        consume(store, "pros", "evidence_reads")
    return caught.value


def test_under_the_limit_passes(people: Store) -> None:
    set_limits(people, "pros", 5, 100)
    for _ in range(5):
        consume(people, "pros", "evidence_reads")
    consume(people, "pros", "exported_rows", 100)
    assert used(people, "pros", "evidence_reads") == 5
    assert used(people, "pros", "exported_rows") == 100
    assert user(people).suspended_at is None
    assert open_alerts(people) == 0 and audited(people, "breaker_tripped") == []


def test_crossing_the_limit_suspends_and_the_suspension_persists(people: Store) -> None:
    error = trip(people, 3)
    assert (
        error.message
        == "李检察官（pros）一小时内查看线索证据 4 条，超过阈值 3 条，已暂停其数据访问"
    )
    assert error.hint is not None and "管理员" in error.hint
    suspended = user(people)
    assert suspended.suspended_at is not None and suspended.suspended_reason == error.message
    with people.session() as session:
        [alert] = session.scalars(select(SecurityAlert))
        assert alert.user_id == suspended.id and alert.kind == "circuit_breaker"
        assert alert.message == error.message and alert.resolved_at is None
        assert alert.detail == {"kind": "evidence_reads", "used": 4, "limit": 3}
    [entry] = audited(people, "breaker_tripped")
    assert entry.actor == "pros" and entry.object_id == "pros" and entry.rows == 4
    tripped = {"kind": "evidence_reads", "used": 4, "limit": 3}
    assert entry.detail == tripped | {"client": "local", "result": "ok"}
    # Every later access, of either kind, is refused and counted no further.
    for kind, count in [("evidence_reads", 1), ("exported_rows", 1), ("evidence_reads", 0)]:
        with pytest.raises(Suspended) as caught:
            consume(people, "pros", kind, count)
        assert caught.value.message == "数据访问已熔断，暂停查看和导出数据"
        assert caught.value.hint is not None and "超过阈值 3 条" in caught.value.hint
    assert used(people, "pros", "evidence_reads") == 4
    assert used(people, "pros", "exported_rows") == 0
    assert open_alerts(people) == 1 and len(audited(people, "breaker_tripped")) == 1
    # Another user is not affected.
    consume(people, "other", "evidence_reads")
    assert user(people, "other").suspended_at is None


def test_default_limits_and_per_user_overrides(people: Store) -> None:
    assert LIMITS == {"evidence_reads": 2_000, "exported_rows": 10_000}
    consume(people, "pros", "exported_rows", LIMITS["exported_rows"])
    with pytest.raises(Suspended, match="导出数据 10001 行，超过阈值 10000 行"):
        consume(people, "pros", "exported_rows", 1)
    set_limits(people, "other", None, 20_000)
    consume(people, "other", "exported_rows", 15_000)
    consume(people, "other", "evidence_reads", LIMITS["evidence_reads"])
    assert user(people, "other").suspended_at is None
    with pytest.raises(Suspended, match="超过阈值 2000 条"):
        consume(people, "other", "evidence_reads")
    stored = user(people, "other")
    assert (stored.limit_evidence_reads, stored.limit_exported_rows) == (None, 20_000)


def test_one_large_call_trips_at_once(people: Store) -> None:
    set_limits(people, "pros", None, 10)
    with pytest.raises(Suspended, match="导出数据 11 行，超过阈值 10 行"):
        consume(people, "pros", "exported_rows", 11)
    assert user(people).suspended_at is not None and open_alerts(people) == 1


def test_lift(people: Store) -> None:
    trip(people, 3)
    lifted = lift(people, "pros", by="admin")
    assert lifted == {"username": "pros", "lifted_by": "admin"}
    stored = user(people)
    assert stored.suspended_at is None and stored.suspended_reason is None
    assert open_alerts(people) == 0
    [row] = alerts(people)
    assert row["resolved_by"] == "admin" and row["resolved_at"] is not None
    assert row["user"] == "pros" and alerts(people, open_only=True) == []
    [entry] = audited(people, "breaker_lifted")
    assert entry.actor == "admin" and entry.object_id == "pros"
    assert "超过阈值 3 条" in entry.detail["reason"]
    # The hour starts afresh: the full limit is available again.
    for _ in range(3):
        consume(people, "pros", "evidence_reads")
    with pytest.raises(Suspended):
        consume(people, "pros", "evidence_reads")
    assert open_alerts(people) == 1 and len(alerts(people)) == 2
    with people.session() as session:
        assert verify(session) == []


def test_lift_of_a_user_not_suspended_is_an_error(people: Store) -> None:
    with pytest.raises(JianchaError, match=r"^用户“pros”的数据访问没有被熔断$"):
        lift(people, "pros", by="admin")
    assert audited(people, "breaker_lifted") == []
    with pytest.raises(NotFound):
        lift(people, "nobody", by="admin")


@pytest.mark.parametrize(("reads", "rows"), [(0, None), (None, 0), (-1, 5), (5, -100)])
def test_set_limits_refuses_zero_and_negative(
    people: Store, reads: int | None, rows: int | None
) -> None:
    set_limits(people, "pros", 7, 70)
    with pytest.raises(JianchaError, match="阈值须为正整数"):
        set_limits(people, "pros", reads, rows)
    stored = user(people)
    assert (stored.limit_evidence_reads, stored.limit_exported_rows) == (7, 70)


def test_unknown_kind_and_user(people: Store) -> None:
    with pytest.raises(ValueError, match="unknown usage kind"):
        consume(people, "pros", "downloads")
    with pytest.raises(NotFound, match="用户“nobody”不存在"):
        consume(people, "nobody", "evidence_reads")
    with pytest.raises(NotFound):
        set_limits(people, "nobody", 1, 1)
