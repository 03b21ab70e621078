"""Alembic environment: runs on the connection handed over by jiancha.store.db.migrate."""

from alembic import context

from jiancha.leads.search import outside_search
from jiancha.store import Base  # the package: every module of models, the marketplace too

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=outside_search,  # the FTS5 tables and the pg_trgm index: not in the models
)
with context.begin_transaction():
    context.run_migrations()
