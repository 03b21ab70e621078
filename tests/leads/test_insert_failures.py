"""A run's insert that cannot be kept keeps nothing: a fingerprint the model already has (SQLite:
``INSERT OR ROLLBACK`` undoes the whole transaction) and a lead whose office does not exist
(its key is checked at commit, migration 0022). Either way the run's other writes in the same
transaction go too, and the store takes the next transaction as usual. Both backends."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pyarrow as pa
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from jiancha.leads.insert import ROWS_PER_STATEMENT, insert_new
from jiancha.store import Lead, Org, Store
from tests.leads.test_insert import NOW, _model_and_run
from tests.leads.test_insert_statements import _batch


def _refused(store: Store) -> tuple[type[Exception], ...]:
    """The insert writes through the driver (its error unwrapped); the commit through
    SQLAlchemy."""
    return (store.engine.dialect.dbapi.IntegrityError, IntegrityError)  # type: ignore[union-attr]


def _counts(store: Store) -> tuple[int, int]:
    """Leads and offices stored."""
    with store.session() as session:
        leads = session.scalar(select(func.count()).select_from(Lead))
        orgs = session.scalar(select(func.count()).select_from(Org))
    return int(leads or 0), int(orgs or 0)


def _first_run(store: Store, n: int) -> tuple[int, int]:
    """A model whose first run stored leads 0 … n-1; its model and run ids."""
    with store.session() as session:
        model, run = _model_and_run(session, "dup")
        insert_new(session, [_batch(range(n))], model.id, run.id, "person", NOW, lambda _: None)
        return model.id, run.id


def test_a_fingerprint_the_model_has_undoes_the_whole_transaction(store: Store) -> None:
    known = 2 * ROWS_PER_STATEMENT + 5  # the conflict comes in the third statement
    model_id, run_id = _first_run(store, known + 1)
    before = _counts(store)
    with pytest.raises(_refused(store)), store.session() as session:
        session.add(Org(code="X1", name="另一院", level="county", path="/"))
        session.flush()  # the run's other writes, before its leads
        fresh = range(10_000, 10_000 + known)
        insert_new(session, [_batch(fresh), _batch(range(known, known + 1))], model_id, run_id,
                   "person", NOW, lambda _: None)  # fmt: skip
    assert _counts(store) == before
    with store.session() as session:  # the next transaction goes as usual
        insert_new(session, [_batch(range(20_000, 20_003))], model_id, run_id, "person", NOW,
                   lambda _: None)  # fmt: skip
    assert _counts(store) == (before[0] + 3, before[1])


def test_a_lead_whose_office_does_not_exist_fails_at_commit(store: Store) -> None:
    model_id, run_id = _first_run(store, 3)
    before = _counts(store)
    inserted = []
    with pytest.raises(_refused(store)), store.session() as session:
        inserted.append(insert_new(session, [_batch(range(100, 100 + ROWS_PER_STATEMENT + 1))],
                                   model_id, run_id, "person", NOW, lambda _: 987_654))  # fmt: skip
    assert inserted == [{987_654: ROWS_PER_STATEMENT + 1}]  # the insert went through
    assert _counts(store) == before


def _insert_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "jiancha-insert"]


def test_a_batch_that_fails_to_build_keeps_nothing_and_leaves_no_thread(store: Store) -> None:
    """The next batches' parameters are made on a thread of their own: a batch whose building
    fails (DuckDB, an office's routing) is raised where it would have been stored, and the
    statements already run go with the transaction."""
    model_id, run_id = _first_run(store, 3)
    before = _counts(store)

    def built() -> Iterator[pa.Table]:
        yield _batch(range(100, 100 + ROWS_PER_STATEMENT + 1))
        raise RuntimeError("批次生成失败")

    with pytest.raises(RuntimeError, match="批次生成失败"), store.session() as session:
        insert_new(session, built(), model_id, run_id, "person", NOW, lambda _: None)
    assert _counts(store) == before
    assert _insert_threads() == []


def test_a_statement_that_fails_stops_the_batches_still_to_come(store: Store) -> None:
    """A statement refused (a known fingerprint, in the first batch) stops the making of the
    rest: the batches after it are never asked for, and the thread is gone."""
    model_id, run_id = _first_run(store, 3)
    asked: list[int] = []

    def built() -> Iterator[pa.Table]:
        for start in range(1_000, 1_000 + 50 * 10, 10):
            asked.append(start)
            yield _batch(range(0, 1) if start == 1_000 else range(start, start + 10))

    with pytest.raises(_refused(store)), store.session() as session:
        insert_new(session, built(), model_id, run_id, "person", NOW, lambda _: None)
    assert _insert_threads() == []
    assert len(asked) < 50  # at most the few made ahead
