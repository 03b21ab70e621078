"""The marketplace's own statements on both metadata stores (SQLite and PostgreSQL): tagging a
run's leads (INSERT … SELECT), a campaign's grouped statistics and ledger, the catalogue that
「我院可直接使用」 reads, and the figures across offices (the world: ``world.py``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jiancha.modelling  # noqa: F401  (first: marketplace.versions and modelling import each other)
from jiancha import clock
from jiancha.governance.orgs import find_org, visible_ids
from jiancha.leads import LeadFilter, search_leads
from jiancha.leads.confine import LOCAL
from jiancha.marketplace.browse import BrowseFilter, browse
from jiancha.marketplace.campaign_runs import run_campaign
from jiancha.marketplace.campaign_stats import campaign_stats
from jiancha.marketplace.campaign_views import find_campaign
from jiancha.marketplace.campaigns import create_campaign, start_campaign
from jiancha.marketplace.figures import figures_of
from jiancha.marketplace.listing import MarketViewer
from jiancha.store import Store
from tests.marketplace.world import (
    CHENGDONG,
    CITY,
    LEDU,
    PINGAN,
    SLUG,
    build,
)
from tests.modelling.fixtures import AS_OF


def test_tags_statistics_and_shelf(store: Store, tmp_path: Path) -> None:
    build(store, tmp_path)
    with store.session() as session:
        campaign = create_campaign(
            session,
            name="两库专项",
            line="criminal_execution",
            starts_on=dt.date(2024, 10, 1),
            ends_on=dt.date(2024, 10, 31),
            offices=[LEDU, PINGAN],
            models=[SLUG],
            by="setup",
            org=CITY,
        )
        with clock.set_clock(lambda: dt.datetime(2024, 10, 20, 2, tzinfo=dt.UTC)):
            start_campaign(session, campaign, "setup", None)
        number = campaign.id
    ran = run_campaign(store, number, run_date=AS_OF)
    assert sorted(r["tagged"] for r in ran["runs"]) == [1, 1]
    with store.session() as session:
        tagged = search_leads(session, LeadFilter(campaign=number, viewer=LOCAL))
        figures = campaign_stats(session, find_campaign(session, number))
        across = figures_of(session, SLUG)
        shelves = {}
        for code in (LEDU, CHENGDONG):
            office = find_org(session, code)
            viewer = MarketViewer(office=office, visible=visible_ids(session, office))
            shelves[code] = {
                m["slug"]: m["usable"] for m in browse(session, BrowseFilter(), viewer)[1]
            }
    assert tagged[0] == 2 and len(tagged[1]) == 2
    assert figures["total"]["leads"] == 2
    assert [o["org"] for o in figures["per_office"]] == [LEDU, PINGAN]
    assert (across["offices"], across["leads"]) == (2, 2)
    assert shelves[LEDU][SLUG] is True and shelves[CHENGDONG][SLUG] is False
