"""The model spec, version 1, as typed values (DESIGN: "The model spec, version 1").

A :class:`Spec` is what a YAML document means once it has passed the JSON Schema; the
positions of its parts (line, column) stay with it so that later checks can point at them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

AREAS = ("criminal", "civil", "administrative", "public_interest")
LINES = (
    "ordinary_crime",
    "serious_crime",
    "duty_crime",
    "economic_crime",
    "criminal_execution",
    "civil",
    "administrative",
    "public_interest",
    "juvenile",
    "petition",
)
KINDS = ("collision", "mining", "profile")
RISKS = ("none", "low", "medium", "high")
PARAMETER_TYPES = ("integer", "number", "text", "date", "boolean", "list")
ANOMALY_METHODS = ("zscore", "iqr", "ratio")
LABEL = "label"
"""The key of a step's plain-language sentence, beside its kind (``filter:`` … ``label:`` …)."""
COLUMNS = "columns"
"""The top-level key naming, in Chinese, the columns the model computes (``deadline: 届满日``)."""
RUN_ON_IMPORT = "run_on_import"
"""The optional top-level key (a boolean, default false): run the installed model each time a
dataset bound to one of its inputs is imported (``jiancha.runs.triggers``)."""

Path = tuple[str | int, ...]
"""Where a value sits in the document, e.g. ``("steps", 2, "filter")``."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any
    label: str = ""


@dataclass(frozen=True)
class Input:
    """A logical input: named fields with semantic types, bound to a dataset at install."""

    name: str
    label: str
    fields: Mapping[str, str]


@dataclass(frozen=True)
class Step:
    """One pipeline step; ``body`` is the step's value as written (checked by the schema);
    ``label`` the plain Chinese sentence saying what it checks (optional, may name parameters
    as ``{name}``, see :mod:`jiancha.modelling.labels`)."""

    index: int
    kind: str
    body: Any
    label: str = ""

    @property
    def path(self) -> Path:
        return ("steps", self.index, self.kind)


@dataclass(frozen=True)
class LeadSpec:
    subject_type: str
    subject_key: str
    subject_name: str | None
    title: str
    evidence: tuple[str, ...]
    jurisdiction: str | None = None
    amount: str | None = None


@dataclass(frozen=True)
class Spec:
    id: str
    version: str
    name: str
    area: str
    line: str
    kind: str
    risk: str
    description: str
    legal_basis: tuple[str, ...]
    parameters: Mapping[str, Parameter]
    inputs: Mapping[str, Input]
    steps: tuple[Step, ...]
    lead: LeadSpec
    text: str = ""
    positions: Mapping[Path, tuple[int, int]] = field(default_factory=dict)
    columns: Mapping[str, str] = field(default_factory=dict)
    """The Chinese name of each column the model computes (a derived column, a measure), from
    the spec's optional ``columns:`` section; read by people only, never by the engine."""
    run_on_import: bool = False
    """Whether a new import of a dataset bound to one of its inputs runs the model (即时审查)."""

    def made_columns(self) -> dict[str, int]:
        """Each column a derive or aggregate step makes (and an anomaly's ``score``) → the
        index of the first step making it."""
        made: dict[str, int] = {}
        for step in self.steps:
            body = step.body if isinstance(step.body, Mapping) else {}
            names: Any = body if step.kind == "derive" else ()
            if step.kind == "aggregate":
                names = body.get("measures") or {}
            if step.kind == "anomaly":
                names = ("score",)
            for name in names:
                made.setdefault(str(name), step.index)
        return made

    def position(self, path: Path) -> tuple[int, int]:
        """(line, column), 1-based, of ``path`` or of its nearest ancestor that has one."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return (1, 1)


def _step(index: int, written: Mapping[str, Any]) -> Step:
    kind = next(k for k in written if k != LABEL)
    return Step(index, kind, written[kind], str(written.get(LABEL) or ""))


def from_document(
    data: Mapping[str, Any], text: str, positions: Mapping[Path, tuple[int, int]]
) -> Spec:
    """Build a :class:`Spec` from a document that the JSON Schema accepted."""
    parameters = {
        name: Parameter(name, p["type"], p["default"], p.get("label", ""))
        for name, p in (data.get("parameters") or {}).items()
    }
    inputs = {
        name: Input(name, i.get("label", name), dict(i["fields"]))
        for name, i in data["inputs"].items()
    }
    steps = tuple(_step(index, s) for index, s in enumerate(data["steps"]))
    lead = data["lead"]
    subject = lead["subject"]
    return Spec(
        id=data["id"],
        version=str(data["version"]),
        name=data["name"],
        area=data["area"],
        line=data["line"],
        kind=data["kind"],
        risk=data["risk"],
        description=data.get("description", ""),
        legal_basis=tuple(data.get("legal_basis") or ()),
        parameters=parameters,
        inputs=inputs,
        steps=steps,
        lead=LeadSpec(
            subject_type=subject["type"],
            subject_key=subject["key"],
            subject_name=subject.get("name"),
            title=lead["title"],
            evidence=tuple(lead["evidence"]),
            jurisdiction=lead.get("jurisdiction"),
            amount=lead.get("amount"),
        ),
        text=text,
        positions=dict(positions),
        columns={str(k): str(v) for k, v in (data.get(COLUMNS) or {}).items()},
        run_on_import=bool(data.get(RUN_ON_IMPORT, False)),
    )
