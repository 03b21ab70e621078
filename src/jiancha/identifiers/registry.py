"""The registry of semantic types, and :func:`guess`, which picks one for a column.

:func:`guess` reads the column name first (camelCase as snake_case): the most specific type
wins — a 是否… flag before anything, identifiers before names, dates and counts before the people
they belong to (被告人年龄 is an integer). A name that says the column holds identifiers — ID
numbers, credit codes, phone numbers (身份证号码, 统一社会信用代码, 联系电话 …) — is enough on its
own: the column keeps that type however many of its values fail the checks, so that every bad
value is counted and reported by the import rather than hidden in a ``text`` column. Otherwise
the values confirm the name: a name-suggested type stands when at least half the non-missing
samples clean; an integer name whose values hold
decimals becomes ``number``; a date or datetime name becomes ``datetime`` only when most values
carry a time other than 00:00. Otherwise (刑期: 三年六个月) the column is guessed from its values
alone: the first type that ≥ 90 % of the non-missing samples :meth:`~SemanticType.sniff` as,
else ``text``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence

from . import _temporal
from .base import Invalid, SemanticType, is_missing
from .boolean import Boolean
from .company_name import CompanyName
from .credit_code import CreditCode
from .date import Date
from .datetime import DateTime
from .id_card import IdCard
from .integer import Integer
from .money import Money
from .number import Number
from .org import Org
from .person_name import PersonName
from .phone import Phone
from .plate import Plate
from .text import Text

SNIFF_SHARE = 0.9
"""Share of non-missing samples that must sniff as a type for a value-only guess."""
CONFIRM_SHARE = 0.5
"""Share of non-missing samples that must clean for a name-suggested type to stand."""
IDENTIFIER_TYPES = frozenset({"id_card", "credit_code", "phone"})
"""Types a column name alone decides: their invalid values are data errors to report."""

_TYPES: tuple[SemanticType, ...] = (
    IdCard(),
    CreditCode(),
    PersonName(),
    CompanyName(),
    Phone(),
    Plate(),
    Date(),
    DateTime(),
    Money(),
    Integer(),
    Number(),
    Boolean(),
    Text(),
    Org(),
)
_BY_NAME = {t.name: t for t in _TYPES}

_NAME_ORDER = tuple(
    _BY_NAME[n]
    for n in (
        "boolean",
        "id_card",
        "credit_code",
        "phone",
        "plate",
        "date",
        "datetime",
        "integer",
        "money",
        "number",
        "org",
        "company_name",
        "person_name",
    )
)
"""Order in which column-name patterns are tried: the most specific type first."""
_BEFORE_DATES = tuple(_BY_NAME[n] for n in ("id_card", "credit_code", "phone", "plate"))
_AFTER_DATES = tuple(_BY_NAME[n] for n in ("boolean", "integer", "number", "money"))
"""Value-only guesses: these, the dates (date or datetime by the times), then these."""
_MIDNIGHT = dt.time()
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


class UnknownType(KeyError):
    """No semantic type has this name."""

    def __init__(self, name: str) -> None:
        self.message = f"未知的字段类型：{name!r}；可用的类型有：{'、'.join(names())}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def get(name: str) -> SemanticType:
    """The type called ``name`` (``id_card``, ``date``…); :class:`UnknownType` otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownType(name) from None


def names() -> tuple[str, ...]:
    """Code names of all types, in registry order."""
    return tuple(t.name for t in _TYPES)


def all_types() -> tuple[SemanticType, ...]:
    """All types, in registry order."""
    return _TYPES


def guess(column: str, samples: Sequence[str | None]) -> SemanticType:
    """The semantic type of a column, from its name and a sample (≤ 1000) of its raw cells."""
    values = [s.strip() for s in samples if s is not None and not is_missing(s)]
    suggested = by_column_name(column)
    if suggested is not None:
        confirmed = _confirm(suggested, values)
        if confirmed is not None:
            return confirmed
    return by_values(values)


def by_column_name(column: str) -> SemanticType | None:
    """The type a column name suggests (camelCase is read as snake_case), if any."""
    column = _CAMEL.sub("_", column.strip())
    for semantic in _NAME_ORDER:
        if semantic.matches_name(column):
            return semantic
    return None


def by_values(values: Sequence[str]) -> SemanticType:
    """The type that ≥ 90 % of ``values`` (non-missing, stripped) sniff as; ``text`` if none."""
    if values:
        for semantic in _BEFORE_DATES:
            if _passes(values, semantic.sniff, SNIFF_SHARE):
                return semantic
        if _passes(values, _BY_NAME["date"].sniff, SNIFF_SHARE):
            return _date_or_datetime(values)
        for semantic in _AFTER_DATES:
            if _passes(values, semantic.sniff, SNIFF_SHARE):
                return semantic
    return _BY_NAME["text"]


def _confirm(suggested: SemanticType, values: Sequence[str]) -> SemanticType | None:
    """``suggested`` (or its date/datetime, integer/number sibling) if the values bear it out."""
    if not values or suggested.name in IDENTIFIER_TYPES:
        return suggested
    if suggested.name in ("date", "datetime"):
        if _passes(values, _cleans(_BY_NAME["date"]), CONFIRM_SHARE):
            return _date_or_datetime(values)
        return None
    if suggested.name == "integer":
        integer, number = _cleans(suggested), _cleans(_BY_NAME["number"])
        if _passes(values, integer, CONFIRM_SHARE) and all(integer(v) for v in values if number(v)):
            return suggested
        suggested = _BY_NAME["number"]
    if _passes(values, _cleans(suggested), CONFIRM_SHARE):
        return suggested
    return None


def _date_or_datetime(values: Sequence[str]) -> SemanticType:
    """``datetime`` when most readable values carry a time other than 00:00, else ``date``."""
    read = timed = 0
    for value in values:
        try:
            parsed = _temporal.parse(value)
        except Invalid:
            continue
        read += 1
        timed += parsed.time is not None and parsed.time != _MIDNIGHT
    return _BY_NAME["datetime" if timed * 2 > read else "date"]


def _cleans(semantic: SemanticType) -> Callable[[str], bool]:
    def accept(value: str) -> bool:
        try:
            semantic.clean(value)
        except Invalid:
            return False
        return True

    return accept


def _passes(values: Sequence[str], accept: Callable[[str], bool], share: float) -> bool:
    """Whether at least ``share`` of ``values`` (non-empty) pass ``accept``; stops early."""
    spare = len(values) - math.ceil(round(share * len(values), 6))
    for value in values:
        if not accept(value):
            spare -= 1
            if spare < 0:
                return False
    return True
