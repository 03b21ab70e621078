"""XLSX (and sheet choice), Parquet, JSON Lines and database tables."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import Column, Date, Integer, MetaData, Numeric, String, Table, create_engine

from jiancha import catalogue
from jiancha.errors import JianchaError
from jiancha.store import Store
from tests.catalogue.helpers import credit_code, id18, snapshot


def _rows(store: Store, name: str) -> list[dict]:
    report = catalogue.show_dataset(store, name)
    return pq.read_table(store.workspace.resolve(report["path"])).to_pylist()


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "说明"
    first.append(["本文件为监狱收押名册"])
    sheet = book.create_sheet("收押名册")
    sheet.append(["罪犯姓名", "身份证号", "收押日期", "刑期（月）", None])
    sheet.append(["张三", id18(), date(2023, 5, 6), 36, None])
    sheet.append([None, None, None, None, None])
    sheet.append(["李四", int(id18(seq="002")[:17] + "0"), 45052, 12, None])
    sheet.append(["王五", id18(seq="003"), "2023年5月8日", None, None])
    book.save(path)
    return path


def test_xlsx_sheet_by_name_and_blank_rows(sqlite_store: Store, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "收押.xlsx")
    catalogue.import_source(sqlite_store, catalogue.open_file(path, sheet="收押名册"), "收押")
    report = catalogue.show_dataset(sqlite_store, "收押")
    assert report["sheet"] == "收押名册" and report["rows"] == 3
    assert [f["name"] for f in report["fields"]] == [
        "罪犯姓名",
        "身份证号",
        "收押日期",
        "刑期（月）",
    ]
    rows = _rows(sqlite_store, "收押")
    assert [r["_row"] for r in rows] == [2, 4, 5]  # spreadsheet rows; the blank row 3 skipped
    assert [r["收押日期"] for r in rows] == [date(2023, 5, 6), date(2023, 5, 6), date(2023, 5, 8)]
    # An 18-digit ID typed as a number has lost its last digits in Excel: invalid, raw kept.
    assert rows[1]["身份证号"] is None and rows[1]["身份证号__raw"].endswith("e+17")
    assert report["quality"]["身份证号"]["invalid"] == 1


def test_xlsx_sheet_by_position_and_unknown_sheet(sqlite_store: Store, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "收押.xlsx")
    assert catalogue.open_file(path, sheet="2").sheet == "收押名册"
    assert catalogue.open_file(path).sheet == "说明"
    with pytest.raises(JianchaError) as err:
        catalogue.open_file(path, sheet="名册")
    assert "没有工作表“名册”" in str(err.value) and "收押名册" in str(err.value)


def test_parquet_typed_columns(sqlite_store: Store, tmp_path: Path) -> None:
    table = pa.table(
        {
            "统一社会信用代码": [credit_code(), "91630100123456780"],
            "成立日期": pa.array([date(2020, 1, 2), None], pa.date32()),
            "登记时间": pa.array([datetime(2020, 1, 2, 9, 30), datetime(2021, 3, 4, 10, 0)]),
            "注册资本": [100.5, 2000.0],
        }
    )
    pq.write_table(table, tmp_path / "企业.parquet")
    catalogue.import_source(sqlite_store, catalogue.open_file(tmp_path / "企业.parquet"), "企业")
    report = catalogue.show_dataset(sqlite_store, "企业")
    assert report["format"] == "parquet" and report["encoding"] is None
    semantics = {f["name"]: f["semantic"] for f in report["fields"]}
    assert semantics["统一社会信用代码"] == "credit_code" and semantics["成立日期"] == "date"
    assert semantics["登记时间"] == "datetime"
    rows = _rows(sqlite_store, "企业")
    assert rows[0]["统一社会信用代码"] == credit_code() and rows[1]["统一社会信用代码"] is None
    assert rows[0]["登记时间"] == datetime(2020, 1, 2, 9, 30)
    assert report["quality"]["成立日期"]["missing"] == 1


def test_jsonl_with_nested_values_and_line_numbers(sqlite_store: Store, tmp_path: Path) -> None:
    lines = [
        {
            "单位名称": "西宁市某商贸有限公司",
            "统一社会信用代码": credit_code(),
            "注册资本": "50万元",
        },
        {
            "单位名称": "乐都县某加油站",
            "统一社会信用代码": "bad",
            "注册资本": "100",
            "标签": ["加油"],
        },
    ]
    path = tmp_path / "企业.jsonl"
    path.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines[:1])
        + "\n\n"
        + json.dumps(lines[1], ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    catalogue.import_source(sqlite_store, catalogue.open_file(path), "企业")
    rows = _rows(sqlite_store, "企业")
    assert [r["_row"] for r in rows] == [1, 3]
    assert rows[1]["标签"] == '["加油"]'
    examples = catalogue.show_dataset(sqlite_store, "企业")["quality"]["统一社会信用代码"][
        "examples"
    ]
    assert examples[0]["row"] == 3 and examples[0]["value"] == "bad"


def test_jsonl_bad_line_is_named(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"a": 1}\n{"a": 2}\n{"a": \n', encoding="utf-8")
    before = snapshot(sqlite_store)
    with pytest.raises(JianchaError, match="第 3 行不是有效的 JSON"):
        catalogue.import_source(sqlite_store, catalogue.open_file(path), "坏")
    assert snapshot(sqlite_store) == before


def _people_table(url: str) -> None:
    engine = create_engine(url)
    meta = MetaData()
    table = Table(
        "social_insurance",
        meta,
        Column("id", Integer, primary_key=True),
        Column("sfzh", String(18)),
        Column("xm", String(20)),
        Column("jfrq", Date),
        Column("je", Numeric(12, 2)),
    )
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            table.insert(),
            [
                {
                    "id": i,
                    "sfzh": id18(seq=f"{i:03d}"),
                    "xm": "张王李赵刘"[i % 5] + "明华"[i % 2],
                    "jfrq": date(2024, 1, i % 28 + 1),
                    "je": 100 + i,
                }
                for i in range(1, 301)
            ],
        )
    engine.dispose()


def test_database_table_sqlite(sqlite_store: Store, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    _people_table(url)
    source = catalogue.open_database(url, "social_insurance")
    catalogue.import_source(sqlite_store, source, "社保")
    report = catalogue.show_dataset(sqlite_store, "社保")
    assert report["rows"] == 300 and report["format"] == "database"
    semantics = {f["name"]: f["semantic"] for f in report["fields"]}
    assert semantics == {
        "id": "integer",
        "sfzh": "id_card",
        "xm": "person_name",
        "jfrq": "date",
        "je": "money",
    }
    assert report["quality"]["sfzh"]["invalid"] == 0
    again = catalogue.open_database(url, "social_insurance")
    catalogue.import_source(sqlite_store, again, "社保")
    versions = catalogue.show_dataset(sqlite_store, "社保")["versions"]
    assert versions[0]["sha256"] == versions[1]["sha256"]  # same rows, same hash


@pytest.mark.postgres
def test_database_table_postgres(sqlite_store: Store, postgres_url: str) -> None:
    _people_table(postgres_url)
    catalogue.import_source(
        sqlite_store, catalogue.open_database(postgres_url, "public.social_insurance"), "社保"
    )
    report = catalogue.show_dataset(sqlite_store, "社保")
    assert report["rows"] == 300
    assert report["source"].endswith("#public.social_insurance")


def test_database_unknown_table_and_bad_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    _people_table(url)
    with pytest.raises(JianchaError, match="没有表 nope"):
        catalogue.open_database(url, "nope")
    with pytest.raises(JianchaError, match="数据库地址无效"):
        catalogue.open_database("not a url", "t")
