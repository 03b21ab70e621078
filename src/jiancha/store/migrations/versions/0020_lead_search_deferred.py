"""lead search deferred: titles indexed after the run, and a one- or two-character search index

SQLite only (PostgreSQL's indexes are kept by PostgreSQL itself):

* the per-row insert trigger and its pause table (0017) go: a run stores its leads unindexed,
  which is what made 100 k leads a second reachable (each single-row ``INSERT`` on a table with
  a trigger opens a statement journal: a copy of every page it touches). ``leads_search_mark``
  holds the highest lead id indexed; a search reads the leads above it as well, so none is
  missed, and ``jiancha.leads.search_index.index_pending`` indexes them after the run;
* ``leads_grams`` (FTS5, contentless, trigram tokenizer over the title's character pairs between
  separators; ``leads_grams_at`` numbers the positions) answers searches of one or two
  characters, filled here from the leads already stored;
* the delete and update triggers now skip leads above the mark (not indexed yet), keep both
  tables in step, and a delete lowers the mark to the highest id left.

The grams' SQL is ``jiancha.leads.search_index.grams`` as of this revision, written out here
(a migration must not change when the code does; ``tests/store`` checks they agree).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 07:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LONGEST = 10_000


def _grams(title: str) -> str:
    pair = f"char(1, 1) || lower(substr({title}, n, 2))"
    return (
        f"CASE WHEN length({title}) = 1 THEN char(1, 1) || lower({title}) || char(1, 1)"
        f" ELSE (SELECT group_concat({pair}, '') FROM leads_grams_at WHERE n < length({title}))"
        " || char(1, 1) END"
    )


INDEXED = "old.id <= (SELECT lead_id FROM leads_search_mark)"
TOP = "(SELECT coalesce(max(id), 0) FROM leads)"
UNINDEX_OLD = (
    "INSERT INTO leads_fts(leads_fts, rowid, title_masked)"
    " VALUES ('delete', old.id, old.title_masked);"
    " INSERT INTO leads_grams(leads_grams, rowid, grams)"
    f" VALUES ('delete', old.id, {_grams('old.title_masked')});"
)
INDEX_NEW = (
    "INSERT INTO leads_fts(rowid, title_masked) VALUES (new.id, new.title_masked);"
    f" INSERT INTO leads_grams(rowid, grams) VALUES (new.id, {_grams('new.title_masked')});"
)
OLD_TRIGGERS = (  # 0017's, dropped on the way up and made again on the way down
    "CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads"
    " WHEN NOT EXISTS (SELECT 1 FROM leads_fts_paused) BEGIN"
    " INSERT INTO leads_fts(rowid, title_masked) VALUES (new.id, new.title_masked); END",
    "CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN"
    " INSERT INTO leads_fts(leads_fts, rowid, title_masked)"
    " VALUES ('delete', old.id, old.title_masked); END",
    "CREATE TRIGGER leads_fts_update AFTER UPDATE OF title_masked ON leads BEGIN"
    " INSERT INTO leads_fts(leads_fts, rowid, title_masked)"
    " VALUES ('delete', old.id, old.title_masked);"
    " INSERT INTO leads_fts(rowid, title_masked) VALUES (new.id, new.title_masked); END",
)
UP = (
    "DROP TRIGGER IF EXISTS leads_fts_insert",
    "DROP TRIGGER IF EXISTS leads_fts_delete",
    "DROP TRIGGER IF EXISTS leads_fts_update",
    "DROP TABLE IF EXISTS leads_fts_paused",
    # every lead stored so far is in leads_fts (0017's trigger, or a bulk load's one statement)
    "CREATE TABLE leads_search_mark (id INTEGER PRIMARY KEY CHECK (id = 1),"
    " lead_id INTEGER NOT NULL)",
    "INSERT INTO leads_search_mark (id, lead_id) SELECT 1, coalesce(max(id), 0) FROM leads",
    "CREATE TABLE leads_grams_at (n INTEGER PRIMARY KEY)",
    "INSERT INTO leads_grams_at (n) WITH RECURSIVE at(n) AS"
    f" (SELECT 1 UNION ALL SELECT n + 1 FROM at WHERE n < {LONGEST}) SELECT n FROM at",
    "CREATE VIRTUAL TABLE leads_grams USING fts5(grams, content='',"
    " tokenize='trigram case_sensitive 1', detail='none')",
    f"INSERT INTO leads_grams(rowid, grams) SELECT id, {_grams('title_masked')} FROM leads",
    f"CREATE TRIGGER leads_search_delete AFTER DELETE ON leads WHEN {INDEXED} BEGIN"
    f" {UNINDEX_OLD}"
    f" UPDATE leads_search_mark SET lead_id = {TOP} WHERE lead_id > {TOP}; END",
    f"CREATE TRIGGER leads_search_update AFTER UPDATE OF title_masked ON leads WHEN {INDEXED}"
    f" BEGIN {UNINDEX_OLD} {INDEX_NEW} END",
)
DOWN = (
    "DROP TRIGGER IF EXISTS leads_search_update",
    "DROP TRIGGER IF EXISTS leads_search_delete",
    # the leads stored since the last indexing: 0017's table holds every lead
    "INSERT INTO leads_fts(rowid, title_masked) SELECT id, title_masked FROM leads"
    " WHERE id > (SELECT lead_id FROM leads_search_mark)",
    "DROP TABLE IF EXISTS leads_grams",
    "DROP TABLE IF EXISTS leads_grams_at",
    "DROP TABLE IF EXISTS leads_search_mark",
    "CREATE TABLE leads_fts_paused (id INTEGER PRIMARY KEY)",
    *OLD_TRIGGERS,
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in DOWN:
            op.execute(statement)
