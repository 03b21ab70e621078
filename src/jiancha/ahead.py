"""An iterator's items made ahead, on a thread of their own, while the consumer works.

Owns: pulling items from an iterator into a small queue. Must not touch: what the items hold.

Two users: the import reads a source's batches ahead (pyarrow parses CSV blocks with the GIL
released, so the next batches are parsed while the fields are planned and standardised,
``jiancha.catalogue.importer``), and a run's bulk insert of new leads prepares the next
statements' parameters while SQLite runs the current one (``jiancha.leads.insert``: the
``sqlite3`` module releases the GIL while a statement steps). At most ``AHEAD`` items wait in
memory. Whatever the iterator raises (a ragged row, a bad byte) is raised again where the
item would have been taken, in order; a consumer that stops early (a failure, a cancel) calls
:meth:`Prefetched.close`, which stops the thread after the item it is making.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Generic, TypeVar, cast

AHEAD = 2
"""Items made ahead at most."""
_END = object()
T = TypeVar("T")


class Prefetched(Generic[T]):
    """An iterator over ``items`` whose items are made ahead on another thread."""

    def __init__(self, items: Iterator[T], ahead: int = AHEAD, name: str = "jiancha-read") -> None:
        self._items = items
        self._queue: queue.Queue[object] = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name=name, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for item in self._items:
                if not self._put(item):
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

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        item = self._queue.get()
        if item is _END:
            self._queue.put(_END)  # later calls end too
            raise StopIteration
        if isinstance(item, BaseException):
            self._queue.put(item)  # room: the reading thread has stopped
            raise item
        return cast(T, item)

    def close(self) -> None:
        """Stop making items ahead and wait for the thread (the item in progress is dropped)."""
        self._stop.set()
        self._thread.join()
        close = getattr(self._items, "close", None)
        if close is not None:
            close()
