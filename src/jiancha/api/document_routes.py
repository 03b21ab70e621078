"""Routes of stored documents (文书): the list of the documents of document datasets, and one
document's text, extracted fields and highlights.

Reading a document is reading its dataset: the caller needs ``datasets.read`` and the dataset
must belong to one of their offices (or none). Masked by default, with same-length masks so that
the highlights stay on the right characters; ``unmasked=true`` needs an active unmasking grant
for the dataset (``governance.access.unmask_grants``). Every read is audited and counts toward
the circuit breaker.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from jiancha.api.document_schemas import DocumentId, DocumentOut, DocumentPage
from jiancha.api.errors import PRIVATE_ERRORS
from jiancha.api.permissions import permission
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.scope import visible_orgs
from jiancha.documents.intake import list_documents, show_document
from jiancha.documents.intake.views import find_document
from jiancha.errors import JianchaError
from jiancha.governance import audit, breaker
from jiancha.governance.access import unmask_grants
from jiancha.governance.accounts import find_user
from jiancha.store import Store, User

router = APIRouter(
    prefix="/api", dependencies=[Depends(current_user)], responses=PRIVATE_ERRORS, tags=["文书"]
)
DatasetQuery = Annotated[str | None, Query(max_length=200, description="数据集名称")]
Unmasked = Annotated[
    bool, Query(description="不脱敏（须持有该数据集允许查看未脱敏信息的有效授权）")
]


def _grants(store: Store, user: User, datasets: list[str]) -> list[int]:
    with store.session() as session:
        return unmask_grants(session, find_user(session, user.username), datasets)


@router.get(
    "/documents",
    summary="文书列表",
    description="文书数据集最新版本中的文书：编号、数据集、文书类型、文号、日期和被告人姓名"
    "（默认脱敏）；`q` 在文书编号和文号中查找；分页。`unmasked=true` 须持有 `dataset` "
    "所指数据集允许查看未脱敏信息的有效授权（须同时给出 `dataset`）。每页计入熔断，并记入审计。",
    dependencies=[permission("datasets.read")],
)
def documents(
    store: StoreDep,
    user: UserDep,
    dataset: DatasetQuery = None,
    q: Annotated[str | None, Query(max_length=200, description="文书编号或文号包含的文字")] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000, description="第几页（从 1 开始）")] = 1,
    size: Annotated[int, Query(ge=1, le=500, description="每页条数")] = 50,
    unmasked: Unmasked = False,
) -> DocumentPage:
    if unmasked and not dataset:
        raise JianchaError("查看未脱敏的文书列表须用 dataset 指定数据集")
    grants = _grants(store, user, [str(dataset)]) if unmasked else []
    total, items = list_documents(
        store,
        dataset=dataset,
        text=q,
        offset=(page - 1) * size,
        limit=size,
        visible=visible_orgs(store, user),
        unmasked=unmasked,
    )
    audit.note(rows=len(items), detail={"total": total, "masked": not unmasked, "grants": grants})
    if items or q:
        breaker.consume(store, user.username, "evidence_reads", max(len(items), 1))
    return DocumentPage.model_validate({"total": total, "page": page, "size": size, "items": items})


@router.get(
    "/documents/{document_id}",
    summary="文书原文与抽取的字段",
    description="原文、抽取的字段和各字段在原文中的位置（`highlights`：字段、中文名称、起止位置、"
    "第几名被告人）。默认脱敏：被告人姓名、公民身份号码和出生日期以等长的符号替换，高亮位置不变；"
    "`unmasked=true` 须持有该数据集允许查看未脱敏信息的有效授权。编号在多个数据集中都有时须给出 "
    "`dataset`。每次查看计 1 次证据读取，计入熔断，并记入审计。",
    dependencies=[permission("datasets.read")],
)
def document(
    document_id: DocumentId,
    store: StoreDep,
    user: UserDep,
    dataset: DatasetQuery = None,
    unmasked: Unmasked = False,
) -> DocumentOut:
    visible = visible_orgs(store, user)
    name, _ = find_document(store, document_id, dataset, visible)
    grants = _grants(store, user, [name]) if unmasked else []
    breaker.consume(store, user.username, "evidence_reads")
    found = show_document(store, document_id, name, visible=visible, unmasked=unmasked)
    detail = {"dataset": name, "version": found["version"], "masked": not unmasked}
    audit.note(object_id=document_id, rows=1, detail=detail | {"grants": grants})
    return DocumentOut.model_validate(found)
