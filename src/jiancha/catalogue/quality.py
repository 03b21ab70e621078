"""Distinct counts of a dataset version: tallied while its row groups are written, or counted
by DuckDB on the written Parquet file for the columns the tally gave up on.

Owns: the ``distinct`` figure of every field. Must not touch: the file's contents.

The tally runs on the writing thread (:mod:`catalogue.writing`), so the count costs the import
next to no time at its end. A column of few distinct values keeps them (Arrow's ``unique`` per
row group, merged now and then). A column of fixed-width digit codes — standard ID numbers,
mobile numbers — keeps each value as a 64-bit integer (the digits, the last one ``X`` = 10),
sorted and merged in numpy: hashing a million strings in Arrow costs more than DuckDB's count.
Any other column whose values hardly repeat, or whatever would pass ``BUDGET``, is left to
DuckDB, whose aggregate spills to disk, so a version larger than memory still gets exact
figures. Both count what SQL's ``count(DISTINCT …)`` counts: distinct non-null values.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jiancha.catalogue.vectorised.idarrays import byte_matrix

MEMORY_LIMIT = "512MB"
"""DuckDB's budget for the count; beyond it the aggregate spills to the staging folder."""
BUDGET = 256 << 20
"""Bytes of distinct values or keys the tally keeps at most, over all columns."""
_MERGE_EVERY = 8
"""Row groups' distinct values kept apart before they are merged into one array."""
_REPEATING = 0.5
"""A column keeps its values only while a row group holds at most this share of distinct ones."""
_PLACES = 10 ** np.arange(16, -1, -1, dtype=np.int64)


def quote(name: str) -> str:
    """A DuckDB identifier for any column name (embedded quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


class _Column:
    """What the tally keeps of one column: distinct values, or sorted integer keys."""

    def __init__(self) -> None:
        self.values: list[pa.Array] = []
        self.keys: np.ndarray | None = None
        self.width = 0

    @property
    def nbytes(self) -> int:
        kept = sum(int(a.nbytes) for a in self.values)
        return kept + (0 if self.keys is None else int(self.keys.nbytes))

    def add(self, column: pa.Array) -> bool:
        """Tally ``column``; False when it cannot be tallied (left to DuckDB)."""
        present = column.drop_null()
        if self.keys is not None or (not self.values and pa.types.is_string(column.type)):
            coded = _keys(present, self.width)
            if coded is not None:
                keys, self.width = coded
                if self.keys is not None:  # two sorted runs: timsort merges them in one pass
                    keys = _distinct(np.sort(np.concatenate([self.keys, keys]), kind="stable"))
                self.keys = keys
                return True
            if self.keys is not None:
                return False
        distinct = pc.unique(present)
        if len(present) >= 1000 and len(distinct) > _REPEATING * len(present):
            return False
        self.values.append(distinct)
        if len(self.values) >= _MERGE_EVERY:
            self.values = [_merged(self.values)]
        return True

    def count(self) -> int:
        if self.keys is not None:
            return len(self.keys)
        return len(_merged(self.values)) if self.values else 0


def _keys(values: pa.Array, width: int) -> tuple[np.ndarray, int] | None:
    """Sorted distinct integer keys of ``values`` and their width when all are codes of
    ``width`` (0: any one width) ASCII digits, the last also ``X``; else None."""
    if not len(values):
        return (np.empty(0, np.int64), width) if width else None
    lengths = pc.min_max(pc.binary_length(values)).as_py()
    size = lengths["min"]
    if size != lengths["max"] or not 1 <= size <= 18 or (width and size != width):
        return None
    matrix = byte_matrix(values, size)
    digits = matrix - np.uint8(48)
    last = matrix[:, -1]
    if not (digits[:, :-1] <= 9).all() or not ((digits[:, -1] <= 9) | (last == 88)).all():
        return None
    head = digits[:, :-1].astype(np.int64) @ _PLACES[17 - (size - 1) :]
    tail = np.where(last == 88, 10, digits[:, -1]).astype(np.int64)
    return _distinct(np.sort(head * 11 + tail)), size


def _distinct(ordered: np.ndarray) -> np.ndarray:
    """The distinct values of the sorted ``ordered`` (a comparison of neighbours:
    ``np.unique`` was many times slower here)."""
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    result: np.ndarray = ordered[keep]
    return result


class DistinctTally:
    """The distinct values of some columns of the row groups written so far."""

    def __init__(self, columns: Sequence[str], budget: int | None = None) -> None:
        self.columns = list(columns)
        self.budget = BUDGET if budget is None else budget
        self._kept: dict[str, _Column] = {c: _Column() for c in self.columns}

    @property
    def left(self) -> list[str]:
        """The columns the tally gave up on, to be counted on the written file."""
        return [c for c in self.columns if c not in self._kept]

    def add(self, table: pa.Table) -> None:
        """Tally the columns of ``table`` (one row group)."""
        for name, kept in list(self._kept.items()):
            if not kept.add(table.column(name).combine_chunks()):
                del self._kept[name]
        while self._kept and sum(k.nbytes for k in self._kept.values()) > self.budget:
            del self._kept[max(self._kept, key=lambda name: self._kept[name].nbytes)]

    def counts(self) -> dict[str, int]:
        """Distinct non-null values of each column not ``left``."""
        return {name: kept.count() for name, kept in self._kept.items()}


def _merged(arrays: list[pa.Array]) -> pa.Array:
    """The distinct values of several arrays of one type, as one array."""
    return pc.unique(pa.chunked_array(arrays).combine_chunks())


def distinct_counts(path: Path, columns: Sequence[str], temp_dir: Path) -> dict[str, int]:
    """Distinct non-null values per column of the Parquet file at ``path``, by DuckDB."""
    if not columns:
        return {}
    select = ", ".join(f"count(DISTINCT {quote(c)})" for c in columns)
    with duckdb.connect() as con:
        con.execute("SET temp_directory = ?", [str(temp_dir)])
        con.execute("SET memory_limit = ?", [MEMORY_LIMIT])
        con.execute("SET preserve_insertion_order = false")
        row = con.execute(f"SELECT {select} FROM read_parquet(?)", [str(path)]).fetchall()[0]
    return {c: int(n) for c, n in zip(columns, row, strict=True)}
