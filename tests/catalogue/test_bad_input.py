"""Bad input: a clear message naming the file, line or column, and the catalogue untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha import catalogue
from jiancha.errors import JianchaError
from jiancha.store import Store
from tests.catalogue.helpers import id18, snapshot, write

GOOD = f"姓名,身份证号\n张三,{id18()}\n"


def _refused(store: Store, path: Path, *needles: str, name: str = "数据", **kw: object) -> None:
    """Import must fail with every needle in the message and leave the catalogue as it was."""
    catalogue.import_source(store, catalogue.open_file(write(path.parent / "ok.csv", GOOD)), "已有")
    before = snapshot(store)
    with pytest.raises(JianchaError) as err:
        schema = kw.pop("schema", None)
        parsed = catalogue.load_schema(schema) if isinstance(schema, Path) else None
        catalogue.import_source(store, catalogue.open_file(path, **kw), name, schema=parsed)  # type: ignore[arg-type]
    message = str(err.value)
    for needle in needles:
        assert needle in message, message
    assert snapshot(store) == before
    assert not list(store.workspace.staging_dir.iterdir())


def test_missing_file(store: Store, tmp_path: Path) -> None:
    _refused(store, tmp_path / "nope.csv", "文件不存在", "nope.csv")


def test_empty_file(store: Store, tmp_path: Path) -> None:
    _refused(store, write(tmp_path / "empty.csv", ""), "空文件", "empty.csv")


def test_header_only(store: Store, tmp_path: Path) -> None:
    _refused(store, write(tmp_path / "h.csv", "姓名,身份证号\n"), "没有数据行")


def test_ragged_row_names_its_line(store: Store, tmp_path: Path) -> None:
    text = GOOD + f"李四,{id18(seq='002')}\n王五\n赵六,{id18(seq='003')}\n"
    _refused(store, write(tmp_path / "r.csv", text), "第 4 行", "1 列", "2 列", "r.csv")


def test_ragged_row_is_quoted_masked(store: Store, tmp_path: Path) -> None:
    """The quoted line helps find the row without showing whose it is: the name cut to its
    first character, the ID number masked as everywhere else."""
    secret = id18(seq="004")
    text = GOOD + f"欧阳娜娜,{secret},多一列\n"
    path = write(tmp_path / "m.csv", text)
    _refused(store, path, "第 3 行", "3 列", "欧**", secret[:6] + "********" + secret[-4:])
    with pytest.raises(JianchaError) as err:
        catalogue.import_source(store, catalogue.open_file(path), "数据二")
    assert "欧阳娜娜" not in str(err.value) and secret not in str(err.value)


def test_ragged_row_deep_in_a_large_file(store: Store, tmp_path: Path) -> None:
    body = "".join(f"p{i},{id18(seq=f'{i % 1000:03d}')}\n" for i in range(150_000))
    text = "姓名,身份证号\n" + body + "坏,行,多一列\n" + body[:1000]
    _refused(store, write(tmp_path / "big.csv", text), "第 150002 行", "3 列")


def test_binary_junk(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 64)
    _refused(store, path, "不是文本文件", "junk.csv")


def test_duplicate_column_names(store: Store, tmp_path: Path) -> None:
    _refused(
        store,
        write(tmp_path / "d.csv", "姓名,身份证号,姓名\n张三,1,张三\n"),
        "“姓名”重复",
        "第 1 列和第 3 列",
    )


def test_empty_column_name(store: Store, tmp_path: Path) -> None:
    _refused(
        store, write(tmp_path / "e.csv", "姓名,,日期\n张三,x,2023-01-01\n"), "第 2 列的列名为空"
    )


def test_undecodable_encoding_names_the_line(store: Store, tmp_path: Path) -> None:
    data = GOOD.encode("gbk") + "李四,1\n".encode("gbk") + b"\xff\xfe\xfd,2\n"
    path = tmp_path / "enc.csv"
    path.write_bytes(data)
    _refused(store, path, "第 4 行", "GBK", "ff fe", encoding="gbk")


def test_bad_utf8_deep_in_a_large_file_names_its_line(store: Store, tmp_path: Path) -> None:
    body = "".join(f"p{i},{id18(seq=f'{i % 1000:03d}')}\n" for i in range(150_000))
    path = tmp_path / "deep.csv"
    path.write_bytes(("姓名,身份证号\n" + body).encode() + b"\xe5\xbc,1\n" + body[:1000].encode())
    _refused(store, path, "第 150002 行", "UTF-8", "e5 bc")


def test_wrong_forced_encoding(store: Store, tmp_path: Path) -> None:
    text = "name,id\nzhang,1\n张三,2\n"
    _refused(store, write(tmp_path / "g.csv", text, "gbk"), "第 3 行", "UTF-8", encoding="utf-8")


def test_unknown_encoding_name(store: Store, tmp_path: Path) -> None:
    _refused(store, write(tmp_path / "g.csv", GOOD), "不支持的编码", encoding="klingon")


def test_schema_naming_a_missing_column(store: Store, tmp_path: Path) -> None:
    schema = write(
        tmp_path / "s.yaml",
        "fields:\n  姓名: {semantic: person_name}\n  身份证号码: {semantic: id_card}\n",
    )
    _refused(
        store,
        write(tmp_path / "s.csv", GOOD),
        "“身份证号码”在文件中不存在",
        "第 3 行",
        "身份证号",
        schema=schema,
    )


def test_schema_unknown_semantic_type(tmp_path: Path) -> None:
    schema = write(tmp_path / "s.yaml", "fields:\n  姓名: {semantic: person_nam}\n")
    with pytest.raises(JianchaError) as err:
        catalogue.load_schema(schema)
    assert "person_nam" in str(err.value) and "person_name" in str(err.value)
    assert "第 2 行" in str(err.value)


def test_schema_bad_yaml(tmp_path: Path) -> None:
    schema = write(tmp_path / "s.yaml", "fields:\n  姓名: [unclosed\n")
    with pytest.raises(JianchaError) as err:
        catalogue.load_schema(schema)
    assert "不是有效的 YAML" in str(err.value)


def test_schema_bad_classification(tmp_path: Path) -> None:
    schema = write(tmp_path / "s.yaml", "fields:\n  姓名: {classification: secret}\n")
    with pytest.raises(JianchaError, match="secret"):
        catalogue.load_schema(schema)


def test_excel_file_with_csv_extension_is_read_as_excel(store: Store, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["姓名"])
    book.active.append(["张三"])
    book.save(tmp_path / "really.xlsx")
    (tmp_path / "really.xlsx").rename(tmp_path / "really.csv")
    source = catalogue.open_file(tmp_path / "really.csv")
    assert source.format == "xlsx"


def test_corrupt_parquet(store: Store, tmp_path: Path) -> None:
    _refused(store, write(tmp_path / "bad.parquet", "PAR1 not really"), "bad.parquet")


def test_interrupted_import_leaves_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiancha.catalogue import standardise

    before = snapshot(store)
    calls = {"n": 0}
    original = standardise.Standardiser.apply

    def interrupt(self: standardise.Standardiser, batch: object, *present: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original(self, batch, *present)  # type: ignore[arg-type]

    monkeypatch.setattr(standardise.Standardiser, "apply", interrupt)
    body = "".join(f"p{i},{id18(seq=f'{i % 1000:03d}')}\n" for i in range(140_000))
    path = write(tmp_path / "big.csv", "姓名,身份证号\n" + body)
    with pytest.raises(KeyboardInterrupt):
        catalogue.import_source(store, catalogue.open_file(path), "中断")
    assert calls["n"] == 2
    assert snapshot(store) == before
    assert not list(store.workspace.staging_dir.iterdir())
