"""What a running job reports: its stage and figures, written to the store at most 4 times a
second (the console polls them; the command line draws them as a bar).

Must not touch: the job's status (``jobs.queue`` finishes it) or the work itself.
"""

from __future__ import annotations

import time
from typing import Any

from jiancha.jobs.queue import report
from jiancha.store import Store

INTERVAL = 0.25
"""Seconds between two progress writes of one job (at most 4 a second)."""
FIGURES = ("rows_read", "steps_done", "steps_total", "leads_written")


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
        """Change the stage or figures; written now if forced or if the last write is old."""
        self.state.update(changes)
        now = time.monotonic()
        if force or now - self._written >= INTERVAL:
            self._written = now
            report(self.store, self.job_id, dict(self.state))
