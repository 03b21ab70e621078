"""Vectorised twins of the semantic types' ``clean``: SQL run by DuckDB over a whole batch.

Owns: the SQL of the fast path for the heavy types (ID numbers, credit codes, dates, money,
phones, integers, numbers, names) and the engine that runs it (:mod:`.engine`). Must not touch:
the Python types themselves (:mod:`jiancha.identifiers`), which stay the reference.

Each twin is a list of *stages*: SQL expressions over the column ``@c`` (trimmed, non-missing
text) and the earlier stages ``@s0``, ``@s1`` …; the last stage is the standard value, or NULL
where the fast path does not vouch for the value. It accepts only forms it reads exactly as the
Python type does; every other value — the invalid ones included — is handed to the type's
Python ``clean``, so reasons and rare forms (Chinese numerals, offsets, landlines) stay exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pyarrow as pa

from jiancha.catalogue.vectorised import (
    codes,
    idarrays,
    namearrays,
    names,
    numeric,
    phonearrays,
    temporal,
)

STAGES: dict[str, list[str]] = {
    "credit_code": codes.CREDIT_CODE,
    "date": temporal.DATE,
    "datetime": temporal.DATETIME,
    "money": numeric.MONEY,
    "integer": numeric.INTEGER,
    "number": numeric.NUMBER,
    "phone": names.PHONE,
}
"""Fast-path stages by semantic type name; a type not listed is cleaned in Python only."""

PREPASSES: dict[str, Callable[[pa.Array, dt.date], pa.Array]] = {
    "id_card": idarrays.standard_ids,
    "phone": phonearrays.standard_mobiles,
    "person_name": namearrays.person_names,
    "company_name": namearrays.organisations,
    "org": namearrays.organisations,
}
"""Array twins: run before a type's SQL (if it has one), vouching for its common forms (NULL:
on to the SQL, else to Python). ID numbers and names have no SQL twin: the array one covers
as much or more."""


def stages_for(semantic: str) -> list[str] | None:
    """The SQL stages of the vectorised twin of type ``semantic``, if it has any."""
    return STAGES.get(semantic)


def has_twin(semantic: str) -> bool:
    """Whether type ``semantic`` has a vectorised twin (SQL, arrays or both)."""
    return semantic in STAGES or semantic in PREPASSES
