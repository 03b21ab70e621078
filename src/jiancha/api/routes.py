"""Routes: sign-in (public); the catalogue, models, runs, leads and their workflow (signed in).

Personal identifiers in leads are masked (see ``jiancha.governance.masking``); unmasked access
under an approved purpose belongs to data-access approval, not to these routes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from jiancha import __version__, catalogue
from jiancha.api.masking import mask_any, mask_lead
from jiancha.errors import JianchaError, NotFound
from jiancha.governance import authenticate, end_session, session_user, start_session
from jiancha.leads import LeadFilter, Move, history, list_leads, move_lead, search_leads
from jiancha.leads.actions import add_comment, issue_action, lead_actions, record_feedback
from jiancha.runs import list_models, list_runs, model_sql, show_model
from jiancha.store import Store, User

_bearer = HTTPBearer(auto_error=False)


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def current_user(store: StoreDep, credentials: Credentials) -> User:
    user = None if credentials is None else session_user(store, credentials.credentials)
    if user is None:
        raise HTTPException(
            status_code=401,
            detail="未登录或登录已过期，请先登录",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


class LoginForm(BaseModel):
    username: str
    password: str


class ActionForm(BaseModel):
    """A supervision action issued on a lead (检察建议、纠正违法通知书 …)."""

    kind: str
    document_no: str
    issued_on: dt.date
    receiver: str
    content: str = ""


class FeedbackForm(BaseModel):
    """What the receiving body reported back (整改反馈) and what it achieved."""

    received_on: dt.date
    outcome: str
    content: str
    recovered_amount: Decimal = Decimal("0")
    persons_affected: int = 0
    rules_made: int = 0


class CommentForm(BaseModel):
    text: str


class MoveForm(BaseModel):
    """A workflow step: the state to go to, and what the person gives for it."""

    to: str
    note: str = ""
    reason: str | None = None
    assignee: str | None = None


public = APIRouter(prefix="/api")
private = APIRouter(prefix="/api", dependencies=[Depends(current_user)])


@public.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@public.post("/login")
def login(form: LoginForm, store: StoreDep) -> dict[str, Any]:
    try:
        user = authenticate(store, form.username, form.password)
    except JianchaError as error:
        raise HTTPException(status_code=401, detail=error.message) from None
    token, expires = start_session(store, user)
    return {
        "token": token,
        "expires_at": expires.isoformat(),
        "user": {"username": user.username, "display_name": user.display_name},
    }


@private.post("/logout")
def logout(store: StoreDep, credentials: Credentials) -> dict[str, bool]:
    assert credentials is not None  # current_user has checked it
    end_session(store, credentials.credentials)
    return {"ok": True}


@private.get("/me")
def me(user: Annotated[User, Depends(current_user)]) -> dict[str, str]:
    return {"username": user.username, "display_name": user.display_name}


@private.get("/datasets")
def datasets(store: StoreDep) -> list[dict[str, Any]]:
    return catalogue.list_datasets(store)


@private.get("/datasets/{name}")
def dataset(name: str, store: StoreDep) -> dict[str, Any]:
    return catalogue.show_dataset(store, name)


@private.get("/models")
def models(store: StoreDep) -> list[dict[str, Any]]:
    return list_models(store)


@private.get("/models/{slug}")
def model(slug: str, store: StoreDep) -> dict[str, Any]:
    return show_model(store, slug)


@private.get("/models/{slug}/sql")
def sql(
    slug: str, store: StoreDep, engine: Annotated[str, Query(pattern="^(duckdb|spark)$")] = "duckdb"
) -> dict[str, str]:
    return {"model": slug, "engine": engine, "sql": model_sql(store, slug, engine)}


@private.get("/runs")
def runs(
    store: StoreDep,
    model: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    return list_runs(store, model, limit)


@private.get("/leads")
def leads(
    store: StoreDep,
    model: str | None = None,
    status: str | None = None,
    hit: bool | None = None,
    assignee: str | None = None,
    jurisdiction: str | None = None,
    q: Annotated[str | None, Query(max_length=200, description="标题包含的文字")] = None,
    sort: Annotated[str, Query(pattern=r"^-?[a-z_]+$")] = "-id",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    wanted = LeadFilter(
        model=model,
        status=status,
        hit=hit,
        assignee=assignee,
        jurisdiction=jurisdiction,
        text=q,
        sort=sort,
        offset=(page - 1) * size,
        limit=size,
    )
    with store.session() as session:
        total, found = search_leads(session, wanted)
    return {"total": total, "page": page, "size": size, "items": [mask_lead(x) for x in found]}


@private.get("/leads/{lead_id}")
def lead(lead_id: int, store: StoreDep) -> dict[str, Any]:
    with store.session() as session:
        found = list_leads(session, lead_id=lead_id)
    if not found:
        raise NotFound(f"没有编号为 {lead_id} 的线索")
    return mask_lead(found[0])


@private.get("/leads/{lead_id}/history")
def lead_history(lead_id: int, store: StoreDep) -> list[dict[str, Any]]:
    return [mask_any(event) for event in history(store, lead_id)]


@private.post("/leads/{lead_id}/moves")
def move(
    lead_id: int,
    form: MoveForm,
    store: StoreDep,
    user: Annotated[User, Depends(current_user)],
) -> dict[str, Any]:
    step = Move(target=form.to, note=form.note, reason=form.reason, assignee=form.assignee)
    return move_lead(store, lead_id, step, user.username)


@private.get("/leads/{lead_id}/records")
def lead_records(lead_id: int, store: StoreDep) -> dict[str, Any]:
    return dict(mask_any(lead_actions(store, lead_id)))


@private.post("/leads/{lead_id}/actions")
def action(
    lead_id: int, form: ActionForm, store: StoreDep, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    return issue_action(store, lead_id, **form.model_dump(), user=user.username)


@private.post("/actions/{action_id}/feedback")
def feedback(
    action_id: int,
    form: FeedbackForm,
    store: StoreDep,
    user: Annotated[User, Depends(current_user)],
) -> dict[str, Any]:
    return record_feedback(store, action_id, **form.model_dump(), user=user.username)


@private.post("/leads/{lead_id}/comments")
def comment(
    lead_id: int, form: CommentForm, store: StoreDep, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    return add_comment(store, lead_id, form.text, user.username)
