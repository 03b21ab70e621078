"""The demo county's legal documents: reproducible, planted as the truth says, and readable.

The strongest check reads every generated 起诉意见书, 起诉书 and 刑事判决书 back with the real
extractor (``jiancha.documents.extraction.extract``) and compares each field with the facts the
generator wrote them from; the rules of the twelve document templates are recomputed in plain
Python from those facts and must give exactly the ground truth. End to end, the demo imports the
three sets through the documents intake, runs the templates and scores them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import docx
import pytest

from jiancha.demo.county import CountyManifest, generate_county, read_ground_truth
from jiancha.demo.county.core import DOCUMENT_TEMPLATES, County
from jiancha.demo.county.documents import SETS, texts
from jiancha.demo.county.documents_facts import INDICTMENT, JUDGMENT, POLICE
from jiancha.demo.county.generate import build
from jiancha.documents.extraction import extract
from tests.demo.documents_expected import expected, mismatches, violations

AS_OF = dt.date(2025, 6, 30)
SCALE = 1_000


@pytest.fixture(scope="module")
def county() -> County:
    return build(SCALE, 11, AS_OF)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("county-documents")
    generate_county(out, scale=SCALE, seed=11, as_of=AS_OF)
    return out


def _tree(folder: Path) -> dict[str, bytes]:
    names = [s.path for s in SETS] + ["ground_truth.csv", "manifest.json"]
    found = {}
    for name in names:
        path = folder / name
        for f in sorted(path.iterdir()) if path.is_dir() else [path]:
            found[str(f.relative_to(folder))] = f.read_bytes()
    return found


def test_same_seed_same_documents(files: Path, tmp_path: Path) -> None:
    generate_county(tmp_path / "again", scale=SCALE, seed=11, as_of=AS_OF)
    generate_county(tmp_path / "other", scale=SCALE, seed=12, as_of=AS_OF)
    first, again, other = _tree(files), _tree(tmp_path / "again"), _tree(tmp_path / "other")
    assert first == again
    kinds = Counter(Path(name).suffix for name in first if name.startswith("judgments/"))
    assert kinds[".txt"] > 0 and kinds[".docx"] > 0
    assert first["indictments.jsonl"] != other["indictments.jsonl"]


def test_files_hold_every_case_in_the_manifest(files: Path, county: County) -> None:
    manifest = CountyManifest.load(files)
    counts = {d.name: d.documents for d in manifest.documents}
    assert counts == {"起诉意见书": len(county.cases), "起诉书": len(county.cases),
                      "刑事判决书": len(county.cases)}  # fmt: skip
    assert len(county.cases) >= SCALE // 50
    for name in ("police_recommendations.jsonl", "indictments.jsonl"):
        lines = (files / name).read_text("utf-8").splitlines()
        assert len(lines) == len(county.cases)
        assert all(set(json.loads(line)) == {"id", "text"} for line in lines)
    written = texts(county, county.cases)[JUDGMENT]
    for doc_id, text in written:
        word = files / "judgments" / f"{doc_id}.docx"
        if word.exists():
            paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
            assert paragraphs == text.splitlines()
        else:
            assert (files / "judgments" / f"{doc_id}.txt").read_text("utf-8") == text


def test_truth_is_exactly_the_rules_recomputed_from_the_facts(files: Path, county: County) -> None:
    truth = {(r["template"], r["subject_key"]) for r in read_ground_truth(files)}
    planted = {t for t in truth if t[0] in DOCUMENT_TEMPLATES}
    assert planted == violations(county.cases)
    per_template = Counter(t for t, _ in planted)
    assert all(per_template[t] >= 3 for t in DOCUMENT_TEMPLATES), per_template
    manifest = CountyManifest.load(files)
    assert all(manifest.near_misses[t] >= 2 for t in DOCUMENT_TEMPLATES)


def test_near_misses_sit_at_the_bounds(county: County) -> None:
    """The legal bounds themselves occur and are not in the truth."""
    judged = [d for c in county.cases for d in c.in_doc(JUDGMENT)]
    seen = {(d.penalty.kind, d.penalty.months, d.penalty.probation) for d in judged}
    assert {("拘役", 6, None), ("有期徒刑", 6, None), ("有期徒刑", 180, None)} <= seen
    assert any(p[0] == "有期徒刑" and p[1] == 36 and p[2] for p in seen)
    assert any(len(d.charges(JUDGMENT)) > 1 and d.penalty.months > 180 for d in judged)
    assert any(d.recidivist and d.penalty.probation is None for d in judged)
    assert any(d.names for c in county.cases for d in c.defendants)


def test_extraction_reads_back_the_generated_facts(county: County) -> None:
    written = texts(county, county.cases)
    found: list[str] = []
    for doc in (POLICE, INDICTMENT, JUDGMENT):
        for case, (doc_id, text) in zip(county.cases, written[doc], strict=True):
            found += mismatches(doc_id, expected(case, doc), extract(doc_id, text))
    assert found == [], f"{len(found)} mismatches:\n" + "\n".join(found[:80])
