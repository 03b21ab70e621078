"""Background jobs (后台任务): imports and model runs that must not hold a request open.

Owns: the ``jobs`` table's life cycle — submitting (``submit``: checked at once, then queued),
claiming without two workers taking one job (``queue``), running it as its creator through the
same import and run code as the command line (``kinds``) in a daemon thread (``worker``) that
writes its progress at most 4 times a second (``progress``), the ``JobOut`` view a user may see
(``views``), cancelling (``cancel``: at once when queued, at the next progress report when
running), heartbeats of running jobs (``heartbeat``) and taking back jobs whose worker died —
queued again when they can be, else failed (``recovery``, ``failures``) — and schedules
(定时运行: ``schedules``, their cron expressions read by croniter in ``cron``, fired by any
worker exactly once and on a new version of a bound dataset by ``scheduler``).
Must not touch: how an import or a run works (``catalogue``, ``runs``) or HTTP (``api``).
"""

from jiancha.jobs.queue import STATUS_LABELS, claim, enqueue
from jiancha.jobs.submit import BadParameter, submit_import, submit_run, upload_folder
from jiancha.jobs.views import JobFilter, get_job, job_out, list_jobs
from jiancha.jobs.worker import Worker, run_next, start_worker

__all__ = [
    "STATUS_LABELS",
    "BadParameter",
    "JobFilter",
    "Worker",
    "claim",
    "enqueue",
    "get_job",
    "job_out",
    "list_jobs",
    "run_next",
    "start_worker",
    "submit_import",
    "submit_run",
    "upload_folder",
]
