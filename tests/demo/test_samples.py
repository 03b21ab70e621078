"""The sample generator's planted flaws are exactly what the import's quality report counts."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from jiancha import catalogue
from jiancha.demo.samples import HEADER, PeopleGenerator, write_csv
from jiancha.store import Store


def test_planted_invalid_values_are_counted(sqlite_store: Store, tmp_path: Path) -> None:
    generator = PeopleGenerator(seed=11, invalid_rate=0.05)
    path = tmp_path / "判决.csv"
    write_csv(path, generator, 3000, encoding="gbk")
    catalogue.import_source(sqlite_store, catalogue.open_file(path), "判决")
    report = catalogue.show_dataset(sqlite_store, "判决")
    assert report["encoding"] == "gbk" and report["rows"] == 3000
    assert [f["name"] for f in report["fields"]] == list(HEADER)
    planted = generator.planted_invalid
    assert planted["公民身份号码"] > 100 and planted["判决日期"] > 100
    for column, count in planted.items():
        assert report["quality"][column]["invalid"] == count
    others = set(HEADER) - set(planted)
    assert all(report["quality"][c]["invalid"] == 0 for c in others)
    # Every value of a mixed form became its standard form: no raw value left unread.
    table = pq.read_table(sqlite_store.workspace.resolve(report["path"]))
    ids = [v for v in table.column("公民身份号码").to_pylist() if v is not None]
    assert all(len(v) == 18 and v == v.upper() for v in ids)
    assert len(ids) == 3000 - planted["公民身份号码"]
