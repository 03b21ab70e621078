"""Spreadsheets (XLSX, XLSM, legacy XLS, ODS), read with python-calamine.

Calamine reads both the Office Open XML and the legacy BIFF formats that Chinese government
systems still export, and is several times faster than openpyxl. A sheet holds at most about a
million rows, which calamine reads sheet by sheet. A ZIP-based workbook is checked for a
decompression bomb first (``sources.archive``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import python_calamine as calamine

from jiancha.catalogue.sources.archive import check_archive
from jiancha.catalogue.sources.base import BATCH_ROWS, Batch, FileSource, check_header
from jiancha.catalogue.sources.cells import cell_text
from jiancha.errors import JianchaError


class ExcelSource(FileSource):
    format = "xlsx"

    def __init__(self, path: Path, sheet: str | None = None) -> None:
        super().__init__(path)
        check_archive(path)  # a decompression bomb is refused before calamine expands it
        try:
            self._book = calamine.CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises several unrelated types for a bad file
            raise JianchaError(
                f"无法读取电子表格 {path}：{exc}", hint="文件可能已损坏或加密"
            ) from None
        names = list(self._book.sheet_names)
        if not names:
            raise JianchaError(f"电子表格 {path} 没有工作表")
        if sheet is None:
            chosen = names[0]
        elif sheet in names:
            chosen = sheet
        elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
            chosen = names[int(sheet) - 1]
        else:
            listed = "、".join(names)
            raise JianchaError(
                f"电子表格 {path} 中没有工作表“{sheet}”", hint=f"现有工作表：{listed}"
            )
        self.sheet = chosen
        self._rows: list[list[Any]] = self._book.get_sheet_by_name(chosen).to_python()
        while self._rows and all(cell_text(v) in (None, "") for v in self._rows[-1]):
            self._rows.pop()
        if not self._rows:
            raise JianchaError(f"电子表格 {path} 的工作表“{chosen}”是空的")
        header = [cell_text(v) or "" for v in self._rows[0]]
        # Spreadsheets often carry formatted but empty columns at the right: drop those only.
        width = len(header)
        while width and not header[width - 1].strip() and self._column_empty(width - 1):
            width -= 1
        self._width = width
        self._header = check_header(
            header[:width], f"文件 {path} 工作表“{chosen}”的表头（第 1 行）"
        )

    def _column_empty(self, index: int) -> bool:
        return all(
            cell_text(row[index]) in (None, "") for row in self._rows[1:] if index < len(row)
        )

    @property
    def header(self) -> list[str]:
        return self._header

    @property
    def size(self) -> int:
        return len(self._rows) - 1

    def batches(self) -> Iterator[Batch]:
        width = self._width
        body = self._rows[1:]
        for start in range(0, len(body), BATCH_ROWS):
            chunk = body[start : start + BATCH_ROWS]
            numbers = []
            columns: list[list[str | None]] = [[] for _ in range(width)]
            for offset, row in enumerate(chunk):
                texts = [cell_text(v) for v in row]
                if all(t in (None, "") for t in texts):
                    continue  # a blank row in a spreadsheet carries nothing
                extra = [t for t in texts[width:] if t not in (None, "")]
                if extra:
                    raise JianchaError(
                        f"文件 {self.path} 工作表“{self.sheet}”第 {start + offset + 2} 行"
                        f"在表头之外还有数据：{extra[0][:40]}",
                        hint="请为该列补上列名",
                    )
                numbers.append(start + offset + 2)
                for i in range(width):
                    columns[i].append(texts[i] if i < len(texts) else None)
            yield Batch(
                [pa.array(c, pa.string()) for c in columns],
                pa.array(numbers, pa.int64()),
                start + len(chunk),
            )
