"""marketplace (模型超市): models, versions, publication decisions, campaigns, lead sign-offs;
one adoption per (model, office); lead fingerprints unique per adoption

Every installed model becomes a marketplace model in 在建 (draft) state, authored by the office
that installed it, with its spec as its first version; the installation becomes that office's
adoption of that version.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-21 09:00:00
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAMP = sa.DateTime(timezone=True)


def _tables() -> None:
    op.create_table(
        "market_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=False),
        sa.Column("line", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("risk", sa.String(length=16), nullable=False),
        sa.Column("author_org_id", sa.Integer(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", STAMP, nullable=True),
        sa.Column("published_at", STAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["author_org_id"], ["orgs.id"], name=op.f("fk_market_models_author_org_id_orgs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_models")),
        sa.UniqueConstraint("slug", name=op.f("uq_market_models_slug")),
    )
    op.create_index("ix_market_models_state", "market_models", ["state"])
    op.create_table(
        "model_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("spec_text", sa.Text(), nullable=False),
        sa.Column("spec_sha256", sa.String(length=64), nullable=False),
        sa.Column("changelog", sa.Text(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["market_models.id"],
            name=op.f("fk_model_versions_model_id_market_models"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_versions")),
        sa.UniqueConstraint("model_id", "spec_sha256", name=op.f("uq_model_versions_model_id")),
    )
    op.create_index("ix_model_versions_model_id", "model_versions", ["model_id"])
    op.create_table(
        "publication_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", STAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["market_models.id"],
            name=op.f("fk_publication_decisions_model_id_market_models"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["model_versions.id"],
            name=op.f("fk_publication_decisions_version_id_model_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_decisions")),
    )
    op.create_index("ix_publication_decisions_model_id", "publication_decisions", ["model_id"])
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("line", sa.String(length=32), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("offices", sa.JSON(), nullable=False),
        sa.Column("models", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("started_by", sa.String(length=200), nullable=True),
        sa.Column("started_at", STAMP, nullable=True),
        sa.Column("stopped_by", sa.String(length=200), nullable=True),
        sa.Column("stopped_at", STAMP, nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_campaigns_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("name", name=op.f("uq_campaigns_name")),
    )
    op.create_table(
        "campaign_leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("tagged_at", STAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_leads_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_campaign_leads_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_leads")),
        sa.UniqueConstraint("campaign_id", "lead_id", name=op.f("uq_campaign_leads_campaign_id")),
    )
    op.create_index("ix_campaign_leads_campaign_id", "campaign_leads", ["campaign_id"])
    op.create_index("ix_campaign_leads_lead_id", "campaign_leads", ["lead_id"])
    op.create_table(
        "lead_signoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_lead_signoffs_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_signoffs")),
    )
    op.create_index("ix_lead_signoffs_lead_id", "lead_signoffs", ["lead_id"])


def _back_fill() -> None:
    """Each installed model: a draft marketplace model with its spec as the first version."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, slug, name, area, line, kind, risk, version, spec_text, installed_at,"
            " installed_by, org_id FROM supervision_models ORDER BY id"
        )
    ).fetchall()
    for row in rows:
        model_id = bind.execute(
            sa.text(
                "INSERT INTO market_models (slug, name, area, line, kind, risk, author_org_id,"
                " authors, state, card, created_at, created_by) VALUES (:slug, :name, :area,"
                " :line, :kind, :risk, :org, '[]', 'draft', '{}', :at, :by) RETURNING id"
            ),
            {
                "slug": row.slug,
                "name": row.name,
                "area": row.area,
                "line": row.line,
                "kind": row.kind,
                "risk": row.risk,
                "org": row.org_id,
                "at": row.installed_at,
                "by": row.installed_by,
            },
        ).scalar_one()
        version_id = bind.execute(
            sa.text(
                "INSERT INTO model_versions (model_id, version, spec_text, spec_sha256,"
                " changelog, created_at, created_by) VALUES (:model, :version, :text, :sha,"
                " '首次安装', :at, :by) RETURNING id"
            ),
            {
                "model": model_id,
                "version": row.version,
                "text": row.spec_text,
                "sha": hashlib.sha256(row.spec_text.encode("utf-8")).hexdigest(),
                "at": row.installed_at,
                "by": row.installed_by,
            },
        ).scalar_one()
        bind.execute(
            sa.text("UPDATE supervision_models SET version_id = :v WHERE id = :id"),
            {"v": version_id, "id": row.id},
        )


def upgrade() -> None:
    _tables()
    with op.batch_alter_table("supervision_models") as batch:
        batch.add_column(sa.Column("version_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("parameters", sa.JSON(), nullable=True))
        batch.drop_constraint("uq_supervision_models_slug", type_="unique")
        batch.create_unique_constraint("uq_supervision_models_slug", ["slug", "org_id"])
        batch.create_index("ix_supervision_models_slug", ["slug"])
        batch.create_foreign_key(
            "fk_supervision_models_version_id_model_versions",
            "model_versions",
            ["version_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("leads") as batch:
        batch.drop_constraint("uq_leads_fingerprint", type_="unique")
        batch.create_unique_constraint("uq_leads_model_id", ["model_id", "fingerprint"])
    for table in ("access_requests", "access_grants"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("model_slug", sa.String(length=80), nullable=True))
    _back_fill()


def downgrade() -> None:
    for table in ("access_grants", "access_requests"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("model_slug")
    with op.batch_alter_table("leads") as batch:
        batch.drop_constraint("uq_leads_model_id", type_="unique")
        batch.create_unique_constraint("uq_leads_fingerprint", ["fingerprint"])
    with op.batch_alter_table("supervision_models") as batch:
        batch.drop_constraint("fk_supervision_models_version_id_model_versions", type_="foreignkey")
        batch.drop_index("ix_supervision_models_slug")
        batch.drop_constraint("uq_supervision_models_slug", type_="unique")
        batch.create_unique_constraint("uq_supervision_models_slug", ["slug"])
        batch.drop_column("parameters")
        batch.drop_column("version_id")
    for table in (
        "lead_signoffs",
        "campaign_leads",
        "campaigns",
        "publication_decisions",
        "model_versions",
        "market_models",
    ):
        op.drop_table(table)
