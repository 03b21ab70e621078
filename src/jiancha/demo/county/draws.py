"""Fast random draws for the generator's hot loops.

Owns: uniform integers, uniform choices and weighted choices drawn from one ``random.random()``
call each — ``randint``, ``choice`` and ``choices`` cost several times as much, which matters
when a county of a million persons draws tens of millions of values.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


def draw(rng: random.Random, lo: int, hi: int) -> int:
    """A uniform integer in [lo, hi]: ``randint`` without its overhead, for the hot loops."""
    return lo + int(rng.random() * (hi - lo + 1))


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """A uniform choice: ``choice`` without its overhead."""
    return items[int(rng.random() * len(items))]


class Weighted(Generic[T]):
    """Draws from ``items`` with the given weights (``choices`` without its overhead)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self._items = tuple(items)
        self._cumulative = list(accumulate(weights))
        self._total = self._cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self._items[bisect(self._cumulative, rng.random() * self._total)]
