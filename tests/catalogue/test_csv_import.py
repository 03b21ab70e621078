"""CSV import: encodings, standardisation with raw values kept, versions, quality report."""

from __future__ import annotations

import codecs
import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jiancha import catalogue
from jiancha.errors import JianchaError
from jiancha.store import Store
from tests.catalogue.helpers import id18, write

OLD15 = id18(born="19900215", seq="002")[:6] + id18(born="19900215", seq="002")[8:17]
ROWS = (
    "姓名,公民身份号码,判决日期,罚金,是否缓刑\n"
    f"张三,{id18(born='19800101')},2023-05-06,1.5万元,是\n"
    f"李 四,{OLD15},2023年5月6日,人民币五千元,否\n"
    f'王五,{id18(born="19751231", seq="003").lower()},20230506,"￥1,234.50",Y\n'
    f'赵六,{id18(born="19600101", seq="004")[:-1]}0,二〇二三年五月六日,"12,000.00",N\n'
    "钱七,,2023-02-30,,\n"
)


def _import(store: Store, path: Path, name: str = "判决", **kw: object) -> dict:
    catalogue.import_source(store, catalogue.open_file(path, **kw), name)  # type: ignore[arg-type]
    return catalogue.show_dataset(store, name)


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gbk"), ("gb18030", "gb18030")],
)
def test_encodings_detected_and_reported(
    store: Store, tmp_path: Path, encoding: str, reported: str
) -> None:
    text = ROWS
    if encoding == "gb18030":
        text = text.replace("钱七", "钱七𠀀")  # a character outside GBK forces GB18030
    report = _import(store, write(tmp_path / "j.csv", text, encoding), name=f"判决-{encoding}")
    assert report["encoding"] == reported
    assert report["rows"] == 5
    assert [f["semantic"] for f in report["fields"]] == [
        "person_name",
        "id_card",
        "date",
        "money",
        "boolean",
    ]


def test_values_standardised_and_raw_kept(store: Store, tmp_path: Path) -> None:
    report = _import(store, write(tmp_path / "j.csv", ROWS, "gbk"))
    table = pq.read_table(store.workspace.resolve(report["path"])).to_pylist()
    first, second, third, fourth, fifth = table
    assert first["_row"] == 2 and fifth["_row"] == 6
    assert first["公民身份号码"] == id18(born="19800101")
    assert second["公民身份号码"] == id18(born="19900215", seq="002")  # 15-digit upgraded
    assert third["公民身份号码"] == id18(born="19751231", seq="003").upper()
    assert third["公民身份号码__raw"] == id18(born="19751231", seq="003").lower()
    assert fourth["公民身份号码"] is None  # wrong check digit: invalid, raw kept
    assert fourth["公民身份号码__raw"].endswith("0")
    assert second["姓名"] == "李四" and second["姓名__raw"] == "李 四"
    assert [r["判决日期"] for r in table[:4]] == [date(2023, 5, 6)] * 4
    assert fifth["判决日期"] is None and fifth["判决日期__raw"] == "2023-02-30"
    assert [r["罚金"] for r in table] == [
        Decimal("15000.00"),
        Decimal("5000.00"),
        Decimal("1234.50"),
        Decimal("12000.00"),
        None,
    ]
    assert [r["是否缓刑"] for r in table] == [True, False, True, False, None]


def test_quality_report_counts_and_examples(store: Store, tmp_path: Path) -> None:
    report = _import(store, write(tmp_path / "j.csv", ROWS))
    q = report["quality"]
    assert q["公民身份号码"]["invalid"] == 1 and q["公民身份号码"]["missing"] == 1
    assert q["公民身份号码"]["distinct"] == 3
    example = q["公民身份号码"]["examples"][0]
    assert example["row"] == 5 and "校验" in example["reason"]
    assert q["判决日期"]["invalid"] == 1 and q["判决日期"]["examples"][0]["row"] == 6
    assert q["罚金"]["missing"] == 1 and q["罚金"]["invalid"] == 0
    assert q["姓名"] == {"rows": 5, "missing": 0, "invalid": 0, "distinct": 5, "examples": []}


def test_reimport_makes_a_new_version(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "j.csv", ROWS)
    first = _import(store, path)
    write(path, ROWS + f"孙八,{id18(seq='009')},2024-01-02,100元,否\n")
    second = _import(store, path)
    assert (first["version"], second["version"]) == (1, 2)
    assert [v["rows"] for v in second["versions"]] == [5, 6]
    assert second["versions"][0]["sha256"] != second["versions"][1]["sha256"]
    assert len(second["versions"][1]["sha256"]) == 64
    older = catalogue.show_dataset(store, "判决", version=1)
    assert older["rows"] == 5 and store.workspace.resolve(older["path"]).is_file()
    assert catalogue.list_datasets(store)[0]["version"] == 2


def test_encoding_override_wins_and_wrong_one_names_the_line(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "j.csv", ROWS, "gbk")
    assert _import(store, path, encoding="GB18030")["encoding"] == "gb18030"
    with pytest.raises(JianchaError) as err:
        _import(store, path, name="x", encoding="utf-8")
    assert "第 1 行" in str(err.value) and "UTF-8" in str(err.value)


def test_gbk_detected_when_chinese_appears_late(store: Store, tmp_path: Path) -> None:
    filler = "".join(f"a{i},{id18(seq=f'{i % 1000:03d}')},2023-01-01,1,否\n" for i in range(40_000))
    text = "姓名,身份证号,日期,金额,是否缓刑\n" + filler + "张三,,2023-01-01,1,是\n"
    assert len(text) > 1_000_000
    report = _import(store, write(tmp_path / "late.csv", text, "gbk"))
    assert report["encoding"] == "gbk" and report["rows"] == 40_001


def test_bom_is_not_part_of_the_first_column(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + ROWS.encode())
    assert _import(store, path)["fields"][0]["name"] == "姓名"


def test_tab_separated(store: Store, tmp_path: Path) -> None:
    text = f"姓名\t身份证号\t罚金\n张三\t{id18()}\t1,234.50元\n李四\t\t5千元\n"
    report = _import(store, write(tmp_path / "t.tsv", text))
    assert report["rows"] == 2 and [f["semantic"] for f in report["fields"]] == [
        "person_name",
        "id_card",
        "money",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_fingerprint_hashed_while_reading_is_the_files_sha256(
    tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "people.csv"
    text = "姓名,号码\n" + "".join(f"张{i},{i:011d}\n" for i in range(200_000))  # several blocks
    path.write_bytes(text.encode(encoding))  # utf-8-sig: with its BOM
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    source = catalogue.open_file(path)
    batches = source.batches()
    next(batches)  # read in part: the file is hashed again when asked
    assert source.fingerprint() == expected
    batches.close()
    source = catalogue.open_file(path)
    assert sum(len(b.rows) for b in source.batches()) == 200_000
    path.write_bytes(b"changed")  # the digest is of what was read, not read again
    assert source.fingerprint() == expected
