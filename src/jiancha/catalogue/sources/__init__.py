"""Source readers: every format a data administrator receives, streamed as text batches.

Owns: opening a file or database table, detecting format and encoding, and yielding
:class:`Batch` objects with row numbers. Must not touch: standardisation, storage, metadata.
"""

from __future__ import annotations

from pathlib import Path

from jiancha.catalogue.sources.base import RAW_SUFFIX, ROW_COLUMN, Batch, Source
from jiancha.catalogue.sources.database import DatabaseSource
from jiancha.catalogue.sources.delimited import CsvSource
from jiancha.catalogue.sources.detect import FORMATS, detect_format
from jiancha.catalogue.sources.excel import ExcelSource
from jiancha.catalogue.sources.jsonlines import JsonLinesSource
from jiancha.catalogue.sources.parquet import ParquetSource
from jiancha.errors import JianchaError

__all__ = ["FORMATS", "RAW_SUFFIX", "ROW_COLUMN", "Batch", "Source", "open_database", "open_file"]


def open_file(
    path: Path, *, fmt: str | None = None, encoding: str | None = None, sheet: str | None = None
) -> Source:
    """Open a file for import, with a clear message for every way it can be unreadable."""
    if not path.exists():
        raise JianchaError(f"文件不存在：{path}")
    if path.is_dir():
        raise JianchaError(f"{path} 是目录，不是文件")
    if path.stat().st_size == 0:
        raise JianchaError(f"文件 {path} 是空文件")
    with path.open("rb") as fh:
        head = fh.read(8)
    chosen = fmt or detect_format(path, head)
    if chosen not in FORMATS:
        raise JianchaError(f"不支持的格式：{chosen}", hint="可用 csv、xlsx、parquet、jsonl")
    if sheet is not None and chosen != "xlsx":
        raise JianchaError("--sheet 只用于电子表格（XLSX/XLS）")
    if encoding is not None and chosen not in ("csv", "jsonl"):
        raise JianchaError("--encoding 只用于文本文件（CSV、JSON Lines）")
    if chosen == "csv":
        return CsvSource(path, encoding)
    if chosen == "jsonl":
        return JsonLinesSource(path, encoding)
    if chosen == "xlsx":
        return ExcelSource(path, sheet)
    return ParquetSource(path)


def open_database(url: str, table: str) -> Source:
    return DatabaseSource(url, table)
