"""The one place where SQLite and PostgreSQL differ for statistics: dates in China time.

Timestamps are stored in UTC; a lead's *day* and *month* are those of China time (UTC+8, no
daylight saving since 1991). SQLite shifts by a fixed ``+8 hours``; PostgreSQL converts with
``timezone('Asia/Shanghai', …)``. Constants are written into the SQL, not bound: PostgreSQL must
see the same expression in SELECT and GROUP BY.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Integer, cast, func, literal_column
from sqlalchemy.sql.elements import ColumnElement

ZONE: ColumnElement[str] = literal_column("'Asia/Shanghai'")
SHIFT: ColumnElement[str] = literal_column("'+8 hours'")


def china_month(moment: Any, dialect: str) -> ColumnElement[Any]:
    """The month of a UTC timestamp column in China time: ``YYYY-MM`` text on SQLite, the first
    moment of the month on PostgreSQL (``date_trunc`` is about twice as fast as ``to_char``);
    :func:`month_text` reads either."""
    if dialect == "postgresql":
        return func.date_trunc(literal_column("'month'"), func.timezone(ZONE, moment))
    return func.strftime(literal_column("'%Y-%m'"), moment, SHIFT)


def month_text(value: str | dt.datetime) -> str:
    return value if isinstance(value, str) else value.strftime("%Y-%m")


def days_since(day: Any, moment: Any, dialect: str) -> ColumnElement[Any]:
    """Whole days from the China-time date of timestamp ``moment`` to the date ``day``."""
    if dialect == "postgresql":
        return cast(day - cast(func.timezone(ZONE, moment), Date), Integer)
    return cast(func.julianday(day) - func.julianday(func.date(moment, SHIFT)), Integer)
