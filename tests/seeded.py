"""A seeded workspace per test, without seeding it for each test.

Many tests start from the same state: the API tests' county with one model run and a user
(``tests.api.helpers.seed``), the statistics tests' scenario. Seeding it — importing files,
installing and running a model — took 1–3.5 s a test under the suite's load, a tenth of all
the workers' time. Here each test process seeds once per seed function and backend, and every
test gets a copy of the result:

* the workspace folder (data files, the workspace's key) is copied whole;
* on SQLite the metadata store is a file in it, copied with it;
* on PostgreSQL every row of the seeded database is written into the test's own empty database
  (``tests.pg_pool.restore``, 30–80 ms), its sequences where they stood.

A test changes only its copy. The files a seed function wrote outside the workspace (the source
CSV files it imported) stay in the process's seeding folder, read only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from jiancha.store import Store, Workspace, init_workspace, open_store, open_workspace
from tests.pg_pool import DatabasePool, Snapshot, restore, snapshot

URL_VARIABLE = "JIANCHA_DATABASE_URL"

Seed = Callable[[Store, Path], Any]
"""Seeds the store of a new workspace; the second argument is a folder for its own files. What
it returns (plain data: ids, names) is kept and handed to every test (``SeededCopies.value``)."""


@dataclass
class SeededCopies:
    """This process's seeded workspaces, by seed function and backend."""

    root: Path
    migrated_sqlite: Path
    homes: dict[tuple[str, str], Path] = field(default_factory=dict)
    rows: dict[str, Snapshot] = field(default_factory=dict)
    values: dict[tuple[str, str], Any] = field(default_factory=dict)

    def value(self, seed: Seed, backend: str) -> Any:
        """What ``seed`` returned when it seeded this process's workspace on ``backend``."""
        return self.values[_key(seed, backend)]

    def copy(
        self, seed: Seed, backend: str, destination: Path, pool: DatabasePool | None = None
    ) -> Workspace:
        """A copy at ``destination`` (which must not exist) of the workspace ``seed`` made; on
        PostgreSQL (``pool`` given) its rows are written into the database
        ``JIANCHA_DATABASE_URL`` names, which must be empty."""
        key = _key(seed, backend)
        if key not in self.homes:
            self.homes[key] = self._seed(seed, backend, key, pool)
        shutil.copytree(self.homes[key], destination)
        if backend == "postgres":
            url = os.environ[URL_VARIABLE]
            engine = create_engine(url, poolclass=NullPool)
            try:
                with engine.connect() as conn:
                    restore(conn, self.rows[key[0]])
                    conn.commit()
            finally:
                engine.dispose()
        return open_workspace(destination)

    def _seed(
        self, seed: Seed, backend: str, key: tuple[str, str], pool: DatabasePool | None
    ) -> Path:
        folder = self.root / f"{len(self.homes)}-{backend}"
        home = folder / "home"
        if backend == "sqlite":
            with database_url(None):
                ws, _ = init_workspace(home)
                shutil.copyfile(self.migrated_sqlite, home / "metadata.db")
                self.values[key] = self._run(seed, ws, folder)
            checkpoint(home / "metadata.db")
            return home
        assert pool is not None, "a PostgreSQL copy needs the process's database pool"
        name = pool.take()
        try:
            with database_url(pool.url(name)):
                ws, _ = init_workspace(home)
                self.values[key] = self._run(seed, ws, folder)
            engine = create_engine(pool.url(name), poolclass=NullPool)
            try:
                with engine.connect() as conn:
                    self.rows[key[0]] = snapshot(conn)
            finally:
                engine.dispose()
        finally:
            pool.give_back(name)
        return home

    @staticmethod
    def _run(seed: Seed, ws: Workspace, folder: Path) -> Any:
        files = folder / "files"
        files.mkdir()
        store = open_store(ws)
        try:
            return seed(store, files)
        finally:
            store.close()


@contextmanager
def database_url(url: str | None) -> Iterator[None]:
    """``JIANCHA_DATABASE_URL`` set to ``url`` (removed for ``None``: the workspace's own SQLite
    store) meanwhile, and as it was afterwards."""
    saved = os.environ.pop(URL_VARIABLE, None)
    if url is not None:
        os.environ[URL_VARIABLE] = url
    try:
        yield
    finally:
        os.environ.pop(URL_VARIABLE, None)
        if saved is not None:
            os.environ[URL_VARIABLE] = saved


def checkpoint(database: Path) -> None:
    """Everything of the SQLite file ``database`` in the file, nothing in its log (so that a
    copy of the file alone is whole)."""
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _key(seed: Seed, backend: str) -> tuple[str, str]:
    return (f"{seed.__module__}.{seed.__qualname__}", backend)
