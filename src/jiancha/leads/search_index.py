"""The title search's indexes on SQLite, filled after the leads are stored (migration 0020).

Two FTS5 tables index the *masked* title (``title_masked``), never ``title``:

* ``leads_fts`` (0017): its trigrams, for searches of three characters or more;
* ``leads_grams``: for searches of one or two characters. Its text is made in SQL from the title
  (``grams``): every pair of neighbouring characters, each between two separators (``SEP``, a
  control character no title holds); the trigram tokenizer then yields ``ab`` + ``SEP`` only for
  a pair ``ab`` of the title, and ``SEP SEP a`` or ``a SEP SEP`` only for a character ``a`` of
  it, whatever order the pairs come in (``phrase``). ASCII letters are lowered first, as
  SQLite's ``LIKE`` ignores their case; nothing else is folded (``LIKE`` does not either).

A run stores its leads without indexing them (an index entry per title costs more than the
row). ``leads_search_mark`` holds the highest lead id indexed: every lead at or below it is in
both tables, none above it is. A search matches the indexes *or* reads the leads above the mark
(``pending``), so a lead is found from the moment it is stored. ``index_pending`` indexes the
leads above the mark and moves it, in one transaction: right after a run commits, and from the
maintenance path. Updates of an indexed title and deletes of indexed leads are kept in step by
triggers (0020); a delete at the top of the table lowers the mark to the highest id left, since
SQLite gives the next lead the id after the highest one (an id at or below the mark must never
be a lead that is not indexed).

Owns: the indexes' names, the grams' SQL, the match phrases, the pending leads and their
indexing. Must not touch the leads themselves.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

FTS = "leads_fts"
GRAMS = "leads_grams"
MARK = "leads_search_mark"
POSITIONS = "leads_grams_at"
SEP = "\x01"
LONGEST = 10_000
"""Positions in ``leads_grams_at``: the longest title fully indexed for short searches (a built
title is cut to 2,000 characters, ``jiancha.leads.build``)."""

_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


def grams(title: str) -> str:
    """The SQL expression of the short-search text of ``title`` (a column or ``old.``/``new.``
    column): the same in the migration's triggers and in ``index_pending``."""
    pair = f"char(1, 1) || lower(substr({title}, n, 2))"
    return (
        f"CASE WHEN length({title}) = 1 THEN char(1, 1) || lower({title}) || char(1, 1)"
        f" ELSE (SELECT group_concat({pair}, '') FROM {POSITIONS} WHERE n < length({title}))"
        " || char(1, 1) END"
    )


def short(text: str) -> bool:
    """Whether ``leads_grams`` answers ``text``: one or two characters, no separator."""
    return 1 <= len(text) <= 2 and SEP not in text


def phrase(text: str) -> str:
    """The FTS5 query for a one- or two-character ``text`` in ``leads_grams``."""
    lowered = text.translate(_LOWER).replace('"', '""')
    if len(text) == 2:
        return f'"{lowered}{SEP}"'
    return f'"{SEP}{SEP}{lowered}" OR "{lowered}{SEP}{SEP}"'


def index_pending(connection: Connection) -> int:
    """Index the titles of the leads above the mark and move it; returns how many. The first
    statement writes, so it waits for the write lock before it reads (WAL: no stale snapshot).
    Commits nothing: the caller's transaction does."""
    if connection.dialect.name != "sqlite":
        return 0
    above = f"id > (SELECT lead_id FROM {MARK})"
    found = connection.exec_driver_sql(
        f"INSERT INTO {FTS}(rowid, title_masked) SELECT id, title_masked FROM leads WHERE {above}"
    ).rowcount
    connection.exec_driver_sql(
        f"INSERT INTO {GRAMS}(rowid, grams) SELECT id, {grams('title_masked')} FROM leads"
        f" WHERE {above}"
    )
    top = "(SELECT coalesce(max(id), 0) FROM leads)"
    connection.exec_driver_sql(f"UPDATE {MARK} SET lead_id = {top} WHERE lead_id < {top}")
    return int(found or 0)


def catch_up(engine: Engine) -> int:
    """``index_pending`` in a transaction of its own (after a run's commit; the maintenance
    path). A store busy past its wait (another long write) is left for the next time: searches
    read the pending leads meanwhile. Returns how many titles were indexed."""
    if engine.dialect.name != "sqlite":
        return 0
    try:
        with engine.begin() as connection:
            return index_pending(connection)
    except OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return 0
        raise
