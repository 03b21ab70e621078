"""Reading INPUT: a JSON Lines file (one ``{"id", "text"}`` object a line) or a folder of ``.txt``
(UTF-8, else GB18030) and ``.docx`` files (id: the file name without its extension).

Each document comes out as a :class:`Read` with its text, or with a Chinese error saying why it
could not be read; a bad line or file never stops the others. Only a missing INPUT, or a folder
without any document in it, is an error for the whole input.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from jiancha.errors import JianchaError

SUFFIXES = (".txt", ".docx")
MAX_ID = 200


class Read(NamedTuple):
    """One document of the input: its id and its text, or why it could not be read."""

    id: str
    text: str | None = None
    error: str | None = None


def decode(data: bytes) -> str | None:
    """UTF-8 (a BOM allowed), else GB18030; None when neither reads the bytes."""
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def docx_text(path: Path) -> str:
    """The paragraphs and table cells of a Word document, in the order they appear."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # a merged cell is listed once per column
                        seen.add(id(cell._tc))
                        lines.append(cell.text)
    return "\n".join(lines)


def _json_line(number: int, raw: bytes) -> Read:
    where = f"第 {number} 行"
    line = decode(raw)
    if line is None:
        return Read(where, error=f"{where}不是有效的 UTF-8 或 GB18030 编码")
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        return Read(where, error=f"{where}不是有效的 JSON：{exc.msg}（第 {exc.colno} 列）")
    if not isinstance(record, dict):
        return Read(where, error=f"{where}不是 JSON 对象")
    doc_id, text = record.get("id"), record.get("text")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        return Read(where, error=f"{where}缺少文书编号 id（应为非空文字）")
    doc_id = doc_id.strip()
    if not isinstance(text, str):
        return Read(doc_id, error=f"{where}（文书“{doc_id}”）缺少文书内容 text（应为文字）")
    return Read(doc_id, text)


def _lines(path: Path) -> Iterator[Read]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if raw.strip():
                yield _json_line(number, raw)


def _file(path: Path) -> Read:
    doc_id = path.stem.strip() or path.name
    if path.suffix.lower() == ".docx":
        try:
            return Read(doc_id, docx_text(path))
        except Exception as exc:  # python-docx raises zip, XML and key errors alike
            return Read(doc_id, error=f"无法读取 Word 文件 {path.name}：{type(exc).__name__}")
    text = decode(path.read_bytes())
    if text is None:
        return Read(doc_id, error=f"文件 {path.name} 不是有效的 UTF-8 或 GB18030 文本")
    return Read(doc_id, text)


def _folder(path: Path) -> Iterator[Read]:
    files = sorted(
        p
        for p in path.iterdir()
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
    )
    if not files:
        raise JianchaError(f"目录 {path} 中没有 .txt 或 .docx 文件")
    for file in files:
        yield _file(file)


def read_documents(path: Path) -> Iterator[Read]:
    """Every document of ``path`` (a JSON Lines file or a folder), in order; an empty text, an
    over-long id or an id seen before is an error of that document."""
    if not path.exists():
        raise JianchaError(f"输入不存在：{path}")
    found = _folder(path) if path.is_dir() else _lines(path)
    seen: set[str] = set()
    for item in found:
        if item.error is None:
            if len(item.id) > MAX_ID:
                item = Read(item.id[:MAX_ID], error=f"文书编号超过 {MAX_ID} 个字符")
            elif item.id in seen:
                item = Read(item.id, error=f"文书编号“{item.id}”重复，只读取第一份")
            elif not (item.text or "").strip():
                item = Read(item.id, error=f"文书“{item.id}”的内容为空")
        seen.add(item.id)
        yield item
