"""The rows of a document dataset as a catalogue :class:`Source`, so that they are imported by
the very code every file goes through (standardisation, classification, quality, versions)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

import pyarrow as pa

from jiancha.catalogue.sources import Batch, Source
from jiancha.catalogue.sources.cells import cell_text

FORMAT = "documents"


class RowsSource(Source):
    """Rows (column → value) held in memory; ``digest`` identifies what they were made from."""

    format = FORMAT

    def __init__(
        self, display_name: str, header: Sequence[str], rows: Sequence[dict[str, Any]], digest: str
    ) -> None:
        super().__init__(display_name)
        self._header, self._rows, self._digest = list(header), rows, digest

    @property
    def header(self) -> list[str]:
        return self._header

    @property
    def size(self) -> int:
        return len(self._rows)

    def fingerprint(self) -> str:
        return self._digest

    def batches(self) -> Iterator[Batch]:
        columns = [
            pa.array([cell_text(row.get(name)) for row in self._rows], pa.string())
            for name in self._header
        ]
        numbers = pa.array(range(1, len(self._rows) + 1), pa.int64())
        yield Batch(columns, numbers, len(self._rows))


def digest_of(texts: Sequence[tuple[str, str]]) -> str:
    """SHA-256 over the documents' ids and texts, in order."""
    digest = hashlib.sha256()
    for doc_id, text in texts:
        digest.update(json.dumps([doc_id, text], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()
