"""A byte stream that decodes a text file strictly and hands UTF-8 on to the CSV parser.

pyarrow's own transcoding reports a bad byte without its line; this wrapper knows which line it
is on, so an undecodable byte becomes "第 N 行不是有效的 GBK 编码". UTF-8 input is passed
through unchanged by :class:`CountingReader`: pyarrow validates every cell as it converts it,
and only when it finds invalid UTF-8 is the file decoded here to name the line
(:func:`first_decode_error`). Both readers hash every byte of the file as it goes by
(``sha256``, complete once ``finished``), so that the import need not read the file a second time
for its fingerprint.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from pathlib import Path
from typing import BinaryIO

from jiancha.errors import JianchaError

_CHUNK = 1 << 24
"""Bytes read and decoded at a time: pyarrow parses one such chunk as a block."""
_FIRST_CHUNK = 1 << 20
"""The first chunk is small: the import plans its fields on it before anything else runs."""
_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gbk": "GBK", "gb18030": "GB18030"}


class DecodingReader(io.RawIOBase):
    """Read ``raw`` in ``encoding``; yield UTF-8 bytes; count lines and bytes consumed (for
    GBK and GB18030 files, and to find the line of a bad byte in a UTF-8 one)."""

    def __init__(self, raw: BinaryIO, encoding: str, path: Path) -> None:
        super().__init__()
        self._raw = raw
        self._path = path
        self._encoding = encoding
        decoder = "utf-8" if encoding == "utf-8-sig" else encoding  # the BOM is dropped below
        self._decoder = codecs.getincrementaldecoder(decoder)("strict")
        self._pending = b""
        self._eof = False
        self._skip_bom = encoding == "utf-8-sig"
        self.lines_done = 0
        self.bytes_done = 0
        self.sha256 = hashlib.sha256()
        self.finished = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._eof:
            self._pending = self._next_chunk()
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _next_chunk(self) -> bytes:
        chunk = self._raw.read(_CHUNK if self.bytes_done else _FIRST_CHUNK)
        self.sha256.update(chunk)
        self.finished = not chunk
        if self._skip_bom:
            chunk = chunk.removeprefix(codecs.BOM_UTF8)
            self._skip_bom = False
        if not chunk:
            self._eof = True
        try:
            text = self._decoder.decode(chunk, final=self._eof)
        except UnicodeDecodeError as exc:
            start = max(exc.start, 0)
            line = self.lines_done + chunk[:start].count(b"\n") + 1
            raise decode_error(self._path, self._encoding, line, chunk[start : start + 4]) from None
        self.lines_done += chunk.count(b"\n")
        self.bytes_done += len(chunk)
        return text.encode("utf-8")


class CountingReader(io.RawIOBase):
    """Read ``raw`` as it is (UTF-8, a BOM dropped), counting the bytes consumed."""

    def __init__(self, raw: io.BufferedIOBase, path: Path, skip_bom: bool) -> None:
        super().__init__()
        self._raw = raw
        self._path = path
        self._skip_bom = skip_bom
        self.bytes_done = 0
        self.sha256 = hashlib.sha256()
        self.finished = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._skip_bom:
            self._skip_bom = False
            if self._raw.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8:
                self.sha256.update(codecs.BOM_UTF8)
            else:
                self._raw.seek(0)
        if not self.bytes_done:  # a small first block, as DecodingReader reads
            buffer = memoryview(buffer)[:_FIRST_CHUNK]
        size = self._raw.readinto(buffer) or 0
        self.sha256.update(memoryview(buffer)[:size])  # releases the GIL: pyarrow's thread
        self.bytes_done += size
        self.finished = not size
        return size

    @property
    def lines_done(self) -> int:
        """Lines read so far (counted again from the file: asked only for an error message)."""
        lines, left = 0, self.bytes_done
        with self._path.open("rb") as fh:
            while left > 0 and (chunk := fh.read(min(left, _CHUNK))):
                lines, left = lines + chunk.count(b"\n"), left - len(chunk)
        return lines


def first_decode_error(path: Path, encoding: str) -> JianchaError | None:
    """The error naming the first line of ``path`` that is not valid ``encoding``, if any."""
    with path.open("rb") as raw:
        reader = DecodingReader(raw, encoding, path)
        try:
            while reader.read(_CHUNK):
                pass
        except JianchaError as exc:
            return exc
    return None


def decode_error(path: Path, encoding: str, line: int, bad: bytes) -> JianchaError:
    """The message for bytes that are not valid in ``encoding``, naming the line."""
    label = _LABELS.get(encoding, encoding.upper())
    return JianchaError(
        f"文件 {path} 第 {line} 行不是有效的 {label} 编码（字节 {bad.hex(' ')}）",
        hint="请用 --encoding 指定正确的编码（如 gbk、gb18030、utf-8）",
    )
