"""What the browser tests know of the demo county's identifiers: every ID number, phone number
and full name in its generated files, raw and standardised (``secrets``), and the check that a
page's text shows none of them (``leaks``)."""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page

from jiancha.demo.datasets import COUNTY
from jiancha.identifiers import Invalid, get, is_missing

SECRET_TYPES = ("id_card", "phone", "person_name")


def rows_of(path: Path, form: str) -> Iterator[dict[str, str]]:
    """The rows of one generated file, cells as text."""
    if form.startswith("csv"):
        encoding = "gb18030" if form == "csv-gbk" else "utf-8-sig"
        with path.open(encoding=encoding, newline="") as handle:
            yield from csv.DictReader(handle)
    elif form == "jsonl":
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield {k: "" if v is None else str(v) for k, v in json.loads(line).items()}
    else:
        book = load_workbook(path, read_only=True)
        sheet = book.worksheets[0]
        header: list[str] = []
        for values in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in values]
            if not header:
                header = cells
                continue
            yield dict(zip(header, cells, strict=False))
        book.close()


def raw_identifiers(files: Path) -> set[str]:
    """Every ID number, phone number and full name in the demo files, raw and standardised."""
    found: set[str] = set()
    for dataset in COUNTY:
        secret = [f for f in dataset.fields if f.semantic in SECRET_TYPES]
        if not secret:
            continue
        for row in rows_of(files / dataset.file, dataset.format):
            for f in secret:
                raw = (row.get(f.column) or "").strip()
                if is_missing(raw) or (f.semantic == "person_name" and len(raw) < 2):
                    continue
                found.add(raw)
                with contextlib.suppress(Invalid):
                    found.add(str(get(f.semantic).clean(raw)))
    return found


def leaks(page: Page, secrets: set[str]) -> list[str]:
    text = page.locator("body").inner_text()
    assert text.strip(), page.url
    return shown(text, secrets)


def shown(text: str, secrets: set[str]) -> list[str]:
    """The secrets that occur in ``text``: every piece of the text as long as some secret,
    looked up in the set (a page of 50 k characters against 15 k secrets: 20 ms, where asking
    ``secret in text`` of each took 350 ms, on every page the browser tests open)."""
    lengths = {len(s) for s in secrets}
    pieces = {text[i : i + n] for n in lengths for i in range(len(text) - n + 1)}
    return sorted(pieces & secrets)
