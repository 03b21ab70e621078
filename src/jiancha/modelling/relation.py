"""The current relation of a pipeline: which columns exist, under which names.

A column has a *visible* name (what a spec writes: ``effective_date``, ``p.intake_date``) and a
*physical* one (the SQL identifier: ``effective_date``, ``p__intake_date``). Physical names are
unique across both sides of a join, so compiled expressions never need a table qualifier.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from jiancha.modelling.expressions import Scope

ROW = "_row"


@dataclass(frozen=True)
class Column:
    visible: str
    physical: str
    semantic: str | None = None


class Relation:
    """An ordered set of columns, addressed by visible name."""

    def __init__(self, columns: list[Column] | None = None) -> None:
        self._columns: dict[str, Column] = {c.visible: c for c in columns or []}

    def __iter__(self) -> Iterator[Column]:
        return iter(self._columns.values())

    def __contains__(self, visible: object) -> bool:
        return visible in self._columns

    def __getitem__(self, visible: str) -> Column:
        return self._columns[visible]

    def names(self) -> list[str]:
        return list(self._columns)

    def physical(self) -> set[str]:
        return {c.physical for c in self._columns.values()}

    def plus(self, columns: list[Column]) -> Relation:
        return Relation([*self._columns.values(), *columns])

    def scope(
        self,
        parameters: Mapping[str, str],
        *,
        aggregates: bool = False,
        extra: Relation | None = None,
    ) -> Scope:
        columns = {c.visible: c.physical for c in self}
        if extra is not None:
            columns.update({c.visible: c.physical for c in extra})
        return Scope(columns=columns, parameters=parameters, aggregates=aggregates)


def input_columns(name: str, fields: Mapping[str, str], *, joined: bool) -> list[Column]:
    """Columns of input ``name``: bare field names when it is the pipeline's start, ``name.field``
    (physical ``name__field``) when it is joined in."""
    if not joined:
        return [Column(f, f, s) for f, s in fields.items()] + [Column(ROW, ROW)]
    return [Column(f"{name}.{f}", f"{name}__{f}", s) for f, s in fields.items()] + [
        Column(f"{name}.{ROW}", f"{name}__{ROW}")
    ]
