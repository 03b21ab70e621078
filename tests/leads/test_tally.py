"""Lead tallies stay equal to a recount through runs, re-runs, moves and referrals; the
migration counts the leads a workspace already had; a drifted tally is named and rebuilt."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select, update

from jiancha.clock import china_day, china_today
from jiancha.governance.orgs import add_org
from jiancha.leads import LeadFilter, Move, action_tally, move_lead, search_leads
from jiancha.leads.actions import issue_action, record_feedback
from jiancha.leads.routing import decide, refer
from jiancha.leads.tally import month_of, rebuild, stored, verify
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, LeadTally, Store, SupervisionAction
from jiancha.store.db import downgrade, migrate
from tests.leads.approvals import approve
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

SLUG = "custodial-sentence-not-executed"


def test_month_is_china_time() -> None:
    assert month_of(datetime(2025, 1, 31, 15, 59, tzinfo=UTC)) == "2025-01"
    assert month_of(datetime(2025, 1, 31, 16, 0, tzinfo=UTC)) == "2025-02"
    assert month_of(datetime(2025, 1, 31, 16, 0)) == "2025-02"  # naive: stored UTC


def test_tallies_follow_every_change(store: Store, tmp_path: Path) -> None:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000", ["乐都县人民法院"])
    add_org(store, "630203", "平安区人民检察院", "district", "630200")
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org="630000")

    def check() -> Counter[tuple[int, int, str, bool, str]]:
        with store.session() as session:
            assert verify(session) == []
            return stored(session)

    assert run_model(store, SLUG, {"grace_days": "5"}, run_date=AS_OF)["new"] == 3
    tallies = check()
    assert sum(tallies.values()) == 3
    assert {(k[2], k[3]) for k in tallies} == {("new", True)}
    assert run_model(store, SLUG, run_date=AS_OF)["no_longer_hit"] == 1
    assert sum(n for k, n in check().items() if not k[3]) == 1
    with store.session() as session:
        leads = {x["subject_key"]: x["id"] for x in search_leads(session, LeadFilter())[1]}
    lead = leads[pid(6)]
    move_lead(store, lead, Move("assigned", assignee="a"), "x")
    move_lead(store, lead, Move("verifying"), "a")
    check()
    referral = refer(store, leads[pid(1)], "630203", "x", "改由平安区办理")
    decide(store, referral["id"], "accept", "y")
    after = check()
    with store.session() as session:
        pingan = session.scalar(select(LeadTally.org_key).where(LeadTally.status == "new"))
    assert pingan is not None and sum(n for k, n in after.items() if k[1] == pingan) >= 1
    assert run_model(store, SLUG, {"grace_days": "5"}, run_date=AS_OF)["seen_again"] == 3
    assert sum(check().values()) == 3


def test_drift_is_named_and_rebuilt(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    with store.session() as session:
        session.execute(update(LeadTally).values(n=LeadTally.n + 5))
    with store.session() as session:
        problems = verify(session)
        assert len(problems) == 1 and "应为 2，记为 7" in problems[0]
        assert rebuild(session) == 1
    with store.session() as session:
        assert verify(session) == [] and sum(stored(session).values()) == 2


def test_migration_counts_existing_leads(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    lead = run_model(store, SLUG, {"grace_days": "5"}, run_date=AS_OF)
    assert lead["new"] == 1
    with store.session() as session:
        first = search_leads(session, LeadFilter(sort="id"))[1][0]["id"]
    for step in (Move("assigned", assignee="a"), Move("verifying"), Move("confirmed", note="属实")):
        move_lead(store, first, step, "a")
    approve(store, first)  # a medium model's lead: a leader approves before the case is opened
    move_lead(store, first, Move("case_opened"), "a")
    issue_action(
        store,
        first,
        kind="suggestion",
        document_no="检建〔2025〕1号",
        issued_on=china_today(),
        receiver="乐都县人民法院",
        content="",
        user="a",
    )
    downgrade(store.engine, "0007")  # back to before tallies and action facts
    migrate(store.engine, "head")  # counts them again from the leads
    with store.session() as session:
        assert verify(session) == [] and sum(stored(session).values()) == 3
        action = session.scalars(select(SupervisionAction)).one()
        lead_row = session.get(Lead, first)
        assert lead_row is not None
        assert (action.model_id, action.org_id) == (lead_row.model_id, lead_row.org_id)
        assert action.lead_seen_at == lead_row.first_seen_at


def test_action_tallies_follow_actions_and_feedback(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    with store.session() as session:
        lead = search_leads(session, LeadFilter(sort="id"))[1][0]["id"]
    for step in (Move("assigned", assignee="a"), Move("verifying"), Move("confirmed", note="属实")):
        move_lead(store, lead, step, "a")
    approve(store, lead)
    move_lead(store, lead, Move("case_opened"), "a")

    def act(kind: str, day: dt.date) -> int:
        done = issue_action(store, lead, kind=kind, document_no=f"{kind}{day}",
                            issued_on=day, receiver="法院", content="", user="a")  # fmt: skip
        return int(done["id"])

    with store.session() as session:  # found 60 days ago (set by hand: tallies recounted)
        found = session.get(Lead, lead)
        assert found is not None
        found.first_seen_at -= dt.timedelta(days=60)
        session.flush()
        rebuild(session)
        seen_day = china_day(found.first_seen_at)
    later = act("suggestion", seen_day + dt.timedelta(days=20))
    earlier = act("correction_notice", seen_day + dt.timedelta(days=5))  # recorded second
    for outcome, amount in (("refused", "0"), ("rectified", "1万"), ("partially", "500")):
        record_feedback(store, later, received_on=seen_day + dt.timedelta(days=40), outcome=outcome,
                        content="回复", user="a", recovered_amount=amount)  # fmt: skip
    with store.session() as session:
        assert verify(session) == []
        rows = action_tally.stored(session)
    facts = next(v for k, v in rows.items() if k[3] == "")
    assert {k[2] for k in rows} == {seen_day.strftime("%Y-%m")}
    assert (facts["leads"], facts["days"], facts["fed"]) == (1, 5, 1)  # to the earlier action
    assert facts["money"] == Decimal("10500.00")
    by_kind = {k[3]: (v["issued"], v["adopted"]) for k, v in rows.items() if k[3]}
    assert by_kind == {"suggestion": (1, 1), "correction_notice": (1, 0)}
    assert earlier != later
