"""A run on behalf of an account needs that account's active grants for every input dataset and
records them (SQLite and PostgreSQL); the local operator's run is recorded as such."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from jiancha.catalogue import set_owner
from jiancha.errors import Forbidden, NotFound
from jiancha.governance import create_user
from jiancha.governance.access import revoke_grant
from jiancha.governance.breaker import Suspended, consume, set_limits
from jiancha.governance.orgs import add_org
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import AuditEntry, Run, Store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county
from tests.runs.builder_fixtures import grant

PASSWORD = "Role-password-2024"
LEDU = "630202"
SLUG = "custodial-sentence-not-executed"


@pytest.fixture
def county(store: Store, tmp_path: Path) -> Store:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, LEDU, "海东市乐都区人民检察院", "district", "630200", ["乐都县人民法院"])
    load_county(store, tmp_path)
    for name in ("判决", "收押"):
        set_owner(store, name, LEDU, by="setup")
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org=LEDU)
    for username, role in [("modeller", "modeller"), ("leader", "leader"), ("pros", "prosecutor")]:
        create_user(store, username, PASSWORD, org=LEDU, role=role, must_change=False)
    return store


def runs(store: Store) -> list[tuple[str, str, Any]]:
    with store.session() as session:
        return [(r.status, r.user, r.grants) for r in session.scalars(select(Run).order_by(Run.id))]


def run_as(store: Store, account: str | None) -> dict[str, Any]:
    return run_model(store, SLUG, run_date=AS_OF, account=account)


def test_without_grants_the_run_is_refused_naming_the_datasets(county: Store) -> None:
    with pytest.raises(Forbidden) as caught:
        run_as(county, "modeller")
    assert caught.value.message == "没有使用数据集“判决”、“收押”的有效授权，不能运行模型"
    assert caught.value.hint is not None and "数据申请" in caught.value.hint
    assert [r for r in runs(county) if r[0] == "succeeded"] == []


def test_a_grant_for_one_dataset_is_not_enough(county: Store) -> None:
    grant(county, "判决")
    with pytest.raises(Forbidden) as caught:
        run_as(county, "modeller")
    assert "“收押”" in caught.value.message and "“判决”" not in caught.value.message
    assert [r for r in runs(county) if r[0] == "succeeded"] == []


def test_with_both_grants_the_run_records_them(county: Store) -> None:
    judgments, intake = grant(county, "判决"), grant(county, "收押")
    result = run_as(county, "modeller")
    assert result["leads"] == 2
    recorded = [(g["grant"], g["dataset"]) for g in result["grants"]]
    assert sorted(recorded) == sorted([(judgments, "判决"), (intake, "收押")])
    assert all(g["until"] for g in result["grants"])
    [(status, who, grants)] = runs(county)
    assert (status, who) == ("succeeded", "modeller")
    assert grants == result["grants"]
    with county.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "run"))
        assert entry is not None and entry.actor == "modeller"
        assert entry.detail["grants"] == result["grants"]


def test_a_revoked_grant_blocks_the_next_run(county: Store) -> None:
    judgments = grant(county, "判决")
    grant(county, "收押")
    run_as(county, "modeller")
    revoke_grant(county, "leader", judgments)
    with pytest.raises(Forbidden, match="没有使用数据集“判决”的有效授权"):
        run_as(county, "modeller")
    assert [r[0] for r in runs(county)] == ["succeeded"]


def test_a_grant_of_someone_else_does_not_count(county: Store) -> None:
    grant(county, "判决", "pros")
    grant(county, "收押", "pros")
    with pytest.raises(Forbidden, match="“判决”、“收押”"):
        run_as(county, "modeller")
    with pytest.raises(Forbidden, match="无权运行监督模型"):
        run_as(county, "pros")  # holds the grants but not the role


def test_a_suspended_user_cannot_run(county: Store) -> None:
    grant(county, "判决")
    grant(county, "收押")
    set_limits(county, "modeller", 1, None)
    consume(county, "modeller", "evidence_reads")
    with pytest.raises(Suspended):
        consume(county, "modeller", "evidence_reads")
    with pytest.raises(Suspended, match="数据访问已熔断"):
        run_as(county, "modeller")
    assert runs(county) == []


def test_unknown_account_is_not_found(county: Store) -> None:
    with pytest.raises(NotFound, match="用户“nobody”不存在或已停用"):
        run_as(county, "nobody")
    with county.session() as session:
        assert session.scalar(select(func.count()).select_from(Run)) == 0


def test_local_operator_run(county: Store) -> None:
    result = run_as(county, None)
    assert result["grants"] == [{"basis": "local_operator"}]
    [(status, _, grants)] = runs(county)
    assert status == "succeeded" and grants == [{"basis": "local_operator"}]
    with county.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "run"))
        assert entry is not None and entry.detail["grants"] == [{"basis": "local_operator"}]
