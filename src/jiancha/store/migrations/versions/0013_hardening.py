"""hardening (issue 14): lead version for compare-and-set, masked titles for search, run error
detail for administrators and the process that runs it, sign-in failures per client address

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 18:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Columns are added and dropped in place (no batch): on SQLite a batch rebuilds the table,
    # and dropping the old one cascades to (or is refused by) the rows that refer to it.
    # --- workflow under concurrency: every state change bumps the lead's version ---
    op.add_column("leads", sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    # --- masking: the title as shown masked, searched by `q` ---
    op.add_column("leads", sa.Column("title_masked", sa.Text(), nullable=True))
    # --- runs: the raw engine error for administrators; the process running it ---
    op.add_column("runs", sa.Column("error_detail", sa.Text(), nullable=True))
    op.add_column("runs", sa.Column("pid", sa.Integer(), nullable=True))
    op.add_column("runs", sa.Column("host", sa.String(length=200), nullable=True))
    # --- sign-in: failures per client address (rate limit) ---
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    op.create_index(op.f("ix_sign_in_failures_client"), "sign_in_failures", ["client"])


def _drop_columns(table: str, *columns: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for column in columns:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        for column in columns:
            op.drop_column(table, column)


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_failures_client"), table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
    _drop_columns("runs", "host", "pid", "error_detail")
    _drop_columns("leads", "title_masked", "version")
