"""lead search indexes: the lead list in every order, its title search, and statistics over
any period at a million leads (issue 19)

* indexes for every sort of the lead list (amount, last sight, state; first sight widened so
  that counting a period's part months reads the index alone; one model's leads by amount),
  and actions by their lead's first sight; the subject key's index goes (no query reads leads
  by it, and every index slows a run's insert of its new leads);
* the title search over the *masked* title: on SQLite an FTS5 table with the trigram tokenizer
  (external content: the text stays in ``leads``), kept in step by triggers and filled here
  from the leads already stored; on PostgreSQL a ``pg_trgm`` GIN index.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 04:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE leads_fts USING fts5(title_masked, content='leads',"
    " content_rowid='id', tokenize='trigram', detail='none')",
    # a bulk load inserts a row here inside its own transaction, and indexes its rows at once
    "CREATE TABLE leads_fts_paused (id INTEGER PRIMARY KEY)",
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
    "INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')",  # the leads already stored
)
SQLITE_UNSEARCH = (
    "DROP TRIGGER IF EXISTS leads_fts_update",
    "DROP TRIGGER IF EXISTS leads_fts_delete",
    "DROP TRIGGER IF EXISTS leads_fts_insert",
    "DROP TABLE IF EXISTS leads_fts_paused",
    "DROP TABLE IF EXISTS leads_fts",
)
POSTGRES_SEARCH = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_leads_title_trgm ON leads USING gin (title_masked gin_trgm_ops)",
)
NEW_INDEXES = {
    "ix_leads_last_seen": ["last_seen_at", "id"],
    "ix_leads_amount": ["amount", "id"],
    "ix_leads_status": ["status", "id"],
    "ix_leads_model_amount": ["model_id", "amount", "id"],
}


def upgrade() -> None:
    op.drop_index("ix_leads_first_seen", table_name="leads")
    op.drop_index("ix_leads_subject_key", table_name="leads")  # no query reads leads by it
    op.create_index(
        "ix_leads_first_seen", "leads", ["first_seen_at", "id", "model_id", "org_id", "status"]
    )
    for name, columns in NEW_INDEXES.items():
        op.create_index(name, "leads", columns)
    op.create_index(
        op.f("ix_supervision_actions_lead_seen_at"), "supervision_actions", ["lead_seen_at"]
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_SEARCH if sqlite else POSTGRES_SEARCH:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UNSEARCH:
            op.execute(statement)
    else:  # the extension stays: other databases' objects may use it
        op.execute("DROP INDEX IF EXISTS ix_leads_title_trgm")
    op.drop_index(op.f("ix_supervision_actions_lead_seen_at"), table_name="supervision_actions")
    for name in NEW_INDEXES:
        op.drop_index(name, table_name="leads")
    op.drop_index("ix_leads_first_seen", table_name="leads")
    op.create_index("ix_leads_first_seen", "leads", ["first_seen_at", "id"])
    op.create_index("ix_leads_subject_key", "leads", ["subject_key"])
