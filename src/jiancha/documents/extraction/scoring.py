"""Per-field accuracy of the extractor against hand-written labels (tests/documents/labels)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jiancha.documents.extraction.text import number_key

DOCUMENT_FIELDS = ("case_number", "court", "procedure", "judgment_date", "prosecutor_office")
DEFENDANT_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "measures",
    "charges",
    "principal_penalty",
    "term_months",
    "probation_months",
    "fine_yuan",
    "detained_before_judgment",
    "recidivist",
)


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path.name} 第 {number} 行不是合法的 JSON：{error}") from error
    return rows


def _same(field: str, got: Any, want: Any) -> bool:
    if field == "case_number":
        return (
            isinstance(got, str) and isinstance(want, str) and number_key(got) == number_key(want)
        )
    if (
        isinstance(want, int | float)
        and isinstance(got, int | float)
        and not isinstance(want, bool)
    ):
        return abs(float(got) - float(want)) < 0.005
    return bool(got == want)


def score(
    labels: Iterable[dict[str, Any]], extracted: Callable[[str], dict[str, Any]]
) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Return field -> (right, total) and a list of the mismatches, one line each."""
    table: dict[str, list[int]] = {f: [0, 0] for f in (*DOCUMENT_FIELDS, *DEFENDANT_FIELDS)}
    misses: list[str] = []
    for label in labels:
        result = extracted(label["id"])
        for field in DOCUMENT_FIELDS:
            if field not in label:
                continue
            ok = _same(field, result.get(field), label[field])
            table[field][0] += ok
            table[field][1] += 1
            if not ok:
                misses.append(f"{label['id']} {field}: {result.get(field)!r} != {label[field]!r}")
        # Labels list natural persons only; corporate defendants (``unit``) are not scored.
        got = [d for d in result.get("defendants", []) if not d.get("unit")]
        for index, person in enumerate(label.get("defendants", [])):
            mine = got[index] if index < len(got) else {}
            for field in DEFENDANT_FIELDS:
                if field not in person:
                    continue
                ok = bool(mine) and _same(field, mine.get(field), person[field])
                table[field][0] += ok
                table[field][1] += 1
                if not ok:
                    misses.append(
                        f"{label['id']} #{index + 1} {field}: "
                        f"{mine.get(field)!r} != {person[field]!r}"
                    )
    return {f: (r, t) for f, (r, t) in table.items() if t}, misses


def format_table(title: str, table: dict[str, tuple[int, int]]) -> str:
    lines = [f"{title}", f"{'field':<26}{'right':>7}{'total':>7}{'accuracy':>10}"]
    for field, (right, total) in table.items():
        lines.append(f"{field:<26}{right:>7}{total:>7}{right / total:>10.3f}")
    return "\n".join(lines)
