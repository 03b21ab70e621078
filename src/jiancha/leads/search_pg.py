"""PostgreSQL's title search for text shorter than a trigram (1–2 characters).

``pg_trgm`` cannot answer text without a whole trigram (its GIN index would be read in full), so
migration 0021 adds a GIN index on ``jiancha_title_grams(title_masked)``: an IMMUTABLE SQL
function returning the character pairs (bigrams) of the *masked* title as ``text[]``. A title
contains a two-character text exactly when its pairs contain it, so ``grams @> ARRAY[text]``
finds the leads on the index; ``strpos`` rechecks on the row (the search's test before this
index, case-sensitive). One character is matched with ``strpos`` alone: single characters are
left out of the index, which would make a run's inserts half as slow again (measured) for a
search that matches most titles anyway.

Owns: the function's and the index's definitions (``GRAMS_FUNCTION``, ``GRAMS_INDEX_DDL``:
migration 0021 writes them out as of its revision), the short search's condition, and the
memory a search's bitmaps may take (``roomy_bitmaps``). Reads ``title_masked`` only, never
``title``. Must not touch the trigram search (``jiancha.leads.search``) nor SQLite.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Text, and_, cast, func
from sqlalchemy import text as sql
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.orm import Session

from jiancha.store import Lead

GRAMS = "jiancha_title_grams"
GRAMS_INDEX = "ix_leads_title_grams"
LONGEST = 2
"""The text the pairs answer (a bigram); longer text is the trigram index's."""
CUT = 1  # the control character U+0001 (no title is expected to hold it) cuts the pairs

GRAMS_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION {GRAMS}(title text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT pg_catalog.array_remove(
    pg_catalog.string_to_array(pg_catalog.regexp_replace(
      title, '(..)', '\1' || pg_catalog.chr({CUT}), 'g'), pg_catalog.chr({CUT}))
    || pg_catalog.string_to_array(pg_catalog.regexp_replace(
      pg_catalog.substr(title, 2), '(..)', '\1' || pg_catalog.chr({CUT}), 'g'),
      pg_catalog.chr({CUT})),
    '')
$$"""
"""The character pairs of a title: from the first and from the second character, each cut
after every pair (built-in functions only: 5x faster than a ``generate_series`` of ``substr``,
which a run pays on every lead it stores; a title of odd length leaves a single character,
unused). The GIN index keeps each pair once. A pair holding the cut character itself is lost:
a text with it is not looked up on the index (``answerable``)."""

GRAMS_INDEX_DDL = f"CREATE INDEX {GRAMS_INDEX} ON leads USING gin ({GRAMS}(title_masked))"

WORK_MEM = "64MB"
"""The memory a search's bitmaps may take in its transaction. With PostgreSQL's default (4 MB)
the bitmap of a common pair (one lead in eight) turns lossy, and every row of a lossy page is
rechecked with the grams function: 5x slower."""


def roomy_bitmaps(session: Session) -> None:
    """Let this transaction's searches keep exact bitmaps (``SET LOCAL``: until it ends)."""
    session.execute(sql(f"SET LOCAL work_mem = '{WORK_MEM}'"))


def answerable(text: str) -> bool:
    """Whether the index answers ``text``: two characters (any, wildcards included: the test
    is a substring, not a pattern), neither of them the cut."""
    return len(text) == LONGEST and chr(CUT) not in text


def short_condition(text: str) -> ColumnElement[bool]:
    """Leads whose masked title contains ``text`` (1–2 characters): two on the pairs' index,
    rechecked with ``strpos``; one with ``strpos`` alone."""
    if not 0 < len(text) <= LONGEST:
        raise ValueError(f"short_condition answers 1–{LONGEST} characters, not {len(text)}")
    found = func.strpos(Lead.title_masked, text) > 0
    if not answerable(text):
        return found
    grams = func.jiancha_title_grams(Lead.title_masked, type_=ARRAY(Text))
    wanted = cast(array([text]), ARRAY(Text))  # text[], as the function returns (not varchar[])
    return and_(grams.contains(wanted), found)
