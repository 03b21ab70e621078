"""The Chinese name of each evidence field of a lead, as a prosecutor reads it.

A field of an input is named by the dataset column it was bound to at install (``姓名``); a
column the model computes (a derived column, a measure) by the spec's ``columns:`` name, else as
:class:`jiancha.leads.reasons.Reasons` names it (never an identifier or SQL). The lead API, the
console and Word drafts all use these names. Reading only: nothing here changes a model, a run
or a lead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from jiancha.leads.reasons import Reasons
from jiancha.modelling import Spec, SpecInvalid, compile_spec, load_spec
from jiancha.store import Lead, Run, SupervisionModel


def model_reasons(
    spec: Spec, bindings: Mapping[str, Any], parameters: Mapping[str, Any] | None
) -> Reasons | None:
    """The words of the model's steps with the values of the run (``parameters``) that found
    the lead; None when the installed model no longer compiles against its bindings."""
    fields = {name: b.get("fields", {}) for name, b in bindings.items()}
    try:
        compiled = compile_spec(spec, fields)
    except SpecInvalid:
        return None
    values = {n: p.default for n, p in spec.parameters.items()}
    return Reasons(compiled, values | dict(parameters or {}))


def label(reasons: Reasons | None, key: str) -> str:
    """The Chinese name of evidence field ``key`` (``name``, ``p.intake_date``)."""
    if reasons is None:
        return key
    if "." in key:
        name, field = key.split(".", 1)
        return str(reasons.compiled.inputs.get(name, {}).get(field, key))
    return reasons.columns.get(key, key)


def labels(reasons: Reasons | None, keys: Iterable[str]) -> dict[str, str]:
    return {key: label(reasons, key) for key in keys}


def lead_evidence_labels(session: Session, lead_id: int) -> dict[str, str]:
    """``{field: Chinese name}`` for every evidence field of lead ``lead_id``."""
    lead = session.get(Lead, lead_id)
    if lead is None:
        return {}
    model = session.get(SupervisionModel, lead.model_id)
    assert model is not None  # a foreign key
    run = session.get(Run, lead.first_run_id)
    try:
        spec = load_spec(model.spec_text, f"模型 {model.slug}")
    except SpecInvalid:
        return {}
    reasons = model_reasons(spec, model.bindings, None if run is None else run.parameters)
    return labels(reasons, lead.evidence or {})
