"""Migration 0022 (the leads' keys checked at commit) on a store with leads, both backends: up
makes the four keys DEFERRABLE INITIALLY DEFERRED, down makes them immediate again, up again.
No lead changes; on SQLite, which copies the table, the search's triggers are made again (a
deleted lead leaves the search), the indexes stay, and kept statistics are taken again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Store
from jiancha.store.db import downgrade, migrate
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

KEYS = {
    "fk_leads_model_id_supervision_models",
    "fk_leads_org_id_orgs",
    "fk_leads_first_run_id_runs",
    "fk_leads_last_run_id_runs",
}
DEFERRED = {"deferrable": True, "initially": "DEFERRED"}


def _timing(store: Store) -> dict[str, dict[str, Any]]:
    """Each key of leads with its deferral options as reflected (absent: immediate)."""
    found = inspect(store.engine).get_foreign_keys("leads")
    return {
        k["name"]: {o: v for o, v in k.get("options", {}).items() if o in DEFERRED and v}
        for k in found
    }


def _schema(store: Store) -> tuple[list[Any], set[str], set[str]]:
    """The leads, the names of leads' indexes and (SQLite) of its triggers."""
    with store.engine.connect() as conn:
        leads = conn.execute(text("SELECT * FROM leads ORDER BY id")).all()
        triggers = set()
        if store.engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'leads'"
            triggers = {r[0] for r in conn.execute(text(query))}
    indexes = {i["name"] or "" for i in inspect(store.engine).get_indexes("leads")}
    return leads, indexes, triggers


def test_lead_keys_migration_down_and_up(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, "custodial-sentence-not-executed", run_date=AS_OF)
    sqlite = store.engine.dialect.name == "sqlite"
    assert _timing(store) == {key: DEFERRED for key in KEYS}
    before = _schema(store)
    assert len(before[0]) == 2 and "ix_leads_org_status" in before[1]
    assert not sqlite or before[2] == {"leads_search_delete", "leads_search_update"}
    if sqlite:
        with store.engine.begin() as conn:
            conn.execute(text("ANALYZE"))

    downgrade(store.engine, "0021")
    assert _timing(store) == {key: {} for key in KEYS}
    assert _schema(store) == before

    migrate(store.engine, "head")
    assert _timing(store) == {key: DEFERRED for key in KEYS}
    assert _schema(store) == before
    if not sqlite:
        return
    with store.engine.begin() as conn:
        stats = {
            r[0] for r in conn.execute(text("SELECT idx FROM sqlite_stat1 WHERE tbl = 'leads'"))
        }
        assert "ix_leads_org_status" in stats  # statistics taken again for the copied table
        indexed = "SELECT rowid FROM leads_fts ORDER BY rowid"
        first = before[0][0].id
        assert first in conn.execute(text(indexed)).scalars().all()
        conn.execute(text("DELETE FROM leads WHERE id = :id"), {"id": first})
        assert first not in conn.execute(text(indexed)).scalars().all()  # the trigger, made again
