"""Reading a source's batches ahead, on a thread of their own.

Owns: pulling batches from a source's iterator into a small queue while the import does
something else — planning the fields on the first batch (Python, one core), then
standardising. Must not touch: what the batches hold.

pyarrow parses CSV blocks with the GIL released, so the next batches are parsed while the
fields are planned instead of after. At most ``AHEAD`` batches wait in memory. Whatever the
reading raises (a ragged row, a bad byte) is raised again where the batch would have been
taken, in order; a consumer that stops early (a failure, a cancel) calls :meth:`close`, which
stops the thread after the batch it is reading.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

from jiancha.catalogue.sources import Batch

AHEAD = 2
"""Batches read ahead at most."""
_END = object()


class Prefetched:
    """An iterator over ``batches`` whose items are read ahead on another thread."""

    def __init__(self, batches: Iterator[Batch], ahead: int = AHEAD) -> None:
        self._batches = batches
        self._queue: queue.Queue[object] = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="jiancha-read", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for batch in self._batches:
                if not self._put(batch):
                    return
            self._put(_END)
        except BaseException as exc:  # handed over to the consumer, raised there
            self._put(exc)

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[Batch]:
        return self

    def __next__(self) -> Batch:
        item = self._queue.get()
        if item is _END:
            self._queue.put(_END)  # later calls end too
            raise StopIteration
        if isinstance(item, BaseException):
            self._queue.put(item)  # room: the reading thread has stopped
            raise item
        assert isinstance(item, Batch)
        return item

    def close(self) -> None:
        """Stop reading ahead and wait for the thread (the batch in progress is dropped)."""
        self._stop.set()
        self._thread.join()
        close = getattr(self._batches, "close", None)
        if close is not None:
            close()
