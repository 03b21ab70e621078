"""Standardisation of text batches into typed columns, keeping the raw text beside them.

Each batch column is trimmed, its missing cells marked (empty or a null token), and every
*distinct* remaining value cleaned once by its semantic type (dates, booleans and names repeat
a lot, so this saves most calls). Values a type cannot read become null in the standard column,
stay in the raw column, and are counted, with the first examples and their row numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from jiancha.catalogue.schema import FieldPlan
from jiancha.catalogue.sources import RAW_SUFFIX, ROW_COLUMN, Batch
from jiancha.identifiers import MISSING_TOKENS, Invalid, SemanticType

MAX_EXAMPLES = 20
_CACHE_LIMIT = 200_000
_CACHE_TRIAL = 100_000
_MISSING = pa.array(sorted(MISSING_TOKENS), pa.string())


@dataclass
class FieldQuality:
    """Running counts for one field across the batches of an import."""

    missing: int = 0
    invalid: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)


class _Cleaner:
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


class Standardiser:
    """Turns source batches into the stored record batches of one dataset version."""

    def __init__(self, plans: Sequence[FieldPlan]) -> None:
        self.plans = list(plans)
        self.quality = {p.name: FieldQuality() for p in plans}
        self._cleaners = [_Cleaner(p.semantic) for p in plans]
        self.rows = 0
        std = [pa.field(p.name, p.semantic.storage) for p in plans]
        raw = [pa.field(p.name + RAW_SUFFIX, pa.string()) for p in plans if p.semantic.keeps_raw]
        self.schema = pa.schema([pa.field(ROW_COLUMN, pa.int64()), *std, *raw])

    def apply(self, batch: Batch) -> pa.RecordBatch:
        standard, raws = [], []
        for plan, cleaner, column in zip(self.plans, self._cleaners, batch.columns, strict=True):
            standard.append(self._column(plan, cleaner, column, batch.rows))
            if plan.semantic.keeps_raw:
                raws.append(column)
        self.rows += batch.num_rows
        return pa.RecordBatch.from_arrays([batch.rows, *standard, *raws], schema=self.schema)

    def _column(
        self, plan: FieldPlan, cleaner: _Cleaner, column: pa.Array, rows: pa.Array
    ) -> pa.Array:
        trimmed = pc.utf8_trim_whitespace(column)
        token = pc.fill_null(pc.is_in(pc.utf8_lower(trimmed), value_set=_MISSING), False)
        missing = pc.or_(pc.is_null(column), token)
        present = pc.if_else(missing, pa.scalar(None, pa.string()), trimmed)
        quality = self.quality[plan.name]
        quality.missing += pc.sum(missing).as_py() or 0
        if not plan.semantic.keeps_raw:
            return present
        encoded = present.dictionary_encode()
        results = [cleaner(v) for v in encoded.dictionary.to_pylist()]
        values = pa.array([r[0] for r in results], plan.semantic.storage)
        standard = values.take(encoded.indices)
        invalid = pc.and_(pc.invert(missing), pc.is_null(standard))
        count = pc.sum(invalid).as_py() or 0
        if count:
            quality.invalid += count
            self._examples(quality, invalid, trimmed, rows, cleaner)
        return standard

    @staticmethod
    def _examples(
        quality: FieldQuality,
        invalid: pa.Array,
        trimmed: pa.Array,
        rows: pa.Array,
        cleaner: _Cleaner,
    ) -> None:
        room = MAX_EXAMPLES - len(quality.examples)
        if room <= 0:
            return
        for index in pc.indices_nonzero(invalid)[:room].to_pylist():
            value = trimmed[index].as_py()
            quality.examples.append(
                {"row": rows[index].as_py(), "value": value, "reason": cleaner(value)[1]}
            )
