"""The fixed list of functions a model expression may call, and the units they accept.

Each entry is keyed by the SQLGlot node class the DuckDB parser produces (several spellings map to
one class: ``substr``/``substring``, ``ifnull``/``nvl``/``coalesce``, ``ceiling``/``ceil``,
``instr``/``strpos``/``position``, ``today``/``current_date``). A function is listed only if
SQLGlot renders it to SQL that means the same thing on DuckDB and on Spark; the table in
``tests/modelling/test_expressions.py`` pins both renderings.

``args`` are the argument keys of the node that may be present (a key holding ``None``, ``False``
or an empty list counts as absent); ``required`` must be present. Any other argument makes the
call refused, so a SQLGlot upgrade that adds a meaning to an argument cannot slip through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp

_UNIT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    args: frozenset[str]
    required: frozenset[str]
    aggregate: bool = False


def _spec(
    name: str, *args: str, required: tuple[str, ...] = ("this",), aggregate: bool = False
) -> FunctionSpec:
    return FunctionSpec(name, frozenset(args) | frozenset(required), frozenset(required), aggregate)


FUNCTIONS: dict[type[exp.Expr], FunctionSpec] = {
    # dates
    exp.CurrentDate: _spec("current_date", required=()),
    exp.DateDiff: _spec(
        "date_diff", "unit", "date_part_boundary", required=("this", "expression", "unit")
    ),
    exp.DateAdd: _spec("date_add", "unit", required=("this", "expression")),
    exp.Year: _spec("year"),
    exp.Month: _spec("month"),
    exp.Day: _spec("day"),
    exp.TimestampTrunc: _spec("date_trunc", required=("this", "unit")),
    exp.Extract: _spec("extract", required=("this", "expression")),
    # text
    exp.Lower: _spec("lower"),
    exp.Upper: _spec("upper"),
    exp.Trim: _spec("trim", "expression", "position"),
    exp.Length: _spec("length"),
    exp.Substring: _spec("substring", "length", required=("this", "start")),
    exp.Concat: _spec("concat", "safe", "coalesce", required=("expressions",)),
    exp.Replace: _spec("replace", required=("this", "expression", "replacement")),
    exp.Left: _spec("left", required=("this", "expression")),
    exp.Right: _spec("right", required=("this", "expression")),
    exp.StartsWith: _spec("starts_with", required=("this", "expression")),
    exp.Contains: _spec("contains", required=("this", "expression")),
    exp.StrPosition: _spec("strpos", required=("this", "substr")),
    # null handling, numbers, choice
    exp.Coalesce: _spec("coalesce", "expressions", "is_nvl", "is_null"),
    exp.Nullif: _spec("nullif", required=("this", "expression")),
    exp.Abs: _spec("abs"),
    exp.Round: _spec("round", "decimals"),
    exp.Floor: _spec("floor"),
    exp.Ceil: _spec("ceil"),
    exp.Least: _spec("least", "expressions", "ignore_nulls"),
    exp.Greatest: _spec("greatest", "expressions", "ignore_nulls"),
    exp.If: _spec("if", "false", required=("this", "true")),
    # aggregates (only where Scope.aggregates is true)
    exp.Count: _spec("count", "big_int", aggregate=True),
    exp.Sum: _spec("sum", aggregate=True),
    exp.Avg: _spec("avg", aggregate=True),
    exp.Min: _spec("min", aggregate=True),
    exp.Max: _spec("max", aggregate=True),
}

FUNCTION_NAMES: tuple[str, ...] = tuple(
    sorted(
        {spec.name for spec in FUNCTIONS.values()}
        | {"datediff", "substr", "strpos", "instr", "ifnull", "ceiling", "today", "cast"}
    )
)

# INTERVAL n UNIT: Spark's ANSI interval literals know these units (no QUARTER; WEEK is not an
# ANSI unit); plural spellings are accepted and written singular.
INTERVAL_UNITS: frozenset[str] = frozenset({"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"})

# The largest INTERVAL amount (absolute value) per unit, and the largest day count date_add takes:
# a thousand years (dates run from 0001 to 9999), and for SECOND nine digits (about 31 years), the
# bound both engines were already known to accept. Beyond, a run would fail or overflow.
INTERVAL_LIMITS: dict[str, int] = {
    "YEAR": 1_000,
    "MONTH": 12_000,
    "DAY": 366_000,
    "HOUR": 8_784_000,
    "MINUTE": 527_040_000,
    "SECOND": 999_999_999,
}

# date_diff counts day boundaries on DuckDB and whole days on Spark: the same on DATE values.
# For MONTH and YEAR DuckDB counts calendar boundaries crossed (31 Jan -> 1 Feb is one month)
# while Spark counts whole months, so those units are refused.
DATE_DIFF_UNITS: frozenset[str] = frozenset({"DAY"})

TRUNC_UNITS: frozenset[str] = frozenset({"YEAR", "QUARTER", "MONTH", "WEEK", "DAY"})

# DOW/DOY/WEEK numbering and SECOND (fractional on Spark) differ between the engines.
EXTRACT_UNITS: frozenset[str] = frozenset({"YEAR", "QUARTER", "MONTH", "DAY", "HOUR", "MINUTE"})

# CAST targets, by the type SQLGlot's DuckDB parser gives (VARCHAR, STRING and TEXT are all TEXT;
# INTEGER is INT; TIMESTAMP and DATETIME are TIMESTAMPNTZ, which Spark writes TIMESTAMP_NTZ: no time
# zone on either engine). DECIMAL takes at most (38, s).
CAST_TYPES: frozenset[exp.DType] = frozenset(
    {
        exp.DType.INT,
        exp.DType.BIGINT,
        exp.DType.DOUBLE,
        exp.DType.DECIMAL,
        exp.DType.TEXT,
        exp.DType.DATE,
        exp.DType.TIMESTAMPNTZ,
        exp.DType.BOOLEAN,
    }
)

# Names that read files, tables or settings get a message saying so.
IO_FUNCTION_PREFIXES: tuple[str, ...] = ("read_", "parquet_", "iceberg_", "delta_", "sniff_")
IO_FUNCTION_NAMES: frozenset[str] = frozenset(
    {
        "glob",
        "getenv",
        "current_setting",
        "query",
        "query_table",
        "json_scan",
        "csv_scan",
        "sqlite_scan",
        "postgres_scan",
        "mysql_scan",
        "duckdb_settings",
        "duckdb_extensions",
        "duckdb_secrets",
        "load_extension",
        "pragma_version",
        "input_file_name",
        "reflect",
        "java_method",
    }
)


def cast_type_ok(to: exp.DataType) -> bool:
    if to.this not in CAST_TYPES or any(
        to.args.get(k) for k in ("values", "kind", "nullable", "collate", "nested")
    ):
        return False
    params = to.expressions
    if not params:
        return True
    if to.this != exp.DType.DECIMAL or len(params) > 2:
        return False
    numbers: list[int] = []
    for param in params:
        value = param.this if isinstance(param, exp.DataTypeParam) else None
        if param.args.get("expression") or not (
            isinstance(value, exp.Literal) and not value.is_string and value.this.isdigit()
        ):
            return False
        numbers.append(int(value.this))
    precision, scale = numbers[0], (numbers[1] if len(numbers) > 1 else 0)
    return 1 <= precision <= 38 and 0 <= scale <= precision


def unit_word(node: object) -> str | None:
    """The unit a date function was given ('day', DAY), upper-cased; None if it is not one."""
    if isinstance(node, exp.Var) or (isinstance(node, exp.Literal) and node.is_string):
        word = node.name.strip().upper()
        return word if _UNIT_NAME.fullmatch(word) else None
    return None
