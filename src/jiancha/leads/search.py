"""The lead list's title search, over the *masked* title only, and its indexes (0017, 0020).

A search never reads ``Lead.title`` (which may hold the unmasked identifiers a user cannot see):
it reads ``title_masked``, so that it cannot confirm a guessed name or ID number. On SQLite,
three or more characters are looked up in the FTS5 trigram table ``leads_fts``, one or two in
``leads_grams`` (``jiancha.leads.search_index``), and the leads stored since the indexes were
last filled (above the mark) are matched with ``LIKE``: a lead is found from the moment it is
stored. On PostgreSQL a ``pg_trgm`` GIN index serves ``LIKE`` itself for three characters or
more; two characters go through the GIN index of the title's character pairs
(``jiancha.leads.search_pg``, 0021) rechecked with ``strpos``, one with ``strpos`` alone (which
keeps the planner off the trigram index it cannot use). Text the indexes cannot answer
(SQLite: three or more characters with ``LIKE`` wildcards) is matched on the leads themselves,
the wildcards escaped.

``narrowing`` tells a caller, from the index alone (``matches_beyond``), whether the search
should be ``narrowed`` under another filter: SQLite then reads that filter's index and tests
each lead against the matches, rather than reading each matching lead from the table.

Owns: the search condition, and which tables and indexes are the search's (``outside_search``:
for comparing the models with the migrated schema). Must not touch the leads' other columns.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, column, func, literal_column, select, table

from jiancha.leads.search_index import FTS, GRAMS, MARK, phrase, short
from jiancha.leads.search_pg import LONGEST, short_condition
from jiancha.store import Lead

TRIGRAM_INDEX = "ix_leads_title_trgm"
PG_INDEXES = (TRIGRAM_INDEX, "ix_leads_title_grams")  # the second: 0021, ``leads.search_pg``
TRIGRAM = 3
ROW_COST = 5  # a lead read from the table by id, in index entries read in order (measured)
_fts = table(FTS, column("rowid"), column("title_masked"))
_grams = table(GRAMS, column("rowid"))
_mark = table(MARK, column("lead_id"))
SEARCH_TABLES = (FTS, GRAMS, MARK, "leads_grams_at")


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def indexed(text: str) -> bool:
    """Whether the trigram index can answer ``text``: at least a trigram, no wildcard."""
    return len(text) >= TRIGRAM and not any(c in text for c in "%_\\")


def title_contains(text: str, dialect: str, *, narrowed: bool = False) -> ColumnElement[bool]:
    """Leads whose masked title contains ``text`` (case ignored for ASCII letters on SQLite,
    as its ``LIKE`` does).

    ``narrowed``: the query also keeps an office (or another filter an index answers) that
    leaves fewer leads than the search may match. On SQLite the matches are then a set that
    each lead of that index is tested against (``id + 0``: not an index lookup), rather than
    the leads read one by one from the matches: 2-3x faster for a city's new leads and a
    two-character search at a million leads (``docs/leads.md``); slower with no such filter."""
    matched = Lead.title_masked.like(f"%{_escaped(text)}%", escape="\\")
    if dialect == "sqlite" and (indexed(text) or short(text)):
        if indexed(text):
            found = select(_fts.c.rowid).where(_fts.c.title_masked.like(f"%{text}%"))
        else:
            found = select(_grams.c.rowid).where(literal_column(GRAMS).op("MATCH")(phrase(text)))
        pending = select(Lead.id).where(Lead.id > _mark_id(), matched)
        ids = found.union_all(pending)
        return (Lead.id + 0).in_(ids) if narrowed else Lead.id.in_(ids)
    if dialect == "postgresql" and not indexed(text):
        # not LIKE: for text without a whole trigram the trigram index would be read in full
        # (measured 4x slower than reading the table); two characters: the pairs index
        return (
            short_condition(text)
            if len(text) <= LONGEST
            else func.strpos(Lead.title_masked, text) > 0
        )
    return matched


def matches_beyond(connection: Connection, text: str, n: int) -> bool | None:
    """Whether a search of ``text`` may keep more than ``n`` leads, from the index alone (the
    index's candidates and the leads not indexed yet: never fewer than the search keeps; it
    reads at most ``n + 1`` of them). For choosing ``narrowed``: when another filter keeps ``n``
    leads, fewer than the search may. None where no index answers ``text`` (PostgreSQL,
    wildcards)."""
    if connection.dialect.name != "sqlite" or not (indexed(text) or short(text)):
        return None
    if short(text):
        table, query = GRAMS, phrase(text)
    else:  # every trigram of the text, anywhere in the title (detail='none': no positions)
        pieces = {text[i : i + TRIGRAM] for i in range(len(text) - TRIGRAM + 1)}
        table, query = FTS, " AND ".join('"' + p.replace('"', '""') + '"' for p in pieces)
    candidates = (
        f"SELECT rowid FROM {table} WHERE {table} MATCH ?"
        f" UNION ALL SELECT id FROM leads WHERE id > (SELECT lead_id FROM {MARK})"
    )
    found = connection.exec_driver_sql(
        f"SELECT count(*) FROM ({candidates} LIMIT ?)", (query, n + 1)
    ).scalar_one()
    return int(found) > n


def narrowing(connection: Connection, text: str, others: int) -> bool:
    """Whether ``title_contains(text, …, narrowed=True)`` should be used in a query whose other
    filters keep ``others`` leads on an index (an office and a state, from the tallies): when
    the search may match more than ``others / ROW_COST`` leads. Reading a matching lead from the
    table to check its office costs about ``ROW_COST`` times reading an index entry
    (``docs/leads.md``: a city's 200 k new leads, 131 k matches of 缓刑: narrowed 3x faster;
    500 k of the city's leads, 53 k matches of 民间借贷: 2x slower)."""
    return matches_beyond(connection, text, others // ROW_COST) is True


def _mark_id() -> Any:
    """The highest lead id whose title is indexed (``jiancha.leads.search_index``)."""
    return select(_mark.c.lead_id).scalar_subquery()


def outside_search(name: str | None, type_: str, _parent: Any = None) -> bool:
    """False for the search's own tables and indexes, which the models do not declare (FTS5
    tables and their shadow tables, the mark and the positions; PostgreSQL's indexes with an
    operator class or of an expression, on one backend only): an ``include_name`` hook for
    Alembic's comparison of the models with the schema."""
    if name is None:
        return True
    if type_ == "table":
        return not any(name == t or name.startswith(f"{t}_") for t in SEARCH_TABLES)
    return not (type_ == "index" and name in PG_INDEXES)
