"""``tests.seeded``: a copy of a seeded workspace is the seeded state, whole, on both backends —
every row (PostgreSQL: written back by ``COPY``), sequences that go on where they stood, the
data files and key — and what one test changes in its copy never reaches the next copy."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from jiancha.governance import create_user
from jiancha.leads import Move, move_lead
from jiancha.runs import run_model
from jiancha.store import Lead, Run, Store, User, open_store
from tests.api.helpers import SLUG, seed
from tests.conftest import seeded_workspace
from tests.modelling.fixtures import AS_OF
from tests.pg_pool import snapshot


def _counts(store: Store) -> dict[str, int | None]:
    with store.session() as session:
        return {
            name: session.scalar(select(func.count()).select_from(table))
            for name, table in (("leads", Lead), ("runs", Run), ("users", User))
        }


@pytest.mark.parametrize("round_", [1, 2])
def test_a_copy_is_the_seeded_state_and_stays_the_tests_own(
    request: pytest.FixtureRequest, backend: str, round_: int
) -> None:
    workspace = seeded_workspace(request, seed, backend)
    store = open_store(workspace)
    try:
        # the seed's state: two leads of one run, the user ``demo``; nothing of an earlier copy
        assert _counts(store) == {"leads": 2, "runs": 1, "users": 1}
        with store.session() as session:
            before = session.scalar(select(func.max(Run.id)))
            lead = session.scalar(select(Lead.id).order_by(Lead.id))
        assert lead is not None and before is not None
        # the data files and the workspace key came along: the model runs again on them and
        # recognises its two leads (same fingerprints: no new lead)
        again = run_model(store, SLUG, run_date=AS_OF)
        assert (again["leads"], again["new"]) == (2, 0)
        with store.session() as session:
            assert session.scalar(select(func.max(Run.id))) == before + 1  # sequence went on
        move_lead(store, lead, Move("assigned", assignee="demo"), "demo")
        create_user(store, f"extra{round_}", "Extra-password-2026", must_change=False)
        assert _counts(store) == {"leads": 2, "runs": 2, "users": 2}
    finally:
        store.close()


@pytest.mark.postgres
def test_postgres_rows_come_back_byte_for_byte(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIANCHA_DATABASE_URL", request.getfixturevalue("postgres_url"))
    seeded_workspace(request, seed, "postgres")
    copies = request.getfixturevalue("seeded_copies")
    saved = copies.rows[f"{seed.__module__}.{seed.__qualname__}"]
    engine = create_engine(os.environ["JIANCHA_DATABASE_URL"], poolclass=NullPool)
    try:
        with engine.connect() as conn:
            again = snapshot(conn)
    finally:
        engine.dispose()
    assert again == saved
    assert any(len(rows) > 100 for _, rows in saved.tables.values())  # rows, not just headers
    assert any(called for _, _, called in saved.sequences)
