"""SQLite's WAL is checkpointed on the store's own thread, not inside a caller's commit."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import text

from jiancha.store import Store
from jiancha.store.checkpoint import Checkpointer

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
