"""The PostgreSQL tests' databases (``tests.pg_pool``): one given back is used again only when it
holds what a new copy of the template holds — no row, every sequence at its start, the same
schema — and is dropped when a test changed its schema."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from tests.pg_pool import DatabasePool

pytestmark = pytest.mark.postgres
ORG = text(
    "INSERT INTO orgs (code, name, level, path, created_at) "
    "VALUES ('330000', '省院', 'province', '/1/', now())"
)


def _rows(url: str) -> dict[str, int]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            return {
                t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables
            }
    finally:
        engine.dispose()


def test_a_used_database_comes_back_empty(postgres_pool: DatabasePool) -> None:
    name = postgres_pool.take()
    url = postgres_pool.url(name)
    fresh = _rows(url)
    assert fresh["alembic_version"] == 1 and sum(fresh.values()) == 1
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(ORG)
        first = conn.execute(text("SELECT id FROM orgs")).scalar_one()
    left_open = engine.connect()  # a connection a test forgot: ended when it is given back
    left_open.execute(text("SELECT 1"))
    postgres_pool.give_back(name)
    with pytest.raises(OperationalError):  # the server ended it
        left_open.execute(text("SELECT 1"))
    left_open.close()
    engine.dispose()

    again = postgres_pool.take()
    assert again == name
    assert _rows(url) == fresh
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(ORG)
        assert conn.execute(text("SELECT id FROM orgs")).scalar_one() == first
    engine.dispose()
    postgres_pool.give_back(again)


def test_a_database_whose_schema_changed_is_dropped(postgres_pool: DatabasePool) -> None:
    name = postgres_pool.take()
    engine = create_engine(postgres_pool.url(name), poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE social_insurance (id int)"))
    engine.dispose()
    postgres_pool.give_back(name)
    assert name not in postgres_pool.free and name not in postgres_pool.made
    with postgres_pool.admin.connect() as conn:
        gone = conn.execute(
            text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}
        )
        assert gone.scalar_one() == 0
    assert postgres_pool.take() != name
