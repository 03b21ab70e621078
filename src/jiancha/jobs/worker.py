"""The worker: a daemon thread that claims queued jobs one at a time and runs them, beating
the job's heart meanwhile (``heartbeat``); between jobs it queues the schedules' due firings
(``scheduler``) and, every ``RECOVER_SECONDS``, recovers the jobs of dead workers (``recovery``)
and indexes for search the lead titles a run could not (``leads.search_index``: store busy).

Each job runs as its creator, under an audit origin ``job:<id>`` (``governance.audit``), so the
entries the import and run code write say who and from where exactly as their synchronous
paths do; a job that fails without its code having recorded the failure gets one entry of its
kind marked ``failed`` (or ``killed``), as the command line's trail does for a refused command.
A job stopped by its cancellation (``progress.JobCancelled``) ends ``cancelled``.
``jiancha serve`` starts one worker with the server and stops it on shutdown; ``jiancha worker``
runs one alone. Must not touch: what a kind of job does (``kinds``).
"""

from __future__ import annotations

import logging
import shutil
import signal
import threading
import time

from jiancha.governance import audit
from jiancha.jobs.failures import cancelled, detail, message, record_failure
from jiancha.jobs.heartbeat import BEAT_SECONDS, Heartbeat
from jiancha.jobs.kinds import EXECUTORS, FIRST_STAGE, upload_folder
from jiancha.jobs.progress import CANCELLED, Reporter
from jiancha.jobs.queue import claim, fail, finish
from jiancha.jobs.recovery import mark_interrupted
from jiancha.jobs.scheduler import enqueue_due
from jiancha.leads.search_index import catch_up
from jiancha.store import Job, Store, Workspace, open_store

POLL_SECONDS = 0.5
RECOVER_SECONDS = 30.0
log = logging.getLogger("jiancha.jobs")


def run_next(store: Store, *, beat: float = BEAT_SECONDS) -> int | None:
    """Claim and run the oldest queued job; its id, or None if the queue was empty."""
    job = claim(store)
    if job is None:
        return None
    with Heartbeat(store, job.id, beat):
        execute(store, job)
    return job.id


def execute(store: Store, job: Job) -> None:
    """Run a claimed job to its end: succeeded, failed or cancelled."""
    reporter = Reporter(store, job.id, FIRST_STAGE[job.kind])
    origin = audit.begin(f"job:{job.id}", actor=job.created_by)
    try:
        reporter.update(force=True)
        result = EXECUTORS[job.kind](store, job, reporter)
    except BaseException as error:
        stopped = cancelled(error)
        shown = CANCELLED if stopped else message(store, job, error)
        status = "cancelled" if stopped else "failed"
        fail(store, job.id, reporter.state, shown, detail(error), status)
        if job.kind in ("import", "documents_import"):  # stopped before its import began
            shutil.rmtree(upload_folder(store, job), ignore_errors=True)
        if not origin.settled:
            record_failure(store, job, error, shown)
        if not isinstance(error, Exception):
            raise
        log.info("job %s %s: %s", job.id, status, shown)
    else:
        finish(store, job.id, reporter.state, result)
    finally:
        audit.end()


class Worker:
    """Runs queued jobs in a daemon thread until stopped. With ``owned`` the worker closes the
    store when it stops."""

    def __init__(
        self,
        store: Store,
        *,
        poll: float = POLL_SECONDS,
        owned: bool = False,
        beat: float = BEAT_SECONDS,
        recover: float = RECOVER_SECONDS,
    ) -> None:
        self.store, self.poll, self.owned = store, poll, owned
        self.beat, self.recover = beat, recover
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
        recovered = time.monotonic()
        while not self._stop.is_set():
            try:
                if time.monotonic() - recovered >= self.recover:
                    recovered = time.monotonic()
                    mark_interrupted(self.store)
                    catch_up(self.store.engine)  # titles a busy store left out of the search index
                enqueue_due(self.store)
                ran = run_next(self.store, beat=self.beat)
            except Exception:  # the thread must outlive any one failure (e.g. store gone)
                log.exception("background job worker: unexpected error")
                ran = None
            if ran is None:
                self._stop.wait(self.poll)


def start_worker(workspace: Workspace) -> Worker:
    """Open the workspace's store (migrated and recovered here, before any server opens it)
    and start a worker thread on it."""
    return Worker(open_store(workspace), owned=True).start()
