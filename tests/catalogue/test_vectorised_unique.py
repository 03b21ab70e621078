"""Columns whose values rarely repeat (ID numbers, phones) skip the fast path's dictionary
after a trial; the standardised batches stay those of the Python types."""

from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.compute as pc
from stdnum.cn import ric

from jiancha import identifiers
from jiancha.catalogue.schema import FieldPlan
from jiancha.catalogue.sources import Batch
from jiancha.catalogue.standardise import Standardiser
from jiancha.catalogue.vectorised.engine import TRIAL


def _ids(rng: random.Random, count: int) -> list[str | None]:
    cells: list[str | None] = []
    for _ in range(count):
        body = f"110105{rng.randrange(1950, 2010)}0{rng.randrange(1, 10)}1{rng.randrange(10)}"
        body += f"{rng.randrange(1000):03d}"
        full = body + ric.calc_check_digit(body + "0")
        roll = rng.random()
        if roll < 0.05:
            cells.append(None if roll < 0.02 else "null")
        elif roll < 0.1:
            cells.append(full[:-1] + ("0" if full[-1] != "0" else "1"))  # wrong check
        elif roll < 0.15:
            cells.append(f"{full[:6]} {full[6:]}")
        else:
            cells.append(full)
    return cells


def _import(batches: list[list[str | None]], vectorised: bool) -> tuple[object, ...]:
    plan = FieldPlan("f", identifiers.get("id_card"), "schema", "internal", False)
    standardiser = Standardiser([plan], vectorised=vectorised)
    out, start = [], 2
    try:
        for cells in batches:
            rows = pa.array(range(start, start + len(cells)), pa.int64())
            start += len(cells)
            out += standardiser.apply(Batch([pa.array(cells, pa.string())], rows, 0)).column(1)
    finally:
        standardiser.close()
    quality = standardiser.quality["f"]
    assert not standardiser.fast.fast or not standardiser.fast._known[0].active
    return [v.as_py() for v in out], quality.missing, quality.invalid, quality.examples


def test_unique_ids_over_several_batches_match_python() -> None:
    rng = random.Random(19)
    batches = [_ids(rng, TRIAL + 5_000) for _ in range(3)]
    fast = _import(batches, vectorised=True)
    assert fast == _import(batches, vectorised=False)
    assert fast[2] > 1_000  # invalid values were found, in the later batches too


def test_null_tokens_are_found_in_any_case_as_lower_casing_finds_them() -> None:
    tokens = sorted(identifiers.MISSING_TOKENS)
    rng = random.Random(7)
    cells = ["".join(c.upper() if rng.random() < 0.5 else c for c in t) for t in tokens * 20]
    cells += [
        " NuLl ",
        "\u3000N/a",
        "ＮＵＬＬ",
        "nul",
        "nulls",
        "#N/A ",
        "İ",
        "NaN",
        "NONE",
        "无数据",
    ]
    plan = FieldPlan("f", identifiers.get("text"), "schema", "internal", False)
    standardiser = Standardiser([plan])
    rows = pa.array(range(2, 2 + len(cells)), pa.int64())
    out = standardiser.apply(Batch([pa.array(cells, pa.string())], rows, 0)).column(1)
    standardiser.close()
    lowered = pc.utf8_lower(pc.utf8_trim_whitespace(pa.array(cells)))
    expected = [v in identifiers.MISSING_TOKENS for v in lowered.to_pylist()]
    assert [v is None for v in out.to_pylist()] == expected
    assert standardiser.quality["f"].missing == sum(expected) > len(tokens) * 20
