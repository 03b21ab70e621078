"""lead list plans: covering indexes for a page split per office or model, and PostgreSQL's
search of two characters

* a page of the lead list under several offices (a city's subtree) or several adoptions of one
  model is read as one ordered branch per office or adoption, merged (``jiancha.leads.query``);
  each branch reads one index alone when it also holds the column the visibility rule of
  ``high`` models reads: the office's index gets the model, the model's indexes get the office;
* PostgreSQL: ``jiancha_title_grams(title_masked)`` (the masked title's character pairs) and a
  GIN index on it, for searches of two characters, shorter than a trigram
  (``jiancha.leads.search_pg``). Its SQL is written out here as of this revision (a migration
  must not change when the code does; ``tests/store`` checks they agree).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 07:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDENED = {  # name: (columns before, columns after)
    "ix_leads_org_status": (["org_id", "status", "id"], ["org_id", "status", "id", "model_id"]),
    "ix_leads_model_status": (
        ["model_id", "status", "id"],
        ["model_id", "status", "id", "org_id"],
    ),
    "ix_leads_model_amount": (
        ["model_id", "amount", "id"],
        ["model_id", "amount", "id", "org_id"],
    ),
}
STAT_KEPT = "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
GRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION jiancha_title_grams(title text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT pg_catalog.array_remove(
    pg_catalog.string_to_array(pg_catalog.regexp_replace(
      title, '(..)', '\1' || pg_catalog.chr(1), 'g'), pg_catalog.chr(1))
    || pg_catalog.string_to_array(pg_catalog.regexp_replace(
      pg_catalog.substr(title, 2), '(..)', '\1' || pg_catalog.chr(1), 'g'),
      pg_catalog.chr(1)),
    '')
$$"""
POSTGRES_UP = (
    GRAMS_FUNCTION,
    "CREATE INDEX ix_leads_title_grams ON leads USING gin (jiancha_title_grams(title_masked))",
    "ANALYZE leads",  # the index expression's statistics: how many titles hold a gram
)
POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS ix_leads_title_grams",
    "DROP FUNCTION IF EXISTS jiancha_title_grams(text)",
)


def _rebuild(index: int) -> None:
    """Each widened index made again with its columns ``before`` (0) or ``after`` (1). SQLite
    drops an index's statistics with it: a store that kept statistics (``ANALYZE``) has them
    taken again for the new index, or its planner would weigh it against the others blind."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    kept = sqlite and op.get_bind().exec_driver_sql(STAT_KEPT).scalar()
    for name, columns in WIDENED.items():
        op.drop_index(name, table_name="leads")
        op.create_index(name, "leads", columns[index])
        if kept:
            op.execute(f"ANALYZE {name}")


def upgrade() -> None:
    _rebuild(1)
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DOWN:
            op.execute(statement)
    _rebuild(0)
