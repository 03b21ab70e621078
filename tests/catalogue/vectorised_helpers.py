"""Checks and value strategies shared by the property tests of the vectorised twins.

:func:`assert_twin` holds a twin to its Python type on a list of raw cells, two ways: value by
value (whatever the fast path vouches for, the Python ``clean`` returns too) and as a whole
import batch (the standardised column, the counts, and the first invalid examples with their
row numbers and reasons are identical with and without the fast path).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pyarrow as pa
from hypothesis import strategies as st

from jiancha import identifiers
from jiancha.catalogue.schema import FieldPlan
from jiancha.catalogue.sources import Batch
from jiancha.catalogue.standardise import Standardiser
from jiancha.catalogue.vectorised.engine import FastPath
from jiancha.identifiers import Invalid

FULL_WIDTH = str.maketrans("0123456789Xx-/.:,+", "０１２３４５６７８９Ｘｘ－／．：，＋")
NULL_TOKENS = ["", " ", "null", "NULL", "-", "无数据", "N/A", "\u3000"]
NOISE = st.text(
    st.sampled_from("0123456789Xx年月日号 -/.:,+¥￥元万亿人民币'\t\u3000０１９王李·（）()A"),
    max_size=24,
)
"""Random strings over the characters the fast paths care about."""


@cache
def fast_path(semantic: str) -> FastPath:
    return FastPath([semantic])


def _python(semantic: str, value: str) -> Any:
    try:
        return identifiers.get(semantic).clean(value)
    except Invalid as exc:
        return Invalid(exc.reason)


def _run(semantic: str, cells: list[str | None], vectorised: bool) -> tuple[Any, ...]:
    plan = FieldPlan("f", identifiers.get(semantic), "schema", "internal", False)
    standardiser = Standardiser([plan], vectorised=vectorised)
    rows = pa.array(range(2, 2 + len(cells)), pa.int64())
    try:
        batch = standardiser.apply(Batch([pa.array(cells, pa.string())], rows, 0))
    finally:
        standardiser.close()
    quality = standardiser.quality["f"]
    return batch.column(1).to_pylist(), quality.missing, quality.invalid, quality.examples


def assert_twin(semantic: str, cells: list[str | None]) -> int:
    """Hold the twin of ``semantic`` to the Python type on ``cells``; returns how many values
    the fast path vouched for."""
    present = [c.strip() for c in cells if c is not None and not identifiers.is_missing(c)]
    fast = fast_path(semantic).column(0, pa.array(present, pa.string())).to_pylist()
    for value, got in zip(present, fast, strict=True):
        if got is not None:
            assert _python(semantic, value) == got, (semantic, value, got)
    assert _run(semantic, cells, True) == _run(semantic, cells, False), (semantic, cells)
    return sum(v is not None for v in fast)


def cells(values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str | None]]:
    """Columns of raw cells: the values, random noise, null tokens and padding around them."""
    one = st.one_of(
        values,
        values.map(lambda v: f" {v}\t"),
        NOISE,
        st.sampled_from(NULL_TOKENS),
        st.none(),
    )
    return st.lists(one, min_size=1, max_size=40)
