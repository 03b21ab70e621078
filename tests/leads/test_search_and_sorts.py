"""The lead list at scale, for correctness: the title search reads the masked title only
(trigram index for three characters or more, ``LIKE`` below), stays in step with inserts,
updates and deletes, and every sort returns its leads in order across pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from jiancha.leads import LeadFilter, exact_total, search_leads, tally
from jiancha.leads.confine import LOCAL
from jiancha.leads.query import SORTS
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, Store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

SLUG = "custodial-sentence-not-executed"
COPIES = 23
STATUSES = ("new", "assigned", "verifying", "rejected")


def _amount(i: int) -> Decimal | None:
    return None if i % 4 == 0 else Decimal(f"{(i % 5) * 1000}.50")  # empty ones, and ties


@pytest.fixture
def leads(store: Store, tmp_path: Path) -> list[int]:
    """The run's leads, and COPIES more whose unmasked title holds an ID number that the
    masked one hides; amounts with ties and empty ones, sights and states spread."""
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    with store.session() as session:
        first = session.scalars(select(Lead).order_by(Lead.id)).first()
        assert first is not None
        for i in range(COPIES):
            seen = dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=i % 6)
            session.add(
                Lead(
                    model_id=first.model_id,
                    fingerprint=f"copy-{i}",
                    subject_type="person",
                    subject_key=f"33010219900101{i:04d}",
                    title=f"张三{i}（33010219900101{i:04d}）在某某医院住院",
                    title_masked=f"张*{i}（3301**********{i:04d}）在某某医院住院",
                    evidence={},
                    explanation=[],
                    status=STATUSES[i % len(STATUSES)],
                    amount=_amount(i),
                    first_run_id=first.first_run_id,
                    last_run_id=first.last_run_id,
                    first_seen_at=seen,
                    last_seen_at=seen + dt.timedelta(hours=i % 3),
                )
            )
    with store.session() as session:
        tally.rebuild(session)  # the copies bypassed the application's tallies
        return list(session.scalars(select(Lead.id).order_by(Lead.id)))


def _found(store: Store, text: str) -> tuple[int, set[int]]:
    with store.session() as session:
        total, page = search_leads(session, LeadFilter(text=text, viewer=LOCAL))
    return total, {lead["id"] for lead in page}


def test_search_reads_the_masked_title_only(store: Store, leads: list[int]) -> None:
    copies = set(leads[-COPIES:])
    assert _found(store, "医院住院") == (COPIES, copies)  # the trigram index
    assert _found(store, "0101") == (0, set())  # in the unmasked ID numbers only
    assert _found(store, "张三") == (0, set())  # the unmasked name
    assert _found(store, "张*7")[1] == {leads[-COPIES + 7]}
    assert _found(store, "**0012")[1] == {leads[-COPIES + 12]}


def test_short_and_wildcard_searches(store: Store, leads: list[int]) -> None:
    copies = set(leads[-COPIES:])
    assert _found(store, "住院") == (COPIES, copies)  # two characters: shorter than a trigram
    assert copies <= _found(store, "院")[1]  # one (the run's leads name a court: 法院)
    assert _found(store, "住医") == (0, set())
    assert _found(store, "%") == (0, set())  # wildcards match themselves
    assert _found(store, "医_住") == (0, set())


def test_the_run_s_leads_are_searchable(store: Store, leads: list[int]) -> None:
    """The run inserted its leads with the per-row trigger suspended (SQLite): indexed anyway."""
    with store.session() as session:
        masked = session.scalar(select(Lead.title_masked).where(Lead.id == leads[0]))
    assert masked and len(masked) > 8
    assert leads[0] in _found(store, masked[2:8])[1]


def test_search_follows_updates_and_deletes(store: Store, leads: list[int]) -> None:
    one, two = leads[-1], leads[-2]
    with store.session() as session:
        session.execute(update(Lead).where(Lead.id == one).values(title_masked="王*：另案羁押"))
        session.execute(delete(Lead).where(Lead.id == two))
    assert _found(store, "另案羁押")[1] == {one}
    assert _found(store, "医院住院") == (COPIES - 2, set(leads[-COPIES:-2]))


def _expected(store: Store, sort: str) -> list[int]:
    """Every lead in ``sort``'s order, computed here: empty amounts last, ties by id."""
    key = sort.lstrip("-")
    down = sort.startswith("-")
    with store.session() as session:
        rows = [(lead.id, getattr(lead, key)) for lead in session.scalars(select(Lead))]
    present = sorted(
        ((v, i) for i, v in rows if v is not None),
        key=lambda p: (p[0].replace(tzinfo=None) if isinstance(p[0], dt.datetime) else p[0], p[1]),
        reverse=down,
    )
    missing = sorted((i for i, v in rows if v is None), reverse=down)
    return [i for _, i in present] + missing


@pytest.mark.parametrize("sort", [s for k in SORTS for s in (k, f"-{k}")])
def test_every_sort_pages_in_order(store: Store, leads: list[int], sort: str) -> None:
    wanted = _expected(store, sort)
    assert len(wanted) == len(leads)
    got: list[int] = []
    with store.session() as session:
        for offset in range(0, len(leads) + 7, 7):
            f = LeadFilter(viewer=LOCAL, sort=sort, offset=offset, limit=7)
            total, page = search_leads(session, f)
            assert total == len(leads)
            got += [lead["id"] for lead in page]
    assert got == wanted


@pytest.mark.parametrize("text", ["医院住院", "住院", "院"])  # trigrams, a pair, one character
def test_a_limited_count_stops_past_the_limit(store: Store, leads: list[int], text: str) -> None:
    """``count_limit``: a search's count is exact up to the limit, ``limit + 1`` past it, and
    the page is the same; a count the tallies keep (a state) is exact whatever the limit."""
    with store.session() as session:
        exact, every = search_leads(session, LeadFilter(text=text, viewer=LOCAL, limit=10))
        assert exact >= COPIES
        for limit in (1, exact - 1, exact, exact + 5):
            wanted = LeadFilter(text=text, viewer=LOCAL, limit=10, count_limit=limit)
            total, page = search_leads(session, wanted)
            assert total == min(exact, limit + 1)
            assert exact_total(wanted, total) is (exact <= limit)
            assert [lead["id"] for lead in page] == [lead["id"] for lead in every]
        new = search_leads(session, LeadFilter(status="new", viewer=LOCAL))[0]
        assert new > 2
        limited = LeadFilter(status="new", viewer=LOCAL, count_limit=1)
        assert search_leads(session, limited)[0] == new and exact_total(limited, new)
