"""Parquet files, streamed by row group with pyarrow."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jiancha.catalogue.sources.base import BATCH_ROWS, Batch, FileSource, check_header, row_numbers
from jiancha.catalogue.sources.cells import cell_text
from jiancha.errors import JianchaError


class ParquetSource(FileSource):
    format = "parquet"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowInvalid, OSError) as exc:
            raise JianchaError(f"无法读取 Parquet 文件 {path}：{exc}") from None
        self._header = check_header(list(self._file.schema_arrow.names), f"文件 {path}")

    @property
    def header(self) -> list[str]:
        return self._header

    @property
    def size(self) -> int:
        return int(self._file.metadata.num_rows)

    def batches(self) -> Iterator[Batch]:
        done = 0
        for record_batch in self._file.iter_batches(batch_size=BATCH_ROWS):
            columns = [_as_text(col) for col in record_batch.columns]
            yield Batch(columns, row_numbers(done + 1, record_batch.num_rows), done)
            done += record_batch.num_rows


def _as_text(column: pa.Array) -> pa.Array:
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return column.cast(pa.string())
    if pa.types.is_timestamp(kind):
        return pc.strftime(column, format="%Y-%m-%d %H:%M:%S")
    if pa.types.is_dictionary(kind):
        return _as_text(column.dictionary_decode())
    if pa.types.is_nested(kind) or pa.types.is_binary(kind):
        return pa.array([cell_text(v) for v in column.to_pylist()], pa.string())
    return column.cast(pa.string())
