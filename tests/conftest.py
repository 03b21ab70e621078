"""Shared fixtures: a workspace whose metadata store is SQLite or a real PostgreSQL server.

PostgreSQL tests connect to ``JIANCHA_TEST_POSTGRES_URL`` (default: the local server that
``scripts/ensure-postgres.sh`` starts). They never skip: if the server is not there, they fail.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from jiancha.governance import accounts
from jiancha.store import Store, Workspace, init_workspace, open_store
from jiancha.store.db import make_engine, migrate
from tests.pg_pool import DatabasePool
from tests.seeded import Seed, SeededCopies, checkpoint, database_url

# Correctness, not speed: no per-example deadline (CI machines are small and shared). Local
# runs draw new examples every time and so keep exploring; CI draws the same ones every run, so
# that a submission is judged on a reproducible suite (a failure found locally is kept as a test).
settings.register_profile("jiancha", deadline=None, print_blob=True)
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "jiancha")

# pytest-xdist's workers start with COLUMNS set (80); the command line's Rich console fixes its
# width from COLUMNS when it is created, so a test could no longer widen it (env COLUMNS=200)
# as it can on a real terminal. Workers start without it, like a shell.
os.environ.pop("COLUMNS", None)

# Password hashing at argon2's cheapest parameters in the test processes: the product's hasher
# (RFC 9106's second recommended set, ~0.14 s a hash here) took about a third of the suite's
# fixture time, in the thousands of accounts the tests create and sign in. Only the cost changes
# (still argon2id, still salted, the timing equaliser re-made at the same cost);
# ``tests/governance/test_accounts.py`` checks the product's own parameters in a fresh process.
accounts._HASHER = PasswordHasher.from_parameters(CHEAPEST)
accounts._DUMMY = accounts._HASHER.hash("jiancha-timing-equaliser")

POSTGRES_ADMIN = os.environ.get(
    "JIANCHA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A metadata store migrated to the head once per test process: a SQLite workspace of a test
    starts as a copy of it, instead of running every migration again (≈ 0.5 s a workspace)."""
    home = tmp_path_factory.mktemp("migrated") / "home"
    with database_url(None):
        ws, _ = init_workspace(home)
        open_store(ws).close()
    database = home / "metadata.db"
    checkpoint(database)
    return database


@pytest.fixture(scope="session")
def migrated_postgres() -> Iterator[str]:
    """A PostgreSQL database migrated to the head once per test process, the template of each
    test's database (``CREATE DATABASE … TEMPLATE``)."""
    name = f"jiancha_template_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_ADMIN).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        migrate(engine)
    finally:
        engine.dispose()  # a template may have no connections when it is copied
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_pool(migrated_postgres: str) -> Iterator[DatabasePool]:
    """This process's test databases, copies of the template emptied and used again
    (``tests.pg_pool``); all dropped at the end."""
    pool = DatabasePool(POSTGRES_ADMIN, migrated_postgres)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def postgres_url(postgres_pool: DatabasePool) -> Iterator[str]:
    """A PostgreSQL database of the test's own with the metadata schema at the head and no row:
    new, or one an earlier test used, emptied."""
    name = postgres_pool.take()
    try:
        yield postgres_pool.url(name)
    finally:
        postgres_pool.give_back(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Parametrises a test over both metadata backends (sets JIANCHA_DATABASE_URL)."""
    if request.param == "postgres":
        monkeypatch.setenv("JIANCHA_DATABASE_URL", request.getfixturevalue("postgres_url"))
    else:
        monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    return str(request.param)


def empty_workspace(tmp_path: Path, backend: str, migrated_sqlite: Path) -> Workspace:
    """A new workspace at ``<tmp_path>/home``; on SQLite its store a copy of the migrated one."""
    ws, created = init_workspace(tmp_path / "home")
    assert created
    if backend == "sqlite":
        shutil.copyfile(migrated_sqlite, ws.home / "metadata.db")
    return ws


@pytest.fixture
def workspace_seed() -> Seed | None:
    """What a test's workspace starts from: nothing, unless a module or folder overrides this
    fixture (``seeds_client``)."""
    return None


def seeds_client(seed: Seed, asked_by: str = "client") -> Any:
    """A ``workspace_seed`` fixture for a module or folder: its tests that ask for the fixture
    ``asked_by`` get as their ``workspace`` (and so their ``store``) a copy of what ``seed``
    made of a new workspace once in this process (``tests.seeded``); its other tests an empty
    workspace."""

    @pytest.fixture
    def workspace_seed(request: pytest.FixtureRequest) -> Seed | None:
        return seed if asked_by in request.fixturenames else None

    return workspace_seed


@pytest.fixture
def workspace(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    backend: str,
    migrated_sqlite: Path,
    workspace_seed: Seed | None,
) -> Workspace:
    if workspace_seed is None:
        return empty_workspace(tmp_path, backend, migrated_sqlite)
    return seeded_workspace(request, workspace_seed, backend)


@pytest.fixture(scope="session")
def seeded_copies(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path) -> SeededCopies:
    """This process's seeded workspaces (``tests.seeded``)."""
    return SeededCopies(tmp_path_factory.mktemp("seeded"), migrated_sqlite)


def seeded_workspace(request: pytest.FixtureRequest, seed: Seed, backend: str) -> Workspace:
    """The test's workspace (``<tmp_path>/home``): a copy of what ``seed`` made of a new one in
    this process, on the test's backend."""
    copies: SeededCopies = request.getfixturevalue("seeded_copies")
    pool = request.getfixturevalue("postgres_pool") if backend == "postgres" else None
    home = request.getfixturevalue("tmp_path") / "home"
    return copies.copy(seed, backend, home, pool)


@pytest.fixture
def store(workspace: Workspace) -> Iterator[Store]:
    st = open_store(workspace)
    yield st
    st.close()


@pytest.fixture
def sqlite_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated_sqlite: Path
) -> Iterator[Store]:
    """A SQLite-only store, for tests about file formats rather than the metadata backend."""
    monkeypatch.delenv("JIANCHA_DATABASE_URL", raising=False)
    ws, _ = init_workspace(tmp_path / "home")
    shutil.copyfile(migrated_sqlite, ws.home / "metadata.db")
    st = open_store(ws)
    yield st
    st.close()


# --- Spark: one session per test run -------------------------------------------------------
# `make test` (scripts/run-tests.sh) runs every test marked ``spark`` in one process of its own,
# so the whole run starts one Spark session. The tests on the standalone cluster
# (``on_spark_cluster``) run last, so that process switches from local mode to the cluster once.
# The cluster fails, never skips, when it does not come up.


from tests.spark_cluster import LocalCluster  # noqa: E402 - the Spark block stays together


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    cluster = [i for i in items if "on_spark_cluster" in getattr(i, "fixturenames", ())]
    items[:] = [i for i in items if i not in cluster] + cluster


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    """A Spark standalone master and worker on 127.0.0.1, for the whole run."""
    from jiancha.engines.spark import stop_session  # pyspark only where Spark runs

    cluster = LocalCluster(tmp_path_factory.mktemp("spark-cluster")).start()
    try:
        yield cluster
    finally:
        stop_session()
        cluster.stop()


@pytest.fixture
def on_spark_cluster(spark_cluster: LocalCluster, monkeypatch: pytest.MonkeyPatch) -> LocalCluster:
    """``--engine spark`` runs on ``spark_cluster`` during the test."""
    monkeypatch.setenv("JIANCHA_SPARK_MASTER", spark_cluster.master)
    monkeypatch.setenv("JIANCHA_SPARK_CONF", spark_cluster.conf)
    monkeypatch.setenv("JIANCHA_SPARK_CONNECT_TIMEOUT", "180")  # a loaded CI machine is slow
    return spark_cluster
