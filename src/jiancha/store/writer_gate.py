"""SQLite writers of one process take the database's write lock in the order they asked for it.

SQLite lets one connection write at a time; the others retry until the busy timeout, sleeping
between tries. That is not fair: a thread that commits and starts its next write at once takes
the lock again before a thread asleep in its retry wakes up. Three threads assigning leads back
to back kept a model run's first insert waiting past the 30-second timeout ("database is
locked", seen in the concurrency tests on a loaded machine).

Here every connection of a store on a SQLite file is a ``GatedConnection``: before a statement
that writes (or ``BEGIN IMMEDIATE``) it waits its turn at its database's ``WriterGate``, a
first-come first-served lock shared by every connection to that file in the process, and it
gives its turn back when its transaction ends (commit, rollback, close) — or at once, if the
statement opened none. Other processes still meet at SQLite's own lock and busy timeout.

Owns: the gate and the connection and cursor classes handed to ``sqlite3.connect``. Must not
touch: anything above the DBAPI (sessions, models).
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Iterable
from typing import Any

WAIT_SECONDS = 120.0
"""How long a writer waits for its turn before it fails as SQLite would ("database is locked");
longer than the busy timeout, because the queue is fair: it only waits for the writers before
it."""
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
_DML = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


class WriterGate:
    """A first-come first-served lock (``threading.Lock`` wakes its waiters in no set order)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._held = False
        self._queue: deque[object] = deque()

    def acquire(self, timeout: float = WAIT_SECONDS) -> None:
        with self._changed:
            if not self._held and not self._queue:
                self._held = True
                return
            ticket = object()
            self._queue.append(ticket)
            deadline = time.monotonic() + timeout
            while self._held or self._queue[0] is not ticket:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._queue.remove(ticket)
                    self._changed.notify_all()
                    raise sqlite3.OperationalError("database is locked")
                self._changed.wait(left)
            self._queue.popleft()
            self._held = True

    def release(self) -> None:
        with self._changed:
            self._held = False
            self._changed.notify_all()


_GATES: dict[str, WriterGate] = {}
_GATES_LOCK = threading.Lock()


def gate_for(database: str) -> WriterGate:
    """The gate of the SQLite file ``database`` in this process."""
    key = os.path.realpath(database)
    with _GATES_LOCK:
        return _GATES.setdefault(key, WriterGate())


def _writes(statement: str) -> bool:
    words = statement.lstrip().split(None, 2)
    if not words:
        return False
    first = words[0].upper()
    if first == "BEGIN":  # a deferred BEGIN takes no lock; IMMEDIATE and EXCLUSIVE do
        return len(words) > 1 and words[1].upper() in ("IMMEDIATE", "EXCLUSIVE")
    if first == "WITH":  # a common table expression before a read or a write
        return _DML.search(statement) is not None
    return first in _WRITES


class GatedConnection(sqlite3.Connection):
    """A ``sqlite3`` connection that writes only in its turn at its database's gate."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        name = str(database)
        on_file = name not in ("", ":memory:") and not name.startswith("file::memory:")
        self._gate = gate_for(name) if on_file else None
        self._turn = False

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(GatedCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any:
        return self.cursor().executemany(sql, parameters)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._give_back()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._give_back()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._give_back()

    def _wait_turn(self, statement: str) -> None:
        if self._gate is not None and not self._turn and _writes(statement):
            self._gate.acquire()
            self._turn = True

    def _give_back(self) -> None:
        if self._turn and self._gate is not None:
            self._turn = False
            self._gate.release()

    def _settle(self) -> None:
        """After a statement: no transaction open (autocommit, a read, a failed begin) → no
        lock held, so the turn goes back at once."""
        if self._turn and not self.in_transaction:
            self._give_back()


class GatedCursor(sqlite3.Cursor):
    connection: GatedConnection

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        self.connection._wait_turn(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            self.connection._settle()

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any:
        self.connection._wait_turn(sql)
        try:
            return super().executemany(sql, parameters)
        finally:
            self.connection._settle()

    def executescript(self, sql_script: str, /) -> Any:
        # a script commits first and may write anywhere in it: its whole run is a turn
        self.connection._wait_turn("BEGIN IMMEDIATE")
        try:
            return super().executescript(sql_script)
        finally:
            self.connection._settle()
