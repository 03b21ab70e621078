"""``jiancha documents extract INPUT --json``: one JSON array, one object per document, an
unreadable document as ``{"id", "error"}`` beside the others; exit 2 only for a missing INPUT."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jiancha.cli import app
from tests.documents.intake.helpers import corpus_docs, jsonl


def test_mixed_input_gives_one_object_per_document(tmp_path: Path) -> None:
    docs = corpus_docs(2)
    path = jsonl(tmp_path / "mixed.jsonl", docs[:1], '{"id": "坏的", "text": 5}')
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": docs[1][0], "text": docs[1][1]}, ensure_ascii=False) + "\n")
    result = CliRunner().invoke(app, ["documents", "extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [d["id"] for d in found] == [docs[0][0], "坏的", docs[1][0]]
    good = [found[0], found[2]]
    assert all(d["doc_type"] == "judgment" and "error" not in d for d in good)
    assert all(d["defendants"] and d["case_number"] for d in good)
    assert set(found[1]) == {"id", "error"} and "缺少文书内容" in found[1]["error"]
    # the spans point into the text as given
    start, end = found[0]["spans"]["case_number"]
    assert docs[0][1][start:end].replace(" ", "") == found[0]["case_number"].replace(" ", "")


def test_table_summary_and_missing_input(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "one.jsonl", corpus_docs(1))
    runner = CliRunner()
    shown = runner.invoke(app, ["documents", "extract", str(path)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "刑事判决书" in shown.stdout and "共 1 份文书，0 份无法抽取" in shown.stdout
    missing = runner.invoke(app, ["documents", "extract", str(tmp_path / "no.jsonl"), "--json"])
    assert missing.exit_code == 2
    assert "输入不存在" in json.loads(missing.stdout)["error"]
