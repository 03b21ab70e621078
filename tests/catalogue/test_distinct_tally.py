"""Distinct counts tallied while a version is written equal DuckDB's count on the file."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiancha import catalogue
from jiancha.catalogue import quality
from jiancha.catalogue.quality import DistinctTally, distinct_counts
from jiancha.store import Store
from tests.catalogue.helpers import id18, write

SCHEMA = pa.schema(
    [
        ("text", pa.string()),
        ("code", pa.string()),
        ("day", pa.date32()),
        ("sum", pa.decimal128(18, 2)),
        ("flag", pa.bool_()),
    ]
)
CODES = st.one_of(
    st.text("0123456789", min_size=4, max_size=4),
    st.text("0123456789", min_size=3, max_size=3).map(lambda v: v + "X"),
)
"""Mostly fixed-width digit codes (integer keys), now and then another width or a letter."""
ROWS = st.tuples(
    st.one_of(st.none(), st.sampled_from(["", "张三", "李四", "王五"]), st.text(max_size=3)),
    st.one_of(st.none(), CODES, CODES, CODES, st.sampled_from(["123", "12a4", "１２３４"])),
    st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 20))),
    st.one_of(st.none(), st.decimals(-5, 5, places=2)),
    st.one_of(st.none(), st.booleans()),
)


def _table(rows: list[tuple[object, ...]]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in SCHEMA]
    return pa.table([pa.array(c, f.type) for c, f in zip(columns, SCHEMA, strict=True)], SCHEMA)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(ROWS, max_size=30), min_size=1, max_size=12))
def test_tally_equals_duckdb_on_the_written_file(groups: list[list[tuple[object, ...]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "v.parquet"
        tally = DistinctTally(SCHEMA.names)
        with pq.ParquetWriter(path, SCHEMA) as writer:
            for rows in groups:
                table = _table(rows)
                writer.write_table(table)
                tally.add(table)
        counted = distinct_counts(path, SCHEMA.names, Path(folder))
        assert tally.counts() | distinct_counts(path, tally.left, Path(folder)) == counted
        assert set(tally.counts()) | set(tally.left) == set(SCHEMA.names)


def test_fixed_width_codes_are_kept_as_integer_keys() -> None:
    tally = DistinctTally(["code"])
    ids = [id18(seq=f"{i % 700:03d}") for i in range(2000)]
    for start in range(0, 2000, 500):
        tally.add(pa.table({"code": [*ids[start : start + 500], None]}))
    assert tally.counts() == {"code": 700}
    assert tally._kept["code"].keys is not None  # the integer path was taken


def test_values_that_hardly_repeat_and_no_code_are_left_to_duckdb() -> None:
    tally = DistinctTally(["name"])
    tally.add(pa.table({"name": [f"名{i}" for i in range(2000)]}))
    assert tally.left == ["name"] and tally.counts() == {}


def test_past_its_budget_the_tally_leaves_the_largest_column() -> None:
    tally = DistinctTally(["small", "large"], budget=4000)
    tally.add(pa.table({"small": ["a", "b"] * 500, "large": [f"{i:06d}" for i in range(1000)]}))
    assert tally.left == ["large"] and tally.counts() == {"small": 2}


def test_an_import_counts_the_same_with_and_without_the_tally(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [f"p0,{id18()},2023-01-05,1万元,1380013800{0}"]
    lines += [f"p{i % 37},{id18(seq=f'{i % 500:03d}')},,{i % 9}万元," for i in range(1, 3000)]
    path = write(tmp_path / "d.csv", "姓名,身份证号,日期,罚金,电话\n" + "\n".join(lines) + "\n")

    def figures(name: str) -> dict[str, int]:
        catalogue.import_source(store, catalogue.open_file(path), name)
        report = catalogue.show_dataset(store, name)
        return {f: q["distinct"] for f, q in report["quality"].items()}

    tallied = figures("tallied")
    monkeypatch.setattr(quality, "BUDGET", 0)
    counted = figures("counted")
    assert tallied == counted
    assert tallied["身份证号"] == 500 and tallied["姓名"] == 37
    assert tallied["日期"] == 1 and tallied["罚金"] == 9 and tallied["电话"] == 1


def test_keys_of_equal_codes_are_equal_and_of_different_codes_differ() -> None:
    values = pa.array(["12345678901", "12345678901", "12345678902", "02345678901"])
    coded = quality._keys(values, 0)
    assert coded is not None and len(coded[0]) == 3 and coded[1] == 11
    assert quality._keys(values, 12) is None  # another width than the column's
    assert quality._keys(pa.array(["123", "1234"]), 0) is None
    assert quality._keys(pa.array(["12a4"]), 0) is None
