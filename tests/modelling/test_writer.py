"""``dump_spec``: canonical, readable YAML that the spec reader reads back as the same document."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from jiancha.modelling import compile_spec, load_spec
from jiancha.modelling.loader import parse_document
from jiancha.modelling.writer import ORDER, WIDTH, _width, dump_spec
from jiancha.templates import template_files

TEMPLATES = template_files()


def document_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = parse_document(path.read_text(encoding="utf-8"))[0]
    return data


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.stem for p in TEMPLATES])
def test_every_template_reads_back_the_same_and_compiles_the_same(path: Path) -> None:
    document = document_of(path)
    text = dump_spec(document)
    assert parse_document(text)[0] == document
    assert text.startswith("spec: 1\nid: ")  # the readable writer, not the fallback
    original = compile_spec(load_spec(path.read_text(encoding="utf-8")))
    written = compile_spec(load_spec(text))
    for dialect in ("duckdb", "spark"):
        assert written.sql(dialect) == original.sql(dialect)


def test_layout_follows_the_templates() -> None:
    text = dump_spec(
        document_of(Path(TEMPLATES[0]).with_name("custodial-sentence-not-executed.yaml"))
    )
    lines = text.splitlines()
    assert "description: >-" in lines
    assert "  grace_days: {type: integer, default: 30, label: 生效后宽限天数}" in lines
    assert '  - filter: "person_id IS NOT NULL"' in lines
    assert "    label: 判决书载明的公民身份号码可以识别" in lines
    assert (
        '  - anti_join: {input: p, on: [[person_id, person_id]], where: "p.intake_date >= '
        'judgment_date"}' in lines
    )
    assert "  subject: {type: person, key: person_id, name: name}" in lines
    assert "  amount: null" in lines
    fields = lines.index(
        "    fields: {case_no: text, person_id: id_card, name: person_name, court: org,"
    )
    assert lines[fields + 1].startswith(" " * len("    fields: {"))
    assert all(
        _width(line) <= WIDTH
        for line in lines
        if not line.lstrip().startswith(("title", "- filter"))
    )
    tops = [line.split(":")[0] for line in lines if line and not line.startswith((" ", "#"))]
    assert tops == [k for k in ORDER if k in tops]


def test_keys_come_in_the_spec_order_whatever_the_input_order() -> None:
    document = document_of(TEMPLATES[0])
    scrambled = dict(reversed(list(document.items())))
    text = dump_spec(scrambled)
    assert text == dump_spec(document)
    assert parse_document(text)[0] == document


AWKWARD = [
    "on",
    "yes",
    "null",
    "2024-01-01",
    "123",
    "1.5",
    "a: b",
    "# not a comment",
    "- dash",
    "{braces}",
    "[brackets]",
    "引号'单\"双",
    " leading space",
    "trailing space ",
    "two  spaces",
    "line\nbreak",
    "tab\there",
    "反斜杠\\n",
    "@at",
    "`tick`",
    "*star",
    "&amp",
    "!bang",
    "%percent",
    "长" * 120,
    "word " * 40 + "end",
]


@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_text_reads_back_exactly(value: str) -> None:
    document = copy.deepcopy(document_of(TEMPLATES[0]))
    document["name"] = value
    document["description"] = value
    document["legal_basis"] = [value, "《法》"]
    document["parameters"] = {"p": {"type": "text", "default": value, "label": value}}
    document["steps"][0]["label"] = value
    document["lead"]["title"] = value
    document["columns"] = {"x": value}
    text = dump_spec(document)
    assert parse_document(text)[0] == document


def test_a_date_default_written_as_text_stays_text_and_loads() -> None:
    document = copy.deepcopy(document_of(TEMPLATES[0]))
    document["parameters"]["since"] = {"type": "date", "default": "2024-01-01", "label": "起始"}
    text = dump_spec(document)
    assert parse_document(text)[0]["parameters"]["since"]["default"] == "2024-01-01"
    load_spec(text)


def test_a_long_condition_is_folded_and_reads_back() -> None:
    document = copy.deepcopy(document_of(TEMPLATES[0]))
    condition = " AND ".join(f"person_id <> '{n:04d}'" for n in range(12))
    document["steps"][1]["filter"] = condition
    text = dump_spec(document)
    assert "  - filter: >-" in text.splitlines()
    assert parse_document(text)[0]["steps"][1]["filter"] == condition


def test_a_document_the_schema_refuses_is_still_written_as_it_is() -> None:
    document: dict[str, Any] = {
        "id": "x",
        "steps": [{"filter": ""}, "odd", {}],
        "lead": {},
        "extra": [1, {"a": None}],
    }
    text = dump_spec(document)
    assert parse_document(text)[0] == document
    assert list(parse_document(text)[0]) == ["id", "steps", "lead", "extra"]
