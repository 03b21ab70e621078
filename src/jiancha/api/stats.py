"""Routes for effectiveness statistics (效能统计), the four model ledgers and their Excel file.

Read-only and signed in. The filters are those of ``jiancha stats``: models (repeatable), an
office with its subtree, area, line, and the period in which leads were found (China time).
A user with an office sees the figures of their own office subtree only (an office outside it
is refused, 403, as in the lead list); a user limited to some business lines sees only the
models of those lines (another line asked for: 403). A user without an office sees everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, replace
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from jiancha import clock
from jiancha.api.permissions import permission, scoped_line, scoped_org, user_lines
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.clock import CHINA
from jiancha.governance import audit
from jiancha.stats import StatsFilter, model_ledgers, statistics, workbook_bytes
from jiancha.store import Store, User

router = APIRouter(
    prefix="/api",
    dependencies=[Depends(current_user), permission("stats.read")],
    tags=["效能统计"],
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OrgQuery = Annotated[
    str | None, Query(max_length=200, description="检察院代码或名称（含其全部下级院）")
]


def stats_filter(
    by: Annotated[
        str, Query(max_length=16, description="分组：model、org、area、line、month、total")
    ] = "model",
    model: Annotated[list[str] | None, Query(description="模型标识，可重复")] = None,
    org: OrgQuery = None,
    area: Annotated[str | None, Query(max_length=32, description="四大检察领域")] = None,
    line: Annotated[str | None, Query(max_length=32, description="业务条线")] = None,
    date_from: Annotated[
        dt.date | None, Query(alias="from", description="线索发现日期起（北京时间，含当日）")
    ] = None,
    date_to: Annotated[
        dt.date | None, Query(alias="to", description="线索发现日期止（北京时间，含当日）")
    ] = None,
) -> StatsFilter:
    return StatsFilter(
        models=tuple(model or ()),
        org=org,
        area=area,
        line=line,
        date_from=date_from,
        date_to=date_to,
        group_by=by,
    )


RawFilterDep = Annotated[StatsFilter, Depends(stats_filter)]


def within_scope(store: Store, user: User, wanted: StatsFilter) -> StatsFilter:
    """``wanted`` narrowed to what ``user`` may see: their office subtree when no office was
    asked for (one outside it: 403), and their business lines."""
    scoped_line(user, wanted.line)
    return replace(wanted, org=scoped_org(store, user, wanted.org), lines=user_lines(user) or ())


def scoped_filter(store: StoreDep, user: UserDep, wanted: RawFilterDep) -> StatsFilter:
    return within_scope(store, user, wanted)


FilterDep = Annotated[StatsFilter, Depends(scoped_filter)]


@router.get("/stats", summary="效能统计：线索漏斗、精准率、挽回经济损失（按分组）")
def stats(store: StoreDep, wanted: FilterDep) -> dict[str, Any]:
    return statistics(store, wanted)


@router.get("/stats/ledgers", summary="四本台账：在建、已建、应用成熟、成效模型台账")
def ledgers(store: StoreDep, user: UserDep, org: OrgQuery = None) -> dict[str, Any]:
    return model_ledgers(store, within_scope(store, user, StatsFilter(org=org)))


@router.get(
    "/stats.xlsx",
    summary="导出效能统计与四本台账（Excel）",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "Excel 文件"}},
)
def stats_xlsx(store: StoreDep, wanted: FilterDep, user: UserDep) -> Response:
    now = clock.now()
    data = workbook_bytes(wanted, statistics(store, wanted), model_ledgers(store, wanted), now)
    filters = asdict(wanted)
    audit.record_now(
        store, actor=user.username, action="stats_export", object_type="stats", detail=filters
    )
    day = now.astimezone(CHINA).strftime("%Y%m%d")
    name = f"效能统计-{day}.xlsx"
    disposition = (
        f"attachment; filename=\"jiancha-stats-{day}.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition})
