"""A bounded memo of what is worked out from a spec's text: its compiled form, its signature.

A model is compiled each time it is run, validated, shown or compared (the demo build compiled
its 28 specs 258 times: with its 406 comparisons, a fifth of its profile). A spec read from the
same text is the same spec (``load_spec`` is deterministic), so what is derived from it alone
can be kept; only results are kept, never a failure (an invalid spec is compiled again and
reports its problems again). The values kept are shared: whoever gets one must not change it
(``Compiled.query`` copies before it builds).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")

SIZE = 256
"""Entries kept per memo: every template of every office several times over."""


class Memo(Generic[T]):
    """Least recently used first out; safe to share between threads (a value may be made twice
    by two threads at once, and either kept: both are the same)."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
