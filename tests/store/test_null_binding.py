"""NULL parameters on SQLite: bound through a registered adapter, still NULL in the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from jiancha.store.db import make_engine


def test_an_sqlite_engine_binds_none_as_null_without_the_adapter_search(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'n.db'}")
    assert (type(None), sqlite3.PrepareProtocol) in sqlite3.adapters
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        row = raw.execute(
            "SELECT ? IS NULL, typeof(?), coalesce(?, 'x')", (None, None, None)
        ).fetchone()
    assert row == (1, "null", "x")
    engine.dispose()
