"""Build the shipped .docx templates of draft supervision documents (run from the repository root).

    .venv/bin/python scripts/make_document_templates.py

writes ``src/jiancha/documents/templates/{suggestion,correction_notice}.docx``. The templates are
plain Word documents with docxtpl (Jinja) tags — ``{{ org_name }}``, and paragraph loops written
``{%p for f in facts %}`` … ``{%p endfor %}`` on paragraphs of their own — so an office can open
one in Word, change the wording and layout, and put it in its workspace as
``templates/documents/<kind>.docx``. Page and type follow the usual layout of official documents:
A4, title in 黑体 centred, body in 仿宋 三号 with a two-character first-line indent.

The output is reproducible: the zip entries carry a fixed timestamp and the document properties
a fixed date, so running the script twice gives the same bytes.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parents[1] / "src" / "jiancha" / "documents" / "templates"
FIXED = datetime(2026, 1, 1, tzinfo=UTC)

# (style name, East Asian font, size in points, alignment, first-line indent in points, bold)
STYLES = [
    ("公文机关", "黑体", 22, WD_ALIGN_PARAGRAPH.CENTER, 0, False),
    ("公文标题", "黑体", 22, WD_ALIGN_PARAGRAPH.CENTER, 0, True),
    ("公文文号", "仿宋", 16, WD_ALIGN_PARAGRAPH.RIGHT, 0, False),
    ("公文主送", "仿宋", 16, WD_ALIGN_PARAGRAPH.LEFT, 0, False),
    ("公文一级标题", "黑体", 16, WD_ALIGN_PARAGRAPH.LEFT, 32, False),
    ("公文正文", "仿宋", 16, WD_ALIGN_PARAGRAPH.JUSTIFY, 32, False),
    ("公文落款", "仿宋", 16, WD_ALIGN_PARAGRAPH.RIGHT, 0, False),
    ("公文附注", "仿宋", 12, WD_ALIGN_PARAGRAPH.LEFT, 0, False),
]

# Each kind: its title and its four numbered sections, with the context list each one loops over
# (None: a single paragraph). The context is built by jiancha.documents.drafts.
SECTIONS = {
    "suggestion": (
        "检察建议书",
        [
            ("一、案件来源与查明的事实", "facts"),
            ("二、存在的问题及法律依据", "problems"),
            ("三、检察建议", "requests"),
            ("四、回复要求", None),
        ],
    ),
    "correction_notice": (
        "纠正违法通知书",
        [
            ("一、发现的违法情况", "facts"),
            ("二、认定违法的理由和法律依据", "problems"),
            ("三、纠正意见", "requests"),
            ("四、回复要求", None),
        ],
    ),
}


def _styles(document: object) -> None:
    styles = document.styles  # type: ignore[attr-defined]
    for name, font, size, align, indent, bold in STYLES:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.name = font
        style.font.size = Pt(size)
        style.font.bold = bold
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Pt(indent)
        fmt.line_spacing = Pt(28)
        fmt.space_before = fmt.space_after = Pt(0)


def build(kind: str) -> bytes:
    """The template of ``kind`` as .docx bytes (deterministic)."""
    title, sections = SECTIONS[kind]
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _styles(document)
    add = document.add_paragraph
    add("{{ org_name }}", style="公文机关")
    add(title, style="公文标题")
    add("{{ document_no }}", style="公文文号")
    add("{{ receiver }}：", style="公文主送")
    add("{{ opening }}", style="公文正文")
    for heading, items in sections:
        add(heading, style="公文一级标题")
        if items is None:
            add("{{ reply }}", style="公文正文")
            continue
        add(f"{{%p for item in {items} %}}", style="公文正文")
        add("{{ item }}", style="公文正文")
        add("{%p endfor %}", style="公文正文")
    add("", style="公文正文")
    add("{{ org_name }}", style="公文落款")
    add("{{ date }}", style="公文落款")
    add("（院印）", style="公文落款")
    # no 附注: the lead number, the drafter and the verification state are internal and stay
    # out of a document sent to another body (``jiancha leads draft`` prints them instead)
    props = document.core_properties
    props.title, props.author, props.created, props.modified = title, "Jiancha", FIXED, FIXED
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated ``FIXED``, so that the bytes do not depend on now."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in SECTIONS:
        path = OUT / f"{kind}.docx"
        path.write_bytes(build(kind))
        sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
