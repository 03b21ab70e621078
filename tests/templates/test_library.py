"""The template library as a whole: complete, in Chinese, covering every area and kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jiancha.demo.datasets import demo_binds
from jiancha.errors import JianchaError
from jiancha.modelling import Spec
from jiancha.templates import load_template, load_templates, template_files
from tests.templates.test_document_templates import CASES as DOCUMENT_CASES

HAN = re.compile(r"[\u4e00-\u9fff]")
TESTS = Path(__file__).parent
DOCUMENT_TEMPLATES = ("review-", "three-docs-")


def test_at_least_fifteen_templates_cover_every_area_and_kind() -> None:
    specs = load_templates()
    assert len(specs) >= 15 + 12  # section 2 models and 12 document rules
    assert len({s.id for s in specs}) == len(specs)
    assert {s.area for s in specs} == {"criminal", "civil", "administrative", "public_interest"}
    assert {s.kind for s in specs} == {"collision", "mining", "profile"}
    assert {s.risk for s in specs} <= {"none", "low", "medium", "high"}


@pytest.mark.parametrize("path", template_files(), ids=lambda p: p.stem)
def test_template_is_complete_and_chinese(path: Path) -> None:
    spec: Spec = load_template(path.stem)
    assert spec.id == path.stem
    assert HAN.search(spec.name) and len(spec.description) >= 60 and HAN.search(spec.description)
    assert spec.legal_basis and all(b.startswith("《") for b in spec.legal_basis)
    assert all(p.label and HAN.search(p.label) for p in spec.parameters.values())
    assert HAN.search(spec.lead.title)
    assert demo_binds(spec)  # every input names a county dataset and every field a column
    if spec.id.startswith(DOCUMENT_TEMPLATES):  # 即时审查, 三书比对: one file for the twelve
        assert spec.id in DOCUMENT_CASES, f"{spec.id} has no case in test_document_templates"
        return
    test_file = TESTS / f"test_{spec.id.replace('-', '_')}.py"
    assert test_file.is_file(), f"{spec.id} has no fixture test"


def test_unknown_template_is_named() -> None:
    with pytest.raises(JianchaError, match="没有模板 `nope`"):
        load_template("nope")
