"""Inserting a run's new leads in bulk, straight through the database driver.

The rows come from :func:`jiancha.leads.sqlbuild.stream_leads` in batches, with evidence and
explanation already JSON text, so the per-row work of SQLAlchemy's ``executemany`` (parameter
dicts, type processing) is skipped: values that are the same for every row (model, run,
status, times) are processed once with the column's own SQLAlchemy type, and the driver does
the rest, column by column from Arrow. The differences between the metadata backends live here:

* SQLite: one ``INSERT OR ROLLBACK`` of up to ``ROWS_PER_STATEMENT`` rows (``VALUES (…), (…)``,
  the values shared by every row bound once as numbered parameters). A statement that may fail
  half-way makes SQLite keep a statement journal, a copy of each page it changes, to undo it
  alone: one per 500 rows rather than one per row measured 3x faster, and none at all, with the
  leads' keys checked at commit (migration 0022) and a duplicate fingerprint undoing the whole
  transaction rather than the statement, 1.2–1.4x faster again (``docs/leads.md``). The titles are
  not indexed for the search here: ``jiancha.leads.search_index`` does it after the run, and
  searches read the leads not indexed yet meanwhile. A larger page cache holds the indexes'
  pages while inserting (``jiancha.leads.bulk``).
* PostgreSQL: the driver's ``executemany``; the JSON text is cast to ``json``.

Owns: the new leads' rows and their insert. Must not touch other leads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from itertools import chain, compress
from typing import Any

import pyarrow as pa
from sqlalchemy import Table
from sqlalchemy.orm import Session

from jiancha.leads.bulk import roomy_cache
from jiancha.store import Lead

LEADS: Table = Lead.__table__  # type: ignore[assignment]
CENT = Decimal("0.01")
CUT = 200  # the size of the subject key, subject name and jurisdiction columns
SHARED = (
    "model_id",
    "subject_type",
    "status",
    "hit",
    "first_run_id",
    "last_run_id",
    "first_seen_at",
    "last_seen_at",
)
"""The columns of the same value in every new lead of a run."""
OWN = (
    "fingerprint",
    "subject_key",
    "subject_name",
    "title",
    "title_masked",
    "jurisdiction",
    "org_id",
    "amount",
    "evidence",
    "explanation",
)
"""The columns of each lead's own values."""
COLUMNS = SHARED + OWN
JSON_COLUMNS = {"evidence", "explanation"}
ORG = OWN.index("org_id")
PYFORMAT = ("format", "pyformat")
ROWS_PER_STATEMENT = 500  # SQLite: 5,008 parameters a statement (its limit: 32,766 or more)


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

    def bound(column: str, value: Any) -> Any:
        processor = LEADS.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        return value if processor is None or value is None else processor(value)

    shared = (
        model_id,
        subject_type,
        bound("status", "new"),
        bound("hit", True),
        run_id,
        run_id,
        bound("first_seen_at", now),
        bound("last_seen_at", now),
    )
    if dialect.name == "sqlite":
        store = _sqlite_store(shared)
    else:
        store = _postgres_store(shared, "%s" if dialect.paramstyle in PYFORMAT else "?")
    cursor = connection.connection.cursor()
    try:
        with roomy_cache(connection):  # index pages held in a larger cache (SQLite)
            for batch in leads:
                columns = _columns(batch, bound, route)
                if OUT_OF_SCOPE in columns[ORG]:
                    keep = [o != OUT_OF_SCOPE for o in columns[ORG]]
                    columns = [list(compress(c, keep)) for c in columns]
                offices.update(columns[ORG])
                if columns[ORG]:
                    store(cursor, columns)
    finally:
        cursor.close()
    return offices


Store = Callable[[Any, list[list[Any]]], None]


def _sqlite_store(shared: tuple[Any, ...]) -> Store:
    """Rows in statements of ``ROWS_PER_STATEMENT``: ``?1``…``?8`` the shared values, then each
    row's own."""
    width = len(OWN)
    head = f"INSERT OR ROLLBACK INTO leads ({', '.join(COLUMNS)}) VALUES "

    def values(n: int) -> str:
        first = len(SHARED) + 1
        rows = (
            "("
            + ", ".join(f"?{i}" for i in range(1, first))
            + ", "
            + ", ".join(f"?{first + r * width + i}" for i in range(width))
            + ")"
            for r in range(n)
        )
        return head + ", ".join(rows)

    statements: dict[int, str] = {}

    def store(cursor: Any, columns: list[list[Any]]) -> None:
        for start in range(0, len(columns[0]), ROWS_PER_STATEMENT):
            part = [c[start : start + ROWS_PER_STATEMENT] for c in columns]
            n = len(part[0])
            sql = statements.get(n) or statements.setdefault(n, values(n))
            cursor.execute(sql, [*shared, *chain.from_iterable(zip(*part, strict=True))])

    return store


def _postgres_store(shared: tuple[Any, ...], marker: str) -> Store:
    """Each row bound in full by the driver's ``executemany``; JSON text cast to ``json``."""
    places = [f"CAST({marker} AS JSON)" if c in JSON_COLUMNS else marker for c in COLUMNS]
    sql = f"INSERT INTO leads ({', '.join(COLUMNS)}) VALUES ({', '.join(places)})"

    def store(cursor: Any, columns: list[list[Any]]) -> None:
        cursor.executemany(sql, [shared + row for row in zip(*columns, strict=True)])

    return store


def _columns(
    chunk: pa.Table, bound: Any, route: Callable[[str | None], int | None]
) -> list[list[Any]]:
    """The chunk's own values, one list per column of ``OWN``; each distinct jurisdiction is
    routed once."""
    values: dict[str, list[Any]] = {}
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
    return [values[c] for c in OWN]
