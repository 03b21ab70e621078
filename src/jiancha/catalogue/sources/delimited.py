"""CSV and other delimited text (UTF-8, UTF-8 with BOM, GBK, GB18030), streamed with pyarrow."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from jiancha.catalogue.masked import masked_line
from jiancha.catalogue.sources.base import (
    BATCH_ROWS,
    Batch,
    FileSource,
    check_header,
    row_numbers,
)
from jiancha.catalogue.sources.detect import detect_encoding, looks_binary, normalise_encoding
from jiancha.catalogue.sources.textstream import (
    CountingReader,
    DecodingReader,
    decode_error,
    first_decode_error,
)
from jiancha.errors import JianchaError

_DELIMITERS = (",", "\t", "|", ";")
_BLOCK = 16 << 20
"""Bytes pyarrow parses at a time (~180 k rows of a typical file: one batch each)."""
_BATCH = 4 * BATCH_ROWS
"""Rows per batch at most: large batches spread the standardiser's per-batch costs thinly."""


class CsvSource(FileSource):
    format = "csv"

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        super().__init__(path)
        with path.open("rb") as fh:
            head = fh.read(1 << 20)
        if not head.strip():
            raise JianchaError(f"文件 {path} 是空文件")
        if looks_binary(head):
            raise JianchaError(
                f"文件 {path} 不是文本文件（含二进制内容）",
                hint="请确认文件格式；支持 CSV、XLSX、Parquet、JSON Lines",
            )
        self.encoding = normalise_encoding(encoding) if encoding else detect_encoding(path)
        text = self._decode_head(head)
        first_line = text.splitlines()[0] if text.splitlines() else ""
        self.delimiter = "\t" if path.suffix.lower() == ".tsv" else _guess_delimiter(first_line)
        header_row = next(csv.reader(io.StringIO(text), delimiter=self.delimiter), [])
        self._header = check_header(header_row, f"文件 {path} 的表头（第 1 行）")
        self._streamed: str | None = None  # the file's SHA-256, hashed while it was read

    def _decode_head(self, head: bytes) -> str:
        encoding = "utf-8-sig" if self.encoding == "utf-8" else self.encoding
        try:
            return codecs.getincrementaldecoder(encoding or "utf-8")("strict").decode(head)
        except UnicodeDecodeError as exc:
            line = head[: exc.start].count(b"\n") + 1
            bad = head[exc.start : exc.start + 4]
            raise decode_error(self.path, self.encoding or "utf-8", line, bad) from None

    @property
    def header(self) -> list[str]:
        return self._header

    @property
    def size(self) -> int:
        return self.size_bytes

    def _stream(self, raw: Any) -> CountingReader | DecodingReader:
        """The file as UTF-8 bytes: passed through as it is (pyarrow validates every cell), or
        decoded from GBK/GB18030 with the line of any bad byte known."""
        encoding = self.encoding or "utf-8"
        if encoding in ("utf-8", "utf-8-sig"):
            return CountingReader(raw, self.path, skip_bom=encoding == "utf-8-sig")
        return DecodingReader(raw, encoding, self.path)

    def _reader(self, stream: io.RawIOBase, on_invalid: Any, threads: bool) -> Any:
        names = self._header
        return pacsv.open_csv(
            stream,
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, block_size=_BLOCK, use_threads=threads
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=self.delimiter, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    def batches(self) -> Iterator[Batch]:
        bad: list[Any] = []

        def on_invalid(row: Any) -> str:
            bad.append(row)
            return "error"

        self._streamed = None
        with self.path.open("rb") as raw:
            stream = self._stream(raw)
            try:
                next_row = 2
                for record_batch in self._reader(stream, on_invalid, threads=True):
                    for start in range(0, record_batch.num_rows, _BATCH):
                        part = record_batch.slice(start, _BATCH)
                        rows = row_numbers(next_row, part.num_rows)
                        next_row += part.num_rows
                        yield Batch(list(part.columns), rows, stream.bytes_done)
            except pa.ArrowInvalid as exc:
                raise self._parse_error(exc, bad, stream) from None
            if stream.finished:
                self._streamed = stream.sha256.hexdigest()

    def fingerprint(self) -> str:
        """SHA-256 of the file: hashed while :meth:`batches` read it to the end, else read now."""
        return self._streamed or super().fingerprint()

    def _locate_bad_row(self) -> Any:
        """Parsed in parallel, pyarrow cannot number a bad row; a serial pass finds its line."""
        found: list[Any] = []

        def on_invalid(row: Any) -> str:
            found.append(row)
            return "error"

        with self.path.open("rb") as raw:
            try:
                for _ in self._reader(self._stream(raw), on_invalid, threads=False):
                    pass
            except pa.ArrowInvalid:
                pass
        return found[0] if found else None

    def _parse_error(
        self, exc: Exception, bad: list[Any], stream: CountingReader | DecodingReader
    ) -> JianchaError:
        if "invalid UTF8" in str(exc):  # a passed-through UTF-8 file: decoded to name the line
            found = first_decode_error(self.path, self.encoding or "utf-8")
            if found is not None:
                return found
        if bad:
            row = bad[0] if bad[0].number else (self._locate_bad_row() or bad[0])
            where = f"第 {row.number} 行" if row.number else "有一行"
            return JianchaError(
                f"文件 {self.path} {where}有 {row.actual_columns} 列，"
                f"表头有 {row.expected_columns} 列：{masked_line(row.text[:80])}",
                hint="请检查该行的分隔符和引号",
            )
        return JianchaError(
            f"文件 {self.path} 无法解析（约在第 {stream.lines_done} 行附近）：{exc}"
        )


def _guess_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
