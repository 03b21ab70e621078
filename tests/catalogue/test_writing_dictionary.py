"""The version file's encodings: columns whose values hardly repeat (ID numbers, phones, the row
number) are written without a dictionary, the others with one; the values are the same either
way (compared with a file written with dictionaries throughout)."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jiancha import catalogue
from jiancha.catalogue import writing
from jiancha.store import Store
from tests.catalogue.helpers import id18

ROWS = 3000


def _file(path: Path) -> Path:
    rng = random.Random(7)
    lines = ["公民身份号码,审判法院,判决日期,联系电话"]
    for n in range(ROWS):
        born = f"19{rng.randint(50, 99)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}"
        ident = id18(born=born, seq=f"{n % 1000:03d}") if n % 50 else "12345"
        court = rng.choice(["西宁市中级人民法院", "大通县人民法院", "湟中区人民法院"])
        day = f"2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        phone = "" if n % 10 == 0 else f"13{rng.randint(100_000_000, 999_999_999)}"
        lines.append(f"{ident},{court},{day},{phone}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _dictionary_encoded(path: Path) -> dict[str, bool]:
    meta = pq.ParquetFile(path).metadata
    group = meta.row_group(0)
    return {
        group.column(i).path_in_schema: "RLE_DICTIONARY" in group.column(i).encodings
        for i in range(meta.num_columns)
    }


def _import(store: Store, source: Path, name: str) -> Path:
    catalogue.import_source(store, catalogue.open_file(source), name)
    return store.workspace.resolve(catalogue.show_dataset(store, name)["path"])


def test_near_unique_columns_are_written_without_dictionary(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _file(tmp_path / "people.csv")
    written = _import(store, source, "人员")
    encoded = _dictionary_encoded(written)
    assert encoded["_row"] is False
    assert encoded["公民身份号码"] is False and encoded["公民身份号码__raw"] is False
    assert encoded["联系电话"] is False and encoded["联系电话__raw"] is False
    assert encoded["审判法院"] is True and encoded["判决日期__raw"] is True

    monkeypatch.setattr(writing, "dictionary_columns", lambda standardiser, first: True)
    reference = _import(store, source, "人员-字典")
    assert all(_dictionary_encoded(reference).values())
    assert pq.read_table(written).equals(pq.read_table(reference))
    assert pq.read_table(written).num_rows == ROWS
