"""An import's source whose batches are counted as the importer reads them, the counts passed on
to the job's progress (rows read, fraction of the file) — each report also the point where a
cancelled import stops (``progress.JobCancelled``). Must not touch: the import itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from jiancha.catalogue.sources import Batch, Source
from jiancha.jobs.progress import Reporter

IMPORT_STAGES = {"open": "读取文件", "read": "标准化", "write": "写入"}


class Counted(Source):
    """A source whose batches are counted as the importer reads them (rows read, fraction)."""

    def __init__(self, inner: Source, reporter: Reporter) -> None:
        super().__init__(inner.display_name)
        self.inner, self.reporter = inner, reporter
        self.format, self.encoding, self.sheet = inner.format, inner.encoding, inner.sheet

    @property
    def header(self) -> list[str]:
        return self.inner.header

    @property
    def size(self) -> int | None:
        return self.inner.size

    @property
    def size_bytes(self) -> int | None:
        return self.inner.size_bytes

    def fingerprint(self) -> str:
        return self.inner.fingerprint()

    def batches(self) -> Iterator[Batch]:
        rows, total = 0, self.inner.size
        for batch in self.inner.batches():
            rows += batch.num_rows
            fraction = min(batch.consumed / total, 1.0) * 0.95 if total else None
            self.reporter.update(stage=IMPORT_STAGES["read"], rows_read=rows, fraction=fraction)
            yield batch
        self.reporter.update(force=True, stage=IMPORT_STAGES["write"], rows_read=rows)
