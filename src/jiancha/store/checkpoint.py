"""SQLite's WAL copied back into the database file on a thread of its own.

With automatic checkpoints (SQLite's default), the commit that takes the write-ahead log past
1,000 pages also copies those pages into the database file and syncs it: tens of
milliseconds inside the transaction of whoever crossed the line — a model run storing
thousands of leads, typically. The store's connections run with ``wal_autocheckpoint = 0``
instead, and after each commit the store pokes its :class:`Checkpointer`, which checkpoints
on its own connection once the log file is larger than :data:`LIMIT` bytes (the connections'
``journal_size_limit``, so that the file shrinks back to it when SQLite starts the log
afresh after a complete checkpoint). ``PASSIVE`` mode
never waits for a reader or writer; a checkpoint cut short is finished by the next one, and
SQLite checkpoints by itself when the last connection to the database closes.

A checkpoint that copied the whole log is followed by a ``TRUNCATE`` one, which empties the
log file, but only if it can without waiting (no busy timeout on this connection): a reader
or writer in the log at that moment leaves the file as it is, to be emptied after the next
checkpoint. Everything is already in the database file by then, so this takes milliseconds.
Otherwise the log stays as large as the last burst of writes made it (1.4 GB after a
benchmark's rounds of 100,000 leads each) and the next writer overwrites it from the start:
a run's insert of 100,000 new leads took 1.00–1.32 s after a log left so, 0.91–0.97 s after an
emptied one (``benchmarks/engine_bench.py``,
``docs/leads.md``).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

LIMIT = 4 * 1024 * 1024  # SQLite's own threshold: 1,000 pages of 4 KiB
log = logging.getLogger(__name__)


class Checkpointer:
    """Checkpoints one SQLite database in the background when its WAL has grown."""

    def __init__(self, database: Path, limit: int = LIMIT) -> None:
        self.database = database
        self.wal = database.with_name(database.name + "-wal")
        self.limit = limit
        self.checkpoints = 0
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def poke(self) -> None:
        """Called after a commit: wakes the thread when the log is past the limit."""
        try:
            size = self.wal.stat().st_size
        except OSError:
            return
        if size <= self.limit or self._stopping:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="jiancha-sqlite-checkpoint", daemon=True
                )
                self._thread.start()
        self._idle.clear()
        self._wake.set()

    def wait(self, timeout: float = 30.0) -> bool:
        """Until the checkpoint asked for last is done (for tests and shutdown)."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=30)

    def _loop(self) -> None:
        # No busy timeout: PASSIVE never waits, and TRUNCATE must not (it would hold writers).
        connection = sqlite3.connect(self.database, timeout=0, check_same_thread=False)
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                try:
                    busy, logged, copied = connection.execute(
                        "PRAGMA wal_checkpoint(PASSIVE)"
                    ).fetchone()
                    self.checkpoints += 1
                    if not busy and logged == copied:  # all of it in the database file
                        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                except sqlite3.Error as error:  # busy or locked: the next poke tries again
                    log.warning("SQLite 检查点未完成：%s", error)
                finally:
                    if not self._wake.is_set():
                        self._idle.set()
        finally:
            connection.close()
            self._idle.set()
