"""Migration 0017 (the lead list's indexes and title search) on a store with leads: up fills
the search from the leads already there, down removes every object it made, and up again."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from jiancha.leads import LeadFilter, search_leads
from jiancha.leads.confine import LOCAL
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Store
from jiancha.store.db import downgrade, migrate
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

NEW_INDEXES = {"ix_leads_amount", "ix_leads_last_seen", "ix_leads_status"}


def _search_objects(store: Store) -> set[str]:
    """The search's tables and index, and the new sort indexes, present now."""
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE name LIKE 'leads_fts%'"
        else:
            query = "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_leads_title_trgm'"
        found = {r[0] for r in conn.execute(text(query))}
    names = {i["name"] for i in inspect(store.engine).get_indexes("leads")}
    return found | (names & NEW_INDEXES)


def _found(store: Store, words: str) -> set[int]:
    with store.session() as session:
        return {x["id"] for x in search_leads(session, LeadFilter(text=words, viewer=LOCAL))[1]}


def test_lead_search_migration_down_and_up(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, "custodial-sentence-not-executed", run_date=AS_OF)
    with store.engine.connect() as conn:
        masked = dict(conn.execute(text("SELECT id, title_masked FROM leads")).all())
    assert len(masked) == 2
    lead_id, title = next(iter(masked.items()))
    words = title[3:9]
    assert lead_id in _found(store, words)
    made = _search_objects(store)
    assert made >= NEW_INDEXES and len(made) > len(NEW_INDEXES)

    downgrade(store.engine, "0016")
    assert _search_objects(store) == set()
    with store.engine.connect() as conn:
        assert dict(conn.execute(text("SELECT id, title_masked FROM leads")).all()) == masked

    migrate(store.engine, "head")  # an existing workspace: its leads indexed on the way up
    assert _search_objects(store) == made
    assert lead_id in _found(store, words)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM leads")).scalar_one() == 2
