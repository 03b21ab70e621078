"""Modelling centre (建模中心): supervision model specs, their checks and their SQL.

Owns: spec v1 (YAML, JSON Schema, typed values), safe expressions, the compiler to SQL for
DuckDB and Spark, and installing a model (binding inputs to datasets). Must not touch: dataset
import (catalogue), engines, leads or runs (the runs package calls this one, never the reverse).
"""

from jiancha.modelling.compiler import Compiled, compile_spec
from jiancha.modelling.errors import SpecInvalid, SpecProblem
from jiancha.modelling.install import install
from jiancha.modelling.loader import load_spec, load_spec_file
from jiancha.modelling.parameters import parse_overrides
from jiancha.modelling.schema import SPEC_SCHEMA
from jiancha.modelling.spec import Spec

__all__ = [
    "SPEC_SCHEMA",
    "Compiled",
    "Spec",
    "SpecInvalid",
    "SpecProblem",
    "compile_spec",
    "install",
    "load_spec",
    "load_spec_file",
    "parse_overrides",
]
