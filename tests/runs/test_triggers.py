"""Models that run by themselves on import: only the run_on_import models bound to the imported
dataset run, each recorded as a run, and a model that fails does not fail the import."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from jiancha.catalogue.importer import current_user
from jiancha.governance import create_user
from jiancha.jobs.submit import submit_import
from jiancha.jobs.worker import run_next
from jiancha.modelling import install, load_spec
from jiancha.modelling.errors import SpecInvalid
from jiancha.runs.triggers import after_import, triggered_models
from jiancha.store import Job, Run, Store, SupervisionModel, open_store, open_workspace
from jiancha.templates import load_template
from tests.templates.test_document_templates import (
    INDICTMENT,
    JUDGMENT,
    binds,
    import_documents,
    indictment,
    judgment,
    write_documents,
)
from tests.test_cli import jiancha

RECIDIVIST = "review-probation-for-recidivist"
ADDED = "three-docs-defendant-added"
PASSWORD = "Jiancha-2025!"


def judgments() -> list[dict[str, Any]]:
    return [
        judgment(1, 累犯="是", 缓刑考验期月数=12),  # a recidivist on probation
        judgment(2, 起诉书文号="杭上检刑诉〔2024〕1号"),  # judged, not in indictment 1
    ]


def variant(template: str, slug: str, *, run_on_import: bool, extra: str = "") -> Any:
    """``template`` under another id, with run_on_import set (and ``extra`` steps appended)."""
    text = load_template(template).text.replace(f"id: {template}", f"id: {slug}")
    text = text.replace("run_on_import: true", f"run_on_import: {str(run_on_import).lower()}")
    return load_spec(text.replace("columns:", extra + "columns:", 1), slug)


def set_up(store: Store, tmp: Path) -> None:
    """Judgments and indictments; five models, of which two run on import of 刑事判决书."""
    import_documents(store, tmp, JUDGMENT, "刑事判决书", judgments())
    import_documents(
        store, tmp, JUDGMENT, "另一批判决书", [judgment(3, 累犯="是", 缓刑考验期月数=6)]
    )
    import_documents(store, tmp, INDICTMENT, "起诉书", [indictment(1, 1)])
    datasets = {JUDGMENT: "刑事判决书", INDICTMENT: "起诉书"}
    for spec in (load_template(RECIDIVIST), load_template(ADDED)):
        install(store, spec, binds(spec, datasets))
    manual = variant(RECIDIVIST, "recidivist-by-hand", run_on_import=False)
    install(store, manual, binds(manual, datasets))
    elsewhere = variant(RECIDIVIST, "recidivist-elsewhere", run_on_import=True)
    install(store, elsewhere, binds(elsewhere, {JUDGMENT: "另一批判决书"}))


def runs_of(store: Store) -> dict[str, list[Run]]:
    with store.session() as session:
        found: dict[str, list[Run]] = {}
        rows = session.execute(select(SupervisionModel.slug, Run).join(Run.model)).all()
        for slug, run in rows:
            found.setdefault(slug, []).append(run)
        return found


def test_only_run_on_import_models_bound_to_the_dataset_run(store: Store, tmp_path: Path) -> None:
    set_up(store, tmp_path)
    assert triggered_models(store, "刑事判决书") == [(RECIDIVIST, None), (ADDED, None)]
    assert triggered_models(store, "起诉书") == [(ADDED, None)]
    assert triggered_models(store, "另一批判决书") == [("recidivist-elsewhere", None)]
    summaries = after_import(store, "刑事判决书", account="王检察官")
    assert [s["model"] for s in summaries] == [RECIDIVIST, ADDED]
    assert all(s["triggered_by"] == "王检察官" and s["dataset"] == "刑事判决书" for s in summaries)
    by_model = {s["model"]: s for s in summaries}
    assert by_model[RECIDIVIST]["leads"] == 1 and by_model[ADDED]["leads"] == 1
    assert by_model[RECIDIVIST]["grants"] == [{"basis": "local_operator"}]
    runs = runs_of(store)
    assert set(runs) == {RECIDIVIST, ADDED}
    assert [r.status for r in runs[ADDED]] == ["succeeded"]


def test_a_failing_model_does_not_fail_the_import(store: Store, tmp_path: Path) -> None:
    set_up(store, tmp_path)
    broken = variant(
        RECIDIVIST,
        "recidivist-broken",
        run_on_import=True,
        extra='  - derive: {broken: "CAST(name AS INTEGER)"}\n    label: 把姓名当作数字\n',
    )
    install(store, broken, binds(broken, {JUDGMENT: "刑事判决书"}))
    import_documents(store, tmp_path, JUDGMENT, "刑事判决书", judgments())
    summaries = after_import(store, "刑事判决书", account=None)
    by_model = {s["model"]: s for s in summaries}
    assert set(by_model) == {RECIDIVIST, ADDED, "recidivist-broken"}
    assert by_model["recidivist-broken"]["error"].startswith("运行 #")
    assert by_model[RECIDIVIST]["leads"] == 1
    assert [r.status for r in runs_of(store)["recidivist-broken"]] == ["failed"]


def test_cli_import_prints_one_line_per_triggered_run(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    jiancha(home, "init")
    store = open_store(open_workspace(home))
    try:
        set_up(store, tmp_path)
    finally:
        store.close()
    upload = tmp_path / "upload"
    upload.mkdir()
    csv_path, schema = write_documents(upload, JUDGMENT, "新判决", judgments())
    args = ("dataset", "import", str(csv_path), "--name", "刑事判决书", "--schema", str(schema))
    shown = jiancha(home, *args, env={"COLUMNS": "200"}).stdout
    lines = [line for line in shown.splitlines() if line.startswith("自动运行模型")]
    assert lines == [
        f"自动运行模型 {RECIDIVIST}：线索 1 条（新增 1，再次命中 0，不再命中 0）",
        f"自动运行模型 {ADDED}：线索 1 条（新增 1，再次命中 0，不再命中 0）",
    ]
    again = json.loads(jiancha(home, *args, "--json").stdout)
    assert again["rows"] == 2
    assert [(r["model"], r["seen_again"], r["triggered_by"]) for r in again["triggered_runs"]] == [
        (RECIDIVIST, 1, current_user()),
        (ADDED, 1, current_user()),
    ]


def test_import_job_runs_the_models(sqlite_store: Store, tmp_path: Path) -> None:
    store = sqlite_store
    set_up(store, tmp_path)
    user = create_user(store, "importer", PASSWORD, role="admin", must_change=False)
    folder = store.workspace.home / "jobs" / "uploads" / "t1"
    folder.mkdir(parents=True)
    csv_path, _ = write_documents(tmp_path, JUDGMENT, "上传", judgments())
    upload = folder / "判决书.csv"
    shutil.copy(csv_path, upload)
    submitted = submit_import(store, user, upload, "刑事判决书")
    assert run_next(store) == submitted["id"]
    with store.session() as session:
        job = session.get(Job, submitted["id"])
        assert job is not None and job.status == "succeeded", job and job.error
        assert job.result is not None
        triggered = job.result["triggered_runs"]
    assert [t["model"] for t in triggered] == [RECIDIVIST, ADDED]
    assert [(t["leads"], t["new"]) for t in triggered] == [(1, 1), (1, 1)]
    assert all(t["text"].startswith(f"自动运行模型 {t['model']}：线索 1 条") for t in triggered)
    with store.session() as session:
        runs = session.scalars(select(Run).where(Run.id.in_([t["run_id"] for t in triggered])))
        assert [r.status for r in runs] == ["succeeded", "succeeded"]


def test_run_on_import_is_a_checked_boolean_defaulting_to_false() -> None:
    text = load_template(RECIDIVIST).text
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("run_on_import"))
    with pytest.raises(SpecInvalid) as refused:
        load_spec(text.replace("run_on_import: true", "run_on_import: 每次"), "bad")
    assert [(p.line, p.message) for p in refused.value.problems] == [
        (line, "`run_on_import`应为布尔值")
    ]
    assert not load_spec(text.replace("run_on_import: true\n", ""), "plain").run_on_import
    assert not load_template("fine-not-executed").run_on_import
