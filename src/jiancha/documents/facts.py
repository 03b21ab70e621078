"""What a draft says about a lead, read from the store: facts, evidence, model, office, action.

Reading only: nothing here changes a lead, its status or its records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import NotFound
from jiancha.governance.masking import known_values
from jiancha.leads.evidence_labels import label, model_reasons
from jiancha.leads.explain import render
from jiancha.leads.personal import model_personal
from jiancha.leads.reasons import Reasons
from jiancha.leads.values import shown
from jiancha.modelling import Spec, load_spec
from jiancha.store import Lead, Org, Run, SupervisionAction, SupervisionModel


@dataclass(frozen=True)
class Evidence:
    """One evidence field: its label (the bound column's name), value and semantic type."""

    label: str
    value: str
    semantic: str | None


@dataclass(frozen=True)
class Issued:
    """The latest action of the drafted kind already recorded on the lead."""

    document_no: str
    receiver: str
    issued_on: str
    content: str


@dataclass(frozen=True)
class LeadFacts:
    lead_id: int
    status: str
    title: str
    subject_type: str
    subject_key: str
    subject_name: str | None
    jurisdiction: str | None
    amount: Decimal | None
    evidence: list[Evidence]
    steps: list[str]
    spec: Spec
    org_name: str | None
    issued: Issued | None
    masks: dict[str, str] = field(default_factory=dict)
    """The lead's personal values (by its model's personal columns) and their masked forms."""


def gather(session: Session, lead_id: int, kind: str) -> LeadFacts:
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise NotFound(f"没有编号为 {lead_id} 的线索")
    model = session.get(SupervisionModel, lead.model_id)
    assert model is not None  # a foreign key
    spec = load_spec(model.spec_text, f"模型 {model.slug}")
    personal = model_personal(session, model)
    masks = known_values(
        {
            "subject_type": lead.subject_type,
            "subject_key": lead.subject_key,
            "subject_name": lead.subject_name,
            "evidence": lead.evidence,
            "explanation": lead.explanation,
            "personal": personal,
        }
    ).values
    run = session.get(Run, lead.first_run_id)
    reasons = model_reasons(spec, model.bindings, None if run is None else run.parameters)
    steps = _sentences(reasons, None if run is None else run.explanation, lead.explanation)
    org = None if lead.org_id is None else session.get(Org, lead.org_id)
    action = session.scalars(
        select(SupervisionAction)
        .where(SupervisionAction.lead_id == lead_id, SupervisionAction.kind == kind)
        .order_by(SupervisionAction.id.desc())
        .limit(1)
    ).first()
    return LeadFacts(
        lead_id=lead.id,
        status=lead.status,
        title=lead.title,
        subject_type=lead.subject_type,
        subject_key=lead.subject_key,
        subject_name=lead.subject_name,
        jurisdiction=lead.jurisdiction,
        amount=lead.amount,
        evidence=_evidence(spec, reasons, lead.evidence, personal["fields"]),
        steps=[s for s in steps if s],
        spec=spec,
        org_name=None if org is None else org.name,
        issued=None
        if action is None
        else Issued(
            document_no=action.document_no,
            receiver=action.receiver,
            issued_on=action.issued_on.isoformat(),
            content=action.content,
        ),
        masks=masks,
    )


def _sentences(reasons: Reasons | None, template: Any, stored: list[dict[str, Any]]) -> list[str]:
    """The plain sentence of each step: as the run wrote it, or (a lead found before runs
    wrote sentences) said again from the model; never a condition as written in SQL."""
    entries = render(template, stored)
    if entries and all("labelled" in e for e in entries):
        return [str(e["text"]) for e in entries if e.get("text")]
    if reasons is None:
        return []
    return [reasons.sentence(e) for e in reasons.compiled.explanations]


def _evidence(
    spec: Spec, reasons: Reasons | None, values: dict[str, Any], kinds: dict[str, str]
) -> list[Evidence]:
    """Each evidence field labelled as the lead page names it (:mod:`jiancha.leads.evidence_labels`:
    the bound column ``姓名``, or the ``columns:`` name of a computed column); its semantic type
    is its personal kind when it has one (``jiancha.leads.personal``)."""
    start = spec.steps[0] if spec.steps else None
    first = str(start.body) if start is not None and start.kind == "from" else None
    found = []
    for key, value in values.items():
        name, field = key.split(".", 1) if "." in key else (first, key)
        semantic = None
        if name is not None and name in spec.inputs:
            semantic = spec.inputs[name].fields.get(field)
        semantic = kinds.get(key, semantic)
        found.append(Evidence(label=label(reasons, key), value=shown(value), semantic=semantic))
    return found
