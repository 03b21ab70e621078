"""What each kind of job does: an import of an uploaded file, or a run of a model — by calling
the very code the command line calls (``catalogue.import_source``, ``runs.run_model``), as the
job's creator, with the progress they report passed on to the job. A new dataset version
queues the runs of the schedules that wait for one (``scheduler.enqueue_on_new_version``, 即时).

Must not touch: the queue (``jobs.queue``) or how errors become the job's state (``worker``).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict

from jiancha import catalogue
from jiancha.jobs.counted import IMPORT_STAGES, Counted
from jiancha.jobs.progress import Reporter
from jiancha.jobs.scheduler import enqueue_on_new_version
from jiancha.runs import run_model
from jiancha.runs.triggers import after_import, brief
from jiancha.store import Job, Store

UPLOADS = "jobs/uploads"
"""Where uploaded files wait for their import job, relative to the workspace (one folder
each, removed when the job ends)."""
RUN_STAGES = {"prepare": "准备数据", "leads": "写入线索"}
DOCUMENT_STAGES = {"extract": "抽取文书", "import": "导入数据集"}
DONE = "已完成"
AUDIT = {
    "import": ("import", "dataset", "name"),
    "run": ("run", "model", "model"),
    "documents_import": ("import", "dataset", "name"),
}
"""Per kind: the audit kind, object type and payload key of the entry a failed job gets."""


class AuditedAs(TypedDict):
    actor: str
    action: str
    object_type: str
    object_id: str


def audited_as(job: Job) -> AuditedAs:
    """Who, what and which object the audit entry of ``job``'s failure or interruption names."""
    action, object_type, key = AUDIT[job.kind]
    return AuditedAs(
        actor=job.created_by,
        action=action,
        object_type=object_type,
        object_id=str(job.payload.get(key)),
    )


def upload_folder(store: Store, job: Job) -> Path:
    return upload_of(store, job.payload)


def upload_of(store: Store, payload: dict[str, Any]) -> Path:
    """The folder of a job's uploaded file (or files), from its payload."""
    return store.workspace.resolve(str(payload["upload"])).parent


def run_import(store: Store, job: Job, reporter: Reporter) -> dict[str, Any]:
    """Import the job's uploaded file; its folder is removed however the import ends."""
    payload, folder = job.payload, upload_folder(store, job)
    try:
        source = catalogue.open_file(
            store.workspace.resolve(str(payload["upload"])),
            encoding=payload.get("encoding"),
            sheet=payload.get("sheet"),
        )
        source.display_name = str(payload["filename"])
        counted = Counted(source, reporter)
        done = catalogue.import_source(store, counted, str(payload["name"]), actor=job.created_by)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    triggered = after_import(store, done.name, account=job.created_by)
    scheduled = enqueue_on_new_version(store, done.name)
    reporter.state.update(stage=DONE, fraction=1.0)
    return {
        "triggered_runs": [brief(t) for t in triggered],
        "scheduled_jobs": scheduled,
        "dataset": done.name,
        "version": done.version,
        "rows": done.rows,
        "rejected": 0,  # the importer never drops a row: a row it cannot read fails the import
        "invalid": done.invalid,
        "format": done.source_format,
        "encoding": done.encoding,
        "seconds": round(done.seconds, 3),
    }


def _run_progress(reporter: Reporter) -> Callable[[str, dict[str, int]], None]:
    def tell(stage: str, figures: dict[str, int]) -> None:
        if stage == "execute":
            total = figures["steps_total"]
            reporter.update(
                force=True, stage=f"执行模型（共 {total} 步）", fraction=0.1, **_only(figures)
            )
        elif stage == "leads":
            reporter.update(force=True, stage=RUN_STAGES["leads"], fraction=0.7, **_only(figures))
        elif stage == "commit":  # inside the leads' transaction: read, never write
            reporter.check()
        elif stage == "done":
            reporter.state.update(stage=DONE, fraction=1.0, **_only(figures))

    return tell


def _only(figures: dict[str, int]) -> dict[str, int]:
    known = ("rows_read", "steps_done", "steps_total", "leads_written")
    return {k: v for k, v in figures.items() if k in known}


def run_run(store: Store, job: Job, reporter: Reporter) -> dict[str, Any]:
    """Run the job's model as its creator (grants checked again now), or as the workspace's
    operator for a schedule the operator made; incrementally if its schedule says so."""
    payload = job.payload
    as_of = payload.get("as_of")
    account = None if payload.get("as_operator") else job.created_by
    done = run_model(
        store,
        str(payload["model"]),
        dict(payload.get("parameters") or {}),
        str(payload.get("engine") or "duckdb"),
        dt.date.fromisoformat(as_of) if as_of else None,
        account=account,
        progress=_run_progress(reporter),
        org=payload.get("org"),
        incremental=bool(payload.get("incremental")),
    )
    keys = ("run_id", "leads", "new", "seen_again", "no_longer_hit", "rows_read", "seconds")
    return {k: done[k] for k in keys}


def run_documents_import(store: Store, job: Job, reporter: Reporter) -> dict[str, Any]:
    """Import the job's uploaded documents (``documents.intake``) as its creator, who also
    runs the models marked to run on import; the upload's folder is removed however it ends."""
    from jiancha.documents.intake import import_documents

    payload, folder = job.payload, upload_folder(store, job)

    def tell(stage: str, count: int) -> None:
        if stage == "extract":
            reporter.update(stage=DOCUMENT_STAGES["extract"], rows_read=count)
        else:
            reporter.update(force=True, stage=DOCUMENT_STAGES["import"], fraction=0.8)

    try:
        done = import_documents(
            store,
            store.workspace.resolve(str(payload["upload"])),
            str(payload["name"]),
            skip_errors=bool(payload.get("skip_errors")),
            actor=job.created_by,
            account=job.created_by,
            progress=tell,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    reporter.state.update(stage=DONE, fraction=1.0)
    return done | {"scheduled_jobs": enqueue_on_new_version(store, str(payload["name"]))}


EXECUTORS: dict[str, Callable[[Store, Job, Reporter], dict[str, Any]]] = {
    "import": run_import,
    "run": run_run,
    "documents_import": run_documents_import,
}
FIRST_STAGE = {
    "import": IMPORT_STAGES["open"],
    "run": RUN_STAGES["prepare"],
    "documents_import": DOCUMENT_STAGES["extract"],
}
