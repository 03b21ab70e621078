"""Speed and accuracy of the judgment extractor on the 200 corpus judgments (one core).

Run: ``.venv/bin/python benchmarks/documents_bench.py [N]`` (N passes, default 5).
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from pathlib import Path

from jiancha.documents.extraction import extract
from jiancha.documents.extraction.scoring import format_table, load_jsonl, score

ROOT = Path(__file__).resolve().parent.parent / "tests" / "documents"


def main(passes: int) -> None:
    rows = [json.loads(line) for line in (ROOT / "corpus" / "real-judgments.jsonl").open()]
    texts = {row["id"]: row["text"] for row in rows}
    extract(rows[0]["id"], rows[0]["text"])  # warm the caches
    started = time.perf_counter()
    for _ in range(passes):
        for row in rows:
            extract(row["id"], row["text"])
    elapsed = time.perf_counter() - started
    count = passes * len(rows)
    tracemalloc.start()
    for row in rows:
        extract(row["id"], row["text"])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"documents: {count} ({passes} passes over {len(rows)})")
    print(f"documents/second: {count / elapsed:.0f}")
    print(f"mean ms per document: {1000 * elapsed / count:.2f}")
    print(f"peak memory (tracemalloc, one pass): {peak / 1024:.0f} KiB")
    for name in ("dev.jsonl", "dev2.jsonl", "check.jsonl"):
        path = ROOT / "labels" / name
        if path.exists():
            table, _ = score(load_jsonl(path), lambda doc_id: extract(doc_id, texts[doc_id]))
            print(format_table(name, table))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
