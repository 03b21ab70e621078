"""Statistics are read-only and cheap: lead counts from the tallies, nothing changed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import delete, event, func, select

from jiancha.clock import CHINA
from jiancha.stats import StatsFilter, export_xlsx, model_ledgers, statistics
from jiancha.store import Lead, LeadEvent, LeadTally, Run, Store, SupervisionModel
from tests.stats.scenario import CITY, Scenario


def snapshot(store: Store) -> tuple[Any, ...]:
    with store.session() as session:
        leads = session.execute(
            select(Lead.id, Lead.status, Lead.org_id, Lead.first_seen_at).order_by(Lead.id)
        ).all()
        models = session.execute(
            select(SupervisionModel.slug, SupervisionModel.org_id).order_by(SupervisionModel.id)
        ).all()
        counts = [session.scalar(select(func.count()).select_from(t)) for t in (Run, LeadEvent)]
    return tuple(leads), tuple(models), tuple(counts)


def test_nothing_changes(store: Store, scenario: Scenario) -> None:
    before = snapshot(store)
    for group in ("model", "org", "area", "line", "month", "total"):
        statistics(store, StatsFilter(group_by=group, org=CITY))
    model_ledgers(store)
    export_xlsx(store, StatsFilter())
    assert snapshot(store) == before


def test_leads_are_read_only_for_a_period_of_part_months(store: Store, scenario: Scenario) -> None:
    """Counts come from the lead tallies and the actions; the leads table is read only when the
    period starts or ends inside a month (and then once, grouped, without a join)."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        statements.append(" ".join(sql.split()))

    def over_leads() -> list[str]:
        return [s for s in statements if re.search(r"(FROM|JOIN) leads\b", s)]

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        for group in ("model", "org", "month", "total"):
            for period in ({}, {"date_from": dt.date(2025, 2, 1), "date_to": dt.date(2025, 3, 31)}):
                statements.clear()
                statistics(store, StatsFilter(group_by=group, org=CITY, **period))
                assert over_leads() == [], over_leads()
                assert any("FROM lead_tallies" in s for s in statements)
                assert len(statements) <= 6
            statements.clear()
            part = StatsFilter(group_by=group, org=CITY, date_from=dt.date(2025, 2, 10))
            statistics(store, part)
            assert len(over_leads()) == 1 and "GROUP BY" in over_leads()[0]
            assert "supervision_models" not in over_leads()[0]
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)


def test_whole_months_and_part_months_agree(store: Store, scenario: Scenario) -> None:
    """The scenario's leads were first seen from 15 January to 25 March 2025: a period of whole
    months (answered by the tallies) and one starting on 2 January (answered by the leads)
    hold the same leads and must give the same figures."""
    months = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 3, 31)}
    days = {"date_from": dt.date(2025, 1, 2), "date_to": dt.date(2025, 3, 31)}
    for group in ("model", "org", "month", "total"):
        fast = statistics(store, StatsFilter(group_by=group, **months))
        slow = statistics(store, StatsFilter(group_by=group, **days))
        assert fast["total"]["leads"] == 7
        assert (fast["groups"], fast["total"]) == (slow["groups"], slow["total"])
    with store.session() as session:
        session.execute(delete(LeadTally))  # the two paths really are different
    assert statistics(store, StatsFilter(**months))["total"]["leads"] == 0
    # the part month (2–31 January) is counted from the leads, February and March from the
    # tallies (gone now): what is left is January's leads, counted directly
    january = [
        dt.datetime(2025, m, d, tzinfo=CHINA).astimezone(dt.UTC) for m, d in ((1, 2), (2, 1))
    ]
    with store.session() as session:
        direct = session.scalar(
            select(func.count(Lead.id)).where(
                Lead.first_seen_at >= january[0], Lead.first_seen_at < january[1]
            )
        )
    assert direct and direct < 7
    assert statistics(store, StatsFilter(**days))["total"]["leads"] == direct
