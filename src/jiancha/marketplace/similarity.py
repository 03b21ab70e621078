"""Near-duplicate detection (同质化): how alike two models are in what they read and check.

A model is reduced to two bags, blind to every name its author chose (inputs, fields, derived
columns, parameters, labels):

* **inputs** — the semantic types of all its input fields (``id_card`` ×2, ``date`` ×2 …);
* **checks** — for each step, its kind and its condition(s) with every column replaced by its
  semantic type (a column the model computes by ``derived``) and every parameter by its type,
  literals kept: ``sentence_type IN ('有期徒刑','拘役')`` and ``刑种 IN ('有期徒刑','拘役')``
  both read ``text IN ('有期徒刑', '拘役')``. Each step adds its whole normalised form and each
  of its conditions (the terms of an AND/OR, each derived expression, each join key pair), so
  that two models sharing some conditions get partial credit.

Each bag is compared by weighted Jaccard (Σ min / Σ max of the counts); the similarity is
``INPUT_WEIGHT`` × inputs + (1 − ``INPUT_WEIGHT``) × checks. A copy of a model with its fields,
inputs and parameters renamed scores 1.0; ``THRESHOLD`` (see docs/marketplace.md for why that
value) is where a submission is flagged to the reviewer. Pure: no store, no engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import exp

from jiancha.modelling.loader import load_spec
from jiancha.modelling.spec import Spec

THRESHOLD = 0.85
INPUT_WEIGHT = 0.3
CLOSEST = 3
DERIVED = "derived"


@dataclass(frozen=True)
class Signature:
    inputs: Counter[str]
    checks: Counter[str]


@dataclass(frozen=True)
class Likeness:
    score: float
    inputs: float
    checks: float


def jaccard(a: Counter[str], b: Counter[str]) -> float:
    """Weighted Jaccard of two bags (1.0 for two empty bags)."""
    keys = set(a) | set(b)
    top = sum(max(a[k], b[k]) for k in keys)
    return 1.0 if top == 0 else sum(min(a[k], b[k]) for k in keys) / top


class _Reader:
    """Normalises one spec's expressions: columns → semantic types, parameters → types."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        first = spec.steps[0].body if spec.steps and spec.steps[0].kind == "from" else None
        self.first = spec.inputs.get(first) if isinstance(first, str) else None
        self.made = set(spec.made_columns())

    def kind_of(self, name: str, table: str = "") -> str:
        if table:
            found = self.spec.inputs.get(table)
            return found.fields.get(name, "column") if found else "column"
        if self.first is not None and name in self.first.fields:
            return self.first.fields[name]
        if name in self.made:
            return DERIVED
        for spec_input in self.spec.inputs.values():
            if name in spec_input.fields:
                return spec_input.fields[name]
        return "column"

    def _swap(self, node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column):
            return exp.column(self.kind_of(node.name, node.table))
        if isinstance(node, exp.Placeholder):
            found = self.spec.parameters.get(str(node.this))
            return exp.Placeholder(this=found.type if found else "parameter")
        return node

    def terms(self, text: Any) -> list[str]:
        """The normalised conditions of ``text``: the terms of a top-level AND/OR, else itself."""
        if not isinstance(text, str) or not text.strip():
            return []
        try:
            tree = sqlglot.parse_one(text, read="duckdb").transform(self._swap)
        except sqlglot.errors.SqlglotError:
            return [text.strip()]
        parts = list(tree.flatten()) if isinstance(tree, exp.And | exp.Or) else [tree]
        return [p.sql(dialect="duckdb") for p in parts]

    def step(self, kind: str, body: Any) -> list[str]:
        """The features of one step (its whole normalised form first)."""
        if kind == "select":
            return []  # keeping columns changes no finding
        if kind == "from":
            found = self.spec.inputs.get(str(body))
            parts = sorted(found.fields.values()) if found else []
        elif kind in ("filter",):
            parts = self.terms(body)
        elif kind == "derive":
            parts = sorted(t for text in (body or {}).values() for t in self.terms(text))
        elif kind in ("join", "anti_join", "semi_join"):
            other = str(body.get("input", ""))
            keys = [
                f"{self.kind_of(str(left))}={self.kind_of(str(right), other)}"
                for left, right in body.get("on") or []
            ]
            parts = [str(body.get("type", "inner")), *sorted(keys), *self.terms(body.get("where"))]
        elif kind == "aggregate":
            by = sorted(self.kind_of(str(c)) for c in body.get("by") or [])
            measures = sorted(
                t for m in (body.get("measures") or {}).values() for t in self.terms(m)
            )
            parts = [f"by {','.join(by)}", *measures, *self.terms(body.get("having"))]
        elif kind == "anomaly":
            by = sorted(self.kind_of(str(c)) for c in body.get("by") or [])
            method = f"{body.get('method')} {body.get('threshold')} by {','.join(by)}"
            parts = [method, *self.terms(body.get("value"))]
        else:
            parts = [repr(body)]
        return [f"{kind}|{' ; '.join(parts)}", *(f"{kind}:{p}" for p in parts)]


def signature(spec: Spec) -> Signature:
    """What ``likeness`` compares of ``spec``: once per spec text (a submission compares its
    spec with every model of the marketplace; the demo's 28 did so 406 times)."""
    return _signature_of(spec.text) if spec.text else _signature(spec)


@lru_cache(maxsize=256)
def _signature_of(text: str) -> Signature:
    return _signature(load_spec(text))


def _signature(spec: Spec) -> Signature:
    reader = _Reader(spec)
    inputs = Counter(t for spec_input in spec.inputs.values() for t in spec_input.fields.values())
    checks: Counter[str] = Counter()
    for step in spec.steps:
        checks.update(reader.step(step.kind, step.body))
    return Signature(inputs, checks)


def likeness(a: Signature, b: Signature) -> Likeness:
    inputs, checks = jaccard(a.inputs, b.inputs), jaccard(a.checks, b.checks)
    score = INPUT_WEIGHT * inputs + (1 - INPUT_WEIGHT) * checks
    return Likeness(round(score, 4), round(inputs, 4), round(checks, 4))


def closest(
    spec: Spec, others: Iterable[Mapping[str, Any]], n: int = CLOSEST
) -> list[dict[str, Any]]:
    """The ``n`` models of ``others`` (each with ``slug`` and ``spec``, plus what should be
    shown of it) most like ``spec``, best first, each with its scores and whether it passes
    ``THRESHOLD`` (``near``)."""
    mine = signature(spec)
    found = []
    for other in others:
        like = likeness(mine, signature(other["spec"]))
        shown = {k: v for k, v in other.items() if k != "spec"}
        found.append(
            shown
            | {
                "score": like.score,
                "inputs_score": like.inputs,
                "checks_score": like.checks,
                "near": like.score >= THRESHOLD,
            }
        )
    found.sort(key=lambda f: (-f["score"], str(f["slug"])))
    return found[:n]
