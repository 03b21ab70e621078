"""``documents import`` and ``documents rules`` on the command line: the review templates are
installed on the judgments dataset, and the next import runs them (run on import)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from jiancha.cli import app
from jiancha.store import AuditEntry, Store, SupervisionModel, Workspace
from jiancha.templates import load_templates
from tests.documents.intake.helpers import corpus_lines


def _cli(home: Path, *args: str) -> tuple[int, object]:
    result = CliRunner().invoke(app, ["--home", str(home), *args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_rules_installed_then_run_by_the_next_import(
    workspace: Workspace, store: Store, tmp_path: Path
) -> None:
    home = workspace.home
    code, first = _cli(
        home, "documents", "import", str(corpus_lines(tmp_path, 3)), "--name", "判决书"
    )
    assert code == 0 and isinstance(first, dict)
    assert (first["version"], first["documents"], first["runs"]) == (1, 3, [])
    code, installed = _cli(home, "documents", "rules", "--judgments", "判决书")
    assert code == 0 and isinstance(installed, list)
    review = sorted(t.id for t in load_templates() if t.id.startswith("review-"))
    assert sorted(m["id"] for m in installed) == review
    assert all(m["bindings"]["j"]["dataset"] == "判决书" for m in installed)
    with store.session() as session:
        slugs = set(session.scalars(select(SupervisionModel.slug)))
        kinds = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
    assert set(review) <= slugs
    assert kinds == ["import", "model_install"]  # one entry per command
    code, second = _cli(
        home, "documents", "import", str(corpus_lines(tmp_path, 4)), "--name", "判决书"
    )
    assert code == 0 and isinstance(second, dict) and second["version"] == 2
    assert sorted(r["model"] for r in second["runs"]) == review
    assert all("error" not in r for r in second["runs"]), second["runs"]


def test_three_documents_need_both_other_datasets(workspace: Workspace) -> None:
    code, refused = _cli(
        workspace.home, "documents", "rules", "--judgments", "判决书", "--police", "x"
    )
    assert code == 2 and isinstance(refused, dict)
    assert "同时给出 --indictments 和 --police" in refused["error"]
