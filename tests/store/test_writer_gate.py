"""``jiancha.store.writer_gate``: SQLite writers of one process take turns, first come first
served; readers never wait; a turn goes back when its transaction ends, however it ends."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from jiancha.store.db import make_engine
from jiancha.store.writer_gate import GatedConnection, WriterGate, gate_for

GREEDY = 3


def test_waiters_are_served_in_the_order_they_came() -> None:
    gate = WriterGate()
    gate.acquire()
    served: list[int] = []

    def waiter(n: int) -> None:
        gate.acquire()
        served.append(n)
        gate.release()

    threads = []
    for n in range(5):
        thread = threading.Thread(target=waiter, args=(n,))
        thread.start()
        threads.append(thread)
        while len(gate._queue) < n + 1:  # queued before the next one starts
            time.sleep(0.001)
    gate.release()
    for thread in threads:
        thread.join(10)
    assert served == [0, 1, 2, 3, 4]


def test_a_waiter_that_gives_up_fails_as_sqlite_would_and_leaves_the_queue() -> None:
    gate = WriterGate()
    gate.acquire()
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        gate.acquire(timeout=0.05)
    assert not gate._queue
    gate.release()
    gate.acquire(timeout=0.05)  # free again


def test_greedy_writers_cannot_starve_a_writer(tmp_path: Path) -> None:
    """Three threads commit and write again at once, for ever; a fourth thread's deferred insert
    gets in after at most one turn of each of them (without the gate it could wait out the busy
    timeout, as a model run did in the concurrency tests)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE turns (id INTEGER PRIMARY KEY, who TEXT)"))
    running = threading.Event()
    running.set()
    errors: list[BaseException] = []

    def greedy(name: str) -> None:
        try:
            while running.is_set():
                with engine.connect() as connection:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                    connection.execute(text("INSERT INTO turns (who) VALUES (:w)"), {"w": name})
                    time.sleep(0.002)  # a short transaction's work
                    connection.commit()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=greedy, args=(f"g{k}",)) for k in range(GREEDY)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.2)  # the greedy threads pass the lock among themselves
        with engine.connect() as connection:
            before = connection.execute(text("SELECT max(id) FROM turns")).scalar_one()
            connection.execute(text("INSERT INTO turns (who) VALUES ('late')"))
            connection.commit()
    finally:
        running.clear()
        for thread in threads:
            thread.join(30)
    assert errors == []
    with engine.connect() as connection:
        late = connection.execute(text("SELECT id FROM turns WHERE who = 'late'")).scalar_one()
        greedy_turns = connection.execute(text("SELECT count(*) FROM turns")).scalar_one() - 1
    engine.dispose()
    assert greedy_turns > 3 * GREEDY  # they really were writing all along
    # one turn of the holder, then one of each thread queued before the late writer at most
    assert late - before <= GREEDY + 2, (before, late)


def test_readers_do_not_wait_for_a_writer_and_a_turn_ends_with_its_transaction(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gate.db"
    engine = make_engine(f"sqlite:///{path}")
    gate = gate_for(str(path))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    assert not gate._held  # the schema change's turn went back at its commit
    with engine.connect() as writer, engine.connect() as reader:
        writer.execute(text("INSERT INTO t VALUES (1)"))
        assert gate._held
        # a read — a plain one and one under a common table expression — takes no turn
        assert reader.execute(text("SELECT count(*) FROM t")).scalar_one() == 0
        assert reader.execute(text("WITH c AS (SELECT 1) SELECT * FROM c")).scalar_one() == 1
        writer.rollback()
        assert not gate._held
        # a statement that fails inside the transaction keeps the turn until the rollback
        writer.execute(text("INSERT INTO t VALUES (2)"))
        with pytest.raises(Exception, match="no such table"):
            writer.execute(text("INSERT INTO missing VALUES (1)"))
        assert gate._held
        writer.rollback()
        assert not gate._held
    raw = sqlite3.connect(path, factory=GatedConnection)
    raw.execute("INSERT INTO t VALUES (3)")
    assert gate._held
    raw.close()  # closing without a commit gives the turn back too
    assert not gate._held
    engine.dispose()
