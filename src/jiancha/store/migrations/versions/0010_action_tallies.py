"""action tallies: counted from the actions and feedback already stored

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22 11:30:00
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIELDS = ("issued", "adopted", "leads", "days", "fed", "money", "persons", "rules")


def upgrade() -> None:
    op.create_table(
        "action_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("org_key", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("issued", sa.BigInteger(), nullable=False),
        sa.Column("adopted", sa.BigInteger(), nullable=False),
        sa.Column("leads", sa.BigInteger(), nullable=False),
        sa.Column("days", sa.BigInteger(), nullable=False),
        sa.Column("fed", sa.BigInteger(), nullable=False),
        sa.Column("money", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("persons", sa.BigInteger(), nullable=False),
        sa.Column("rules", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["supervision_models.id"],
            name=op.f("fk_action_tallies_model_id_supervision_models"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_tallies")),
        sa.UniqueConstraint(
            "model_id", "org_key", "month", "kind", name=op.f("uq_action_tallies_model_id")
        ),
    )
    with op.batch_alter_table("action_tallies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_tallies_model_id"), ["model_id"], unique=False)
    _count_existing()


def _day(moment: Any) -> Any:
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return (utc + timedelta(hours=8)).date()


def _count_existing() -> None:
    """Self-contained on purpose: a migration must not change when the application does."""
    bind = op.get_bind()
    found: dict[tuple[int, int, str, str], dict[str, Any]] = defaultdict(
        lambda: dict.fromkeys(FIELDS, 0)
    )
    first: dict[int, tuple[Any, tuple[int, int, str], Any]] = {}
    kinds: dict[int, tuple[int, str, tuple[int, int, str]]] = {}
    actions_table = sa.table(
        "supervision_actions",
        sa.column("id", sa.Integer),
        sa.column("lead_id", sa.Integer),
        sa.column("model_id", sa.Integer),
        sa.column("org_id", sa.Integer),
        sa.column("lead_seen_at", sa.DateTime(timezone=True)),
        sa.column("kind", sa.String),
        sa.column("issued_on", sa.Date),
    )
    for action_id, lead_id, model_id, org_id, seen, kind, issued_on in bind.execute(
        sa.select(*actions_table.c)
    ):
        base = (model_id, org_id or 0, _day(seen).strftime("%Y-%m"))
        found[(*base, kind)]["issued"] += 1
        kinds[action_id] = (lead_id, kind, base)
        known = first.get(lead_id)
        if known is None or issued_on < known[0]:
            first[lead_id] = (issued_on, base, _day(seen))
    for on, base, seen_day in first.values():
        found[(*base, "")]["leads"] += 1
        found[(*base, "")]["days"] += (on - seen_day).days
    adopted: set[int] = set()
    fed: set[int] = set()
    feedback = sa.table(
        "feedback",
        sa.column("id", sa.Integer),
        sa.column("action_id", sa.Integer),
        sa.column("outcome", sa.String),
        sa.column("recovered_amount", sa.Numeric(18, 2)),
        sa.column("persons_affected", sa.Integer),
        sa.column("rules_made", sa.Integer),
    )
    rows = bind.execute(sa.select(*list(feedback.c)[1:]).order_by(feedback.c.id))
    for action_id, outcome, money, persons, rules in rows:
        lead_id, kind, base = kinds[action_id]
        facts = found[(*base, "")]
        facts["money"] += Decimal(str(money))
        facts["persons"] += persons
        facts["rules"] += rules
        if lead_id not in fed:
            fed.add(lead_id)
            facts["fed"] += 1
        if outcome in ("rectified", "partially") and action_id not in adopted:
            adopted.add(action_id)
            found[(*base, kind)]["adopted"] += 1
    if found:
        table = sa.table(
            "action_tallies",
            *(sa.column(c) for c in ("model_id", "org_key", "month", "kind", *FIELDS)),
        )
        op.bulk_insert(
            table,
            [
                {"model_id": m, "org_key": o, "month": mo, "kind": k, **values}
                for (m, o, mo, k), values in found.items()
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("action_tallies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_tallies_model_id"))
    op.drop_table("action_tallies")
