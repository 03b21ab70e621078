"""Routes of the no-code model builder (建模器): the datasets to bind, a model or a YAML text
opened as a builder document, the document composed as one types (YAML, SQL, problems), a
preview over the bound data, and saving it as a version of the office's adoption.

A thin layer over ``jiancha.modelling.builder`` (documents), ``jiancha.runs.preview_check``
(bindings against the catalogue), ``jiancha.runs.preview`` (grants, breaker, masking, audit)
and ``jiancha.modelling.install`` (versions and adoptions). A document with problems is
answered 422 with ``{"error", "hint", "fields", "valid": false, "problems": [...]}``, each
problem with its dotted ``path``, ``message``, ``part``, ``line`` and ``column``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import select

from jiancha.api.builder_schemas import (
    ComposeForm,
    PreviewForm,
    SaveForm,
    YamlForm,
    bindings_of,
)
from jiancha.api.errors import PRIVATE_ERRORS
from jiancha.api.market_schemas import ModelSlug
from jiancha.api.permissions import permission
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.scope import AdoptingOrg, visible_orgs
from jiancha.errors import Forbidden
from jiancha.governance import audit
from jiancha.governance.access import active_grants
from jiancha.governance.orgs import find_org, subtree_ids
from jiancha.marketplace.adoptions import find_adoption
from jiancha.marketplace.revisions import current_version, revise
from jiancha.marketplace.usable import bind_pairs
from jiancha.modelling.builder import to_document, to_spec_document
from jiancha.modelling.errors import SpecInvalid
from jiancha.modelling.install import install
from jiancha.modelling.loader import load_spec
from jiancha.modelling.writer import dump_spec
from jiancha.runs.preview import preview as run_preview
from jiancha.runs.preview_check import (
    BuilderInvalid,
    composed_with_bindings,
    problems_of,
    require_valid,
)
from jiancha.store import Dataset, Org, Store, User

router = APIRouter(
    prefix="/api/builder",
    dependencies=[Depends(current_user)],
    responses=PRIVATE_ERRORS,
    tags=["建模器"],
)


def _invalid(error: BuilderInvalid | SpecInvalid) -> JSONResponse:
    problems = error.problems if isinstance(error, BuilderInvalid) else problems_of(error)
    body = {
        "error": f"模型有 {len(problems)} 处问题，请按提示修改后重试",
        "hint": "每处问题的位置见 problems 中的 path 和行号",
        "fields": sorted({f"body.document.{p['path']}" for p in problems}),
        "valid": False,
        "problems": problems,
    }
    return JSONResponse(body, status_code=422)


@router.get(
    "/datasets",
    summary="可绑定的数据集",
    description="本院可见的数据集（本院及下级院、上级院和不属于任何检察院的）：名称、说明、行数、"
    "最新版本、分级、各列的名称、语义类型和存储类型，以及本人是否持有有效的使用授权"
    "（`granted`；预览须持有每个所绑定数据集的授权）。只读元数据，不读取数据。",
    dependencies=[permission("models.install")],
)
def datasets(store: StoreDep, user: UserDep) -> list[dict[str, Any]]:
    visible = visible_orgs(store, user)
    with store.session() as session:
        found = [
            d
            for d in session.scalars(select(Dataset).order_by(Dataset.name))
            if d.versions and (visible is None or d.org_id is None or d.org_id in visible)
        ]
        granted = active_grants(session, user.id, [d.id for d in found])
        return [
            {
                "name": d.name,
                **({"label": d.description} if d.description else {}),
                "rows": d.latest.rows,
                "version": d.latest.version,
                "classification": d.classification,
                "granted": d.id in granted,
                "fields": [
                    {"name": f.name, "semantic": f.semantic, "type": f.type}
                    for f in d.latest.fields
                ],
            }
            for d in found
        ]


@router.get(
    "/models/{slug}",
    summary="在构建器中打开已安装的模型",
    description="本院可见的采用（`org` 指定哪个检察院的采用；不给时为唯一的或本院的）："
    "构建器文档、模型 YAML、各输入绑定的数据集和列、采用的检察院和版本。",
    dependencies=[permission("models.read")],
)
def opened_model(
    slug: ModelSlug, store: StoreDep, user: UserDep, org: AdoptingOrg = None
) -> dict[str, Any]:
    with store.session() as session:
        model = find_adoption(session, slug, org, visible_orgs(store, user), user.org_id)
        office = None if model.org_id is None else session.get(Org, model.org_id)
        text, bindings, version = model.spec_text, model.bindings, model.version
    return {
        "document": to_document(text),
        "yaml": text,
        "bindings": bindings,
        "org": None if office is None else office.code,
        "version": version,
    }


@router.post(
    "/open",
    summary="把模型 YAML 打开为构建器文档",
    description="读取 YAML 文本并检查结构，能拆成条件行的条件拆为条件行。YAML 有误时返回 "
    '`{"valid": false, "problems": [...]}`（HTTP 200），每处问题带行号和列号。不读取数据。',
    dependencies=[permission("models.install")],
)
def open_yaml(form: YamlForm) -> dict[str, Any]:
    try:
        document = to_document(form.yaml)
    except SpecInvalid as error:
        return {"valid": False, "problems": problems_of(error)}
    return {"valid": True, "document": document}


@router.post(
    "/compose",
    summary="检查构建器文档（边填边查）",
    description="把文档写成模型 YAML 和 SQL，列出每处问题（所在位置 `path`、中文说明、出错的片段和"
    "行号）和每一步之后可用的列；给出 `bindings` 时还检查每个字段所绑定的列是否存在、类型是否相容"
    "（`inputs.<输入>.fields.<字段>`）。只读数据目录的元数据，不读取数据，不记入审计。",
    dependencies=[permission("models.install")],
)
def compose_document(form: ComposeForm, store: StoreDep, user: UserDep) -> dict[str, Any]:
    visible = visible_orgs(store, user)
    return composed_with_bindings(store, form.document, bindings_of(form.bindings), visible)


@router.post(
    "/preview",
    summary="预览：在所绑定数据的当前版本上试算",
    description="用 DuckDB 在每个所绑定数据集的最新版本上计算：每一步之后的行数、指定一步之后的前 "
    "`limit` 行、线索数和 10 条样例线索（标题和中文命中原因）。个人信息一律脱敏，没有不脱敏的预览。"
    "须持有每个所绑定数据集的有效授权（否则 403，写明缺少授权的数据集）；显示的行数和线索计入熔断"
    "阈值，并记入审计。所绑定的数据合计超过 2,000,000 行时，从起始输入中按固定种子随机抽样"
    "计算（`sampled`、`sample_note` 说明）。模型有问题时返回 422 和问题列表。"
    "不写运行记录，不生成线索。",
    dependencies=[permission("models.install")],
    response_model=None,
)
def preview(form: PreviewForm, store: StoreDep, user: UserDep) -> dict[str, Any] | JSONResponse:
    bindings = bindings_of(form.bindings) or {}
    try:
        return run_preview(
            store, form.document, bindings, account=user.username, step=form.step, limit=form.limit
        )
    except (BuilderInvalid, SpecInvalid) as error:
        return _invalid(error)


def _office(store: Store, user: User, org: str | None) -> str | None:
    """The office saving for: ``org`` (within the person's subtree), else their own."""
    with store.session() as session:
        own = None if user.org_id is None else session.get(Org, user.org_id)
        if org is None:
            return None if own is None else own.code
        office = find_org(session, org)
        if own is not None and office.id not in subtree_ids(session, own):
            raise Forbidden(f"只能为本院及下级院保存模型，{office.name}不在其中")
        return office.code


@router.post(
    "/save",
    summary="保存模型（安装为新版本）",
    description="检查文档和绑定（有问题时 422），写成模型 YAML，为 `org`（不给时为本人所在院）"
    "安装：模型内容有变化时登记为新版本并升级该院的采用，返回原版本（`upgraded_from`）和差异"
    "（`diff`）；版本号不高于当前版本时自动把末位加一（`bumped_from` 为原填的版本号）。"
    "内容未变（只改绑定，或原样保存）时不登记新版本（`unchanged`）。"
    "记入审计。提交上架用 `POST /api/market/models/{slug}/submission`。",
    dependencies=[permission("models.install")],
    response_model=None,
)
def save(form: SaveForm, store: StoreDep, user: UserDep) -> dict[str, Any] | JSONResponse:
    bindings = bindings_of(form.bindings) or {}
    try:
        require_valid(store, form.document, bindings, visible_orgs(store, user))
        plain = to_spec_document(form.document)
    except (BuilderInvalid, SpecInvalid) as error:
        return _invalid(error)
    org = _office(store, user, form.org)
    with store.session() as session:
        current = current_version(session, plain["id"], org)
        before = None if current is None else to_spec_document(to_document(current.spec_text))
        revision = revise(plain, current, before)
        kept = None if current is None else current.spec_text
    if revision.unchanged and kept is not None:  # the bindings may still change
        spec = load_spec(kept, plain["id"])
    else:
        spec = load_spec(dump_spec(plain | {"version": revision.version}), "（构建器中的模型）")
    result = install(
        store, spec, bind_pairs(bindings), org, changelog=form.changelog, by=user.username
    )
    with store.session() as session:
        adoption = find_adoption(session, spec.id, org).id
    saved = {
        "slug": spec.id,
        "version": result["version"],
        "version_sha256": result["version_sha256"],
        "upgraded_from": result["upgraded_from"],
        "diff": result["diff"],
        "adoption_id": adoption,
        "unchanged": revision.unchanged,
        "bumped_from": revision.bumped_from,
    }
    audit.record_now(
        store,
        actor=user.username,
        action="builder_save",
        object_type="model",
        object_id=spec.id,
        detail={k: v for k, v in saved.items() if k != "diff"}
        | {"org": org, "changelog": form.changelog},
    )
    return saved
