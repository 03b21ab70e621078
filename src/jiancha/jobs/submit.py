"""Submitting jobs: everything that can be checked at once is checked before the job is queued
(who may, the dataset name, the file's format, encoding and sheet; the model, its parameters and
the grants it needs), so that a request is refused at once rather than by a failed job.

The worker checks permissions and grants again when it runs the job. Must not touch: running a
job (``kinds``) or the API's request handling (``jiancha.api.job_routes``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from jiancha import catalogue, clock
from jiancha.catalogue.importer import check_name
from jiancha.errors import Forbidden, JianchaError, NotFound
from jiancha.governance.access import require_grants
from jiancha.governance.breaker import refuse_if_suspended
from jiancha.governance.orgs import subtree_ids
from jiancha.governance.roles import require
from jiancha.jobs.kinds import UPLOADS
from jiancha.jobs.queue import enqueue
from jiancha.jobs.views import job_out
from jiancha.modelling.parameters import resolve
from jiancha.runs import installed
from jiancha.store import Dataset, Org, Store, User, Workspace


class BadParameter(JianchaError):
    """A run's parameter (``name``) that the model does not have, or whose value is not of
    its type."""

    def __init__(self, name: str, error: JianchaError) -> None:
        super().__init__(error.message, hint=error.hint)
        self.name = name


def upload_folder(workspace: Workspace) -> Path:
    """A new folder for one uploaded file (``jobs/uploads/<random>/``)."""
    folder = workspace.resolve(UPLOADS) / uuid.uuid4().hex
    folder.mkdir(parents=True)
    return folder


def _may_import_into(store: Store, user: User, name: str) -> None:
    """A dataset owned by an office outside the user's subtree cannot get a new version."""
    with store.session() as session:
        dataset = session.scalar(select(Dataset).where(Dataset.name == name))
        if dataset is None or dataset.org_id is None or user.org_id is None:
            return
        org = session.get(Org, user.org_id)
        if org is not None and dataset.org_id not in subtree_ids(session, org):
            raise Forbidden(f"数据集“{name}”属于其他检察院，不能由本院导入新版本")


def submit_import(
    store: Store,
    user: User,
    path: Path,
    name: str,
    encoding: str | None = None,
    sheet: str | None = None,
) -> dict[str, Any]:
    """Queue the import of ``path`` (an upload in its own folder, named as it was sent) as the
    next version of ``name``; the folder is removed if the import is refused now."""
    try:
        require(user, "datasets.import")
        name = check_name(name)
        _may_import_into(store, user, name)
        try:
            catalogue.open_file(path, encoding=encoding or None, sheet=sheet or None)
        except JianchaError as error:
            shown = str(error.message).replace(f"{path.parent}/", "")
            raise JianchaError(shown, hint=error.hint) from None
        relative = path.relative_to(store.workspace.home).as_posix()
        payload: dict[str, Any] = {"upload": relative, "filename": path.name, "name": name}
        payload |= {"encoding": encoding or None, "sheet": sheet or None}
        job = enqueue(
            store,
            kind="import",
            subject=name,
            title=f"导入 {path.name} 为 {name}",
            payload=payload,
            created_by=user.username,
            org_id=user.org_id,
        )
    except BaseException:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise
    return job_out(job, None, cancellable=True) | _office(store, user)


def submit_run(
    store: Store,
    user: User,
    slug: str,
    parameters: dict[str, Any],
    engine: str = "duckdb",
    as_of: dt.date | None = None,
    org: str | None = None,
) -> dict[str, Any]:
    """Queue a run of ``org``'s adoption of model ``slug`` (else the only one, else the user's
    office's) by ``user``: parameters (``BadParameter``) and grants are checked now, and again
    when the run starts."""
    require(user, "models.run")
    refuse_if_suspended(user)
    model, compiled = installed(store, slug, org, prefer=user.org_id)
    day = as_of or clock.china_today()
    for name, value in parameters.items():  # one at a time: the error names its parameter
        try:
            resolve(compiled.spec.parameters, {name: value}, day)
        except JianchaError as error:
            raise BadParameter(name, error) from None
    with store.session() as session:
        fresh = session.get(User, user.id)
        if fresh is None:
            raise NotFound(f"用户“{user.username}”不存在")
        datasets = [b["dataset"] for b in model.bindings.values()]
        require_grants(session, fresh, datasets, model=model)
    with store.session() as session:
        office = None if model.org_id is None else session.get(Org, model.org_id)
    payload: dict[str, Any] = {"model": slug, "parameters": parameters, "engine": engine}
    payload["org"] = None if office is None else office.code
    payload["as_of"] = None if as_of is None else as_of.isoformat()
    job = enqueue(
        store,
        kind="run",
        subject=slug,
        title=f"运行模型 {compiled.spec.name}",
        payload=payload,
        created_by=user.username,
        org_id=user.org_id,
    )
    return job_out(job, None, cancellable=True) | _office(store, user)


def _office(store: Store, user: User) -> dict[str, Any]:
    with store.session() as session:
        org = None if user.org_id is None else session.get(Org, user.org_id)
        return {"office": None if org is None else org.code, "office_name": org and org.name}
