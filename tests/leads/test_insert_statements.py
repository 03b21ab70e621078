"""The bulk insert's statements of many rows (SQLite: ``ROWS_PER_STATEMENT`` a statement, the
shared values bound once): batches longer than a statement, a part statement, and leads out of
scope dropped from the middle, each row with its own values."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
from sqlalchemy import select

from jiancha.leads.insert import OUT_OF_SCOPE, ROWS_PER_STATEMENT, insert_new
from jiancha.store import Lead, Store
from tests.leads.test_insert import NOW, _model_and_run

N = 2 * ROWS_PER_STATEMENT + 37  # two whole statements and a part one


def _batch(numbers: range) -> pa.Table:
    return pa.table(
        {
            "fingerprint": [f"{n:064d}" for n in numbers],
            "subject_key": [f"key{n}" for n in numbers],
            "subject_name": [None if n % 5 == 0 else f"名{n}" for n in numbers],
            "title": [f"张三{n}的标题" for n in numbers],
            "title_masked": [f"张*{n}的标题" for n in numbers],
            "jurisdiction": [f"法院{n % 7}" for n in numbers],
            "amount": pa.array([None if n % 3 == 0 else n + 0.25 for n in numbers]),
            "evidence": [f'{{"n": {n}}}' for n in numbers],
            "explanation": [f'[{{"row": {n}}}]' for n in numbers],
        }
    )


def test_many_rows_a_statement_each_with_its_own_values(store: Store) -> None:
    with store.session() as session:
        model, run = _model_and_run(session, "many")
        model_id, run_id = model.id, run.id

        def route(jurisdiction: str | None) -> int | None:
            return OUT_OF_SCOPE if jurisdiction == "法院6" else None

        routed = insert_new(session, [_batch(range(N)), _batch(range(N, N + 3))], model_id, run_id,
                            "person", NOW, route)  # fmt: skip
    kept = [n for n in range(N + 3) if n % 7 != 6]
    assert routed == {None: len(kept)}
    with store.session() as session:
        rows = session.scalars(select(Lead).where(Lead.model_id == model_id).order_by(Lead.id))
        got = [
            (
                r.fingerprint,
                r.subject_key,
                r.subject_name,
                r.title_masked,
                r.jurisdiction,
                r.amount,
                r.evidence,
                r.explanation,
                r.model_id,
                r.first_run_id,
                r.last_run_id,
                r.status,
                r.hit,
            )
            for r in rows
        ]
    assert got == [
        (
            f"{n:064d}",
            f"key{n}",
            None if n % 5 == 0 else f"名{n}",
            f"张*{n}的标题",
            f"法院{n % 7}",
            None if n % 3 == 0 else Decimal(f"{n}.25"),
            {"n": n},
            [{"row": n}],
            model_id,
            run_id,
            run_id,
            "new",
            True,
        )
        for n in kept
    ]
