"""What the builder's preview shows, masked: step labels, the rows after a step, sample leads.

Rows are masked by each column's kind (``leads.personal``: a personal semantic type, or the
dataset's ``sensitive``/``core`` classification), anything else by its shape (ID and mobile
numbers); sample leads exactly as the lead list masks a lead (``mask_lead``), with their
explanation rendered as a lead's explanation reads (``leads.explain.render``). Reads nothing
from the store.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from jiancha.governance.masking import mask_any, mask_lead, mask_value
from jiancha.leads.build import LeadBuilder
from jiancha.leads.explain import Template, render
from jiancha.leads.sqlbuild import build_leads
from jiancha.leads.values import plain
from jiancha.modelling.labels import fill
from jiancha.modelling.relation import ROW, Relation
from jiancha.modelling.spec import Spec
from jiancha.spoken import spoken

SAMPLE_LEADS = 10
LEAD_KEYS = ("title", "subject_name", "subject_key", "evidence", "explanation")


def step_labels(
    spec: Spec, template: Template, values: Mapping[str, Any], columns: Mapping[str, str]
) -> list[str]:
    """Each step in plain words: its explanation's sentence (its label filled, or its condition
    read aloud), else its label, else the columns it computes or keeps by their Chinese names
    (``columns``: visible name → Chinese name)."""
    sentences = {t["step"] - 1: t["text"] for t in template}
    labels = []
    for index, step in enumerate(spec.steps):
        if index in sentences:
            labels.append(str(sentences[index]))
        elif step.label:
            labels.append(fill(step.label, dict(values), spoken))
        else:
            body = step.body
            listed = list(body) if isinstance(body, dict | list) else [body]
            names = "、".join(columns.get(str(n), str(n)) for n in listed)
            labels.append(
                {"derive": f"计算 {names}", "select": f"只保留 {names}"}.get(step.kind, "")
            )
    return labels


def shown_rows(
    table: pa.Table, relation: Relation, kinds: Mapping[str, str], labels: Mapping[str, str]
) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """The columns (name, semantic type, Chinese label; row numbers left out) and the masked
    rows of ``table``, a step's rows under their physical names."""
    shown = [c for c in relation if c.visible != ROW and not c.visible.endswith(f".{ROW}")]
    columns = [
        {"name": c.visible, "semantic": c.semantic, "label": labels.get(c.visible, c.visible)}
        for c in shown
    ]
    rows = []
    for row in table.to_pylist():
        values = []
        for c in shown:
            value, kind = plain(row.get(c.physical)), kinds.get(c.visible)
            values.append(mask_value(value, kind) if kind else mask_any(value))
        rows.append(values)
    return columns, rows


def _json(text: Any, empty: Any) -> Any:
    return json.loads(text) if isinstance(text, str) else empty


def sample_leads(
    builder: LeadBuilder, table: pa.Table, template: Template, personal: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Up to :data:`SAMPLE_LEADS` leads of the final rows ``table`` (one per fingerprint), built
    as a run builds them (``leads.sqlbuild``), masked as the lead list shows them."""
    _, built = build_leads(builder, table)
    samples = []
    for row in built.to_pylist()[:SAMPLE_LEADS]:
        lead = {
            "subject_type": builder.spec.lead.subject_type,
            "subject_key": row["subject_key"],
            "subject_name": row["subject_name"],
            "title": row["title"],
            "title_masked": row["title_masked"],
            "evidence": _json(row["evidence"], {}),
            "explanation": render(template, _json(row["explanation"], [])),
            "personal": dict(personal),
        }
        masked = mask_lead(lead)
        samples.append({k: masked.get(k) for k in LEAD_KEYS})
    return samples
