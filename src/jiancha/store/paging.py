"""One page of a list kept in the store, done in SQL: the ORDER BY a sort word asks for
(``field`` ascending, ``-field`` descending; refused in plain Chinese when the list cannot be
sorted by it), a case-insensitive text filter (LIKE, wildcards in the text escaped), and the
count of the matching rows with one page of them.

Shared by the lists the API pages on the server (access requests, grants, security alerts,
the audit trail). Knows no particular table; must not decide who may see which rows (the
caller's WHERE does).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, or_, select
from sqlalchemy.orm import QueryableAttribute, Session

from jiancha.errors import JianchaError

Column = ColumnElement[Any] | QueryableAttribute[Any]
"""A column to sort or search by: a mapped attribute or any SQL expression."""
AnySelect = Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class Window:
    """Which rows of a list: sorted by ``sort``, ``limit`` of them (None: all) from ``offset``."""

    sort: str
    offset: int = 0
    limit: int | None = None


def order_by(
    sort: str, columns: Mapping[str, Column], tiebreak: Column
) -> list[ColumnElement[Any]]:
    """ORDER BY for ``sort`` (a key of ``columns``, ``-`` first for descending), ties broken by
    ``tiebreak`` in the same direction; empty values last on every backend."""
    name = sort.removeprefix("-")
    column = columns.get(name)
    if column is None:
        raise JianchaError(
            f"不能按“{name}”排序", hint="可用：" + "、".join(columns) + "（前加 - 为倒序）"
        )
    if sort.startswith("-"):
        return [column.desc().nulls_last(), tiebreak.desc()]
    return [column.asc().nulls_last(), tiebreak.asc()]


def contains(text: str, *columns: Column) -> ColumnElement[bool]:
    """Any of ``columns`` contains ``text``, ignoring case; ``%``, ``_`` and ``\\`` in the
    text are matched as themselves."""
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(*(func.lower(c).like(pattern, escape="\\") for c in columns))


def fetch_page(
    session: Session, query: AnySelect, order: Sequence[ColumnElement[Any]], window: Window
) -> tuple[int, Sequence[Row[*tuple[Any, ...]]]]:
    """How many rows ``query`` selects, and those of ``window`` in ``order``."""
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    total = int(session.scalar(counted) or 0)
    chosen = query.order_by(*order).offset(window.offset)
    if window.limit is not None:
        chosen = chosen.limit(window.limit)
    return total, session.execute(chosen).all()
