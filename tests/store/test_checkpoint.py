"""SQLite's WAL is checkpointed on the store's own thread, not inside a caller's commit."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

from sqlalchemy import text

from jiancha.store import Store
from jiancha.store.checkpoint import LIMIT, Checkpointer

FILL = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
    "INSERT INTO filler SELECT i, hex(randomblob(2000)) FROM n"
)  # about 8 MiB of pages in one commit: past the 4 MiB limit


def _in_database_file(store: Store, tmp_path: Path) -> int:
    """Rows of ``filler`` in the database file alone, without its write-ahead log."""
    copy = tmp_path / "alone.db"
    shutil.copy(Path(str(store.engine.url.database)), copy)
    with sqlite3.connect(copy) as raw:
        found = raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'filler'").fetchone()
        return int(raw.execute("SELECT count(*) FROM filler").fetchone()[0]) if found[0] else -1


def test_commits_leave_the_checkpoint_to_the_thread(sqlite_store: Store, tmp_path: Path) -> None:
    with sqlite_store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
    checkpointer = sqlite_store._checkpointer
    assert isinstance(checkpointer, Checkpointer)
    with sqlite_store.session() as session:  # a small commit: no checkpoint, no thread
        session.execute(text("CREATE TABLE filler (n INTEGER, t TEXT)"))
    assert checkpointer.checkpoints == 0 and checkpointer._thread is None
    assert _in_database_file(sqlite_store, tmp_path) == -1  # only in the log so far
    with sqlite_store.session() as session:
        session.execute(text(FILL))
    assert checkpointer.wait(30)
    assert checkpointer.checkpoints == 1
    assert _in_database_file(sqlite_store, tmp_path) == 2000  # copied into the file


def test_stop_ends_the_thread(sqlite_store: Store) -> None:
    checkpointer = sqlite_store._checkpointer
    assert checkpointer is not None
    with sqlite_store.session() as session:
        session.execute(text("CREATE TABLE filler (n INTEGER, t TEXT)"))
        session.execute(text(FILL))
    assert checkpointer.wait(30) and checkpointer._thread is not None
    checkpointer.stop()
    assert not checkpointer._thread.is_alive()
    with sqlite_store.session() as session:  # the store still works, checkpointing aside
        assert session.execute(text("SELECT count(*) FROM filler")).scalar() == 2000


def _wal_bytes(database: Path) -> int:
    return database.with_name(database.name + "-wal").stat().st_size


def test_a_log_copied_whole_is_emptied_unless_someone_reads_it(tmp_path: Path) -> None:
    """After a complete checkpoint the log file is truncated to nothing, so that the next
    writer starts a fresh one; a reader in the log at that moment keeps it as it is, and the
    checkpointer does not wait for the reader."""
    database = tmp_path / "w.db"
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE filler (n INTEGER, t TEXT)")
    writer.execute(FILL)
    reader = sqlite3.connect(database, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM filler").fetchone() == (2000,)  # in the log
    checkpointer = Checkpointer(database)
    try:
        checkpointer.poke()
        started = time.monotonic()
        assert checkpointer.wait(30) and checkpointer.checkpoints == 1
        assert time.monotonic() - started < 5  # the reader was not waited for
        assert _wal_bytes(database) > LIMIT  # copied, but kept for the reader
        reader.execute("COMMIT")
        writer.execute(FILL)
        checkpointer.poke()
        assert checkpointer.wait(30) and checkpointer.checkpoints == 2
        assert _wal_bytes(database) == 0
        assert writer.execute("SELECT count(*) FROM filler").fetchone() == (4000,)
    finally:
        checkpointer.stop()
        reader.close()
        writer.close()


def test_settle_leaves_the_store_at_rest(sqlite_store: Store) -> None:
    with sqlite_store.session() as session:
        session.execute(text("CREATE TABLE filler (n INTEGER, t TEXT)"))
        session.execute(text(FILL))
    assert sqlite_store.settle()
    assert _wal_bytes(Path(str(sqlite_store.engine.url.database))) == 0
