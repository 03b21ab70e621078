"""What each review step checks before it may be approved, and the figures it records.

* 数据核查 (``data_check``): the submitting office adopted the model; each input of the version
  under review is bound by that adoption to a dataset that exists and is classified, and the
  bindings still hold — the very check ``modelling.install.bind`` makes at install, re-run on
  the adoption's bindings against the submitted version, then compiled;
* 规则研判 (``rules_check``): the spec names its legal basis (``legal_basis``);
* 异地验证 (``cross_check``): at least one office outside the author office's subtree adopted the
  model, ran it, and verified some of its leads; measured precision = leads found true or
  beyond (核查属实 and every later state) / (those + leads found untrue, 核查不属实), per office
  and overall, with the counts.

Each returns a ``Check``: the problems that forbid approving (a refusal is always allowed) and
the figures the decision records. Must not touch the model's state (``decisions`` does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError
from jiancha.governance.orgs import subtree_ids
from jiancha.identifiers import CLASSIFICATIONS
from jiancha.leads.workflow import STAGES
from jiancha.marketplace.adoptions import adoptions_of
from jiancha.marketplace.records import org_json
from jiancha.modelling import compile_spec
from jiancha.modelling.install import bind
from jiancha.modelling.spec import Spec
from jiancha.store import Dataset, Lead, MarketModel, Org, Run, Store, SupervisionModel

FOUND_TRUE = frozenset(s for s, n in STAGES.items() if n >= STAGES["confirmed"] and s != "rejected")
"""核查属实 and every state after it (已成案 … 已办结)."""
FOUND_UNTRUE = frozenset({"rejected"})


@dataclass
class Check:
    problems: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)


def pairs_of(bindings: dict[str, Any]) -> list[str]:
    """An adoption's stored bindings as ``--bind`` pairs."""
    pairs = []
    for name, bound in bindings.items():
        pairs.append(f"{name}={bound.get('dataset', '')}")
        pairs += [f"{name}.{f}={c}" for f, c in (bound.get("fields") or {}).items()]
    return pairs


def _listed(error: JianchaError) -> list[str]:
    items = [line[4:] for line in error.message.splitlines() if line.startswith("  - ")]
    return items or [error.message]


def _inputs(session: Session, spec: Spec, bindings: dict[str, Any]) -> tuple[list[Any], list[str]]:
    shown, problems = [], []
    for name, spec_input in spec.inputs.items():
        bound = bindings.get(name) or {}
        dataset = session.scalar(select(Dataset).where(Dataset.name == bound.get("dataset")))
        if dataset is None or not dataset.versions:
            continue  # bind() names it
        if dataset.classification not in CLASSIFICATIONS:
            problems.append(f"数据集“{dataset.name}”未分级（输入 `{name}`）")
        columns = {f.name: f for f in dataset.latest.fields}
        fields = []
        for f, semantic in spec_input.fields.items():
            column = columns.get((bound.get("fields") or {}).get(f, f))
            fields.append(
                {
                    "field": f,
                    "semantic": semantic,
                    "column": None if column is None else column.name,
                    "classification": None if column is None else column.classification,
                }
            )
        shown.append(
            {
                "input": name,
                "label": spec_input.label,
                "dataset": dataset.name,
                "rows": dataset.latest.rows,
                "classification": dataset.classification,
                "fields": fields,
            }
        )
    return shown, problems


def data_check(store: Store, spec: Spec, adoption_id: int | None) -> Check:
    """数据核查 of ``spec`` on the submitting office's adoption ``adoption_id``."""
    with store.session() as session:
        adoption = None if adoption_id is None else session.get(SupervisionModel, adoption_id)
        if adoption is None:
            return Check(["提交模型的检察院没有采用该模型，没有可核查的数据绑定"], {"inputs": []})
        office = None if adoption.org_id is None else session.get(Org, adoption.org_id)
        bindings = dict(adoption.bindings or {})
        shown, problems = _inputs(session, spec, bindings)
    try:
        bound = bind(store, spec, pairs_of(bindings))
        compile_spec(spec, {n: b.fields for n, b in bound.items()})
    except JianchaError as error:
        problems = _listed(error) + problems
    figures = {"adoption": adoption_id, "office": org_json(office), "inputs": shown}
    return Check(problems, figures)


def rules_check(spec: Spec) -> Check:
    """规则研判: the legal basis the spec names (required)."""
    basis = [b for b in spec.legal_basis if str(b).strip()]
    problems = [] if basis else ["模型未写明法律依据（legal_basis），不能通过规则研判"]
    return Check(problems, {"legal_basis": basis})


def _office_figures(session: Session, adoption: SupervisionModel) -> dict[str, Any]:
    query = select(Lead.status, func.count()).where(Lead.model_id == adoption.id)
    counts: dict[str, int] = {s: n for s, n in session.execute(query.group_by(Lead.status))}
    runs = session.scalar(
        select(func.count()).where(Run.model_id == adoption.id, Run.status == "succeeded")
    )
    true = sum(n for s, n in counts.items() if s in FOUND_TRUE)
    untrue = sum(n for s, n in counts.items() if s in FOUND_UNTRUE)
    return {
        "office": org_json(session.get(Org, adoption.org_id) if adoption.org_id else None),
        "adoption": adoption.id,
        "version": adoption.version,
        "runs": int(runs or 0),
        "leads": sum(counts.values()),
        "confirmed": true,
        "rejected": untrue,
        "verified": true + untrue,
        "precision": round(true / (true + untrue), 4) if true + untrue else None,
    }


def cross_check(session: Session, model: MarketModel) -> Check:
    """异地验证 of ``model``: the figures of every adoption outside its author's subtree."""
    author = None if model.author_org_id is None else session.get(Org, model.author_org_id)
    inside = set(subtree_ids(session, author)) if author is not None else set()
    others = [a for a in adoptions_of(session, model.slug) if a.org_id and a.org_id not in inside]
    offices = [_office_figures(session, a) for a in others]
    true = sum(o["confirmed"] for o in offices)
    untrue = sum(o["rejected"] for o in offices)
    figures = {
        "offices": offices,
        "adopted_by": len(offices),
        "runs": sum(o["runs"] for o in offices),
        "leads": sum(o["leads"] for o in offices),
        "confirmed": true,
        "rejected": untrue,
        "verified": true + untrue,
        "precision": round(true / (true + untrue), 4) if true + untrue else None,
    }
    where = f"作者院（{author.name}）及其下级院以外" if author else "作者院以外"
    problems = []
    if not offices:
        problems.append(f"{where}尚无检察院采用该模型")
    elif not figures["runs"]:
        problems.append(f"{where}采用该模型的检察院尚未成功运行")
    elif not figures["verified"]:
        problems.append(f"{where}的检察院尚无核查结论（核查属实或不属实）的线索，无法计算精准率")
    return Check(problems, figures)
