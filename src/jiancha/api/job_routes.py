"""Routes of background jobs (后台任务): queue an import of an uploaded file or a run of a model
(answered 202 at once, with the queued job), list the jobs a user may see, read one, cancel one.

The work is done by the worker that ``jiancha serve`` starts (``jiancha.jobs``); these routes
only check, save the upload in the workspace and queue. Must not touch: running jobs.
"""

from __future__ import annotations

import shutil
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi import Form as FormField
from fastapi.exceptions import RequestValidationError

from jiancha import jobs
from jiancha.api.attachments import MAX_UPLOAD, safe_name
from jiancha.api.errors import (
    PRIVATE_ERRORS,
    TOO_LARGE,
    Refusal,
    Responses,
    ValidationErrorBody,
)
from jiancha.api.guards import too_large
from jiancha.api.job_schemas import JobId, JobOut, JobPage, JobRunForm
from jiancha.api.permissions import permission
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.scope import AdoptingOrg, visible_orgs
from jiancha.documents.intake.submit import FOLDER, input_of
from jiancha.documents.intake.submit import submit_documents as submit_documents_job
from jiancha.governance import audit
from jiancha.jobs.cancel import cancel_job
from jiancha.runs import show_model

router = APIRouter(
    prefix="/api/jobs",
    dependencies=[Depends(current_user)],
    responses=PRIVATE_ERRORS,
    tags=["后台任务"],
)
_BLOCK = 1 << 20
_INVALID: Responses = {422: {"model": ValidationErrorBody, "description": "请求参数有误"}}


def _save(source: BinaryIO, target: str, limit: int) -> int:
    """Copy the upload to ``target``; refused (413) as soon as it passes ``limit`` bytes;
    the bytes written."""
    size = 0
    with open(target, "wb") as writer:
        while block := source.read(_BLOCK):
            size += len(block)
            if size > limit:
                body = too_large(limit)
                raise Refusal(413, body["error"], hint=body["hint"])
            writer.write(block)
    return size


def _no_nul(**fields: str | None) -> None:
    for name, value in fields.items():
        if value is not None and "\x00" in value:
            raise Refusal(400, f"请求参数有误：{name} 不能包含空字符（\\x00）")


def _queued(job: dict[str, object]) -> JobOut:
    audit.note(object_id=job["id"], detail={"kind": job["kind"], "subject": job["subject"]})
    return JobOut.model_validate(job)


@router.post(
    "/imports",
    status_code=202,
    summary="导入数据（后台任务）",
    description="multipart/form-data：文件放在 `file` 字段，`name` 为数据集名称，"
    "`encoding` 为文本编码（如 GBK、UTF-8；空则自动识别），`sheet` 为电子表格的工作表名称。"
    "格式、编码和工作表当即检查；"
    "通过后文件存入工作区，任务排队，立即返回 202 和任务（status 为 queued），由后台执行。"
    "单个文件不超过 50 MiB。须有导入数据的权限（数据管理员）。",
    responses={**TOO_LARGE, **_INVALID},
    dependencies=[permission("datasets.import")],
)
def submit_import(
    file: Annotated[UploadFile, File(description="要导入的文件（CSV、XLSX、Parquet、JSON Lines）")],
    name: Annotated[str, FormField(max_length=200, description="数据集名称")],
    store: StoreDep,
    user: UserDep,
    encoding: Annotated[str | None, FormField(max_length=32, description="文本编码")] = None,
    sheet: Annotated[str | None, FormField(max_length=200, description="工作表名称")] = None,
) -> JobOut:
    _no_nul(name=name, encoding=encoding, sheet=sheet)
    folder = jobs.upload_folder(store.workspace)
    target = folder / safe_name(file.filename)
    try:
        _save(file.file, str(target), MAX_UPLOAD)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return _queued(jobs.submit_import(store, user, target, name, encoding, sheet))


@router.post(
    "/documents",
    status_code=202,
    summary="导入文书（后台任务）",
    description="multipart/form-data：文书放在 `file` 字段——一个 JSON Lines 文件（每行 id、text），"
    "或若干 .txt/.docx 文件（同名字段重复多次）；`name` 为数据集名称，`skip_errors` 为真时跳过"
    "无法读取的文书、导入其余的（否则有一份无法读取即全部不导入）。任务排队后立即返回 202，"
    "由后台抽取字段、按每名被告人一行导入并保存原文，再运行设为导入后运行的模型。"
    "文件合计不超过 50 MiB。须有导入数据的权限（数据管理员）。",
    responses={**TOO_LARGE, **_INVALID},
    dependencies=[permission("datasets.import")],
)
def submit_documents(
    file: Annotated[list[UploadFile], File(description="JSON Lines 文件，或 .txt/.docx 文件")],
    name: Annotated[str, FormField(max_length=200, description="数据集名称")],
    store: StoreDep,
    user: UserDep,
    skip_errors: Annotated[bool, FormField(description="跳过无法读取的文书")] = False,
) -> JobOut:
    _no_nul(name=name)
    folder = jobs.upload_folder(store.workspace)
    try:
        names = [safe_name(f.filename) for f in file]
        target = input_of(folder, names)
        many = target == folder / FOLDER  # .txt/.docx files, read as one folder
        if many:
            target.mkdir()
        left = MAX_UPLOAD
        for upload, shown in zip(file, names, strict=True):
            left -= _save(upload.file, str(target / shown if many else target), left)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    label = names[0] if len(names) == 1 else f"{len(names)} 个文件"
    return _queued(submit_documents_job(store, user, target, name, skip_errors, label))


@router.post(
    "/runs",
    status_code=202,
    summary="运行模型（后台任务）",
    description="参数当即按模型声明的类型检查（没有的参数或类型不符返回 422，error 指出参数名）；"
    "须持有模型每个输入数据集的有效授权。任务排队后立即返回 202，由后台运行，运行时再次检查授权。",
    responses=_INVALID,
    dependencies=[permission("models.run")],
)
def submit_run(
    form: JobRunForm,
    store: StoreDep,
    user: UserDep,
    org: AdoptingOrg = None,
) -> JobOut:
    visible = visible_orgs(store, user)
    found = show_model(store, form.model, visible, org, user.org_id)  # 404 if unseen
    try:
        job = jobs.submit_run(
            store, user, form.model, form.parameters, form.engine, form.as_of, found["org"]
        )
    except jobs.BadParameter as error:  # 422 naming the parameter, as validation does
        loc = ("body", "parameters", error.name)
        raise RequestValidationError(
            [{"type": "parameter", "loc": loc, "msg": str(error)}]
        ) from None
    return _queued(job)


@router.get(
    "",
    summary="后台任务列表",
    description="本人提交的任务，以及本院及下级院中本人角色可查看的任务（导入：可查看数据目录者；"
    "运行：可查看模型者；审计员：全部）。按种类、状态筛选，`mine=true` 只看本人的；"
    "`sort` 为 created_at、started_at、finished_at、id、status 或 kind，前加 `-` 为倒序；分页。",
)
def list_jobs(
    store: StoreDep,
    user: UserDep,
    kind: Annotated[
        str | None,
        Query(pattern="^(import|run|documents_import)$", description="种类"),
    ] = None,
    status: Annotated[
        str | None,
        Query(pattern="^(queued|running|succeeded|failed|cancelled)$", description="状态"),
    ] = None,
    mine: Annotated[bool, Query(description="只看本人提交的")] = False,
    page: Annotated[int, Query(ge=1, le=1_000_000, description="第几页（从 1 开始）")] = 1,
    size: Annotated[int, Query(ge=1, le=200, description="每页条数")] = 20,
    sort: Annotated[str, Query(pattern=r"^-?[a-z_]+$", description="排序字段")] = "-created_at",
) -> JobPage:
    wanted = jobs.JobFilter(kind=kind, status=status, mine=mine, sort=sort, page=page, size=size)
    total, items = jobs.list_jobs(store, wanted, user)
    audit.note(rows=len(items), detail={"total": total})
    return JobPage(
        items=[JobOut.model_validate(i) for i in items], total=total, page=page, size=size
    )


@router.get(
    "/{job_id}",
    summary="后台任务详情",
    description="状态、进度（阶段、已读行数、步骤、已写线索数、完成比例）、结果或失败原因。"
    "看不到的任务返回 404。",
)
def get_job(job_id: JobId, store: StoreDep, user: UserDep) -> JobOut:
    found = jobs.get_job(store, job_id, user, details=user.role == "admin")
    return JobOut.model_validate(found)


@router.post(
    "/{job_id}/cancel",
    summary="取消后台任务",
    description="排队中的任务立即取消（状态 cancelled，已上传的文件删除）；运行中的任务标记为取消中"
    "（cancel_requested），在下一次报告进度时停止，导入或运行按失败处理、不留下任何结果。"
    "只有任务提交人或其所在院（及上级院）的系统管理员可以取消；已结束的任务返回 409，"
    "看不到的任务返回 404。",
)
def cancel(job_id: JobId, store: StoreDep, user: UserDep) -> JobOut:
    return JobOut.model_validate(cancel_job(store, job_id, user))
