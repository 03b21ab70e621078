"""What a running job reports: its stage and figures, written to the store at most 4 times a
second (the console polls them; the command line draws them as a bar). Each write also reads
whether the job's cancellation was asked for (``jobs.cancel``): if so, the report raises
``JobCancelled``, and the import or run stops by its own error path (nothing half-written kept);
``check`` asks the same without writing (a run's last check, inside its leads' transaction).

Must not touch: the job's status (``jobs.queue`` finishes it) or the work itself.
"""

from __future__ import annotations

import time
from typing import Any

from jiancha.errors import JianchaError
from jiancha.jobs.queue import cancel_asked, report
from jiancha.store import Store

CANCELLED = "任务已取消"

INTERVAL = 0.25
"""Seconds between two progress writes of one job (at most 4 a second)."""
FIGURES = ("rows_read", "steps_done", "steps_total", "leads_written")


class JobCancelled(JianchaError):
    """The job's cancellation was asked for: raised at its next progress report."""

    def __init__(self, job_id: int) -> None:
        super().__init__(CANCELLED, hint=f"任务 #{job_id} 已按要求停止，未保存任何结果")
        self.job_id = job_id


def blank(stage: str) -> dict[str, Any]:
    """Progress with nothing done yet."""
    return {"stage": stage, **dict.fromkeys(FIGURES, 0), "fraction": None}


class Reporter:
    """The progress of one running job, written through (throttled) as it changes."""

    def __init__(self, store: Store, job_id: int, stage: str) -> None:
        self.store, self.job_id = store, job_id
        self.state = blank(stage)
        self._written = 0.0

    def update(self, *, force: bool = False, **changes: Any) -> None:
        """Change the stage or figures; written now if forced or if the last write is old —
        and then ``JobCancelled`` raised if the job's cancellation was asked for."""
        self.state.update(changes)
        now = time.monotonic()
        if force or now - self._written >= INTERVAL:
            self._written = now
            if report(self.store, self.job_id, dict(self.state)):
                raise JobCancelled(self.job_id)

    def check(self) -> None:
        """Raise ``JobCancelled`` if the job's cancellation was asked for, writing nothing (the
        work may hold a write transaction open: a run's last check, before its leads commit)."""
        if cancel_asked(self.store, self.job_id):
            raise JobCancelled(self.job_id)
