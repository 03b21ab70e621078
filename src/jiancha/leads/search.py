"""The lead list's title search, over the *masked* title only, and its index (migration 0017).

A search never reads ``Lead.title`` (which may hold the unmasked identifiers a user cannot see):
it reads ``title_masked``, so that it cannot confirm a guessed name or ID number. Three or more
characters are looked up in a trigram index — on SQLite the FTS5 table ``leads_fts`` (trigram
tokenizer, content in ``leads``, kept in step by triggers), on PostgreSQL a ``pg_trgm`` GIN
index that its planner uses for ``LIKE`` itself. Shorter text (shorter than a trigram) and text
with ``LIKE`` wildcards are matched on the leads themselves: ``LIKE`` with the wildcards escaped
(on PostgreSQL ``strpos``, which keeps the planner off the trigram index it cannot use).

Bulk loading (``suspended_trigger``) holds the per-row insert trigger back for its own
transaction (a row in ``leads_fts_paused`` that only it sees), and indexes the new rows' titles
in one statement at the end.

Owns: the search condition, the bulk load's pause, and which tables and indexes are the search's
(``outside_search``: for comparing the models with the migrated schema). Must not touch the
leads' other columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Connection, column, func, select, table

from jiancha.store import Lead

FTS = "leads_fts"
TRIGRAM_INDEX = "ix_leads_title_trgm"
PAUSED = "leads_fts_paused"
TRIGRAM = 3
_fts = table(FTS, column("rowid"), column("title_masked"))


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def indexed(text: str) -> bool:
    """Whether the trigram index can answer ``text``: at least a trigram, no wildcard."""
    return len(text) >= TRIGRAM and not any(c in text for c in "%_\\")


def title_contains(text: str, dialect: str) -> ColumnElement[bool]:
    """Leads whose masked title contains ``text`` (case ignored for Latin letters on SQLite,
    as its ``LIKE`` does)."""
    if dialect == "sqlite" and indexed(text):
        found = select(_fts.c.rowid).where(_fts.c.title_masked.like(f"%{text}%"))
        return Lead.id.in_(found)
    if dialect == "postgresql" and not indexed(text):
        # not LIKE: for text without a whole trigram the GIN index would be read in full
        # (measured 4x slower than reading the table)
        return func.strpos(Lead.title_masked, text) > 0
    return Lead.title_masked.like(f"%{_escaped(text)}%", escape="\\")


def outside_search(name: str | None, type_: str, _parent: Any = None) -> bool:
    """False for the search's own tables and index, which the models do not declare (an FTS5
    table and its shadow tables; an index with an operator class on one backend only): an
    ``include_name`` hook for Alembic's comparison of the models with the schema."""
    if name is None:
        return True
    if type_ == "table":
        return name != FTS and not name.startswith(f"{FTS}_")
    return not (type_ == "index" and name == TRIGRAM_INDEX)


@contextmanager
def suspended_trigger(connection: Connection) -> Iterator[None]:
    """On SQLite: the rows inserted into ``leads`` meanwhile are indexed for search in one
    statement at the end, not one by one by the trigger. Must run inside the inserting
    transaction: the row in ``leads_fts_paused`` that holds the trigger back is written and
    removed in it, so no other connection ever sees it (and the schema does not change).
    Elsewhere (PostgreSQL's index needs nothing): no effect."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql(f"INSERT INTO {PAUSED} (id) VALUES (1)")  # the first write
    before = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM leads").scalar_one()
    yield
    connection.exec_driver_sql(
        f"INSERT INTO {FTS}(rowid, title_masked) SELECT id, title_masked FROM leads WHERE id > ?",
        (before,),
    )
    connection.exec_driver_sql(f"DELETE FROM {PAUSED}")
