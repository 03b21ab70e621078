"""What the intake tests share: documents from the real corpus, written as the files people have."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "real-judgments.jsonl"


def corpus_docs(count: int, start: int = 0) -> list[tuple[str, str]]:
    """(id, text) of ``count`` real judgments from line ``start`` (0-based) of the corpus."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[start : start + count]
    records = [json.loads(line) for line in lines]
    return [(r["id"], r["text"]) for r in records]


def jsonl(path: Path, docs: list[tuple[str, str]], *extra: str) -> Path:
    """A JSON Lines file of ``docs`` followed by the raw ``extra`` lines."""
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in docs]
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return path


def corpus_lines(folder: Path, count: int, start: int = 0) -> Path:
    """A JSON Lines file of ``count`` real judgments, in ``folder``."""
    return jsonl(folder / f"judgments-{start}-{count}.jsonl", corpus_docs(count, start))
