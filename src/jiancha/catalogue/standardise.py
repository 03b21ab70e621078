"""Standardisation of text batches into typed columns, keeping the raw text beside them.

Each batch column is trimmed and its missing cells marked (empty or a null token). Columns
whose type has a vectorised twin (:mod:`jiancha.catalogue.vectorised`) are cleaned by DuckDB,
one query per column over the batch's distinct values; what it does not vouch for (invalid
values, rare forms) and the columns of other types are cleaned by the Python type, each
*distinct* value once (dates, booleans and names repeat a lot, so this saves most calls).
Values a type cannot read become null in the standard column, stay in the raw column, and are
counted, with the first examples, their row numbers and the Python type's reason.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from jiancha.catalogue.cleaning import Cleaner, clean_distinct
from jiancha.catalogue.schema import FieldPlan
from jiancha.catalogue.sources import RAW_SUFFIX, ROW_COLUMN, Batch
from jiancha.catalogue.vectorised.engine import FastPath
from jiancha.identifiers import MISSING_TOKENS

MAX_EXAMPLES = 20
PYTHON_ONLY = "JIANCHA_STANDARDISE_PYTHON"
"""Set to ``1`` to clean every value in Python (the reference path; for benchmarks)."""


def _case_forms(token: str) -> set[str]:
    """``token`` in every mix of upper and lower case: what Arrow's ``utf8_lower`` maps onto
    it (no other code point lowers to an ASCII letter or to the tokens' other characters)."""
    forms = {""}
    for ch in token:
        cases = {ch, ch.upper()} if ch.isascii() and ch.isalpha() else {ch}
        forms = {form + case for form in forms for case in cases}
    return forms


_MISSING = pa.array(sorted(set().union(*map(_case_forms, MISSING_TOKENS))), pa.string())
"""The null tokens in every case: matched without lower-casing the whole column."""


@dataclass
class FieldQuality:
    """Running counts for one field across the batches of an import."""

    missing: int = 0
    invalid: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)


class Standardiser:
    """Turns source batches into the stored record batches of one dataset version."""

    def __init__(self, plans: Sequence[FieldPlan], *, vectorised: bool | None = None) -> None:
        self.plans = list(plans)
        if vectorised is None:
            vectorised = os.environ.get(PYTHON_ONLY) != "1"
        names = [p.semantic.name if p.semantic.keeps_raw else "" for p in plans]
        self.fast = FastPath(names if vectorised else [])
        self.quality = {p.name: FieldQuality() for p in plans}
        self._cleaners = [Cleaner(p.semantic) for p in plans]
        self.rows = 0
        std = [pa.field(p.name, p.semantic.storage) for p in plans]
        raw = [pa.field(p.name + RAW_SUFFIX, pa.string()) for p in plans if p.semantic.keeps_raw]
        self.schema = pa.schema([pa.field(ROW_COLUMN, pa.int64()), *std, *raw])

    def prepare(self, batch: Batch) -> list[pa.Array]:
        """The batch's columns trimmed, missing cells null (and counted): the first step of
        :meth:`apply`, which the import runs on its reading thread."""
        return [self._present(p, c) for p, c in zip(self.plans, batch.columns, strict=True)]

    def apply(self, batch: Batch, present: list[pa.Array] | None = None) -> pa.RecordBatch:
        """The stored record batch of ``batch`` (``present``: its :meth:`prepare`, if done)."""
        if present is None:
            present = self.prepare(batch)
        fast = self.fast.run(present)
        standard, raws = [], []
        for index, (plan, column) in enumerate(zip(self.plans, batch.columns, strict=True)):
            cleaner = self._cleaners[index]
            standard.append(self._column(plan, cleaner, present[index], fast.get(index), batch))
            if plan.semantic.keeps_raw:
                raws.append(column)
        self.rows += batch.num_rows
        return pa.RecordBatch.from_arrays([batch.rows, *standard, *raws], schema=self.schema)

    def close(self) -> None:
        """Release the fast path's engine."""
        self.fast.close()

    def _present(self, plan: FieldPlan, column: pa.Array) -> pa.Array:
        """The trimmed values of ``column``, null where missing (counted in the quality)."""
        trimmed = pc.utf8_trim_whitespace(column)
        token = pc.fill_null(pc.is_in(trimmed, value_set=_MISSING), False)
        missing = pc.or_(pc.is_null(column), token)
        self.quality[plan.name].missing += pc.sum(missing).as_py() or 0
        return pc.if_else(missing, pa.scalar(None, pa.string()), trimmed)

    def _column(
        self,
        plan: FieldPlan,
        cleaner: Cleaner,
        present: pa.Array,
        fast: pa.Array | None,
        batch: Batch,
    ) -> pa.Array:
        if not plan.semantic.keeps_raw:
            return present
        storage = plan.semantic.storage
        if fast is None:
            standard = clean_distinct(cleaner, present, storage)
        else:
            standard = fast.cast(storage)
            deferred = pc.and_(pc.is_valid(present), pc.is_null(standard))
            if pc.any(deferred).as_py():
                cleaned = clean_distinct(cleaner, present.filter(deferred), storage)
                standard = pc.replace_with_mask(standard, deferred, cleaned)
        invalid = pc.and_(pc.is_valid(present), pc.is_null(standard))
        count = pc.sum(invalid).as_py() or 0
        if count:
            quality = self.quality[plan.name]
            quality.invalid += count
            self._examples(quality, invalid, present, batch.rows, cleaner)
        return standard

    @staticmethod
    def _examples(
        quality: FieldQuality,
        invalid: pa.Array,
        trimmed: pa.Array,
        rows: pa.Array,
        cleaner: Cleaner,
    ) -> None:
        room = MAX_EXAMPLES - len(quality.examples)
        if room <= 0:
            return
        for index in pc.indices_nonzero(invalid)[:room].to_pylist():
            value = trimmed[index].as_py()
            quality.examples.append(
                {"row": rows[index].as_py(), "value": value, "reason": cleaner(value)[1]}
            )
