"""One calendar: at 17:25 UTC (01:25 the next day in China) a run's date, a draft's date, the
month the statistics put a new lead in and the month of its tally are all China's, while the
server's clock zone is UTC.

The product's clock (``jiancha.clock``) is set to that moment; the database, the engine and the
document are the real ones.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from jiancha import clock
from jiancha.documents import draft_for_lead
from jiancha.leads import list_leads
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.stats import StatsFilter, statistics
from jiancha.store import LeadTally, Run, Store
from tests.documents.conftest import text
from tests.modelling.fixtures import BINDS, SPECS, load_county

SLUG = "custodial-sentence-not-executed"
EVENING_UTC = dt.datetime(2026, 11, 30, 17, 25, tzinfo=dt.UTC)
CHINA_DAY = dt.date(2026, 12, 1)  # 01:25 in Beijing


@pytest.fixture
def utc_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's zone is UTC and the product's clock reads 17:25 UTC on 30 November."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    with clock.set_clock(clock.fixed(EVENING_UTC)):
        yield
    monkeypatch.undo()
    time.tzset()


def test_clock_gives_china_dates(utc_server: None) -> None:
    assert clock.now().date() == EVENING_UTC.date()
    assert clock.china_today() == CHINA_DAY
    assert clock.china_day(EVENING_UTC.replace(tzinfo=None)) == CHINA_DAY  # naive: UTC


def test_run_draft_statistics_and_tally_agree(
    utc_server: None, store: Store, tmp_path: Path
) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG)  # no date given: today, in China
    with store.session() as session:
        run = session.scalars(select(Run)).one()
        months = set(session.scalars(select(LeadTally.month)))
    assert run.run_date == CHINA_DAY.isoformat()
    assert months == {"2026-12"}

    with store.session() as session:
        lead = list_leads(session, model=SLUG)[0]
    done = draft_for_lead(store, lead["id"], "suggestion", user="zhang")
    assert f"（zhang，{CHINA_DAY.isoformat()}）" in done.reminders()[0]  # when it was drafted
    assert "〔2026〕" in text(done.data)

    by_month = statistics(store, StatsFilter(group_by="month"))  # from the tallies
    assert [g["key"] for g in by_month["groups"]] == ["2026-12"]
    one_day = StatsFilter(group_by="month", date_from=CHINA_DAY, date_to=CHINA_DAY)
    counted = statistics(store, one_day)  # a day inside a month: counted from the leads
    assert [g["key"] for g in counted["groups"]] == ["2026-12"]
    assert counted["total"]["leads"] == by_month["total"]["leads"] > 0
    before = StatsFilter(date_from=EVENING_UTC.date(), date_to=EVENING_UTC.date())
    assert statistics(store, before)["total"]["leads"] == 0  # not the UTC day
