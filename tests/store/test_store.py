"""Workspace and metadata store on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from jiancha.errors import JianchaError
from jiancha.leads.search import outside_search
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Base, Store, init_workspace, open_store, open_workspace
from jiancha.store.db import downgrade, migrate
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county


def test_migrations_match_models(store: Store, backend: str) -> None:
    assert store.engine.dialect.name == ("postgresql" if backend == "postgres" else "sqlite")
    with store.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": outside_search}
            ),
            Base.metadata,
        )
    assert diff == []
    tables = set(inspect(store.engine).get_table_names())
    assert {"datasets", "dataset_versions", "dataset_fields", "alembic_version"} <= tables


def test_downgrade_and_upgrade_keep_every_row(store: Store, tmp_path: Path) -> None:
    """Regression: a batch rebuild of `datasets` on SQLite dropped the table, and its versions
    and fields went with it (ON DELETE CASCADE); `runs` could not be rebuilt under its leads."""
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, "custodial-sentence-not-executed", run_date=AS_OF)
    tables = ("datasets", "dataset_versions", "dataset_fields", "runs", "leads")

    def counts() -> dict[str, int]:
        with store.engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}

    before = counts()
    assert before["dataset_versions"] == 2 and before["leads"] == 2
    downgrade(store.engine, "0011")
    assert counts() == before
    migrate(store.engine, "head")
    assert counts() == before
    with store.engine.connect() as conn:  # 0016 made the installed model a marketplace model
        adopted = conn.execute(
            text(
                "SELECT m.slug, m.state, v.version FROM supervision_models a"
                " JOIN model_versions v ON v.id = a.version_id"
                " JOIN market_models m ON m.id = v.model_id"
            )
        ).all()
    assert [tuple(r) for r in adopted] == [("custodial-sentence-not-executed", "draft", "1.0.0")]


def test_migrate_is_idempotent(store: Store) -> None:
    again = open_store(store.workspace)
    again.close()


def test_init_is_idempotent_and_refuses_foreign_dirs(tmp_path: Path) -> None:
    ws, created = init_workspace(tmp_path / "w")
    assert created and (ws.home / "workspace.json").is_file() and ws.data_dir.is_dir()
    assert init_workspace(tmp_path / "w") == (ws, False)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    with pytest.raises(JianchaError, match="非空"):
        init_workspace(tmp_path / "other")


def test_open_missing_workspace(tmp_path: Path) -> None:
    with pytest.raises(JianchaError, match="jiancha init"):
        open_workspace(tmp_path / "none")


def test_unreachable_database_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIANCHA_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    ws, _ = init_workspace(tmp_path / "w")
    with pytest.raises(JianchaError, match="无法连接元数据库"):
        open_store(ws)
