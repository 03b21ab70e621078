"""JSON Lines: one JSON object per line; nested values are kept as JSON text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from jiancha.catalogue.sources.base import BATCH_ROWS, Batch, FileSource, check_header
from jiancha.catalogue.sources.cells import cell_text
from jiancha.catalogue.sources.detect import detect_encoding, normalise_encoding
from jiancha.errors import JianchaError

_HEADER_SCAN = 1000


class JsonLinesSource(FileSource):
    format = "jsonl"

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        super().__init__(path)
        self.encoding = normalise_encoding(encoding) if encoding else detect_encoding(path)
        keys: dict[str, None] = {}
        for _, record in self._records(limit=_HEADER_SCAN):
            keys.update(dict.fromkeys(record))
        if not keys:
            raise JianchaError(f"文件 {path} 是空文件或没有任何字段")
        self._header = check_header(list(keys), f"文件 {path}")

    @property
    def header(self) -> list[str]:
        return self._header

    def _records(self, limit: int | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
        seen = 0
        with self.path.open("r", encoding=self.encoding, errors="strict", newline="") as fh:
            line_no = 0
            try:
                for line_no, line in enumerate(fh, start=1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise JianchaError(
                            f"文件 {self.path} 第 {line_no} 行不是有效的 JSON：{exc.msg}"
                        ) from None
                    if not isinstance(record, dict):
                        raise JianchaError(f"文件 {self.path} 第 {line_no} 行不是 JSON 对象")
                    yield line_no, record
                    seen += 1
                    if limit is not None and seen >= limit:
                        return
            except UnicodeDecodeError:
                raise JianchaError(
                    f"文件 {self.path} 第 {line_no + 1} 行不是有效的 {self.encoding} 编码",
                    hint="请用 --encoding 指定正确的编码",
                ) from None

    def batches(self) -> Iterator[Batch]:
        names = self._header
        known = set(names)
        columns: list[list[str | None]] = [[] for _ in names]
        numbers: list[int] = []
        consumed = 0
        for line_no, record in self._records():
            unknown = [k for k in record if k not in known]
            if unknown:
                raise JianchaError(
                    f"文件 {self.path} 第 {line_no} 行有字段“{unknown[0]}”，"
                    f"而前 {_HEADER_SCAN} 条记录中没有",
                    hint="请把该字段补到前面的记录中，或拆成两个数据集",
                )
            for i, name in enumerate(names):
                columns[i].append(cell_text(record.get(name)))
            numbers.append(line_no)
            consumed += 1
            if len(numbers) >= BATCH_ROWS:
                yield _batch(columns, numbers, consumed)
                columns, numbers = [[] for _ in names], []
        if numbers:
            yield _batch(columns, numbers, consumed)


def _batch(columns: list[list[str | None]], numbers: list[int], consumed: int) -> Batch:
    return Batch(
        [pa.array(c, pa.string()) for c in columns], pa.array(numbers, pa.int64()), consumed
    )
