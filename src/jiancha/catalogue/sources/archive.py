"""Refusing decompression bombs: an XLSX (or XLSM, ODS) file is a ZIP archive, checked before
the spreadsheet reader expands it.

A real workbook's XML compresses about 5–20 times; a "zip bomb" packs gigabytes into a few
kilobytes to exhaust the server's memory or disk. Every member is checked against its
declared sizes first (nothing is expanded), then really expanded in small chunks and counted
without being kept, so that sizes that lie in the archive's directory are caught too, before
the reader expands anything:

- a member larger than :data:`RATIO_FLOOR` (1 MiB) may expand at most :data:`MAX_RATIO`
  (100) times its compressed size;
- all members together may expand to at most :data:`MAX_EXPANDED` (2 GiB);
- an archive may have at most :data:`MAX_MEMBERS` members.

Legacy ``.xls`` files (BIFF, not ZIP) are not archives and are not checked here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from jiancha.errors import JianchaError

MAX_RATIO = 100
"""Largest expansion (uncompressed ÷ compressed size) of one member above the floor."""
RATIO_FLOOR = 1 << 20
"""Members that expand to at most this many bytes are not judged by their ratio."""
MAX_EXPANDED = 2 << 30
"""Largest total expanded size of all members (2 GiB)."""
MAX_MEMBERS = 10_000
_CHUNK = 1 << 20


def _size(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MiB" if n >= 1 << 20 else f"{n:,} 字节"


def _limit(member: zipfile.ZipInfo) -> int:
    """Most bytes ``member`` may expand to."""
    return max(RATIO_FLOOR, member.compress_size * MAX_RATIO)


def _refuse(path: Path, member: str, expanded: int, compressed: int) -> JianchaError:
    ratio = expanded / max(compressed, 1)
    return JianchaError(
        f"电子表格 {path.name} 中的“{member}”解压后达 {_size(expanded)}，"
        f"为压缩大小（{_size(compressed)}）的 {ratio:,.0f} 倍，超过上限 {MAX_RATIO} 倍，拒绝导入",
        hint="文件可能是恶意构造的压缩炸弹；正常的电子表格压缩比远低于此。请核实来源",
    )


def check_archive(path: Path) -> None:
    """Refuse ``path`` if it is a ZIP archive that expands beyond the limits; else nothing."""
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_declared(path, members)
            total = 0
            for member in members:
                total += _expand(path, archive, member, MAX_EXPANDED - total)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise JianchaError(
            f"无法读取电子表格 {path.name}：压缩包已损坏（{exc}）", hint="文件可能已损坏或加密"
        ) from None


def _check_declared(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise JianchaError(
            f"电子表格 {path.name} 含 {len(members):,} 个压缩成员，超过上限 {MAX_MEMBERS:,} 个"
        )
    total = 0
    for member in members:
        if member.file_size > _limit(member):
            raise _refuse(path, member.filename, member.file_size, member.compress_size)
        total += member.file_size
    if total > MAX_EXPANDED:
        raise JianchaError(
            f"电子表格 {path.name} 解压后共 {_size(total)}，超过上限 {_size(MAX_EXPANDED)}",
            hint="请拆分为多个文件，或导出为 CSV 后导入",
        )


def _expand(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, room: int) -> int:
    """Expand ``member`` chunk by chunk, keeping nothing; its size, refused past its limits."""
    limit = min(_limit(member), room)
    expanded = 0
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            expanded += len(chunk)
            if expanded > limit:
                if expanded > _limit(member):
                    raise _refuse(path, member.filename, expanded, member.compress_size)
                raise JianchaError(
                    f"电子表格 {path.name} 解压后超过上限 {_size(MAX_EXPANDED)}",
                    hint="请拆分为多个文件，或导出为 CSV 后导入",
                )
    return expanded
