"""Running the vectorised twins: one DuckDB query per fast column of a batch.

The query nests one sub-select per stage, so each stage is computed once per value; DuckDB
runs it on one thread by default: the import already keeps the second core busy reading the
source (``catalogue.writing``), and more threads only contend for it. The result holds the
standard value, or NULL where Python must decide.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from jiancha.catalogue.vectorised import PREPASSES, has_twin, stages_for

LIMIT = 100_000
"""Distinct values remembered per column at most."""
TRIAL = 30_000
"""Values looked up before a column whose values rarely repeat stops remembering."""
_PLACEHOLDER = re.compile(r"@(c|today|s\d+)\b")


def column_sql(stages: Sequence[str], today: dt.date) -> str:
    """A query over the relation ``batch`` (column ``c``): the stages nested, the last as ``v``."""
    query = "SELECT c FROM batch"
    for number, stage in enumerate(stages):

        def name(m: re.Match[str]) -> str:
            return f"DATE '{today.isoformat()}'" if m[1] == "today" else m[1]

        query = f"SELECT *, {_PLACEHOLDER.sub(name, stage)} AS s{number} FROM ({query})"
    return f"SELECT s{len(stages) - 1} AS v FROM ({query})"


class FastPath:
    """The fast path of one import: which columns have a twin, and the connection running it.

    Each column's *distinct* values go through the query (dates, sums and courts repeat, so
    most columns cost next to nothing), then are spread back over the rows.
    """

    def __init__(self, semantics: Sequence[str], threads: int | None = 1) -> None:
        self.semantics = list(semantics)
        self.stages = {i: s for i, name in enumerate(semantics) if (s := stages_for(name))}
        self.fast = [i for i, name in enumerate(semantics) if has_twin(name)]
        self._con: duckdb.DuckDBPyConnection | None = None
        self._threads = threads
        self._queries: dict[int, str] = {}
        self._known: dict[int, _Known] = {}
        self._today = dt.date.today()

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            con = duckdb.connect()
            if self._threads:
                con.execute(f"SET threads = {int(self._threads)}")
            self._queries = {i: column_sql(s, self._today) for i, s in self.stages.items()}
            self._con = con
        return self._con

    def value_by_value(self, columns: Sequence[int]) -> None:
        """Compute ``columns`` value by value from now on: their values hardly repeat."""
        for index in columns:
            self._known.setdefault(index, _Known()).active = False

    def run(self, present: Sequence[pa.Array]) -> dict[int, pa.Array]:
        """Standard values (NULL: not vouched for) of the fast columns of one batch."""
        return {i: self.column(i, present[i]) for i in self.fast}

    def column(self, index: int, present: pa.Array) -> pa.Array:
        """Standard values (NULL: not vouched for) of column ``index``."""
        known = self._known.setdefault(index, _Known())
        if not known.active:  # values rarely repeat (ID numbers, phones): no dictionary
            return self._each(index, present)
        encoded = present.dictionary_encode()
        results = known.results_for(encoded.dictionary, lambda new: self._compute(index, new))
        return results.take(encoded.indices)

    def _each(self, index: int, present: pa.Array) -> pa.Array:
        """Column ``index`` computed value by value, the missing cells left NULL."""
        if not present.null_count:
            return self._compute(index, present)
        out = self._compute(index, present.drop_null())
        return pc.replace_with_mask(pa.nulls(len(present), out.type), pc.is_valid(present), out)

    def _compute(self, index: int, values: pa.Array) -> pa.Array:
        prepass = PREPASSES.get(self.semantics[index])
        if prepass is None:
            return self._query(index, values)
        out = prepass(values, self._today)
        if index not in self.stages:
            return out
        rest = pc.and_(pc.is_valid(values), pc.is_null(out))
        if pc.any(rest).as_py():
            out = pc.replace_with_mask(out, rest, self._query(index, values.filter(rest)))
        return out

    def _query(self, index: int, values: pa.Array) -> pa.Array:
        con = self._connection()
        con.register("batch", pa.table({"c": values}))
        try:
            result = con.sql(self._queries[index]).to_arrow_table()
        finally:
            con.unregister("batch")
        return result.column("v").combine_chunks()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


class _Known:
    """Results of one column's values seen in earlier batches, so that repetitive columns
    (dates, sums, courts) are computed once; switched off when it rarely hits (ID numbers)."""

    def __init__(self) -> None:
        self.values: pa.Array | None = None
        self.results: pa.Array | None = None
        self.lookups = 0
        self.hits = 0
        self.active = True

    def results_for(self, values: pa.Array, compute: Callable[[pa.Array], pa.Array]) -> pa.Array:
        if not self.active or self.values is None or self.results is None:
            return self._remember(values, compute(values))
        position = pc.index_in(values, value_set=self.values)
        hit = pc.is_valid(position)
        self.lookups += len(values)
        self.hits += pc.sum(hit).as_py() or 0
        new = values.filter(pc.invert(hit))
        # every value seen before: no query (its overhead is most of a repetitive column's cost)
        computed = compute(new) if len(new) else self.results.slice(0, 0)
        results = pc.replace_with_mask(self.results.take(position), pc.invert(hit), computed)
        if self.lookups >= TRIAL and self.hits * 20 < self.lookups:
            self.active = False
        self._remember(new, computed)
        return results

    def _remember(self, values: pa.Array, results: pa.Array) -> pa.Array:
        if not self.active or (self.values is not None and len(self.values) >= LIMIT):
            return results
        if self.values is None or self.results is None:
            self.values, self.results = values, results
        else:
            self.values = pa.concat_arrays([self.values, values])
            self.results = pa.concat_arrays([self.results, results])
        return results
