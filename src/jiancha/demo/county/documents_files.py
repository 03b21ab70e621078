"""Writing the county's documents byte for byte reproducibly.

Owns: JSON Lines of ``{"id", "text"}`` (UTF-8, ``\\n`` line ends) and the judgments folder —
plain UTF-8 ``.txt`` files, and a share written as Word ``.docx`` (python-docx, one paragraph per
line, the heading centred) whose zip entries carry a fixed timestamp and whose document
properties carry the judgment's date, so the same texts always give the same bytes.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

FIXED_TIME = (2020, 1, 1, 0, 0, 0)
DOCX_SHARE = 0.15
MAX_DOCX = 60
"""Word files beyond which the other judgments are all text (python-docx is slow)."""


def write_jsonl(path: Path, documents: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for doc_id, text in documents:
            handle.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")


def write_judgments(
    folder: Path, documents: list[tuple[str, str]], days: list[date], rng: random.Random
) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    word = 0
    for (doc_id, text), day in zip(documents, days, strict=True):
        if word < MAX_DOCX and rng.random() < DOCX_SHARE:
            (folder / f"{doc_id}.docx").write_bytes(docx_bytes(text, day))
            word += 1
        else:
            (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8", newline="\n")


def docx_bytes(text: str, day: date) -> bytes:
    """``text`` as a Word document, one paragraph per line, always the same bytes."""
    document = docx.Document()
    props = document.core_properties
    stamp = datetime(day.year, day.month, day.day)
    props.author = props.last_modified_by = "jiancha demo county"
    props.created = props.modified = stamp
    props.revision = 1
    for i, line in enumerate(text.splitlines()):
        paragraph = document.add_paragraph(line)
        if i < 3:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    saved = io.BytesIO()
    document.save(saved)
    fixed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()
