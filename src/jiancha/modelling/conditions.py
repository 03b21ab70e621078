"""Conditions of the no-code builder: a structured condition set ⇄ expression text.

The builder shows a filter, a join's ``where`` or an aggregate's ``having`` as rows of
*column · operator · operand* joined by AND::

    {"all": [{"column": "effective_date", "op": "<=",
              "right": {"days_before_today": {"param": "grace_days"}}}, ...]}

:func:`render` writes one canonical expression text for such a set
(:mod:`~jiancha.modelling.conditions_render`); :func:`decompose` reads a text back into a set
when the whole text is an AND-chain of exactly the shapes :func:`render` writes, and answers
``None`` otherwise, and the console then shows the text in the expert box
(:mod:`~jiancha.modelling.conditions_parse`).
"""

from __future__ import annotations

from jiancha.modelling.conditions_parse import decompose
from jiancha.modelling.conditions_render import (
    COMPARISONS,
    OPERAND_KINDS,
    OPS,
    UNARY,
    ConditionError,
    is_condition_set,
    literal,
    render,
    render_condition,
)

__all__ = [
    "COMPARISONS",
    "OPERAND_KINDS",
    "OPS",
    "UNARY",
    "ConditionError",
    "decompose",
    "is_condition_set",
    "literal",
    "render",
    "render_condition",
]
