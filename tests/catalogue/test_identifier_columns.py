"""A column named as identifiers stays that type however broken its values, and every broken
value is counted in the quality report (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from jiancha import catalogue
from jiancha.store import Store
from tests.catalogue.helpers import credit_code, id18, write


def test_mostly_invalid_identifier_columns_keep_their_type(store: Store, tmp_path: Path) -> None:
    good_id, good_code = id18(), credit_code()
    rows = [
        ("公民身份号码", "身份证号", "统一社会信用代码", "联系电话"),
        (good_id, good_id, good_code, "13812345678"),
        ("110105194912310021", "123", "9111000060003734", "1381234"),
        ("abc", "11010519491231002", "91110000600037341A", "电话不详"),
        ("12345678901234567", "身份证丢失", "XYZ", "0000"),
    ]
    text = "".join(",".join(row) + "\n" for row in rows)
    source = catalogue.open_file(write(tmp_path / "坏数据.csv", text))
    catalogue.import_source(store, source, "坏数据")
    report = catalogue.show_dataset(store, "坏数据")
    semantic = {f["name"]: (f["semantic"], f["semantic_source"]) for f in report["fields"]}
    assert semantic == {
        "公民身份号码": ("id_card", "name"),
        "身份证号": ("id_card", "name"),
        "统一社会信用代码": ("credit_code", "name"),
        "联系电话": ("phone", "name"),
    }
    for column in semantic:
        quality = report["quality"][column]
        assert (quality["invalid"], quality["missing"]) == (3, 0), column
        assert [e["row"] for e in quality["examples"]] == [3, 4, 5], column
