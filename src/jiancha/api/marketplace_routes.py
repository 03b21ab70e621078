"""Routes of the marketplace's views (模型超市): browsing published models, a model's figures
across offices, and adopting a model for one's office (采用). The publication's routes are
``market_routes``'.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from jiancha.api.errors import CONFLICT, PRIVATE_ERRORS
from jiancha.api.market_schemas import ModelSlug
from jiancha.api.marketplace_schemas import AdoptionForm, MarketPage
from jiancha.api.paging import DEFAULT_SIZE
from jiancha.api.permissions import permission, scoped_org
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.scope import visible_orgs
from jiancha.governance.orgs import find_org, visible_ids
from jiancha.marketplace.adopting import adopt
from jiancha.marketplace.browse import BrowseFilter, browse
from jiancha.marketplace.figures import figures_of, marketplace_totals, model_figures
from jiancha.marketplace.listing import MarketViewer
from jiancha.marketplace.records import find_model
from jiancha.store import Store, User

router = APIRouter(
    prefix="/api/market",
    dependencies=[Depends(current_user)],
    responses=PRIVATE_ERRORS,
    tags=["模型超市"],
)
Word = Annotated[str | None, Query(max_length=200)]


def _viewer(store: Store, user: User, org: str | None) -> MarketViewer:
    """The user's office (or an office of their subtree they ask for) and what it sees."""
    chosen = scoped_org(store, user, org)
    with store.session() as session:
        office = None if chosen is None else find_org(session, chosen)
        visible = None if office is None else visible_ids(session, office)
        session.expunge_all()
    return MarketViewer(office=office, visible=visible, user=user)


@router.get(
    "/models",
    summary="浏览模型超市",
    description="已上架的模型，按检察领域（`area`）、业务条线（`line`）、类型（`kind`）、风险等级"
    "（`risk`）、文字（`q`：编号、名称、说明、背景要旨）、所需数据（`data`：语义类型如 id_card、"
    "输入名称中的文字，或他院采用时绑定的数据集名称）筛选；`usable=true` 只列出「我院可直接使用」"
    "的模型：最新上架版本的每个输入，都能按字段名（或他院采用时绑定的列名）和相容的语义类型绑定到"
    "本院可见的数据集（本院、下级院、上级院及未归属单位的数据集）。`review=true` 同时列出本人可见的"
    "审查中模型。每个模型带冠名（作者院、署名作者）、上架版本、各输入的字段、成效（`figures`：采用"
    "的院数和次数「N 个院 M 次」、运行、线索、精准率、成案、监督文书、挽回损失）、`usable`、建议的"
    "绑定（`bindings`，可直接用于采用）和缺少的输入（`missing`），以及本院的采用（`adopted`：版本，"
    "有新版本时 `upgrade_to`）。`org` 为以本院的哪个下级院身份浏览（默认本院）。`sort` 为 name、"
    "slug、published_at、offices、adoptions、leads、cases、precision（前加 `-` 为倒序）。分页。",
    dependencies=[permission("models.read")],
)
def models(
    store: StoreDep,
    user: UserDep,
    area: Annotated[str | None, Query(max_length=32, description="检察领域")] = None,
    line: Annotated[str | None, Query(max_length=32, description="业务条线")] = None,
    kind: Annotated[str | None, Query(max_length=16, description="类型")] = None,
    risk: Annotated[str | None, Query(max_length=16, description="风险等级")] = None,
    q: Annotated[str | None, Query(max_length=200, description="编号、名称、说明中的文字")] = None,
    data: Annotated[str | None, Query(max_length=200, description="所需数据")] = None,
    usable: Annotated[bool | None, Query(description="是否「我院可直接使用」")] = None,
    review: Annotated[bool, Query(description="同时列出审查中的模型")] = False,
    org: Annotated[str | None, Query(max_length=200, description="以哪个院的身份浏览")] = None,
    sort: Annotated[str, Query(pattern=r"^-?[a-z_]+$", description="排序字段")] = "-adoptions",
    page: Annotated[int, Query(ge=1, le=1_000_000, description="第几页（从 1 开始）")] = 1,
    size: Annotated[int, Query(ge=1, le=200, description="每页条数")] = DEFAULT_SIZE,
) -> MarketPage:
    viewer = _viewer(store, user, org)
    wanted = BrowseFilter(
        area=area,
        line=line,
        kind=kind,
        risk=risk,
        text=q,
        data=data,
        usable=usable,
        review=review,
        sort=sort,
    )
    with store.session() as session:
        total, every = browse(session, wanted, viewer)
        totals = marketplace_totals(model_figures(session, [m["slug"] for m in every]))
    items = every[(page - 1) * size : page * size]
    return MarketPage(total=total, page=page, size=size, items=items, totals=totals)


@router.get(
    "/models/{slug}/figures",
    summary="模型在各院的成效",
    description="采用的院数和次数（「N 个院 M 次」）、运行次数、线索、已核查、核查属实、精准率、"
    "成案、各类监督文书、被采纳的文书、挽回经济损失、涉及人数、建章立制，合计及按采用单位"
    "（`per_office`，含其采用的版本）。只是计数，不含个人信息。未上架的模型只有作者院及其下级院、"
    "采用了它的院和审查人可见，其他人得到 404。",
    dependencies=[permission("models.read")],
)
def figures(slug: ModelSlug, store: StoreDep, user: UserDep) -> dict[str, Any]:
    with store.session() as session:
        model = find_model(session, slug, user)
        head = {"name": model.name, "state": model.state}
        return head | figures_of(session, slug)


@router.post(
    "/models/{slug}/adoptions",
    status_code=201,
    summary="采用模型",
    description="为本院采用已上架模型的上架版本：`bindings` 把模型的每个输入绑定到本院可见的数据集"
    "（字段与列不同名时在 `fields` 中写明列名），语义类型须相容，问题一次列出（400）。本院已采用"
    "时为升级，返回版本变化（`upgraded_from`、`diff`）。高风险模型须对每个数据集持有写明该模型"
    "用途的有效授权（403）。未上架的模型不能采用（409）。没有所属检察院的用户须在 `org` 中指定"
    "采用的检察院。",
    responses=CONFLICT,
    dependencies=[permission("models.install")],
)
def adoption(slug: ModelSlug, form: AdoptionForm, store: StoreDep, user: UserDep) -> dict[str, Any]:
    bindings = {name: b.model_dump() for name, b in form.bindings.items()}
    return adopt(store, slug, user, bindings, visible=visible_orgs(store, user), org=form.org)
