"""How a job that did not succeed ends: the message its user reads (the capability's own, with
the upload's folder left out and ID and mobile numbers masked), the raw error for administrators,
whether it stopped because it was cancelled, and the audit entry of a failure its code did not
record. Must not touch: the job's status (``queue``).
"""

from __future__ import annotations

import traceback
from typing import Any

from jiancha.errors import JianchaError
from jiancha.governance import audit
from jiancha.governance.masking import mask_text
from jiancha.jobs.kinds import audited_as, upload_folder
from jiancha.jobs.progress import JobCancelled
from jiancha.store import Job, Store

UNEXPECTED = "任务执行时发生内部错误，详细错误已记录，请联系系统管理员"


def cancelled(error: BaseException) -> bool:
    """Whether the job stopped because its cancellation was asked for (however wrapped)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, JobCancelled):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def message(store: Store, job: Job, error: BaseException) -> str:
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


def detail(error: BaseException) -> str:
    return mask_text("".join(traceback.format_exception_only(type(error), error)).strip()[:4000])


def record_failure(store: Store, job: Job, error: BaseException, message: str) -> None:
    detail: dict[str, Any] = {"job": job.id}
    if job.kind in ("import", "documents_import"):
        detail["source"] = job.payload.get("filename")
    audit.record_now(
        store,
        **audited_as(job),
        detail=detail,
        result="failed" if isinstance(error, Exception) else "killed",
        refusal=message,
    )
