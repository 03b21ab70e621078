"""Queueing a documents import as a background job (kind ``documents_import``): who may, the
dataset's name and the uploaded files are checked at once; the job (``jobs.kinds``) does the
work. The upload is one JSON Lines file, or .txt/.docx files kept together in one folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from jiancha.catalogue.importer import check_name
from jiancha.documents.intake.reading import SUFFIXES
from jiancha.errors import JianchaError
from jiancha.governance.roles import require
from jiancha.jobs.queue import enqueue
from jiancha.jobs.submit import _may_import_into, _office
from jiancha.jobs.views import job_out
from jiancha.store import Store, User

KIND = "documents_import"
FOLDER = "documents"
"""The sub-folder of an upload's own folder that holds uploaded .txt/.docx files."""


def input_of(folder: Path, names: list[str]) -> Path:
    """Where the uploaded files ``names`` go inside ``folder`` and what the import reads: one
    JSON Lines file, or several .txt/.docx files in ``folder/documents/``."""
    if not names:
        raise JianchaError("请上传文书：一个 JSON Lines 文件，或若干 .txt/.docx 文件")
    suffixes = {Path(n).suffix.lower() for n in names}
    if suffixes <= {".jsonl", ".json"}:
        if len(names) > 1:
            raise JianchaError("只能上传一个 JSON Lines 文件")
        return folder / names[0]
    if not suffixes <= set(SUFFIXES):
        odd = [n for n in names if Path(n).suffix.lower() not in SUFFIXES]
        raise JianchaError(
            f"不支持的文件：{'、'.join(odd[:5])}",
            hint="请上传一个 JSON Lines 文件，或若干 .txt/.docx 文件",
        )
    if len(set(names)) < len(names):
        raise JianchaError("上传的文件中有重名的文件")
    return folder / FOLDER


def submit_documents(
    store: Store, user: User, target: Path, name: str, skip_errors: bool = False, label: str = ""
) -> dict[str, Any]:
    """Queue the import of ``target`` (inside an upload folder of its own, which is removed if
    the job is refused now) as the next version of ``name``."""
    folder = target.parent
    try:
        require(user, "datasets.import")
        name = check_name(name)
        _may_import_into(store, user, name)
        relative = target.relative_to(store.workspace.home).as_posix()
        shown = label or target.name
        payload = {"upload": relative, "filename": shown, "name": name}
        job = enqueue(
            store,
            kind=KIND,
            subject=name,
            title=f"导入文书 {shown} 为 {name}",
            payload=payload | {"skip_errors": skip_errors},
            created_by=user.username,
            org_id=user.org_id,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job_out(job, None) | _office(store, user)
