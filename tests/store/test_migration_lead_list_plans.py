"""Migration 0021 (the lead list's plans) on a store with leads: up widens the office's and the
model's indexes and, on PostgreSQL, makes the grams function and its index; down puts the
indexes back as 0017 made them and removes the function and index; up again; no lead changes;
SQLite's statistics, where kept, are taken again for the indexes made again."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from sqlalchemy import inspect, text

from jiancha.leads import search_pg
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Store
from jiancha.store.db import downgrade, migrate
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county
from tests.modules import from_file

MIGRATION = (
    Path(search_pg.__file__).parents[1] / "store/migrations/versions/0021_lead_list_plans.py"
)
WIDE = {
    "ix_leads_org_status": ["org_id", "status", "id", "model_id"],
    "ix_leads_model_status": ["model_id", "status", "id", "org_id"],
    "ix_leads_model_amount": ["model_id", "amount", "id", "org_id"],
}
NARROW = {name: columns[:3] for name, columns in WIDE.items()}


def _migration() -> ModuleType:
    return from_file(MIGRATION, "migration_0021")


def _indexes(store: Store) -> dict[str, list[str | None]]:
    found = inspect(store.engine).get_indexes("leads")
    return {i["name"]: i["column_names"] for i in found if i["name"] in WIDE}


def _analysed(store: Store) -> set[str]:
    """The indexes of leads that SQLite keeps statistics of."""
    with store.engine.connect() as conn:
        query = "SELECT idx FROM sqlite_stat1 WHERE tbl = 'leads'"
        return {r[0] for r in conn.execute(text(query))}


def _grams(store: Store) -> tuple[int, int]:
    """How many grams functions and grams indexes there are (PostgreSQL)."""
    with store.engine.connect() as conn:
        functions = conn.execute(
            text("SELECT count(*) FROM pg_proc WHERE proname = :n"), {"n": search_pg.GRAMS}
        ).scalar_one()
        indexes = conn.execute(
            text("SELECT count(*) FROM pg_indexes WHERE indexname = :n"),
            {"n": search_pg.GRAMS_INDEX},
        ).scalar_one()
    return int(functions), int(indexes)


def test_the_migration_writes_out_the_search_s_sql() -> None:
    """The migration keeps its own copy of the function (it must not change with the code);
    the two agree as of this revision."""
    migration = _migration()
    assert migration.GRAMS_FUNCTION == search_pg.GRAMS_FUNCTION
    assert search_pg.GRAMS_INDEX_DDL in migration.POSTGRES_UP


def test_lead_list_plans_migration_down_and_up(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, "custodial-sentence-not-executed", run_date=AS_OF)
    postgres = store.engine.dialect.name == "postgresql"
    with store.engine.connect() as conn:
        leads = conn.execute(text("SELECT id, title_masked FROM leads ORDER BY id")).all()
    assert len(leads) == 2
    assert _indexes(store) == WIDE
    if postgres:
        assert _grams(store) == (1, 1)
        with store.engine.connect() as conn:
            grams = conn.execute(text("SELECT jiancha_title_grams('在院住院')")).scalar_one()
        assert sorted(grams) == sorted(["在院", "住院", "院住", "院"])  # pairs; "院": odd

    if not postgres:  # a store that keeps statistics keeps them for the indexes made again
        with store.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    downgrade(store.engine, "0020")
    assert _indexes(store) == NARROW
    assert postgres or _analysed(store) >= set(WIDE)
    if postgres:
        assert _grams(store) == (0, 0)

    migrate(store.engine, "head")
    assert _indexes(store) == WIDE
    assert postgres or _analysed(store) >= set(WIDE)
    if postgres:
        assert _grams(store) == (1, 1)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT id, title_masked FROM leads ORDER BY id")).all() == leads
