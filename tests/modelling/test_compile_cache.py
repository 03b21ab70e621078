"""What is worked out from a spec's text is kept: a spec read from the same text is compiled once
per set of bindings (``compile_spec``) and compared once in the marketplace (``signature``); a
spec built in code, or an invalid one, is worked out each time."""

from __future__ import annotations

import dataclasses

import pytest

from jiancha.marketplace import similarity
from jiancha.modelling import SpecInvalid, compile_spec, load_spec
from jiancha.runs.preview_query import preview_sql
from tests.modelling.fixtures import SPECS

TEXT = (SPECS / "custodial.yaml").read_text(encoding="utf-8")


def test_a_spec_read_twice_is_compiled_once_per_binding() -> None:
    first = compile_spec(load_spec(TEXT))
    assert compile_spec(load_spec(TEXT)) is first
    inputs = first.spec.inputs
    bound = {
        name: {f: f"col_{f}" for f in spec_input.fields} for name, spec_input in inputs.items()
    }
    other = compile_spec(load_spec(TEXT), bound)
    assert other is not first and compile_spec(load_spec(TEXT), dict(bound)) is other
    assert '"col_' in other.sql() and '"col_' not in first.sql()


def test_what_is_kept_is_not_changed_by_building_statements_from_it() -> None:
    compiled = compile_spec(load_spec(TEXT))
    before = compiled.sql()
    preview_sql(compiled, list(compiled.relation.names())[:1], samples=3)
    compiled.query("spark")
    assert compile_spec(load_spec(TEXT)).sql() == before


def test_a_spec_built_in_code_is_compiled_each_time() -> None:
    built = dataclasses.replace(load_spec(TEXT), text="")
    assert compile_spec(built) is not compile_spec(built)
    assert compile_spec(built).sql() == compile_spec(load_spec(TEXT)).sql()


def test_an_invalid_spec_reports_its_problems_every_time() -> None:
    broken = TEXT.replace("{name}：", "{无此列}：", 1)
    assert broken != TEXT
    for _ in range(2):
        with pytest.raises(SpecInvalid, match="无此列"):
            compile_spec(load_spec(broken))


def test_a_spec_is_compared_once_per_text() -> None:
    spec = load_spec(TEXT)
    assert similarity.signature(spec) is similarity.signature(load_spec(TEXT))
    built = dataclasses.replace(spec, text="")
    assert similarity.signature(built) is not similarity.signature(built)
    assert similarity.signature(built) == similarity.signature(spec)
