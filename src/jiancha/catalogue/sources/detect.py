"""Recognising a file's format and a text file's encoding.

Encoding detection is deterministic rather than statistical (charset-normalizer and chardet
guess poorly on short Chinese samples): a BOM means UTF-8-SIG; otherwise the first non-ASCII
bytes are tried as UTF-8, then GBK, then GB18030 (a superset of GBK), in that order. Whatever is
chosen, the whole file is decoded strictly while importing, so a wrong guess is a clear error
naming the line, never garbled data.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from jiancha.errors import JianchaError

FORMATS = ("csv", "xlsx", "parquet", "jsonl")
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xlsx",
    ".ods": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
_SCAN_LIMIT = 16 << 20


def detect_format(path: Path, head: bytes) -> str:
    """The format of a file, from its first bytes and then its extension."""
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xlsx"
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt in ("parquet", "xlsx"):
        raise JianchaError(f"文件 {path} 的内容不是 {path.suffix} 格式（文件头不符），可能已损坏")
    return fmt or "csv"


def normalise_encoding(name: str) -> str:
    """Canonical codec name for a user-given encoding, or a clear refusal."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise JianchaError(
            f"不支持的编码：{name}", hint="可用 utf-8、utf-8-sig、gbk 或 gb18030"
        ) from None
    return {"utf_8": "utf-8", "utf-8": "utf-8", "utf_8_sig": "utf-8-sig"}.get(codec, codec)


def looks_binary(head: bytes) -> bool:
    """NUL bytes never occur in UTF-8, GBK or GB18030 text."""
    return b"\x00" in head


def detect_encoding(path: Path) -> str:
    """Choose among UTF-8 (with or without BOM), GBK and GB18030 from the file's bytes."""
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        fh.seek(0)
        scanned = 0
        while scanned < _SCAN_LIMIT:
            chunk = fh.read(1 << 20)
            if not chunk:
                return "utf-8"
            scanned += len(chunk)
            first = next((i for i, b in enumerate(chunk) if b >= 0x80), None)
            if first is None:
                continue
            # Back up to a line start so the sample begins on a character boundary.
            start = chunk.rfind(b"\n", 0, first) + 1
            sample = chunk[start:] + fh.read(1 << 16)
            for encoding in ("utf-8", "gbk", "gb18030"):
                try:
                    codecs.getincrementaldecoder(encoding)("strict").decode(sample, False)
                except UnicodeDecodeError:
                    continue
                return encoding
            raise JianchaError(
                f"无法识别文件 {path} 的编码（既不是 UTF-8，也不是 GBK/GB18030）",
                hint="请用 --encoding 指定编码，或另存为 UTF-8",
            )
    return "utf-8"
