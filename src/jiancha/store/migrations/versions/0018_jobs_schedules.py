"""job cancel, heartbeats and schedules: ``jobs.heartbeat_at`` (refreshed by the worker while
a job runs, so that a dead worker's job can be recovered from any host) and the ``schedules``
table (定时运行 and 即时 runs of an adoption)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("heartbeat_at", STAMP, nullable=True))
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("cron", sa.String(length=200), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("on_new_version", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("incremental", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", STAMP, nullable=True),
        sa.Column("last_enqueued_at", STAMP, nullable=True),
        sa.Column("last_job_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("as_operator", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["supervision_models.id"],
            name=op.f("fk_schedules_model_id_supervision_models"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["last_job_id"],
            ["jobs.id"],
            name=op.f("fk_schedules_last_job_id_jobs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
    )
    op.create_index("ix_schedules_model_id", "schedules", ["model_id"])
    op.create_index("ix_schedules_enabled_next_run_at", "schedules", ["enabled", "next_run_at"])


def downgrade() -> None:
    op.drop_index("ix_schedules_enabled_next_run_at", table_name="schedules")
    op.drop_index("ix_schedules_model_id", table_name="schedules")
    op.drop_table("schedules")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("heartbeat_at")
