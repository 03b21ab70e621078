"""Risk grades enforced when a lead becomes a case (issue 17): the sign-offs a grade asks, who may
give them, and that every path that moves a lead (the API's actor, the local operator) obeys."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from jiancha.errors import Conflict, Forbidden, JianchaError
from jiancha.governance import create_user
from jiancha.governance.orgs import add_org
from jiancha.leads import Move, history, list_leads, move_lead
from jiancha.leads.routing import refer
from jiancha.leads.signoff_rules import Signed, Standing
from jiancha.leads.signoffs import sign_off
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import (
    AuditEntry,
    LeadSignoff,
    Store,
    SupervisionModel,
    User,
    init_workspace,
    open_store,
    open_workspace,
)
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

SLUG = "custodial-sentence-not-executed"
PASSWORD = "password-1234"


# -- the rules between people (pure) ----------------------------------------------------------


def test_grades_ask_what_the_table_says() -> None:
    assert Standing("none", "a").missing() == []
    assert Standing("low", "a").missing() == []
    assert Standing("medium", "a").missing() == ["approval"]
    assert Standing("high", "a").missing() == ["second_verification", "approval"]
    assert Standing("unheard-of", "a").missing() == ["second_verification", "approval"]


def test_medium_lets_the_first_verifier_approve() -> None:
    here = Standing("medium", "lead.a", (Signed("approval", "lead.a"),))
    assert here.missing() == []
    assert Standing("medium", "lead.a").open_with("lead.a", approves=True) == []
    assert Standing("medium", "lead.a").open_with("lead.a", approves=False) == ["approval"]


def test_high_needs_three_different_people() -> None:
    confirmed_by_a = Standing("high", "a")
    assert isinstance(confirmed_by_a.refusal("second_verification", "a"), Forbidden)
    assert confirmed_by_a.refusal("second_verification", "b") is None
    assert isinstance(confirmed_by_a.refusal("approval", "a"), Forbidden)  # the verifier
    verified = Standing("high", "a", (Signed("second_verification", "b"),))
    assert verified.missing() == ["approval"]
    assert isinstance(verified.refusal("approval", "b"), Forbidden)  # the second verifier
    assert isinstance(verified.refusal("second_verification", "b"), Conflict)  # once each
    assert verified.open_with("b", approves=True) == ["approval"]  # b verified: no implicit
    assert verified.open_with("c", approves=True) == []
    approved = Standing("high", "a", (Signed("approval", "c"),))
    assert isinstance(approved.refusal("second_verification", "c"), Forbidden)
    assert approved.missing() == ["second_verification"]
    # an approval by someone who (wrongly) also verified does not count
    tangled = Standing("high", "a", (Signed("second_verification", "b"), Signed("approval", "a")))
    assert tangled.missing() == ["approval"]


def test_a_grade_asks_nothing_more_than_it_lists() -> None:
    refused = Standing("medium", "a").refusal("second_verification", "b")
    assert isinstance(refused, JianchaError) and "中风险，成案无需第二人核查" in refused.message


# -- stored: every path that moves a lead --------------------------------------------------------


LEDU = "乐都区人民检察院"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """Once (SQLite): the 海东 offices, the DESIGN example model adopted by the city office and
    run, leaders ``l1`` and ``l2`` and prosecutors ``p1`` and ``p2`` of 乐都; the workspace's home
    and the id of the 乐都 lead (新线索). Each test works on its own copy."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("JIANCHA_DATABASE_URL", raising=False)
        root = tmp_path_factory.mktemp("signoffs")
        store = open_store(init_workspace(root / "home")[0])
        add_org(store, "630000", "青海省人民检察院", "province")
        add_org(store, "630200", "海东市人民检察院", "city", "630000")
        add_org(store, "630202", LEDU, "district", "630200", ["乐都县人民法院"])
        load_county(store, root)
        install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org="630200")
        run_model(store, SLUG, run_date=AS_OF)
        for name, role in (("p1", "prosecutor"), ("p2", "prosecutor")):
            create_user(store, name, PASSWORD, org="630202", role=role, must_change=False)
        for name in ("l1", "l2"):
            create_user(store, name, PASSWORD, org="630202", role="leader", must_change=False)
        with store.session() as session:
            lead = {x["subject_key"]: x["id"] for x in list_leads(session)}[pid(1)]
        store.close()
        yield root / "home", lead


@pytest.fixture
def st(
    seeded: tuple[Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    shutil.copytree(seeded[0], tmp_path / "home")
    store = open_store(open_workspace(tmp_path / "home"))
    yield store
    store.close()


@pytest.fixture
def fresh(seeded: tuple[Path, int]) -> int:
    """The 乐都 lead, new."""
    return seeded[1]


@pytest.fixture
def lead_id(st: Store, fresh: int) -> int:
    """The 乐都 lead (a ``medium`` model's), assigned by ``l1`` and found true by ``p1``."""
    move_lead(st, fresh, Move("assigned", assignee="p1"), "l1", account(st, "l1"))
    for step in (Move("verifying"), Move("confirmed", note="属实")):
        move_lead(st, fresh, step, "p1", account(st, "p1"))
    return fresh


def account(store: Store, username: str) -> User:
    with store.session() as session:
        found = session.scalar(select(User).where(User.username == username))
    assert found is not None
    return found


def grade(store: Store, risk: str) -> None:
    with store.session() as session:
        session.execute(update(SupervisionModel).values(risk=risk))


def test_medium_refused_for_a_prosecutor_until_a_leader_approves(st: Store, lead_id: int) -> None:
    store = st
    with pytest.raises(Forbidden) as refused:
        move_lead(store, lead_id, Move("case_opened"), "p1", account(store, "p1"))
    assert "中风险，成案须经院领导审批：尚缺院领导审批" in refused.value.message
    with pytest.raises(Forbidden):  # a prosecutor cannot approve
        sign_off(store, lead_id, "approval", "同意", account(store, "p2"))
    with pytest.raises(JianchaError, match="须写明意见"):
        sign_off(store, lead_id, "approval", "  ", account(store, "l1"))
    done = sign_off(store, lead_id, "approval", "同意成案", account(store, "l1"))
    assert done["signoffs"]["missing"] == [] and done["user"] == "l1"
    with pytest.raises(Conflict):
        sign_off(store, lead_id, "approval", "再次同意", account(store, "l1"))
    move_lead(store, lead_id, Move("case_opened"), "p1", account(store, "p1"))
    events = history(store, lead_id)
    assert [(e["kind"], e["to"], e["user"]) for e in events[-2:]] == [
        ("signoff", "confirmed", "l1"),
        ("move", "case_opened", "p1"),
    ]
    assert events[-2]["to_label"] == "院领导审批" and events[-2]["note"] == "同意成案"
    with pytest.raises(Conflict):  # only while 核查属实
        sign_off(store, lead_id, "approval", "同意", account(store, "l2"))
    with store.session() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert "lead_signoff" in actions


def test_a_leader_who_opens_the_case_approves_by_doing_it(st: Store, lead_id: int) -> None:
    store = st
    move_lead(store, lead_id, Move("case_opened", note="同意立案监督"), "l1", account(store, "l1"))
    with store.session() as session:
        rows = session.scalars(select(LeadSignoff).where(LeadSignoff.lead_id == lead_id)).all()
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "lead_move").order_by(AuditEntry.id)
        ).all()[-1]
    assert [(r.kind, r.user, r.opinion) for r in rows] == [("approval", "l1", "同意立案监督")]
    assert entry.detail["approved_by_move"] is True and entry.detail["risk"] == "medium"
    assert [e["kind"] for e in history(store, lead_id)][-2:] == ["signoff", "move"]


def test_the_local_operator_is_held_to_the_same_rule(st: Store, lead_id: int) -> None:
    store = st
    with pytest.raises(Forbidden):  # an operator without an account approves nothing
        move_lead(store, lead_id, Move("case_opened"), "wang.wu")
    move_lead(store, lead_id, Move("case_opened"), "l1")  # named as a leader's account: approves
    assert list_leads_status(store, lead_id) == "case_opened"


def list_leads_status(store: Store, lead_id: int) -> str:
    with store.session() as session:
        return str(list_leads(session, lead_id=lead_id)[0]["status"])


def test_high_needs_a_second_verifier_and_a_separate_approver(st: Store, lead_id: int) -> None:
    store = st
    grade(store, "high")
    with pytest.raises(Forbidden) as refused:
        move_lead(store, lead_id, Move("case_opened"), "l1", account(store, "l1"))
    assert "尚缺第二人核查（复核）" in refused.value.message
    with pytest.raises(Forbidden, match="核查人“p1”以外"):
        sign_off(store, lead_id, "second_verification", "复核属实", account(store, "p1"))
    sign_off(store, lead_id, "second_verification", "独立调取卷宗，属实", account(store, "p2"))
    with pytest.raises(Forbidden):  # the approval is still missing
        move_lead(store, lead_id, Move("case_opened"), "p2", account(store, "p2"))
    move_lead(store, lead_id, Move("case_opened", note="同意"), "l1", account(store, "l1"))
    signed = [(e["signoff"], e["user"]) for e in history(store, lead_id) if e["kind"] == "signoff"]
    assert signed == [("second_verification", "p2"), ("approval", "l1")]


def test_a_high_lead_confirmed_by_a_leader_needs_another_leader(st: Store, fresh: int) -> None:
    store, lead = st, fresh
    grade(store, "high")
    for step in (
        Move("assigned", assignee="l1"),
        Move("verifying"),
        Move("confirmed", note="属实"),
    ):
        move_lead(store, lead, step, "l1", account(store, "l1"))
    sign_off(store, lead, "second_verification", "属实", account(store, "p2"))
    with pytest.raises(Forbidden, match="核查人或复核人"):
        sign_off(store, lead, "approval", "同意", account(store, "l1"))
    with pytest.raises(Forbidden) as refused:  # nor by opening it himself
        move_lead(store, lead, Move("case_opened"), "l1", account(store, "l1"))
    assert "须由其他院领导审批" in (refused.value.hint or "")
    sign_off(store, lead, "approval", "同意", account(store, "l2"))
    move_lead(store, lead, Move("case_opened"), "l1", account(store, "l1"))


def test_low_and_none_grades_open_a_case_as_before(st: Store, lead_id: int) -> None:
    store = st
    grade(store, "low")
    with pytest.raises(JianchaError, match="成案无需院领导审批"):
        sign_off(store, lead_id, "approval", "同意", account(store, "l1"))
    move_lead(store, lead_id, Move("case_opened"), "p1", account(store, "p1"))
    assert list_leads_status(store, lead_id) == "case_opened"


def test_sign_offs_wait_until_the_lead_is_found_true(st: Store, fresh: int) -> None:
    store, lead = st, fresh
    with pytest.raises(JianchaError, match="核查属实后才能院领导审批"):
        sign_off(store, lead, "approval", "同意", account(store, "l1"))


def test_a_high_lead_is_not_referred(st: Store, fresh: int) -> None:
    grade(st, "high")
    with pytest.raises(Forbidden, match="高风险模型发现，不能移送"):
        refer(st, fresh, "630200", "l1", "请上级院办理")
    grade(st, "medium")
    assert refer(st, fresh, "630200", "l1", "请上级院办理")["status"] == "pending"
