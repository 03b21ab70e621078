"""The shipped templates: what scripts/make_document_templates.py builds, A4, 黑体/仿宋 styles."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from jiancha.documents import KINDS, VARIABLES
from jiancha.documents.drafts import SHIPPED
from tests.modules import from_file

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_document_templates.py"


def _script() -> ModuleType:
    return from_file(SCRIPT, "make_document_templates")


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_shipped_template_is_what_the_script_builds(kind: str) -> None:
    built = _script().build(kind)
    assert _parts(built) == _parts((SHIPPED / f"{kind}.docx").read_bytes())
    assert built == _script().build(kind)  # reproducible byte for byte


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_shipped_template_layout(kind: str) -> None:
    document = Document(str(SHIPPED / f"{kind}.docx"))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    title = document.paragraphs[1]
    assert title.text == KINDS[kind]
    assert title.style is not None and title.style.name == "公文标题"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    fonts = title.style.element.rPr.rFonts  # type: ignore[union-attr]
    assert fonts.get(qn("w:eastAsia")) == "黑体"
    body = document.styles["公文正文"]
    assert body.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"  # type: ignore[union-attr]
    assert body.font.size == Pt(16)
    used = "\n".join(p.text for p in document.paragraphs)
    assert {v for v in VARIABLES if v in used} >= {"org_name", "document_no", "facts", "reply"}
