"""Heartbeats of running jobs: while a job runs, a small thread of its worker refreshes the
job's ``heartbeat_at`` every few seconds, whatever the work reports, so that a job whose worker
died — on any host — is known by its stale heartbeat (``stale_seconds``; ``jobs.recovery``).

Must not touch: the job's status or progress.
"""

from __future__ import annotations

import logging
import os
import threading
from types import TracebackType

from jiancha.errors import JianchaError
from jiancha.jobs.queue import beat
from jiancha.store import Store

BEAT_SECONDS = 5.0
"""Seconds between two heartbeats of a running job."""
STALE_SECONDS = 120.0
"""A running job whose last heartbeat is older than this is taken for dead (by default)."""
STALE_VARIABLE = "JIANCHA_JOB_STALE_SECONDS"
log = logging.getLogger("jiancha.jobs")


def stale_seconds() -> float:
    """The limit of ``JIANCHA_JOB_STALE_SECONDS`` (default 120 s), or an error naming it."""
    raw = os.environ.get(STALE_VARIABLE, "").strip()
    if not raw:
        return STALE_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise JianchaError(f"{STALE_VARIABLE}=“{raw}”无效", hint="应为正数（秒），默认 120")
    return value


class Heartbeat:
    """``with Heartbeat(store, job_id):`` beats for the job until the block ends."""

    def __init__(self, store: Store, job_id: int, every: float = BEAT_SECONDS) -> None:
        self.store, self.job_id, self.every = store, job_id, every
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"jiancha-heartbeat-{job_id}", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            try:
                beat(self.store, self.job_id)
            except Exception:  # a missed beat is not fatal; many are (the job is recovered)
                log.warning("heartbeat of job %s not written", self.job_id, exc_info=True)
