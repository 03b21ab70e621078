"""What the builder shows of each step: the columns it leaves (with semantic type and Chinese
label) and the checks of its structured conditions against the columns it can see.

The relations come from the compiler (:class:`~jiancha.modelling.builder_compile.Analysis`);
labels from the spec's ``columns:`` section or, for an input's field, from the ``fields``
the caller passes (the bound dataset's column names).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jiancha.modelling.builder_checks import ConditionChecker, slots
from jiancha.modelling.builder_compile import Analysis
from jiancha.modelling.conditions import is_condition_set
from jiancha.modelling.relation import ROW, Relation, input_columns

Labels = Mapping[str, Mapping[str, str]]
"""input name → field → a Chinese label (``fields``) or a semantic type (``semantics``)."""


class View:
    """The document's steps and inputs seen through the analysis' relations."""

    def __init__(
        self, document: Mapping[str, Any], analysis: Analysis, fields: Labels, semantics: Labels
    ) -> None:
        self.document = document
        self.analysis = analysis
        self.fields = fields
        self.semantics = semantics
        self.problems: list[tuple[str, str, str]] = []
        steps = document.get("steps")
        self.written: list[Any] = steps if isinstance(steps, list) else []
        first = self.written[0] if self.written else None
        start = first.get("from") if isinstance(first, Mapping) else None
        self.start = start if isinstance(start, str) else ""
        columns = document.get("columns")
        self.names: Mapping[str, Any] = columns if isinstance(columns, Mapping) else {}

    def field(self, visible: str) -> tuple[str, str]:
        """(input, field) a visible column comes from, as far as the name says."""
        name, dot, rest = visible.partition(".")
        return (name, rest) if dot else (self.start, visible)

    def semantic(self, visible: str, known: str | None) -> str | None:
        source, name = self.field(visible)
        return self.semantics.get(source, {}).get(name) or known

    def label(self, visible: str) -> str:
        written = self.names.get(visible)
        if isinstance(written, str) and written:
            return written
        source, name = self.field(visible)
        return self.fields.get(source, {}).get(name) or visible

    def relation(self, index: int) -> Relation:
        relations = self.analysis.relations
        return relations[index] if 0 <= index < len(relations) else Relation()

    def visible(self, relation: Relation) -> dict[str, str | None]:
        return {c.visible: self.semantic(c.visible, c.semantic) for c in relation}

    def check_conditions(self) -> set[str]:
        """Check every structured condition; the paths of the conditions found wrong."""
        spec = self.analysis.spec
        if spec is None:
            return set()
        parameters = {n: p.type for n, p in spec.parameters.items()}
        wrong: set[str] = set()
        for slot, value in slots(self.written):
            if not is_condition_set(value):
                continue
            relation = self.relation(slot.index - 1)
            if slot.key == "having":
                relation = self.relation(slot.index)
            elif slot.key == "where":
                name = self.written[slot.index][slot.kind].get("input")
                if isinstance(name, str) and name in spec.inputs:
                    extra = input_columns(name, spec.inputs[name].fields, joined=True)
                    relation = relation.plus(extra)
            found = ConditionChecker(self.visible(relation), parameters).check(value, slot.path)
            if found:
                wrong.add(slot.path)
                step = f"第 {slot.index + 1} 步（{slot.kind}）："
                self.problems.extend((path, step + message, part) for path, message, part in found)
        return wrong

    def steps(self) -> list[dict[str, Any]]:
        shown = []
        for index, step in enumerate(self.written):
            kinds = [k for k in step if k != "label"] if isinstance(step, Mapping) else []
            label = step.get("label") if isinstance(step, Mapping) else None
            columns = [
                {
                    "name": c.visible,
                    "semantic": self.semantic(c.visible, c.semantic),
                    "label": self.label(c.visible),
                }
                for c in self.relation(index)
                if c.visible != ROW and not c.visible.endswith(f".{ROW}")
            ]
            shown.append(
                {
                    "index": index,
                    "kind": kinds[0] if kinds else "",
                    "label": label if isinstance(label, str) else "",
                    "columns": columns,
                }
            )
        return shown

    def inputs(self) -> dict[str, list[dict[str, Any]]]:
        inputs = self.document.get("inputs")
        result: dict[str, list[dict[str, Any]]] = {}
        for name, item in (inputs if isinstance(inputs, Mapping) else {}).items():
            fields = item.get("fields") if isinstance(item, Mapping) else None
            result[str(name)] = [
                {"name": str(f), "semantic": s if isinstance(s, str) else None}
                for f, s in (fields if isinstance(fields, Mapping) else {}).items()
            ]
        return result
