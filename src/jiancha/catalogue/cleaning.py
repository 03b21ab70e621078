"""Cleaning values by the Python semantic types: the reference path of standardisation.

Owns: calling a type's ``clean`` on each distinct value, remembering results across batches.
Must not touch: batches, quality counts or the vectorised fast path (``catalogue.standardise``).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from jiancha.identifiers import Invalid, SemanticType

_CACHE_LIMIT = 200_000
_CACHE_TRIAL = 100_000


class Cleaner:
    """Cleans distinct values of one column, remembering results across batches.

    The memory pays off for repetitive columns (dates, courts, booleans); for near-unique ones
    (ID numbers, phones) it would only cost, so it switches itself off when it rarely hits.
    """

    def __init__(self, stype: SemanticType) -> None:
        self.stype = stype
        self.cache: dict[str, tuple[Any, str | None]] | None = {}
        self.lookups = 0
        self.hits = 0

    def __call__(self, value: str) -> tuple[Any, str | None]:
        cache = self.cache
        if cache is not None:
            hit = cache.get(value)
            self.lookups += 1
            if hit is not None:
                self.hits += 1
                return hit
        try:
            result: tuple[Any, str | None] = (self.stype.clean(value), None)
        except Invalid as exc:
            result = (None, exc.reason)
        if cache is not None:
            if len(cache) < _CACHE_LIMIT:
                cache[value] = result
            if self.lookups == _CACHE_TRIAL and self.hits < _CACHE_TRIAL // 20:
                self.cache = None
        return result


def clean_distinct(cleaner: Cleaner, present: pa.Array, storage: pa.DataType) -> pa.Array:
    """``present`` cleaned by the Python type, each distinct value once."""
    encoded = present.dictionary_encode()
    results = [cleaner(v) for v in encoded.dictionary.to_pylist()]
    values = pa.array([r[0] for r in results], storage)
    return values.take(encoded.indices)
