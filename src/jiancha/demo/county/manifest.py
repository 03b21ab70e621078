"""What a generated county contains: ``manifest.json`` and ``ground_truth.csv``.

Owns: :class:`CountyManifest` (seed, scale, as-of date, generator version; per dataset its file,
format, rows and the count of every kind of messy or unreadable value written; per document set
its file or folder and number of documents; per template the planted violations and
near-misses) and the ground-truth file (``template, subject_type,
subject_key, reason``, keys in their standard form). Both are written deterministically.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
GROUND_TRUTH = "ground_truth.csv"
TRUTH_HEADER = ("template", "subject_type", "subject_key", "reason")


@dataclass(frozen=True)
class DatasetFacts:
    name: str
    file: str
    format: str
    rows: int
    noise: dict[str, int]


@dataclass(frozen=True)
class DocumentFacts:
    """A set of generated legal documents: its dataset name, file or folder, and size."""

    name: str
    path: str
    documents: int


@dataclass(frozen=True)
class CountyManifest:
    seed: int
    scale: int
    as_of: date
    version: str
    datasets: tuple[DatasetFacts, ...]
    planted: dict[str, int]
    near_misses: dict[str, int]
    documents: tuple[DocumentFacts, ...] = ()

    def dataset(self, name: str) -> DatasetFacts:
        return next(d for d in self.datasets if d.name == name)

    def as_json(self) -> dict[str, Any]:
        return {
            "generator": "jiancha.demo.county",
            "version": self.version,
            "seed": self.seed,
            "scale": self.scale,
            "as_of": self.as_of.isoformat(),
            "datasets": [
                {
                    "name": d.name,
                    "file": d.file,
                    "format": d.format,
                    "rows": d.rows,
                    "noise": dict(sorted(d.noise.items())),
                }
                for d in self.datasets
            ],
            "documents": [
                {"name": d.name, "path": d.path, "documents": d.documents} for d in self.documents
            ],
            "templates": {
                t: {"planted": n, "near_misses": self.near_misses.get(t, 0)}
                for t, n in self.planted.items()
            },
            "ground_truth": GROUND_TRUTH,
        }

    def write(self, out: Path) -> None:
        text = json.dumps(self.as_json(), ensure_ascii=False, indent=2) + "\n"
        (out / MANIFEST).write_text(text, encoding="utf-8")

    @classmethod
    def load(cls, out: Path) -> CountyManifest:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        datasets = tuple(
            DatasetFacts(d["name"], d["file"], d["format"], int(d["rows"]), dict(d["noise"]))
            for d in data["datasets"]
        )
        templates = data["templates"]
        documents = tuple(
            DocumentFacts(d["name"], d["path"], int(d["documents"]))
            for d in data.get("documents", [])
        )
        return cls(
            seed=int(data["seed"]),
            scale=int(data["scale"]),
            as_of=date.fromisoformat(data["as_of"]),
            version=str(data["version"]),
            datasets=datasets,
            planted={t: int(v["planted"]) for t, v in templates.items()},
            near_misses={t: int(v["near_misses"]) for t, v in templates.items()},
            documents=documents,
        )


def write_ground_truth(
    out: Path, rows: list[tuple[str, str, str, str]], order: tuple[str, ...]
) -> None:
    rank = {t: i for i, t in enumerate(order)}
    ordered = sorted(rows, key=lambda r: (rank[r[0]], r[2]))
    with (out / GROUND_TRUTH).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TRUTH_HEADER)
        writer.writerows(ordered)


def read_ground_truth(out: Path) -> list[dict[str, str]]:
    with (out / GROUND_TRUTH).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
