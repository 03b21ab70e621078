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

Both: the next batch's parameters (Arrow to Python values, texts cut to their columns, amounts
to the cent, laid out for the statement) are made on a thread of their own while the driver
runs the current batch's statements with the GIL released (``jiancha.ahead``). With NULLs bound
without the ``sqlite3`` module's adapter search (``jiancha.store.db.bind_nulls_directly``),
100 k leads went in 0.88 s (median of 6) where they took 1.15 s (``docs/leads.md``, session 18).

Owns: the new leads' rows and their insert. Must not touch other leads.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from itertools import compress
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Dialect, Table
from sqlalchemy.orm import Session

from jiancha.ahead import Prefetched
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


def binder(dialect: Dialect, column: str) -> Callable[[Any], Any]:
    """What the leads table's ``column`` makes of a value before ``dialect``'s driver binds it
    (the column type's bind processor; the value itself where there is none)."""
    found = LEADS.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    return found or (lambda value: value)


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
    ``route`` gives each lead's office from its jurisdiction (``OUT_OF_SCOPE``: not stored);
    it is called on the thread that prepares the batches, so it must not use the session.
    Returns how many went to each office."""
    offices = Counter[int | None]()
    connection = session.connection()
    dialect = connection.dialect

    def bound(column: str, value: Any) -> Any:
        return None if value is None else binder(dialect, column)(value)

    amount = binder(dialect, "amount")

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
        prepare, execute = _sqlite_statements(shared), _execute
    else:
        marker = "%s" if dialect.paramstyle in PYFORMAT else "?"
        prepare, execute = _postgres_statements(shared, marker), _execute_many

    def prepared() -> Iterator[list[Statement]]:
        for batch in leads:
            columns = _columns(batch, amount, route)
            if OUT_OF_SCOPE in columns[ORG]:
                keep = [o != OUT_OF_SCOPE for o in columns[ORG]]
                columns = [list(compress(c, keep)) for c in columns]
            offices.update(columns[ORG])
            if columns[ORG]:
                yield prepare(columns)

    # The next batch's parameters are made on another thread while the driver runs this
    # batch's statements (SQLite and psycopg release the GIL meanwhile).
    ahead = Prefetched(prepared(), name="jiancha-insert")
    cursor = connection.connection.cursor()
    try:
        with roomy_cache(connection):  # index pages held in a larger cache (SQLite)
            for statements in ahead:
                for sql, parameters in statements:
                    execute(cursor, sql, parameters)
    finally:
        ahead.close()
        cursor.close()
    return offices


Statement = tuple[str, list[Any]]
"""A statement's SQL and what the driver binds to it."""


def _execute(cursor: Any, sql: str, parameters: list[Any]) -> None:
    cursor.execute(sql, parameters)


def _execute_many(cursor: Any, sql: str, parameters: list[Any]) -> None:
    cursor.executemany(sql, parameters)


def _sqlite_statements(shared: tuple[Any, ...]) -> Callable[[list[list[Any]]], list[Statement]]:
    """Rows in statements of ``ROWS_PER_STATEMENT``: ``?1``…``?8`` the shared values, then each
    row's own as plain ``?``, numbered on from there. (SQLite looks the name of each numbered
    parameter up in a list as it compiles the statement: with all 5,008 numbered, compiling
    it cost ~110 M instructions, as much as running six such statements.) The parameters are
    laid out by slice assignment, column by column, with no tuple a row."""
    head = f"INSERT OR ROLLBACK INTO leads ({', '.join(COLUMNS)}) VALUES "
    row = "(" + ", ".join([f"?{i}" for i in range(1, len(SHARED) + 1)] + ["?"] * len(OWN)) + ")"

    def values(n: int) -> str:
        return head + ", ".join([row] * n)

    texts: dict[int, str] = {}

    width, first = len(OWN), len(shared)

    def prepare(columns: list[list[Any]]) -> list[Statement]:
        statements = []
        for start in range(0, len(columns[0]), ROWS_PER_STATEMENT):
            n = min(ROWS_PER_STATEMENT, len(columns[0]) - start)
            parameters: list[Any] = [*shared, *[None] * (n * width)]
            for i, column in enumerate(columns):
                parameters[first + i :: width] = column[start : start + n]
            sql = texts.get(n) or texts.setdefault(n, values(n))
            statements.append((sql, parameters))
        return statements

    return prepare


def _postgres_statements(
    shared: tuple[Any, ...], marker: str
) -> Callable[[list[list[Any]]], list[Statement]]:
    """Each row bound in full by the driver's ``executemany``; JSON text cast to ``json``."""
    places = [f"CAST({marker} AS JSON)" if c in JSON_COLUMNS else marker for c in COLUMNS]
    sql = f"INSERT INTO leads ({', '.join(COLUMNS)}) VALUES ({', '.join(places)})"

    def prepare(columns: list[list[Any]]) -> list[Statement]:
        return [(sql, [shared + row for row in zip(*columns, strict=True)])]

    return prepare


def _columns(
    chunk: pa.Table, amount: Callable[[Any], Any], route: Callable[[str | None], int | None]
) -> list[list[Any]]:
    """The chunk's own values, one list per column of ``OWN``; each distinct jurisdiction is
    routed once."""
    values: dict[str, list[Any]] = {}
    for name in ("fingerprint", "title", "title_masked", "evidence", "explanation"):
        values[name] = chunk.column(name).to_pylist()
    for name in ("subject_key", "subject_name", "jurisdiction"):
        values[name] = _cut(chunk.column(name))
    offices = {j: route(j) for j in set(values["jurisdiction"])}
    values["org_id"] = [offices[j] for j in values["jurisdiction"]]
    values["amount"] = _amounts(chunk.column("amount").to_pylist(), amount)
    return [values[c] for c in OWN]


def _cut(column: pa.ChunkedArray) -> list[str | None]:
    """Texts cut to the size of their column (``CUT`` characters)."""
    if pa.types.is_null(column.type):  # nothing but NULLs: no text type to cut
        return [None] * len(column)
    return pc.utf8_slice_codeunits(column, 0, CUT).to_pylist()  # type: ignore[no-any-return]


def _amounts(amounts: list[Any], bound: Callable[[Any], Any]) -> list[Any]:
    """Each amount to the cent as written (``Decimal(str(a))``, halves to even), then as the
    column binds it. Where the column binds floats (SQLite), a finite float that rounds to
    itself at two decimals skips the Decimal: its shortest form has at most two decimals, so
    the quantized Decimal's float is that float again (``tests/leads/test_amounts.py`` compares
    both ways on random and edge values)."""
    floats = isinstance(bound(CENT), float)
    return [
        None
        if a is None
        else a
        if floats and _at_cent(a)
        else bound(Decimal(str(a)).quantize(CENT))
        for a in amounts
    ]


def _at_cent(a: object) -> bool:
    return type(a) is float and math.isfinite(a) and round(a, 2) == a
