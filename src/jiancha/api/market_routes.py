"""Routes of the marketplace's publication (模型超市 · 上架流程): the queue of models waiting for
a step, the model card, versions and their diff, submitting (征集) and deciding a review step.

A thin layer over ``jiancha.marketplace``: who may see a model (404 otherwise), who may take
which step and every check are the domain's. A decision is one multipart request: the fields
``step``, ``decision`` (``approved``/``refused``) and ``opinion``, and any number (up to 10) of
files in ``files`` (each up to 20 MiB), kept in the workspace by their SHA-256 and listed on the
decision; a file is downloaded from the model's attachments by that hash.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi import Form as FormField
from fastapi.responses import FileResponse

from jiancha.api.errors import CONFLICT, PRIVATE_ERRORS, TOO_LARGE, Refusal
from jiancha.api.market_schemas import REF, ModelSlug, Sha256, SubmissionForm
from jiancha.api.permissions import permission
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.errors import Forbidden
from jiancha.governance.roles import ROLES
from jiancha.marketplace import attachments
from jiancha.marketplace.card import model_card
from jiancha.marketplace.decisions import decide
from jiancha.marketplace.history import diff, list_versions
from jiancha.marketplace.publication import REVIEW_STEPS, STEPS
from jiancha.marketplace.records import find_model, is_reviewer
from jiancha.marketplace.review_queue import review_queue
from jiancha.marketplace.submission import Submission, submit
from jiancha.store import User

router = APIRouter(
    prefix="/api/market",
    dependencies=[Depends(current_user)],
    responses=PRIVATE_ERRORS,
    tags=["模型超市"],
)
STEP_TEXT = "、".join(f"{k}（{STEPS[k]}）" for k in REVIEW_STEPS)


def _reviewer(user: UserDep) -> User:
    if not is_reviewer(user):
        role = ROLES.get(user.role, user.role)
        raise Forbidden(
            f"无权审查模型上架（当前角色：{role}）",
            hint="须有数据核查、规则研判、异地验证或冠名上架权限",
        )
    return user


@router.get(
    "/queue",
    summary="待审查队列",
    description="等待本人可以处理的上架步骤的模型，每个模型带它等待的步骤（`step`）："
    "审查人看到本人角色可以审查、且本人不是署名作者或提交人的模型；建模人员还看到退回本院"
    "（及下级院）的模型（`step` 为 `submitted`，即重新提交，`reason` 为退回理由）。",
)
def queue(store: StoreDep, user: UserDep) -> list[dict[str, Any]]:
    return review_queue(store, user)


@router.get(
    "/models/{slug}/card",
    summary="模型说明书",
    description="背景要旨、法律依据、监督规则（由模型步骤生成的中文说明）、数据要素（输入、字段、"
    "语义类型和所绑定数据的分级）、创新性、适用范围、风险等级、冠名（作者院和署名作者）、上架状态、"
    "版本、历次审查决定和实测成效。未上架的模型只有作者院及其下级院、采用了它的院和审查人可见，"
    "其他人得到 404。",
    dependencies=[permission("models.read")],
)
def card(slug: ModelSlug, store: StoreDep, user: UserDep) -> dict[str, Any]:
    return model_card(store, slug, user)


@router.get(
    "/models/{slug}/versions",
    summary="模型的版本",
    description="全部版本，最新的在前：版本号、SHA-256、修改说明、登记人和时间、采用它的院数、"
    "是否为当前审查或上架的版本（`current`）。",
    dependencies=[permission("models.read")],
)
def versions(slug: ModelSlug, store: StoreDep, user: UserDep) -> dict[str, Any]:
    return list_versions(store, slug, user)


@router.get(
    "/models/{slug}/diff",
    summary="两个版本之间的差异",
    description="`from` 和 `to` 为版本号（只有一个版本用该版本号时）或 SHA-256 的前 6 位以上；"
    "返回统一差异格式（unified diff）的模型文本差异。",
    dependencies=[permission("models.read")],
)
def version_diff(
    slug: ModelSlug,
    store: StoreDep,
    user: UserDep,
    old: Annotated[str, Query(alias="from", min_length=1, max_length=80, description=REF)],
    new: Annotated[str, Query(alias="to", min_length=1, max_length=80, description=REF)],
) -> dict[str, Any]:
    return diff(store, slug, old, new, user)


@router.post(
    "/models/{slug}/submission",
    summary="提交模型上架（征集）",
    description="作者院（或其下级院）的建模人员提交模型，附模型说明书：背景要旨、创新性、适用范围"
    "（中文，必填）和署名作者（至少一位）。提交的版本为 `spec` 给出的模型文本（登记为新版本），"
    "不给时为提交院采用的版本。提交时与已上架和审查中的模型比对（输入的语义类型、检查条件），"
    "返回最相近的模型及相似度（`similar`），超过阈值的列入 `flagged` 提示审查人。"
    "只能提交在建或已退回的模型（已提交的返回 409）。",
    dependencies=[permission("models.submit")],
    responses=CONFLICT,
)
def submission(
    slug: ModelSlug, form: SubmissionForm, store: StoreDep, user: UserDep
) -> dict[str, Any]:
    given = Submission(
        form.background,
        form.innovation,
        form.scope,
        tuple(form.authors),
        form.org,
        form.spec,
        form.changelog,
        form.note,
    )
    return submit(store, slug, given, user)


def _kept(store: StoreDep, files: list[UploadFile]) -> list[dict[str, Any]]:
    if len(files) > attachments.MAX_FILES:
        raise Refusal(400, f"每次审查最多附 {attachments.MAX_FILES} 个文件")
    kept = []
    for upload in files:
        try:
            kept.append(attachments.keep(store, upload.file, upload.filename))
        except attachments.TooLarge as error:
            raise Refusal(413, error.message, hint=error.hint) from None
    return kept


@router.post(
    "/models/{slug}/decisions",
    summary="审查决定：通过或退回一个上架步骤",
    description="multipart/form-data：`step` 为 "
    + STEP_TEXT
    + " 之一，须是模型正在等待的步骤（已由他人决定的返回 409）；`decision` 为 `approved`"
    "（通过）或 `refused`（退回作者，须写明意见）；规则研判通过也须写明意见；`files` 为附件"
    "（可多个，每个不超过 20 MiB，至多 10 个）。须有该步骤的权限，署名作者和提交人不能审查。"
    "每一步先核查："
    "数据核查要求提交院的数据绑定有效且已分级，规则研判要求写明法律依据，异地验证要求作者院以外"
    "的院采用、运行并核查过线索（记录实测精准率）；有问题时不能通过（列出问题），但可以退回。",
    dependencies=[Depends(_reviewer)],
    responses={**CONFLICT, **TOO_LARGE},
)
def decision(
    slug: ModelSlug,
    store: StoreDep,
    user: UserDep,
    step: Annotated[str, FormField(max_length=24, description="步骤：" + STEP_TEXT)],
    verdict: Annotated[
        str,
        FormField(
            alias="decision", pattern="^(approved|refused)$", description="approved 或 refused"
        ),
    ],
    opinion: Annotated[str, FormField(max_length=5000, description="审查意见")] = "",
    files: Annotated[list[UploadFile] | None, File(description="附件（可多个）")] = None,
) -> dict[str, Any]:
    approve = verdict == "approved"
    return decide(store, slug, step, approve, opinion, user, lambda: _kept(store, files or []))


@router.get(
    "/models/{slug}/attachments/{sha256}",
    summary="下载审查附件",
    description="某一审查决定所附的文件，按其 SHA-256 下载（总是作为附件下载）。",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "附件内容"}},
    dependencies=[permission("models.read")],
)
def attachment(slug: ModelSlug, sha256: Sha256, store: StoreDep, user: UserDep) -> FileResponse:
    with store.session() as session:
        model_id = find_model(session, slug, user).id
    path, name = attachments.decision_file(store, model_id, sha256)
    return FileResponse(
        path,
        filename=name,
        media_type="application/octet-stream",
        headers={"X-Content-Type-Options": "nosniff"},
    )
