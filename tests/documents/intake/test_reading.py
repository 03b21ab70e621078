"""Reading INPUT: JSON Lines (bad lines kept apart), folders of .txt (UTF-8, GB18030) and .docx."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from jiancha.documents.intake import read_documents
from jiancha.errors import JianchaError
from tests.documents.intake.helpers import corpus_docs, jsonl


def test_json_lines_with_bad_lines_keeps_the_good_ones(tmp_path: Path) -> None:
    (first, text), (second, other) = corpus_docs(2)
    path = jsonl(
        tmp_path / "in.jsonl",
        [(first, text)],
        "{broken",
        '{"text": "没有编号"}',
        '{"id": "无内容"}',
        '{"id": "空白", "text": "   "}',
        f'{{"id": "{first}", "text": "重复"}}',
        '["不是对象"]',
        json.dumps({"id": second, "text": other}, ensure_ascii=False),
    )
    found = list(read_documents(path))
    assert [(r.id, r.text is not None) for r in found] == [
        (first, True),
        ("第 2 行", False),
        ("第 3 行", False),
        ("无内容", False),
        ("空白", False),
        (first, False),
        ("第 7 行", False),
        (second, True),
    ]
    assert found[0].text == text and found[-1].text == other
    errors = [r.error or "" for r in found]
    assert "第 2 行不是有效的 JSON" in errors[1]
    assert "缺少文书编号" in errors[2] and "缺少文书内容" in errors[3]
    assert "内容为空" in errors[4] and "重复" in errors[5] and "不是 JSON 对象" in errors[6]


def test_a_gb18030_line_is_read_and_an_undecodable_one_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.jsonl"
    good = '{"id": "甲", "text": "被告人张三，男"}'.encode("gb18030")
    path.write_bytes(good + b"\n" + b'{"id": "x", "text": "\xff\xfe\xff"}\n')
    found = list(read_documents(path))
    assert found[0].text == "被告人张三，男"
    assert found[1].id == "第 2 行" and "编码" in (found[1].error or "")


def _docx(path: Path, paragraphs: list[str], cells: list[str]) -> None:
    document = Document()
    document.add_paragraph(paragraphs[0])
    table = document.add_table(rows=1, cols=len(cells))
    for cell, value in zip(table.rows[0].cells, cells, strict=True):
        cell.text = value
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    document.save(str(path))


def test_a_folder_of_txt_and_docx_files(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a-utf8.txt").write_text("被告人李四，女。", encoding="utf-8")
    (folder / "b-gbk.txt").write_bytes("被告人王五，男，汉族。".encode("gbk"))
    _docx(folder / "c-word.docx", ["刑事判决书", "本判决为终审判决。"], ["被告人", "赵六"])
    (folder / "d-broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "e-binary.txt").write_bytes(b"\x00\x01\x02")
    (folder / "notes.md").write_text("不是文书", encoding="utf-8")
    (folder / "~$c-word.docx").write_bytes(b"lock")
    found = {r.id: r for r in read_documents(folder)}
    assert sorted(found) == ["a-utf8", "b-gbk", "c-word", "d-broken", "e-binary"]
    assert found["a-utf8"].text == "被告人李四，女。"
    assert found["b-gbk"].text == "被告人王五，男，汉族。"
    assert found["c-word"].text == "刑事判决书\n被告人\n赵六\n本判决为终审判决。"
    assert "无法读取 Word 文件 d-broken.docx" in (found["d-broken"].error or "")
    assert "UTF-8 或 GB18030" in (found["e-binary"].error or "")


def test_missing_input_and_empty_folder_are_errors(tmp_path: Path) -> None:
    with pytest.raises(JianchaError, match="输入不存在"):
        list(read_documents(tmp_path / "nowhere.jsonl"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(JianchaError, match=r"没有 \.txt 或 \.docx"):
        list(read_documents(tmp_path / "empty"))
