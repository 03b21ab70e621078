"""documents (文书): original texts of imported document datasets and what was extracted

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-20 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(length=200), nullable=False),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("case_number", sa.String(length=200), nullable=True),
        sa.Column("doc_date", sa.String(length=10), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("extraction", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_documents_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint(
            "dataset_id", "version", "doc_id", name=op.f("uq_documents_dataset_id")
        ),
    )
    op.create_index("ix_documents_doc_id", "documents", ["doc_id"])


def downgrade() -> None:
    op.drop_index("ix_documents_doc_id", table_name="documents")
    op.drop_table("documents")
