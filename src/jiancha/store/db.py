"""Engine, sessions and schema migration of the metadata store."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from jiancha.errors import JianchaError
from jiancha.store.checkpoint import LIMIT as WAL_LIMIT
from jiancha.store.checkpoint import Checkpointer
from jiancha.store.workspace import Workspace
from jiancha.store.writer_gate import GatedConnection

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: no corruption, fsync at checkpoints
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: a run's new leads fit
    cursor.execute("PRAGMA wal_autocheckpoint=0")  # the store's checkpointer does it …
    cursor.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")  # … and sees the log's size
    cursor.close()


def _null(_value: None) -> None:
    return None


def bind_nulls_directly() -> None:
    """``None`` bound as NULL without the ``sqlite3`` module's search for an adapter.

    The module binds ``int``, ``float`` and ``str`` directly, but looks every other value up as
    an adapter: for ``None`` the search ends in two failed attribute lookups, each raising and
    formatting an ``AttributeError`` (~3,000 instructions a value, measured with callgrind:
    5 % of a run's bulk insert of new leads, ``jiancha.leads.insert``, where an amount or an
    office is often empty). A registered adapter is found at once; it gives ``None`` back,
    which the module binds as NULL, as before. Process-wide, idempotent."""
    sqlite3.register_adapter(type(None), _null)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL, a busy timeout and its writers in
    one queue per process (``writer_gate``). PostgreSQL's JIT
    compiler is off: it spends 50–200 ms compiling the store's short grouped queries and gains
    nothing on them."""
    postgres = url.startswith("postgresql")
    connect_args: dict[str, Any] = {"options": "-c jit=off"} if postgres else {}
    if url.startswith("sqlite"):
        connect_args["factory"] = GatedConnection  # writers of this process take turns
    engine = create_engine(
        url, future=True, pool_pre_ping=not url.startswith("sqlite"), connect_args=connect_args
    )
    if engine.dialect.name == "sqlite":
        bind_nulls_directly()
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (idempotent)."""
    _migrate(engine, lambda cfg: command.upgrade(cfg, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (for tests of the migrations and for operators)."""
    _migrate(engine, lambda cfg: command.downgrade(cfg, revision))


def _migrate(engine: Engine, step: Callable[[Config], None]) -> None:
    """Run ``step`` in one transaction. On SQLite the foreign keys are off meanwhile, as SQLite's
    own procedure for schema changes says: altering a table there means copying it and dropping
    the old one, and a ``DROP TABLE`` with foreign keys on first deletes every row, cascading
    into the tables that refer to it. The keys are checked before the change commits."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                cfg = alembic_config(engine)
                cfg.attributes["connection"] = connection
                step(cfg)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise JianchaError(f"迁移后外键不一致：{broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


@dataclass
class Store:
    """The metadata store of one workspace."""

    workspace: Workspace
    engine: Engine

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        database = self.engine.url.database
        on_file = self.engine.dialect.name == "sqlite" and database not in (None, "", ":memory:")
        self._checkpointer = Checkpointer(Path(str(database))) if on_file else None

    @contextmanager
    def session(self, *, immediate: bool = False) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on any error.

        ``immediate``: on SQLite the transaction starts with ``BEGIN IMMEDIATE``, taking the
        database's write lock before the first read, so that nothing it reads can change before
        it commits (the driver otherwise begins only at the first write, and reads before it
        see whatever is committed then). For read-check-write changes such as a lead's state;
        other writers wait up to the busy timeout. No effect on PostgreSQL, where such changes
        lock their rows (``SELECT … FOR UPDATE``).
        """
        with self._sessions() as session, session.begin():
            if immediate and self.engine.dialect.name == "sqlite":
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session
        if self._checkpointer is not None:
            self._checkpointer.poke()

    def settle(self, timeout: float = 60.0) -> bool:
        """SQLite: checkpoint now if the log has grown, and wait until it is done — the store
        at rest, as between two runs (benchmarks). False if it did not finish in time."""
        if self._checkpointer is None:
            return True
        self._checkpointer.poke()
        return self._checkpointer.wait(timeout)

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.engine.dispose()


def open_store(workspace: Workspace, *, upgrade: bool = True) -> Store:
    """Connect to the workspace's metadata store and apply pending migrations."""
    engine = make_engine(workspace.database_url)
    try:
        if upgrade:
            migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        url = engine.url.render_as_string(hide_password=True)
        raise JianchaError(f"无法连接元数据库 {url}：{exc.orig}") from exc
    store = Store(workspace, engine)
    if upgrade:
        from jiancha.leads.rekey import secure_leads  # the leads package sits above the store

        try:
            secure_leads(store)  # an older workspace: its secret made, its leads re-keyed
        except BaseException:
            store.close()
            raise
        recover(store)
    return store


def recover(store: Store) -> None:
    """Clear what killed processes left: imports' staging files, runs and jobs stuck in
    ``running``."""
    # Imported here: the catalogue and runs sit above the store in the layers.
    from jiancha.catalogue.staging import clean
    from jiancha.jobs.recovery import mark_interrupted as mark_jobs_interrupted
    from jiancha.runs.recovery import mark_interrupted

    clean(store)
    mark_interrupted(store)
    mark_jobs_interrupted(store)
