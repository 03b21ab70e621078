"""lead keys checked at commit: the leads' foreign keys DEFERRABLE INITIALLY DEFERRED

A run inserts its new leads on SQLite in statements of 500 rows (``jiancha.leads.insert``).
A statement that may fail half-way inside a transaction makes SQLite keep a statement journal:
a copy of every page the statement changes that existed before it, so that the statement alone
can be undone. An immediate foreign key on a multi-row insert is such a case, and so is the
unique (model, fingerprint) constraint under its default ``ABORT``; a lead's fingerprint is a
hash, so each statement changes pages all over that index, and each page is copied once per
statement it is touched by (100 k leads: ~80 k page copies). With the keys checked at commit,
and the insert written ``INSERT OR ROLLBACK`` (a duplicate fingerprint undoes the whole
transaction, which is what the run did with it anyway), no statement needs the journal.

Nothing else changes: a broken key still fails the transaction, at its commit rather than at
the statement; ``ON DELETE CASCADE`` still acts at once (SQLite and PostgreSQL never defer a
key's actions).

* SQLite cannot alter a constraint: the table is copied (alembic's batch mode, foreign keys off
  meanwhile: ``jiancha.store.db``), with its indexes; its two search triggers (0020), which
  SQLite drops with the old table, are made again from their own text as the store holds it;
  statistics, where kept, are taken again.
* PostgreSQL: ``ALTER CONSTRAINT`` in place.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 19:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYS = {  # name: (local column, referred table, on delete)
    "fk_leads_model_id_supervision_models": ("model_id", "supervision_models", "CASCADE"),
    "fk_leads_org_id_orgs": ("org_id", "orgs", None),
    "fk_leads_first_run_id_runs": ("first_run_id", "runs", None),
    "fk_leads_last_run_id_runs": ("last_run_id", "runs", None),
}
TRIGGERS = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'leads'"
STAT_KEPT = "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"


def _keys(deferred: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        timing = "DEFERRABLE INITIALLY DEFERRED" if deferred else "NOT DEFERRABLE"
        for name in KEYS:
            op.execute(f"ALTER TABLE leads ALTER CONSTRAINT {name} {timing}")
        return
    triggers = [row[0] for row in bind.exec_driver_sql(TRIGGERS)]
    kept = bind.exec_driver_sql(STAT_KEPT).scalar()
    with op.batch_alter_table("leads", recreate="always") as batch:
        for name, (column, table, on_delete) in KEYS.items():
            batch.drop_constraint(name, type_="foreignkey")
            batch.create_foreign_key(
                name,
                table,
                [column],
                ["id"],
                ondelete=on_delete,
                deferrable=True if deferred else None,
                initially="DEFERRED" if deferred else None,
            )
    for sql in triggers:
        op.execute(sql)
    if kept:
        op.execute("ANALYZE leads")


def upgrade() -> None:
    _keys(deferred=True)


def downgrade() -> None:
    _keys(deferred=False)
