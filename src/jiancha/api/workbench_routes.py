"""The route of the console's first page, the workbench (工作台): a thin layer over
``stats.workbench`` and ``leads.deadlines``.

Owns ``GET /api/workbench``. Must not touch lead data beyond reading it: titles are masked as in
the lead list (``mask_lead``), and every part keeps to the scope rules of the route that lists
the same things in full (the lead list, the runs, the statistics).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from jiancha.api.errors import PRIVATE_ERRORS
from jiancha.api.masking import mask_lead
from jiancha.api.permissions import scope_ids, user_lines, visible_leads
from jiancha.api.routes import StoreDep, UserDep, current_user
from jiancha.api.scope import visible_orgs
from jiancha.api.workbench_schemas import (
    FunnelStage,
    Limits,
    OverdueLead,
    RecentRun,
    Sections,
    StatusCount,
    Workbench,
)
from jiancha.governance import audit
from jiancha.governance.roles import allowed
from jiancha.leads import list_leads
from jiancha.leads.deadlines import (
    KINDS,
    REPLY_MONTHS,
    VERIFY_DAYS,
    LeadScope,
    Overdue,
    overdue_leads,
)
from jiancha.leads.workflow import STATES
from jiancha.stats.workbench import by_status, funnel, line_models, recent_runs, status_counts
from jiancha.store import Org, Store, User

router = APIRouter(
    prefix="/api", dependencies=[Depends(current_user)], responses=PRIVATE_ERRORS, tags=["工作台"]
)

DESCRIPTION = f"""当前用户的工作台，每个登录用户都可调用；角色看不到的部分为空（见 `sections`）。

* `my_leads_by_status`：分派给本人（承办人为本人）的线索按状态计数，列出全部状态（含 0）。
* `overdue`：逾期事项，逾期最久的在前，最多 `overdue_size` 条（`overdue_total` 为总数）。
  有分派权限（leads.assign，如院领导）者看本院及下级院的全部逾期线索，其他人看分派给本人的。
  逾期规则：**核查逾期**——线索已分派或核查中，自最近一次分派之日起 {VERIFY_DAYS} 日内
  未核查完毕（核查属实或不属实）；**整改反馈逾期**——线索上的监督文书自制发之日起
  {REPLY_MONTHS} 个月内未收到整改反馈（检察建议的书面回复期限，《最高人民法院、
  最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》第二十一条），已办结的线索除外。
  日期均按北京时间。标题已脱敏。
* `recent_runs`：本院可见的模型（本院、上级院和未归属单位安装的）最近的运行，最新的在前。
* `funnel`：本院及下级院线索的漏斗，新线索 → 已核查 → 已成案 → 已制发监督文书 →
  已收到整改反馈 → 已办结，每个阶段为已到达该阶段的线索数。

限定了业务条线的用户只计本人条线的模型的线索。"""


def _overdue(store: Store, item: Overdue) -> OverdueLead:
    """An overdue lead as the workbench lists it: masked as the lead list shows it."""
    with store.session() as session:
        found = list_leads(session, lead_id=item.lead_id)
    shown = mask_lead(found[0]) if found else {}
    status = str(shown.get("status") or "")
    return OverdueLead(
        lead_id=item.lead_id,
        title=str(shown.get("title") or ""),
        model=str(shown.get("model") or ""),
        status=status,
        label=STATES.get(status, status),
        kind=item.kind,
        kind_label=KINDS[item.kind],
        assignee=shown.get("assignee"),
        due_date=item.due_date.isoformat(),
        days_overdue=item.days_overdue,
    )


def _org(store: Store, user: User) -> tuple[str | None, str | None]:
    with store.session() as session:
        org = None if user.org_id is None else session.get(Org, user.org_id)
        return (None, None) if org is None else (org.code, org.name)


@router.get("/workbench", summary="工作台", description=DESCRIPTION)
def workbench(
    store: StoreDep,
    user: UserDep,
    overdue_size: Annotated[int, Query(ge=1, le=100, description="最多列出多少条逾期事项")] = 10,
    runs_size: Annotated[int, Query(ge=1, le=50, description="最多列出多少次最近运行")] = 10,
) -> Workbench:
    sees_leads = allowed(user, "leads.read")
    sections = Sections(
        leads=sees_leads,
        runs=allowed(user, "models.read"),
        funnel=sees_leads or allowed(user, "stats.read"),
    )
    office_wide = allowed(user, "leads.assign")
    with store.session() as session:
        office = LeadScope(scope_ids(session, user), line_models(session, user_lines(user)))
        mine = LeadScope(office.orgs, office.models, assignee=user.username)
        my_counts = status_counts(session, mine) if sections.leads else {}
        late = overdue_leads(session, office if office_wide else mine) if sections.leads else []
        counts = status_counts(session, office) if sections.funnel else {}
    seen = visible_leads(store, user, [item.lead_id for item in late])  # high: own office only
    late = [item for item in late if item.lead_id in seen]
    runs: list[RecentRun] = []
    if sections.runs:
        with store.session() as session:
            found = recent_runs(session, visible_orgs(store, user), runs_size)
        runs = [RecentRun.model_validate(r) for r in found]
    overdue = [_overdue(store, item) for item in late[:overdue_size]]
    audit.note(rows=len(overdue), detail={"overdue_total": len(late)})
    code, name = _org(store, user)
    return Workbench(
        org=code,
        org_name=name,
        sections=sections,
        my_leads_by_status=[StatusCount.model_validate(x) for x in by_status(my_counts)],
        my_leads_total=sum(my_counts.values()),
        overdue=overdue,
        overdue_total=len(late),
        overdue_scope="office" if office_wide else "mine",
        recent_runs=runs,
        funnel=[FunnelStage.model_validate(x) for x in funnel(counts)],
        limits=Limits(verify_days=VERIFY_DAYS, reply_months=REPLY_MONTHS),
    )
