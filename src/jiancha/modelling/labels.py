"""Step labels and column names: the plain Chinese a spec's author writes for people.

A label may name a parameter as ``{grace_days}``; a run fills it with the value it used
(「判决生效已逾 {grace_days} 日」 → 「判决生效已逾 30 日」). This module owns the placeholder
syntax, the check that every placeholder names a parameter (reported at the label's line, like
every other spec problem) and the filling; and the check that each name of the spec's
``columns:`` section names a column some step computes. It must not touch how a step compiles:
labels and column names are read by people only, never by the engine.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from jiancha.modelling.errors import SpecProblem
from jiancha.modelling.spec import COLUMNS, LABEL, Spec

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def placeholders(label: str) -> list[str]:
    """The names written in braces in ``label``, in order."""
    return [name.strip() for name in _PLACEHOLDER.findall(label)]


def label_problems(spec: Spec) -> list[SpecProblem]:
    """Every label placeholder that does not name one of the spec's parameters."""
    problems = []
    known = list(spec.parameters)
    for step in spec.steps:
        for name in placeholders(step.label):
            if name in spec.parameters:
                continue
            line, column = spec.position(("steps", step.index, LABEL))
            close = difflib.get_close_matches(name, known, n=1)
            hint = (
                f"，是否应为 `{{{close[0]}}}`？"
                if close
                else f"（可用参数：{'、'.join(known)}）"
                if known
                else "（模型没有参数）"
            )
            message = f"第 {step.index + 1} 步的说明 label 中的 `{{{name}}}` 不是模型的参数{hint}"
            problems.append(SpecProblem(line, column, message, f"steps[{step.index}].{LABEL}"))
    return problems


def column_problems(spec: Spec) -> list[SpecProblem]:
    """Every name in ``columns:`` that is not a column a derive or aggregate step makes."""
    made = list(spec.made_columns())
    problems = []
    for name in spec.columns:
        if name in made:
            continue
        line, column = spec.position((COLUMNS, name, "<key>"))
        close = difflib.get_close_matches(name, made, n=1)
        hint = (
            f"，是否应为 `{close[0]}`？"
            if close
            else f"（模型计算的列：{'、'.join(made)}）"
            if made
            else "（模型没有 derive 或 aggregate 步骤计算的列）"
        )
        message = f"列名称 columns 中的 `{name}` 不是模型计算的列{hint}"
        problems.append(SpecProblem(line, column, message, f"{COLUMNS}.{name}"))
    return problems


def fill(label: str, values: Mapping[str, Any], shown: Any = str) -> str:
    """``label`` with each ``{name}`` replaced by ``shown(values[name])`` (kept when unknown)."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        return str(shown(values[name])) if name in values else match.group(0)

    return _PLACEHOLDER.sub(one, label)
