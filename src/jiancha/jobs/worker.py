"""The worker: a daemon thread that claims queued jobs one at a time and runs them.

Each job runs as its creator, under an audit origin ``job:<id>`` (``governance.audit``), so the
entries the import and run code write say who and from where exactly as their synchronous
paths do; a job that fails without its code having recorded the failure gets one entry of its
kind marked ``failed`` (or ``killed``), as the command line's trail does for a refused command.
``jiancha serve`` starts one worker with the server and stops it on shutdown; ``jiancha worker``
runs one alone. Must not touch: what a kind of job does (``kinds``).
"""

from __future__ import annotations

import logging
import signal
import threading
import traceback
from typing import Any

from jiancha.errors import JianchaError
from jiancha.governance import audit
from jiancha.governance.masking import mask_text
from jiancha.jobs.kinds import AUDIT, EXECUTORS, FIRST_STAGE, upload_folder
from jiancha.jobs.progress import Reporter
from jiancha.jobs.queue import claim, fail, finish
from jiancha.store import Job, Store, Workspace, open_store

POLL_SECONDS = 0.5
UNEXPECTED = "任务执行时发生内部错误，详细错误已记录，请联系系统管理员"
log = logging.getLogger("jiancha.jobs")


def run_next(store: Store) -> int | None:
    """Claim and run the oldest queued job; its id, or None if the queue was empty."""
    job = claim(store)
    if job is None:
        return None
    reporter = Reporter(store, job.id, FIRST_STAGE[job.kind])
    reporter.update(force=True)
    origin = audit.begin(f"job:{job.id}", actor=job.created_by)
    try:
        result = EXECUTORS[job.kind](store, job, reporter)
    except BaseException as error:
        message = _message(store, job, error)
        fail(store, job.id, reporter.state, message, _detail(error))
        if not origin.settled:
            _record_failure(store, job, error, message)
        if not isinstance(error, Exception):
            raise
        log.info("job %s failed: %s", job.id, message)
    else:
        finish(store, job.id, reporter.state, result)
    finally:
        audit.end()
    return job.id


def _message(store: Store, job: Job, error: BaseException) -> str:
    """The Chinese message the job's user reads: the capability's own words (naming the line
    or value at fault), without the workspace's folders, ID and mobile numbers masked (the
    office's other users may read the job); a generic one for anything else."""
    if isinstance(error, JianchaError):
        text = str(error)
        if job.kind in ("import", "documents_import"):
            text = text.replace(f"{upload_folder(store, job)}/", "")
        return mask_text(text)
    if not isinstance(error, Exception):
        return "任务被中止"
    return UNEXPECTED


def _detail(error: BaseException) -> str:
    return mask_text("".join(traceback.format_exception_only(type(error), error)).strip()[:4000])


def _record_failure(store: Store, job: Job, error: BaseException, message: str) -> None:
    action, object_type, key = AUDIT[job.kind]
    detail: dict[str, Any] = {"job": job.id}
    if job.kind in ("import", "documents_import"):
        detail["source"] = job.payload.get("filename")
    audit.record_now(
        store,
        actor=job.created_by,
        action=action,
        object_type=object_type,
        object_id=str(job.payload.get(key)),
        detail=detail,
        result="failed" if isinstance(error, Exception) else "killed",
        refusal=message,
    )


class Worker:
    """Runs queued jobs in a daemon thread until stopped. With ``owned`` the worker closes the
    store when it stops."""

    def __init__(self, store: Store, *, poll: float = POLL_SECONDS, owned: bool = False) -> None:
        self.store, self.poll, self.owned = store, poll, owned
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="jiancha-worker", daemon=True)

    def start(self) -> Worker:
        self._thread.start()
        return self

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the thread to stop once its current job ends, and wait for it."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self.owned:
            self.store.close()

    def run_until_stopped(self) -> None:
        """Run jobs (``jiancha worker``) until Ctrl+C or SIGTERM, then stop after the current
        one. The signals only set the stop flag: a KeyboardInterrupt raised inside
        ``Thread.join`` can leave the thread's lock held, and a later join would never end."""
        previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        for s in previous:
            signal.signal(s, lambda *_: self._stop.set())
        self.start()
        try:
            while self._thread.is_alive():
                self._thread.join(0.5)
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
            self.stop(timeout=None)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                ran = run_next(self.store)
            except Exception:  # the thread must outlive any one failure (e.g. store gone)
                log.exception("background job worker: unexpected error")
                ran = None
            if ran is None:
                self._stop.wait(self.poll)


def start_worker(workspace: Workspace) -> Worker:
    """Open the workspace's store (migrated and recovered here, before any server opens it)
    and start a worker thread on it."""
    return Worker(open_store(workspace), owned=True).start()
