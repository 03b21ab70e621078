"""数据申请与审批: access requests (``AccessRequest``) and the grants they become (``AccessGrant``).

A user asks to use one dataset for a stated purpose over a period, and says whether they need
the personal identifiers unmasked. A leader of the office that owns the dataset (for a dataset
without an owning office: a leader of a top-level office, or an administrator without an office)
approves or refuses; nobody decides their own request. An approved request becomes a grant that
runs from the first to the last day asked (China time, the day included) and can be revoked
earlier. Every step is in the audit trail.

A model runs only when every input dataset is covered by an active grant of the person running
it (``require_grants``); an unmasked view needs active *unmasking* grants for every dataset the
lead came from (``unmask_grants``).

A request may name the one model it is for (``model``, a known model's slug): its grant then
says so (``AccessGrant.model_slug``). A ``high`` model needs such an approved purpose — running
it, or adopting it, needs for every input dataset an active grant whose request named that model
(``require_model_purpose``); a grant for another purpose does not do. The command line's local
operator (no account) is not asked for grants at all: its runs record the basis
``local_operator`` (``runs.runner``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha import clock
from jiancha.clock import CHINA
from jiancha.errors import Forbidden, JianchaError, NotFound
from jiancha.governance import audit
from jiancha.governance.accounts import find_user
from jiancha.governance.roles import allowed, require
from jiancha.store import (
    AccessGrant,
    AccessRequest,
    Dataset,
    Lead,
    MarketModel,
    Org,
    Store,
    SupervisionModel,
    User,
)
from jiancha.store.models import utcnow
from jiancha.store.paging import Window

MAX_DAYS = 366
MIN_PURPOSE = 4
HIGH = "high"
STATUS_LABELS = {
    "pending": "待审批",
    "approved": "已批准",
    "refused": "已驳回",
    "withdrawn": "已撤回",
}


def _dataset(session: Session, name: str) -> Dataset:
    dataset = session.scalar(select(Dataset).where(Dataset.name == name))
    if dataset is None:
        raise NotFound(f"数据集“{name}”不存在", hint="用 jiancha dataset list 查看")
    return dataset


def _active(session: Session, username: str) -> User:
    user = find_user(session, username)
    if not user.active:
        raise Forbidden(f"用户“{username}”已停用")
    return user


def _model(session: Session, slug: str | None) -> str | None:
    """``slug`` if it names a known model (in the marketplace or adopted here), else a refusal."""
    if slug is None or not slug.strip():
        return None
    slug = slug.strip()
    known = session.scalar(select(MarketModel.id).where(MarketModel.slug == slug))
    if known is None:
        known = session.scalar(select(SupervisionModel.id).where(SupervisionModel.slug == slug))
    if known is None:
        raise NotFound(f"没有编号为“{slug}”的模型", hint="用 jiancha model list 查看模型编号")
    return slug


def _china_midnight(day: dt.date) -> dt.datetime:
    """The start of ``day`` in China, in UTC (SQLite keeps no offset: every time is UTC)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=CHINA).astimezone(dt.UTC)


def _check_period(starts_on: dt.date, ends_on: dt.date, today: dt.date) -> None:
    if ends_on < starts_on:
        raise JianchaError(f"使用期限的结束日 {ends_on} 早于开始日 {starts_on}")
    if ends_on < today:
        raise JianchaError(f"使用期限的结束日 {ends_on} 已经过去", hint=f"今天是 {today}")
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise JianchaError(
            f"使用期限 {starts_on} 至 {ends_on} 超过 {MAX_DAYS} 天",
            hint="请按实际需要申请，期满后可再次申请",
        )


def request_access(
    store: Store,
    username: str,
    dataset_name: str,
    *,
    purpose: str,
    starts_on: dt.date,
    ends_on: dt.date,
    unmask: bool = False,
    model: str | None = None,
) -> dict[str, Any]:
    """File a request by ``username`` to use ``dataset_name``; it waits for a decision.
    ``model``: the slug of the one model the data is asked for (a ``high`` model needs it)."""
    purpose = purpose.strip()
    if len(purpose) < MIN_PURPOSE:
        raise JianchaError(
            "请写明使用数据的具体用途", hint=f"用途至少 {MIN_PURPOSE} 个字，例如所办案件或模型"
        )
    _check_period(starts_on, ends_on, clock.china_today())
    with store.session() as session:
        user = _active(session, username)
        require(user, "datasets.request")
        dataset = _dataset(session, dataset_name)
        slug = _model(session, model)
        request = AccessRequest(
            model_slug=slug,
            dataset_id=dataset.id,
            requester_id=user.id,
            purpose=purpose,
            starts_on=starts_on,
            ends_on=ends_on,
            unmask=unmask,
            status="pending",
        )
        session.add(request)
        session.flush()
        audit.record(
            session,
            actor=user.username,
            action="access_request",
            object_type="access_request",
            object_id=request.id,
            detail={"dataset": dataset.name, "purpose": purpose, "unmask": unmask}
            | {"from": starts_on.isoformat(), "to": ends_on.isoformat(), "model": slug},
        )
        return request_row(session, request)


def may_decide(session: Session, user: User, dataset: Dataset) -> str | None:
    """Why ``user`` may not decide requests for ``dataset``, or None when they may."""
    if not allowed(user, "access.decide"):
        return "只有院领导/部门负责人可以审批数据申请"
    if dataset.org_id is not None:
        if user.org_id != dataset.org_id:
            owner = session.get(Org, dataset.org_id)
            return (
                f"数据集“{dataset.name}”属于{owner.name if owner else '其他检察院'}，须由该院审批"
            )
        return None
    if user.org_id is None:
        return None
    own = session.get(Org, user.org_id)
    if own is not None and own.parent_id is None:
        return None
    return f"数据集“{dataset.name}”未指定所属检察院，须由上级院审批"


def decide(
    store: Store, username: str, request_id: int, *, approve: bool, reason: str | None = None
) -> dict[str, Any]:
    """Approve (making a grant) or refuse a pending request, as ``username``."""
    with store.session() as session:
        decider = _active(session, username)
        request = session.get(AccessRequest, request_id)
        if request is None:
            raise NotFound(f"没有编号为 {request_id} 的数据申请")
        if request.status != "pending":
            label = STATUS_LABELS.get(request.status, request.status)
            raise JianchaError(f"数据申请 {request_id} {label}，不能再审批")
        if request.requester_id == decider.id:
            raise Forbidden("不能审批自己的数据申请", hint="须由数据所属检察院的其他领导审批")
        dataset = session.get(Dataset, request.dataset_id)
        assert dataset is not None  # the foreign key cascades
        refusal = may_decide(session, decider, dataset)
        if refusal is not None:
            raise Forbidden(refusal)
        if not approve and not (reason or "").strip():
            raise JianchaError("驳回数据申请须写明理由")
        now = utcnow()
        request.status = "approved" if approve else "refused"
        request.decided_by_id, request.decided_at = decider.id, now
        request.reason = (reason or "").strip() or None
        detail: dict[str, Any] = {"dataset": dataset.name, "approved": approve}
        if approve:
            grant = AccessGrant(
                request_id=request.id,
                dataset_id=dataset.id,
                user_id=request.requester_id,
                purpose=request.purpose,
                unmask=request.unmask,
                model_slug=request.model_slug,
                valid_from=_china_midnight(request.starts_on),
                valid_until=_china_midnight(request.ends_on + dt.timedelta(days=1)),
                granted_by_id=decider.id,
                granted_at=now,
            )
            session.add(grant)
            session.flush()
            detail |= {"grant": grant.id, "unmask": grant.unmask}
            detail["until"] = grant.valid_until.isoformat()
        else:
            detail["reason"] = request.reason
        audit.record(
            session,
            actor=decider.username,
            action="access_decision",
            object_type="access_request",
            object_id=request.id,
            detail=detail,
        )
        return request_row(session, request)


def revoke_grant(store: Store, username: str, grant_id: int) -> dict[str, Any]:
    """End grant ``grant_id`` now (by a leader of the owning office, or an administrator)."""
    with store.session() as session:
        by = _active(session, username)
        grant = session.get(AccessGrant, grant_id)
        if grant is None:
            raise NotFound(f"没有编号为 {grant_id} 的数据使用授权")
        dataset = session.get(Dataset, grant.dataset_id)
        assert dataset is not None
        refusal = None if by.role == "admin" else may_decide(session, by, dataset)
        if refusal is not None:
            raise Forbidden(refusal.replace("审批", "撤销授权"))
        if grant.revoked_at is None:
            grant.revoked_at, grant.revoked_by = utcnow(), by.username
            audit.record(
                session,
                actor=by.username,
                action="grant_revoked",
                object_type="access_grant",
                object_id=grant.id,
                detail={"dataset": dataset.name},
            )
        return grant_row(session, grant)


def active_grants(
    session: Session,
    user_id: int,
    dataset_ids: Iterable[int],
    at: dt.datetime | None = None,
    model: str | None = None,
) -> dict[int, AccessGrant]:
    """For each of ``dataset_ids``, the user's active grant that lasts longest (if any); with
    ``model``, only a grant whose request named that model."""
    moment = (at or utcnow()).astimezone(dt.UTC)
    ids = list(dataset_ids)
    query = (
        select(AccessGrant)
        .where(AccessGrant.user_id == user_id, AccessGrant.dataset_id.in_(ids))
        .where(AccessGrant.revoked_at.is_(None))
        .where(AccessGrant.valid_from <= moment, AccessGrant.valid_until > moment)
    )
    if model is not None:
        query = query.where(AccessGrant.model_slug == model)
    rows = session.scalars(query.order_by(AccessGrant.valid_until))
    return {grant.dataset_id: grant for grant in rows}


def require_grants(
    session: Session,
    user: User,
    dataset_names: Iterable[str],
    model: SupervisionModel | None = None,
) -> list[dict[str, Any]]:
    """The grants covering each dataset for ``user`` now, or a refusal naming the uncovered.
    ``model``: the adoption to run; a ``high`` one needs grants naming it
    (``require_model_purpose``)."""
    if model is not None and model.risk == HIGH:
        return require_model_purpose(session, user, model.slug, dataset_names)
    return _covering(session, user, dataset_names)


def require_model_purpose(
    session: Session, user: User, slug: str, dataset_names: Iterable[str], doing: str = "运行"
) -> list[dict[str, Any]]:
    """A ``high`` model's approved purpose: for each dataset, ``user``'s active grant whose
    request named model ``slug``, or a refusal naming the datasets without one. ``doing`` says
    what it is needed for in the refusal (运行, 采用). Running checks it through
    ``require_grants``; adopting a ``high`` model calls it directly."""
    return _covering(session, user, dataset_names, slug, doing)


def _covering(
    session: Session,
    user: User,
    dataset_names: Iterable[str],
    slug: str | None = None,
    doing: str = "运行",
) -> list[dict[str, Any]]:
    names = sorted(set(dataset_names))
    datasets = {d.name: d for d in session.scalars(select(Dataset).where(Dataset.name.in_(names)))}
    grants = active_grants(session, user.id, [d.id for d in datasets.values()], model=slug)
    missing = [n for n in names if n not in datasets or datasets[n].id not in grants]
    if missing and slug is not None:
        listed = "、".join(f"“{n}”" for n in missing)
        raise Forbidden(
            f"高风险模型“{slug}”须经批准的用途：没有以该模型为用途使用数据集{listed}的有效授权，"
            f"不能{doing}该模型",
            hint="请为每个数据集提出写明该模型的数据申请"
            f"（jiancha access request … --model {slug}，或 POST /api/access-requests 的 "
            f"model），经数据所属检察院领导批准后再{doing}",
        )
    if missing:
        listed = "、".join(f"“{n}”" for n in missing)
        raise Forbidden(
            f"没有使用数据集{listed}的有效授权，不能{doing}模型",
            hint="请先提出数据申请（jiancha access request 或 POST /api/access-requests），"
            f"经数据所属检察院领导批准后再{doing}",
        )
    return [
        {
            "grant": grants[datasets[n].id].id,
            "dataset": n,
            "until": audit.utc_micro(grants[datasets[n].id].valid_until)
            .astimezone(CHINA)
            .isoformat(),
        }
        | ({} if slug is None else {"model": slug})
        for n in names
    ]


def unmask_grants(session: Session, user: User, dataset_names: Iterable[str]) -> list[int]:
    """The ids of ``user``'s active unmasking grants covering every dataset, or a refusal."""
    names = sorted(set(dataset_names))
    if not names:
        raise Forbidden("这条线索没有可核对的数据来源，不能查看未脱敏信息")
    datasets = {d.name: d for d in session.scalars(select(Dataset).where(Dataset.name.in_(names)))}
    grants = active_grants(session, user.id, [d.id for d in datasets.values()])
    missing = [n for n in names if n not in datasets or not _unmasks(grants.get(datasets[n].id))]
    if missing:
        listed = "、".join(f"“{n}”" for n in missing)
        raise Forbidden(
            f"没有查看数据集{listed}未脱敏信息的有效授权",
            hint="请提出数据申请并勾选“需要查看未脱敏信息”，经所属检察院领导批准后再查看",
        )
    return [grants[datasets[n].id].id for n in names]


def unmask_for(store: Store, username: str, slugs: Iterable[str]) -> list[int]:
    """``unmask_grants`` for the datasets that the models ``slugs`` read (a lead's sources)."""
    with store.session() as session:
        user = find_user(session, username)
        models = session.scalars(
            select(SupervisionModel).where(SupervisionModel.slug.in_(set(slugs)))
        )
        sources = {b["dataset"] for m in models for b in m.bindings.values()}
        return unmask_grants(session, user, sources)


def unmask_for_lead(store: Store, username: str, lead_id: int) -> list[int]:
    """``unmask_for`` the model that found lead ``lead_id``."""
    with store.session() as session:
        slug = session.scalar(select(SupervisionModel.slug).join(Lead).where(Lead.id == lead_id))
    if slug is None:
        raise NotFound(f"没有编号为 {lead_id} 的线索")
    return unmask_for(store, username, {slug})


def _unmasks(grant: AccessGrant | None) -> bool:
    return grant is not None and grant.unmask


def _name(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    return None if user is None else user.username


def request_row(session: Session, request: AccessRequest) -> dict[str, Any]:
    dataset = session.get(Dataset, request.dataset_id)
    grant = session.scalar(select(AccessGrant.id).where(AccessGrant.request_id == request.id))
    return {
        "id": request.id,
        "dataset": None if dataset is None else dataset.name,
        "requester": _name(session, request.requester_id),
        "purpose": request.purpose,
        "starts_on": request.starts_on.isoformat(),
        "ends_on": request.ends_on.isoformat(),
        "unmask": request.unmask,
        "status": request.status,
        "status_label": STATUS_LABELS.get(request.status, request.status),
        "created_at": request.created_at.isoformat(),
        "decided_by": _name(session, request.decided_by_id),
        "decided_at": None if request.decided_at is None else request.decided_at.isoformat(),
        "reason": request.reason,
        "grant": grant,
        "model": request.model_slug,
    }


def grant_row(session: Session, grant: AccessGrant) -> dict[str, Any]:
    dataset = session.get(Dataset, grant.dataset_id)
    now = utcnow()
    until = audit.utc_micro(grant.valid_until)
    since = audit.utc_micro(grant.valid_from)
    active = grant.revoked_at is None and since <= now < until
    return {
        "id": grant.id,
        "request": grant.request_id,
        "dataset": None if dataset is None else dataset.name,
        "user": _name(session, grant.user_id),
        "purpose": grant.purpose,
        "unmask": grant.unmask,
        "valid_from": since.astimezone(CHINA).isoformat(),
        "valid_until": until.astimezone(CHINA).isoformat(),
        "granted_by": _name(session, grant.granted_by_id),
        "revoked_at": None if grant.revoked_at is None else grant.revoked_at.isoformat(),
        "revoked_by": grant.revoked_by,
        "active": active,
        "model": grant.model_slug,
    }


def list_requests(
    store: Store, viewer: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """Requests ``viewer`` may see: their own and those they may decide (everything for an
    administrator or auditor without an office, and for the command line's ``viewer=None``);
    newest first. Filtered and paged: ``access_lists.request_page``."""
    from jiancha.governance.access_lists import AccessFilter, request_page

    return request_page(store, viewer, AccessFilter(status=status), Window("-id"))[1]


def list_grants(store: Store, viewer: str | None = None) -> list[dict[str, Any]]:
    """Grants ``viewer`` may see, on the same rule as ``list_requests``; newest first."""
    from jiancha.governance.access_lists import AccessFilter, grant_page

    return grant_page(store, viewer, AccessFilter(), Window("-id"))[1]
