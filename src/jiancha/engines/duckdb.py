"""DuckDB, embedded: the default engine.

Defence in depth behind the expression whitelist: once the input views are registered, the
session may read only those Parquet files (``allowed_paths``), may not touch any other file or
the network (``enable_external_access = false``), and cannot change that (``lock_configuration``).
``JIANCHA_DUCKDB_THREADS`` and ``JIANCHA_DUCKDB_MEMORY`` (e.g. ``8GB``) cap its resources.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from jiancha.engines.base import Engine


class DuckDBEngine(Engine):
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self) -> None:
        self.con = duckdb.connect()
        threads = os.environ.get("JIANCHA_DUCKDB_THREADS")
        memory = os.environ.get("JIANCHA_DUCKDB_MEMORY")
        if threads:
            self.con.execute("SET threads = ?", [int(threads)])
        if memory:
            self.con.execute("SET memory_limit = ?", [memory])

    def _register(self, views: Mapping[str, Path]) -> None:
        paths = [str(p.resolve()) for p in views.values()]
        self.con.execute("SET allowed_paths = ?", [paths])
        for view, path in views.items():
            self.con.read_parquet(str(path.resolve())).create_view(view)
        self.con.execute("SET enable_external_access = false")
        self.con.execute("SET lock_configuration = true")

    def _execute(self, sql: str, parameters: Mapping[str, Any]) -> pa.Table:
        return self.con.sql(sql, params=dict(parameters)).to_arrow_table()

    def close(self) -> None:
        self.con.close()
