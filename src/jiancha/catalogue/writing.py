"""Writing a version's Parquet file, with reading and standardising pipelined.

Owns: the loop that takes source batches, standardises them and writes row groups. Must not
touch: what a batch holds (``catalogue.sources``) or how it is cleaned (``catalogue.standardise``).

The batches are taken (the importer has them read ahead on a thread of their own,
``jiancha.ahead``) and their cells trimmed, missing ones marked, on the calling thread,
while one worker thread standardises the batches before them, in order, and another writes
the finished row groups (one in flight at a time) and tallies their distinct values
(``catalogue.quality``): pyarrow's CSV parser, numpy, DuckDB, Arrow compute and the Parquet
writer release the GIL, so reading, standardising and compressing keep both cores of a small
machine busy.

Columns whose values hardly repeat (ID numbers, phones, the row number) are written without a
dictionary: pyarrow would build one for each row group only to give it up past its page limit,
which costs about a fifth of the writing and makes the file larger. Which columns those are is
judged on the first batch (``plain_columns``); the values written are the same either way.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jiancha.catalogue.quality import DistinctTally
from jiancha.catalogue.sources import RAW_SUFFIX, ROW_COLUMN, Batch
from jiancha.catalogue.standardise import Standardiser

Progress = Callable[[int], None]
ROW_GROUP = 150_000
"""Rows per Parquet row group at least (whole batches are written: a CSV's batch of ~170 k rows
is one group, so the last group, written after everything else, is not a large one)."""
AHEAD = 2
"""Batches read ahead of the one being standardised (each 65–260 k rows)."""
UNIQUE_SHARE = 0.9
"""A column is written without a dictionary when at least this share of the non-empty cells
of the first batch hold distinct values (and there are at least ``UNIQUE_SAMPLE`` of them)."""
UNIQUE_SAMPLE = 1000


class _Sink:
    """Standardises batches and writes them in row groups; used by one thread at a time."""

    def __init__(
        self, standardiser: Standardiser, writer: pq.ParquetWriter, tally: DistinctTally | None
    ) -> None:
        self.standardiser = standardiser
        self.writer = writer
        self.tally = tally
        self.pending: list[pa.RecordBatch] = []
        self.failed = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jiancha-write")
        self._writing: Future[None] | None = None

    def take(self, batch: Batch, present: list[pa.Array]) -> float:
        """Standardise and queue ``batch`` (``present``: its prepared columns); nothing more
        once a batch has failed."""
        if self.failed:
            return 0.0
        tick = time.perf_counter()
        try:
            self.pending.append(self.standardiser.apply(batch, present))
            spent = time.perf_counter() - tick
            if sum(b.num_rows for b in self.pending) >= ROW_GROUP:
                self.flush()
        except BaseException:
            self.failed = True
            raise
        return spent

    def flush(self) -> None:
        """Hand the pending batches to the writing thread, once the previous group is written."""
        self.settle()
        if self.pending:
            table = pa.Table.from_batches(self.pending)
            self.pending = []
            self._writing = self._pool.submit(self._write, table)

    def _write(self, table: pa.Table) -> None:
        self.writer.write_table(table)
        if self.tally is not None:
            self.tally.add(table)

    def settle(self) -> None:
        """Wait for the row group being written; raises what writing it raised."""
        if self._writing is not None:
            writing, self._writing = self._writing, None
            writing.result()

    def close(self) -> None:
        """Stop the writing thread (after the group in flight); nothing is left running."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def write_version(
    standardiser: Standardiser,
    batches: Iterator[Batch],
    path: Path,
    progress: Progress | None,
    tally: DistinctTally | None = None,
) -> float:
    """Write every batch to ``path`` (each row group also given to ``tally``, on the writing
    thread); returns the seconds spent standardising."""
    spent = 0.0
    queued: deque[tuple[Future[float], int]] = deque()
    first = next(batches, None)
    if first is not None:
        batches = itertools.chain([first], batches)
    dictionary = dictionary_columns(standardiser, first)
    with pq.ParquetWriter(
        path,
        standardiser.schema,
        compression="zstd",
        use_dictionary=dictionary,
        write_statistics=statistics_columns(standardiser),
    ) as writer:
        sink = _Sink(standardiser, writer, tally)
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jiancha-standardise")
        try:
            for batch in batches:
                present = standardiser.prepare(batch)  # trimming here: this thread has room
                queued.append((pool.submit(sink.take, batch, present), batch.consumed))
                while len(queued) > AHEAD:
                    spent += _settle(queued.popleft(), progress)
            while queued:
                spent += _settle(queued.popleft(), progress)
            sink.flush()
            sink.settle()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            sink.close()
    return spent


def plain_columns(standardiser: Standardiser, first: Batch | None) -> set[str]:
    """The source columns whose values hardly repeat in ``first`` (written without dictionary)."""
    if first is None:
        return set()
    plain = set()
    for plan, column in zip(standardiser.plans, first.columns, strict=True):
        filled = column.filter(pc.fill_null(pc.not_equal(column, ""), False))
        if len(filled) >= UNIQUE_SAMPLE:
            distinct = pc.count_distinct(filled).as_py() or 0
            if distinct >= UNIQUE_SHARE * len(filled):
                plain.add(plan.name)
    return plain


def dictionary_columns(standardiser: Standardiser, first: Batch | None) -> list[str]:
    """The stored columns written with a dictionary: all but ``_row`` and the plain ones (their
    standard and raw columns alike). The fast path is told of the plain ones too: it computes
    them value by value from the start instead of trying to remember their values first."""
    plain = plain_columns(standardiser, first)
    standardiser.fast.value_by_value(
        [i for i, plan in enumerate(standardiser.plans) if plan.name in plain]
    )
    return [
        name
        for name in standardiser.schema.names
        if name != ROW_COLUMN and name.removesuffix(RAW_SUFFIX) not in plain
    ]


def statistics_columns(standardiser: Standardiser) -> list[str]:
    """The stored columns with min/max statistics: the row number and the standard columns,
    which queries filter on; the raw text columns are only ever read whole (a seventh of the
    writing saved)."""
    return [name for name in standardiser.schema.names if not name.endswith(RAW_SUFFIX)]


def _settle(item: tuple[Future[float], int], progress: Progress | None) -> float:
    future, consumed = item
    spent = future.result()
    if progress:
        progress(consumed)
    return spent
