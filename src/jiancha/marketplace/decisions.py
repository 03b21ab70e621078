"""The four review steps (数据核查 → 规则研判 → 异地验证 → 冠名上架): one decision each, recorded.

A reviewer holding the step's permission, who is neither a named author nor the submitter,
approves the step the model waits for or refuses it. Each decision names the version under
review (the submitted one) and keeps who, when, the opinion, the attached files and the figures
its check measured (``validation``). A step whose check finds problems cannot be approved (the
problems are listed); it can always be refused, which returns the model to its author
(``returned``) with the opinion as the reason. 冠名上架 publishes the model under its author
office's name and authors, sets ``published_at`` and keeps the figures measured at 异地验证 on
the model. Every decision is audited (``market_decision``).

Owns taking a decision. Must not touch the submission (``submission``) nor the checks' rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from jiancha.errors import Conflict, JianchaError
from jiancha.governance import audit
from jiancha.governance.roles import require
from jiancha.marketplace import validation
from jiancha.marketplace.attachments import MAX_FILES
from jiancha.marketplace.publication import (
    DECISIONS,
    FROM,
    STEP_PERMISSIONS,
    check_opinion,
    check_review_step,
    check_step,
    reviewer_refusal,
    state_label,
    step_label,
)
from jiancha.marketplace.records import advance, current_round, find_model, org_json, spec_of
from jiancha.store import MarketModel, ModelVersion, Org, PublicationDecision, Store, User
from jiancha.store.models import utcnow

Files = Callable[[], list[dict[str, Any]]]


def _figures_at(rows: list[PublicationDecision], step: str) -> dict[str, Any]:
    found = [d for d in rows if d.step == step and d.decision == "approved"]
    return dict(found[-1].figures or {}) if found else {}


def _check(session: Session, model: MarketModel, step: str) -> Callable[[Store], validation.Check]:
    """The check of ``step`` on the submitted version, read now and run once the reading
    session is closed (数据核查 opens sessions of its own)."""
    rows = current_round(session, model)
    submitted = rows[0]
    version = session.get(ModelVersion, submitted.version_id or 0)
    if version is None:
        raise JianchaError("提交的模型版本已不存在，请作者重新提交")
    spec = spec_of(version.spec_text)
    if step == "data_checked":
        adoption = (submitted.figures or {}).get("adoption")
        return lambda store: validation.data_check(store, spec, adoption)
    if step == "rules_reviewed":
        found = validation.rules_check(spec)
    elif step == "cross_validated":
        found = validation.cross_check(session, model)
    else:
        author = None if model.author_org_id is None else session.get(Org, model.author_org_id)
        credit = {"office": org_json(author), "authors": list(model.authors or [])}
        found = validation.Check([], {"credit": credit, **_figures_at(rows, "cross_validated")})
    return lambda _store: found


def _refuse_reviewer(session: Session, model: MarketModel, user: User) -> None:
    submitters = [d.decided_by for d in current_round(session, model) if d.step == "submitted"]
    refused = reviewer_refusal(user.username, user.display_name, model.authors or [], submitters)
    if refused is not None:
        raise refused


def decide(
    store: Store,
    slug: str,
    step: str,
    approve: bool,
    opinion: str,
    user: User,
    files: Files | None = None,
) -> dict[str, Any]:
    """``user`` approves or refuses ``step`` of model ``slug``; the decision as JSON.

    ``files`` keeps the attached files once every rule allows the decision (nothing is kept for a
    decision refused)."""
    check_review_step(step)
    with store.session() as session:
        model = find_model(session, slug, user)
        require(user, STEP_PERMISSIONS[step])
        check_step(model.state, step)
        _refuse_reviewer(session, model, user)
        text = check_opinion(step, approve, opinion)
        checking = _check(session, model, step)
    check = checking(store)
    if approve and check.problems:
        listed = "\n".join(f"  - {p}" for p in check.problems)
        raise JianchaError(
            f"{step_label(step)}不能通过，{len(check.problems)} 处问题：\n{listed}",
            hint="问题解决后再通过，或写明理由退回作者",
        )
    kept = files() if files is not None else []
    if len(kept) > MAX_FILES:
        raise JianchaError(f"每次审查最多附 {MAX_FILES} 个文件")
    with store.session() as session:
        model = find_model(session, slug, user)
        if not advance(session, model.id, FROM[step], step if approve else "returned"):
            session.refresh(model)
            check_step(model.state, step)
            raise Conflict(f"{step_label(step)}已由他人作出决定", hint="请刷新后查看")
        rows = current_round(session, model)
        now = utcnow()
        decision = PublicationDecision(
            model_id=model.id,
            version_id=rows[0].version_id if rows else None,
            step=step,
            decision="approved" if approve else "refused",
            opinion=text,
            attachments=kept,
            figures={**check.figures, "problems": check.problems},
            decided_by=user.username,
            decided_at=now,
        )
        session.add(decision)
        if approve and step == "cross_validated":
            model.figures = dict(check.figures)
        if approve and step == "published":
            model.published_at = now
            model.figures = {**(model.figures or {}), "credit": check.figures.get("credit")}
        session.flush()
        audit.record(
            session,
            actor=user.username,
            action="market_decision",
            object_type="model",
            object_id=slug,
            detail={
                "step": step,
                "decision": decision.decision,
                "version_id": decision.version_id,
                "attachments": [a["sha256"] for a in kept],
                "problems": len(check.problems),
            },
        )
        return {
            "model": slug,
            "decision": decision.id,
            "step": step,
            "step_label": step_label(step),
            "approved": approve,
            "decision_label": DECISIONS[decision.decision],
            "opinion": text,
            "attachments": kept,
            "figures": decision.figures,
            "problems": check.problems,
            "state": model.state,
            "state_label": state_label(model.state),
        }
