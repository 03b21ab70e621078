"""An XLSX that expands far beyond its size (a decompression bomb) is refused before the
spreadsheet reader expands it, naming the member; a real workbook imports as before."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from jiancha import catalogue
from jiancha.catalogue.sources.archive import MAX_RATIO
from jiancha.errors import JianchaError
from jiancha.store import Store
from tests.catalogue.helpers import id18, snapshot

BOMB_BYTES = 64 << 20  # 64 MiB of one repeated byte: about 1,000 times its compressed size


def _workbook(path: Path, rows: int = 3) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号"])
    for i in range(rows):
        sheet.append([f"张{i}", id18(seq=f"{i % 1000:03d}")])
    book.save(path)
    return path


def _with_member(source: Path, target: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def test_bomb_refused_naming_the_member(sqlite_store: Store, tmp_path: Path) -> None:
    good = _workbook(tmp_path / "good.xlsx")
    bomb = _with_member(good, tmp_path / "名册.xlsx", "xl/media/huge.xml", b"A" * BOMB_BYTES)
    before = snapshot(sqlite_store)
    with pytest.raises(JianchaError) as refused:
        catalogue.import_source(sqlite_store, catalogue.open_file(bomb), "名册")
    message = refused.value.message
    assert "xl/media/huge.xml" in message and f"上限 {MAX_RATIO} 倍" in message
    assert "名册.xlsx" in message
    assert snapshot(sqlite_store) == before


def test_sizes_that_lie_are_caught(sqlite_store: Store, tmp_path: Path) -> None:
    # The archive's directory claims 1,000 bytes; the data expands to 64 MiB.
    good = _workbook(tmp_path / "good.xlsx")
    honest = _with_member(good, tmp_path / "honest.xlsx", "xl/huge.xml", b"A" * BOMB_BYTES)
    data = bytearray(honest.read_bytes())
    with zipfile.ZipFile(honest) as archive:
        member = archive.getinfo("xl/huge.xml")
    struct.pack_into("<I", data, member.header_offset + 22, 1000)  # local header
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/huge.xml"))
    struct.pack_into("<I", data, central + 24, 1000)  # central directory
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(bytes(data))
    with pytest.raises(JianchaError, match=r"liar\.xlsx"):
        catalogue.open_file(liar)


def test_ordinary_workbook_still_imports(sqlite_store: Store, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "名册.xlsx", rows=20_000)  # repetitive rows: about 15:1
    catalogue.import_source(sqlite_store, catalogue.open_file(path), "名册")
    assert catalogue.show_dataset(sqlite_store, "名册")["rows"] == 20_000
