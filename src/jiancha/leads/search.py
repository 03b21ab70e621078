"""The lead list's title search, over the *masked* title only, and its indexes (0017, 0020).

A search never reads ``Lead.title`` (which may hold the unmasked identifiers a user cannot see):
it reads ``title_masked``, so that it cannot confirm a guessed name or ID number. On SQLite,
three or more characters are looked up in the FTS5 trigram table ``leads_fts``, one or two in
``leads_grams`` (``jiancha.leads.search_index``), and the leads stored since the indexes were
last filled (above the mark) are matched with ``LIKE``: a lead is found from the moment it is
stored. A count, and a list in id order, read the two parts as arms (``Arm``) that the
FTS5 table drives, so that they stop after the page; another order collects the matches with
``id IN``. On PostgreSQL a ``pg_trgm`` GIN index serves ``LIKE`` itself for three characters or
more; two characters go through the GIN index of the title's character pairs
(``jiancha.leads.search_pg``, 0021) rechecked with ``strpos``, one with ``strpos`` alone (which
keeps the planner off the trigram index it cannot use). Text the indexes cannot answer
(SQLite: three or more characters with ``LIKE`` wildcards) is matched on the leads themselves,
the wildcards escaped.

Owns: the search condition, and which tables and indexes are the search's (``outside_search``:
for comparing the models with the migrated schema). Must not touch the leads' other columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    TableClause,
    and_,
    column,
    func,
    literal_column,
    select,
    table,
    union_all,
)

from jiancha.leads.search_index import FTS, GRAMS, MARK, phrase, short
from jiancha.leads.search_pg import LONGEST, short_condition
from jiancha.store import Lead

TRIGRAM_INDEX = "ix_leads_title_trgm"
PG_INDEXES = (TRIGRAM_INDEX, "ix_leads_title_grams")  # the second: 0021, ``leads.search_pg``
TRIGRAM = 3
_fts = table(FTS, column("rowid"), column("title_masked"))
_grams = table(GRAMS, column("rowid"))
_mark = table(MARK, column("lead_id"))
SEARCH_TABLES = (FTS, GRAMS, MARK, "leads_grams_at")


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def indexed(text: str) -> bool:
    """Whether the trigram index can answer ``text``: at least a trigram, no wildcard."""
    return len(text) >= TRIGRAM and not any(c in text for c in "%_\\")


def _matched(text: str) -> ColumnElement[bool]:
    """``text`` in the masked title, read on the lead (``LIKE``, wildcards escaped)."""
    return Lead.title_masked.like(f"%{_escaped(text)}%", escape="\\")


def title_contains(text: str, dialect: str) -> ColumnElement[bool]:
    """Leads whose masked title contains ``text`` (case ignored for ASCII letters on SQLite,
    as its ``LIKE`` does)."""
    arms = sqlite_arms(text) if dialect == "sqlite" else None
    if arms is not None:
        return Lead.id.in_(union_all(*(arm.ids() for arm in arms)))
    if dialect == "postgresql" and not indexed(text):
        # not LIKE: for text without a whole trigram the trigram index would be read in full
        # (measured 4x slower than reading the table); two characters: the pairs index
        return (
            short_condition(text)
            if len(text) <= LONGEST
            else func.strpos(Lead.title_masked, text) > 0
        )
    return _matched(text)


@dataclass(frozen=True)
class Arm:
    """One part of a search on SQLite: the leads an FTS5 table finds, or the leads stored
    since the tables were filled (above the mark), matched on the lead with ``LIKE``. The
    two are disjoint (``jiancha.leads.search_index``: no lead above the mark is indexed).

    Read as ``select()``, the FTS5 table drives: its rowids come in order and each lead is
    then read by id, so that a page in id order or a bounded count stops early. ``id IN``
    the same rowids (``ids()``, ``title_contains``) first collects every match — for a
    common word tens of thousands, 80–100 ms at 1 M leads — which another order needs."""

    index: TableClause | None
    """The FTS5 table, or None for the leads not indexed yet."""
    condition: ColumnElement[bool]

    def ids(self) -> Select[Any]:
        """The arm's lead ids, for ``Lead.id IN``."""
        found = Lead.id if self.index is None else self.index.c.rowid
        return select(found).where(self.condition)

    def select(self) -> Select[Any]:
        """The arm's lead ids as ``id`` (the index's own rowid when it drives), joined to the
        leads: the caller adds the list's other conditions on ``Lead``."""
        if self.index is None:
            return select(Lead.id.label("id")).where(self.condition)
        rowid = self.index.c.rowid
        joined = select(rowid.label("id")).select_from(self.index).join(Lead, Lead.id == rowid)
        return joined.where(self.condition)


def sqlite_arms(text: str) -> tuple[Arm, Arm] | None:
    """The search for ``text`` on SQLite as its two arms (indexed, pending), or None when no
    FTS5 table answers ``text`` (three characters or more with a ``LIKE`` wildcard)."""
    if indexed(text):
        index, found = _fts, _fts.c.title_masked.like(f"%{text}%")
    elif short(text):
        index, found = _grams, literal_column(GRAMS).op("MATCH")(phrase(text))
    else:
        return None
    return Arm(index, found), Arm(None, and_(Lead.id > _mark_id(), _matched(text)))


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
