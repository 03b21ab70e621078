"""Migration 0020 (the title search indexed after the run; one- and two-character searches) on
a store with leads, some of them not indexed yet: down gives 0017's search back with every lead
in it, up fills the short-search index from the leads there and sets the mark; the grams' SQL
written out in the migration is the code's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from jiancha.leads.search import title_contains
from jiancha.leads.search_index import grams
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, Store
from jiancha.store.db import MIGRATIONS, downgrade, migrate
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county
from tests.modules import from_file

SLUG = "custodial-sentence-not-executed"
NEW = {"leads_grams", "leads_grams_at", "leads_search_mark"}
OLD = {"leads_fts_paused", "leads_fts_insert", "leads_fts_delete", "leads_fts_update"}
TRIGGERS = {"leads_search_delete", "leads_search_update"}


def _migration() -> Any:
    return from_file(MIGRATIONS / "versions" / "0020_lead_search_deferred.py", "migration_0020")


def test_the_migration_s_grams_are_the_code_s() -> None:
    for column in ("title_masked", "old.title_masked", "new.title_masked"):
        assert _migration()._grams(column) == grams(column)


def _objects(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'leads_%'"))
        return {r[0] for r in rows} & (NEW | OLD | TRIGGERS)


def _titles(store: Store) -> dict[int, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, title_masked FROM leads")).all())


def _found(store: Store, words: str) -> set[int]:
    dialect = store.engine.dialect.name
    with store.session() as session:
        return set(session.scalars(select(Lead.id).where(title_contains(words, dialect))))


def _every_piece_found(store: Store) -> None:
    for lead_id, title in _titles(store).items():
        for piece in (title[3:5], title[4], title[3:9]):
            assert lead_id in _found(store, piece), piece


def test_deferred_search_migration_down_and_up(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    sqlite = store.engine.dialect.name == "sqlite"
    assert len(_titles(store)) == 2
    if sqlite:
        assert _objects(store) == NEW | TRIGGERS
    _every_piece_found(store)

    downgrade(store.engine, "0019")
    if sqlite:
        assert _objects(store) == OLD
        with store.engine.begin() as conn:  # 0017's index holds every lead, pending ones too
            conn.exec_driver_sql("INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')")
            for lead_id, title in _titles(store).items():
                hits = conn.exec_driver_sql(
                    "SELECT rowid FROM leads_fts WHERE title_masked LIKE ?", (f"%{title[3:9]}%",)
                )
                assert lead_id in {r[0] for r in hits}
            # a lead stored under 0017's trigger
            conn.exec_driver_sql(
                "INSERT INTO leads (model_id, fingerprint, subject_type, subject_key, title,"
                " title_masked, evidence, explanation, status, hit, first_run_id, last_run_id,"
                " first_seen_at, last_seen_at, version) SELECT model_id, 'later', subject_type,"
                " 'k', title, '王*：缓刑考验期内再犯', evidence, explanation, status, hit,"
                " first_run_id, last_run_id, first_seen_at, last_seen_at, 0 FROM leads LIMIT 1"
            )
    titles = _titles(store)

    migrate(store.engine, "head")
    assert _titles(store) == titles
    if sqlite:
        assert _objects(store) == NEW | TRIGGERS
        with store.engine.connect() as conn:
            mark = conn.execute(text("SELECT lead_id FROM leads_search_mark")).scalar_one()
            assert mark == max(titles)  # every lead indexed on the way up
            conn.exec_driver_sql("INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')")
        assert _found(store, "再犯") == {max(titles)}
        assert "leads_grams" in str(title_contains("再犯", "sqlite").compile())
    _every_piece_found(store)
