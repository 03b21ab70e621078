"""Amounts to the cent in the bulk insert: the float short cut gives what the Decimal gives."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql, sqlite

from jiancha.leads.insert import CENT, _amounts, binder

SQLITE = sqlite.dialect()
POSTGRES = postgresql.psycopg.dialect()  # type: ignore[attr-defined]


def _bind(dialect: Any) -> Any:
    return binder(dialect, "amount")


def _reference(amounts: list[Any], bind: Any) -> list[Any]:
    """What every amount was before the short cut: ``Decimal(str(a))`` to the cent, bound."""
    return [None if a is None else bind(Decimal(str(a)).quantize(CENT)) for a in amounts]


MONEY = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)
CENTS = st.integers(min_value=-(10**17), max_value=10**17).map(lambda c: c / 100)


@given(st.lists(st.one_of(MONEY, CENTS, st.none(), st.integers(-(10**12), 10**12))))
@example([2.675, 0.125, 1.005, 0.1 + 0.2, -0.005, 1e15 + 0.01, 5e-324, -0.0, 12.3, 1e15])
@example([Decimal("1234.565"), Decimal("0.005"), Decimal("7")])
def test_the_short_cut_gives_what_the_decimal_gives(amounts: list[Any]) -> None:
    for dialect in (SQLITE, POSTGRES):
        bind = _bind(dialect)
        got, expected = _amounts(amounts, bind), _reference(amounts, bind)
        assert got == expected
        assert [type(g) for g in got] == [type(e) for e in expected]


def test_sqlite_binds_floats_and_postgres_decimals() -> None:
    """The short cut is taken only where the column binds floats; the halves still go to even
    as the Decimal writes them (2.675 is 2.67499… as a float, but 2.68 as written)."""
    assert _amounts([2.675, 12.3, None], _bind(SQLITE)) == [2.68, 12.3, None]
    assert _amounts([2.675, 12.3], _bind(POSTGRES)) == [Decimal("2.68"), Decimal("12.30")]


@pytest.mark.parametrize("bad", [float("inf"), float("-inf")])
def test_an_infinite_amount_fails_as_before(bad: float) -> None:
    for dialect in (SQLITE, POSTGRES):
        with pytest.raises(InvalidOperation):
            _amounts([bad], _bind(dialect))
        with pytest.raises(InvalidOperation):
            _reference([bad], _bind(dialect))


def test_nan_stays_nan_as_before() -> None:
    [on_sqlite] = _amounts([float("nan")], _bind(SQLITE))
    [on_postgres] = _amounts([float("nan")], _bind(POSTGRES))
    assert math.isnan(on_sqlite) and on_postgres.is_nan()
    assert math.isnan(_reference([float("nan")], _bind(SQLITE))[0])
