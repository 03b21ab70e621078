"""Inserting a run's new leads in bulk, straight through the database driver.

The rows come from :func:`jiancha.leads.sqlbuild.stream_leads` in batches, with evidence and
explanation already JSON text, so the per-row work of SQLAlchemy's ``executemany`` (parameter
dicts, type processing) is skipped: values that are the same for every row (model, run,
status, times) are processed once with the column's own SQLAlchemy type, and the driver's
``executemany`` does the rest. The one difference between the metadata backends lives here:
PostgreSQL needs the JSON text cast to ``json``; SQLite stores it as text. On SQLite the new
titles are indexed for the title search in one statement after the rows, not by the per-row
trigger (``jiancha.leads.search.suspended_trigger``), with a larger page cache meanwhile
(``jiancha.leads.bulk``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

import pyarrow as pa
from sqlalchemy import Table
from sqlalchemy.orm import Session

from jiancha.leads.bulk import roomy_cache
from jiancha.leads.search import suspended_trigger
from jiancha.store import Lead

LEADS: Table = Lead.__table__  # type: ignore[assignment]
CENT = Decimal("0.01")
CUT = 200  # the size of the subject key, subject name and jurisdiction columns
COLUMNS = (
    "model_id",
    "fingerprint",
    "subject_type",
    "subject_key",
    "subject_name",
    "title",
    "title_masked",
    "jurisdiction",
    "org_id",
    "amount",
    "evidence",
    "explanation",
    "status",
    "hit",
    "first_run_id",
    "last_run_id",
    "first_seen_at",
    "last_seen_at",
)
JSON_COLUMNS = {"evidence", "explanation"}
ORG = COLUMNS.index("org_id")


OUT_OF_SCOPE = -1
"""What ``route`` answers for a lead outside the adopting office's scope: it is not stored."""


def _cut(value: str | None) -> str | None:
    return None if value is None else value[:CUT]


def insert_new(
    session: Session,
    leads: Iterable[pa.Table],
    model_id: int,
    run_id: int,
    subject_type: str,
    now: datetime,
    route: Callable[[str | None], int | None],
) -> Counter[int | None]:
    """Insert ``leads``, batch after batch as they come (the next may be built meanwhile);
    ``route`` gives each lead's office from its jurisdiction (``OUT_OF_SCOPE``: not stored).
    Returns how many went to each office."""
    offices = Counter[int | None]()
    connection = session.connection()
    dialect = connection.dialect
    postgres = dialect.name == "postgresql"

    def bound(column: str, value: Any) -> Any:
        processor = LEADS.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        return value if processor is None or value is None else processor(value)

    constant = {
        "model_id": model_id,
        "subject_type": subject_type,
        "status": bound("status", "new"),
        "hit": bound("hit", True),
        "first_run_id": run_id,
        "last_run_id": run_id,
        "first_seen_at": bound("first_seen_at", now),
        "last_seen_at": bound("last_seen_at", now),
    }
    marker = "%s" if dialect.paramstyle in ("format", "pyformat") else "?"
    places = [
        f"CAST({marker} AS JSON)" if postgres and c in JSON_COLUMNS else marker for c in COLUMNS
    ]
    sql = f"INSERT INTO leads ({', '.join(COLUMNS)}) VALUES ({', '.join(places)})"
    cursor = connection.connection.cursor()
    try:
        # titles indexed for search in one statement; index pages held in a larger cache
        with roomy_cache(connection), suspended_trigger(connection):
            for batch in leads:
                rows = [r for r in _rows(batch, constant, bound, route) if r[ORG] != OUT_OF_SCOPE]
                offices.update(row[ORG] for row in rows)
                if rows:
                    cursor.executemany(sql, rows)
    finally:
        cursor.close()
    return offices


def _rows(
    chunk: pa.Table,
    constant: dict[str, Any],
    bound: Any,
    route: Callable[[str | None], int | None],
) -> list[tuple[Any, ...]]:
    """The chunk's parameter tuples, built column by column; each distinct jurisdiction is
    routed once."""
    n = chunk.num_rows
    values: dict[str, list[Any]] = {c: [v] * n for c, v in constant.items()}
    for name in ("fingerprint", "title", "title_masked", "evidence", "explanation"):
        values[name] = chunk.column(name).to_pylist()
    values["subject_key"] = [k[:CUT] for k in chunk.column("subject_key").to_pylist()]
    values["subject_name"] = [_cut(v) for v in chunk.column("subject_name").to_pylist()]
    jurisdictions = [_cut(j) for j in chunk.column("jurisdiction").to_pylist()]
    offices = {j: route(j) for j in set(jurisdictions)}
    values["jurisdiction"] = jurisdictions
    values["org_id"] = [offices[j] for j in jurisdictions]
    values["amount"] = [
        None if a is None else bound("amount", Decimal(str(a)).quantize(CENT))
        for a in chunk.column("amount").to_pylist()
    ]
    return list(zip(*(values[c] for c in COLUMNS), strict=True))
