"""Fuzzing the expression checker: whatever text comes in, either ExpressionError is raised or
the tree that comes out is made only of whitelisted parts, renders to one SELECT over ``t``
on both engines, and runs on a locked-down DuckDB without touching a file.

The oracle here is written independently of the module's own checks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import duckdb
import pytest
import sqlglot
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlglot import exp

from jiancha.modelling.expressions import ExpressionError, Scope, compile_expression

COLUMNS = {
    "name": "name",
    "court": "court",
    "amount": "amount",
    "probation": "probation",
    "effective_date": "effective_date",
    "p.intake_date": "p__intake_date",
}
PHYSICAL = set(COLUMNS.values())
PARAMETERS = {"grace_days": "integer", "courts": "list", "since": "date", "keyword": "text"}
VALUES: dict[str, Any] = {
    "grace_days": 30,
    "courts": ["甲", "乙"],
    "since": dt.date(2024, 1, 1),
    "keyword": "甲",
}
SCOPES = [Scope(COLUMNS, PARAMETERS), Scope(COLUMNS, PARAMETERS, aggregates=True)]

# --- the oracle -------------------------------------------------------------------------------

OPERATOR_NODES = {
    exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT, exp.GTE, exp.Add, exp.Sub, exp.Mul, exp.Div,
    exp.Mod, exp.Neg, exp.And, exp.Or, exp.Not, exp.Paren, exp.DPipe, exp.In, exp.Between,
    exp.Like, exp.ILike, exp.Is, exp.Case, exp.If, exp.Cast, exp.Interval, exp.ArrayContains,
}  # fmt: skip
LEAF_NODES = {exp.Literal, exp.Boolean, exp.Null, exp.Column, exp.Identifier, exp.Placeholder}
FUNCTION_NODES = {
    exp.CurrentDate, exp.DateDiff, exp.DateAdd, exp.Year, exp.Month, exp.Day, exp.TimestampTrunc,
    exp.Extract, exp.Lower, exp.Upper, exp.Trim, exp.Length, exp.Substring, exp.Concat,
    exp.Replace, exp.Left, exp.Right, exp.StartsWith, exp.Contains, exp.StrPosition,
    exp.Coalesce, exp.Nullif, exp.Abs, exp.Round, exp.Floor, exp.Ceil, exp.Least, exp.Greatest,
}  # fmt: skip
AGGREGATE_NODES = {exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max}
PART_NODES = {exp.DataType, exp.DataTypeParam, exp.Var, exp.Star, exp.Distinct}
ALLOWED = OPERATOR_NODES | LEAF_NODES | FUNCTION_NODES | AGGREGATE_NODES | PART_NODES
NEVER = (
    exp.Query, exp.Subquery, exp.Exists, exp.Table, exp.Command, exp.DDL, exp.DML, exp.Window,
    exp.Lambda, exp.Anonymous, exp.Array, exp.Struct, exp.Alias, exp.Dot, exp.Bracket,
)  # fmt: skip
UNITS = {"YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND"}


def check_tree(tree: exp.Expr, scope: Scope) -> None:
    """Every node whitelisted, by exact class and by where it sits; nothing that reads data."""
    assert isinstance(tree, exp.Expression) and tree.parent is None
    stack: list[exp.Expr] = [tree]
    while stack:
        node = stack.pop()
        kind = type(node)
        parent = node.parent
        assert kind in ALLOWED, kind
        assert not isinstance(node, NEVER), kind
        assert not node.comments
        if kind in AGGREGATE_NODES:
            assert scope.aggregates
            assert not any(type(a) in AGGREGATE_NODES for a in node.iter_expressions())
        if kind is exp.Column:
            assert node.args.get("table") is None and node.args.get("db") is None
            assert node.this.quoted and node.name in PHYSICAL
        if kind is exp.Identifier:
            assert type(parent) is exp.Column
        if kind is exp.Placeholder:
            assert node.name in PARAMETERS
            if PARAMETERS[node.name] == "list":
                assert type(parent) is exp.ArrayContains and node.arg_key == "this"
        if kind is exp.ArrayContains:
            assert type(node.this) is exp.Placeholder
        if kind is exp.Var:
            assert node.name in UNITS
            assert type(parent) in (exp.Interval, exp.Extract, exp.DateDiff, exp.TimestampTrunc)
            assert type(parent) is not exp.DateAdd
        if kind is exp.Interval:
            assert isinstance(node.this, exp.Literal) and node.this.this.lstrip("-").isdigit()
        if kind is exp.Star:
            assert type(parent) is exp.Count
        if kind is exp.Distinct:
            assert type(parent) is exp.Count
        if kind in (exp.DataType, exp.DataTypeParam):
            assert type(parent) in (exp.Cast, exp.DataType)
        if kind is exp.Literal and not node.is_string:
            assert re.fullmatch(r"[0-9.eE+-]+", node.this), node.this  # a number, nothing else
        stack.extend(node.iter_expressions())


def check_rendering(tree: exp.Expression, dialect: str) -> str:
    """Wrapped as ``SELECT <expr> FROM t`` it reads back as one SELECT whose only table is t."""
    sql = exp.select(tree).from_("t").sql(dialect)
    statements = sqlglot.parse(sql, read=dialect)
    assert len(statements) == 1, sql
    statement = statements[0]
    assert isinstance(statement, exp.Select), sql
    assert [t.name for t in statement.find_all(exp.Table)] == ["t"], sql
    assert not any(statement.find_all(exp.Subquery, exp.Exists, exp.Command, exp.Anonymous)), sql
    return sql


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE t (name VARCHAR, court VARCHAR, amount DECIMAL(12, 2), probation BOOLEAN,"
        " effective_date DATE, p__intake_date DATE)"
    )
    connection.execute(
        "INSERT INTO t VALUES ('王小明', '甲', 12.5, false, DATE '2024-01-31', NULL),"
        " (NULL, NULL, NULL, NULL, NULL, NULL)"
    )
    connection.execute("SET enable_external_access = false")
    connection.execute("SET lock_configuration = true")
    yield connection
    connection.close()


def check(text: str, con: duckdb.DuckDBPyConnection | None = None) -> None:
    for scope in SCOPES:
        try:
            tree = compile_expression(text, scope)
        except ExpressionError as error:
            assert error.message
            assert error.__cause__ is None, repr(error.__cause__)  # not an internal failure
            event("refused")
            continue
        event("accepted")
        check_tree(tree, scope)
        sql = check_rendering(tree, "duckdb")
        check_rendering(tree, "spark")
        if con is not None:
            names = {p.name for p in tree.find_all(exp.Placeholder)}
            try:
                con.execute(sql, {n: VALUES[n] for n in names}).fetchall()
            except (duckdb.PermissionException, duckdb.ParserException):
                raise  # reading a file would be a hole; a parser error, SQL rendered wrongly
            except duckdb.Error:
                pass  # a type, binder or conversion error is fine


FUZZ = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.text(max_size=200))
def test_any_text(text: str) -> None:
    check(text)


TOKENS = [
    # keywords and statements
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE", "CASE",
    "WHEN", "THEN", "ELSE", "END", "BETWEEN", "LIKE", "ILIKE", "CAST", "AS", "INTERVAL", "DAY",
    "MONTH", "YEAR", "DISTINCT", "EXISTS", "OVER", "PARTITION BY", "COPY", "TO", "ATTACH",
    "DETACH", "INSTALL", "LOAD", "PRAGMA", "SET", "DROP TABLE", "CREATE TABLE", "UNION",
    "INTEGER", "DATE", "VARCHAR", "DECIMAL(10, 2)", "current_date", "ESCAPE", "FILTER",
    # function names, allowed and not
    "count", "sum", "avg", "min", "max", "coalesce", "abs", "round", "lower", "concat",
    "date_diff", "date_add", "date_trunc", "extract", "year", "substr", "strpos", "if", "least",
    "read_csv", "read_csv_auto", "read_text", "read_parquet", "read_json", "glob", "getenv",
    "current_setting", "query", "query_table", "list_transform", "typeof", "iff", "date_sub",
    "unnest", "struct_pack", "range", "generate_series",
    # identifiers and literals
    "name", "court", "amount", "probation", "effective_date", "p.intake_date", "q.x", "t",
    '"name"', '"we""ird"', "判决日期", "'day'", "'month'", "'甲'", "'a''b'", "'a\\'", "'%'",
    "'/etc/passwd'", "'x.csv'", "1", "0", "-1", "1.5", "1e3", "180",
    # parameters and punctuation
    ":grace_days", ":courts", ":since", ":keyword", ":nope", "?", "$1", "$name",
    "(", ")", ",", ";", ".", "::", "[", "]", "{", "}", "*", "+", "-", "/", "%", "||", "=", "<>",
    "<", ">=", "->", ":", "'", '"', "--", "/*", "*/", "\n",
]  # fmt: skip

GRAMMAR = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25).flatmap(
    lambda words: st.sampled_from([" ".join(words), "".join(words)])
)


@FUZZ
@given(GRAMMAR)
def test_sql_like_token_soup(con: duckdb.DuckDBPyConnection, text: str) -> None:
    check(text, con)


# Templates over every whitelisted form (and a few refused ones), filled recursively: most of
# these compile, so the oracle and DuckDB see many accepted trees.
TEMPLATES = [
    "current_date", "today()", "date_diff('day', {a}, {b})", "date_add({a}, {b})", "year({a})",
    "month({a})", "day({a})", "date_trunc('month', {a})", "extract(quarter FROM {a})",
    "lower({a})", "upper({a})", "trim({a})", "trim({a}, {b})", "ltrim({a}, {b})", "length({a})",
    "substring({a}, {b}, {c})", "substr({a}, {b})", "concat({a}, {b}, {c})",
    "replace({a}, {b}, {c})", "left({a}, {b})", "right({a}, {b})", "starts_with({a}, {b})",
    "contains({a}, {b})", "strpos({a}, {b})", "position({b} IN {a})", "coalesce({a}, {b})",
    "nullif({a}, {b})", "abs({a})", "round({a}, {b})", "floor({a})", "ceil({a})",
    "least({a}, {b}, {c})", "greatest({a}, {b})", "if({a}, {b}, {c})", "count(*)",
    "count(DISTINCT {a})", "sum({a})", "avg({a})", "min({a})", "max({a})",
    "CAST({a} AS INTEGER)", "CAST({a} AS VARCHAR)", "CAST({a} AS DATE)", "{a}::DOUBLE",
    "{a} + {b}", "{a} - {b}", "{a} * {b}", "{a} / {b}", "{a} % {b}", "-{a}", "{a} || {b}",
    "{a} = {b}", "{a} <> {b}", "{a} < {b}", "{a} >= {b}", "{a} AND {b}", "{a} OR {b}",
    "NOT {a}", "({a})", "{a} IN ({b}, {c})", "{a} IN :courts", "{a} NOT IN :courts",
    "{a} BETWEEN {b} AND {c}", "{a} LIKE {b}", "{a} NOT ILIKE {b}", "{a} IS NULL",
    "{a} IS NOT NULL", "CASE WHEN {a} THEN {b} ELSE {c} END", "CASE {a} WHEN {b} THEN {c} END",
    "{a} + INTERVAL 3 DAY", "{a} - INTERVAL '2' MONTHS",
    "read_csv({a})", "glob({a})", "({a}) OVER ()", "EXISTS (SELECT {a})", "{a}; {b}",
]  # fmt: skip
LEAVES = [
    "amount", "name", "court", "probation", "effective_date", "p.intake_date", "1", "0", "-2",
    "1.5", "'甲'", "'%甲%'", "'2024-01-31'", "NULL", "TRUE", ":grace_days", ":since",
    ":keyword", "DATE '2024-03-01'",
]  # fmt: skip


def _fill(parts: tuple[str, str, str, str]) -> str:
    template, a, b, c = parts
    return template.format(a=a, b=b, c=c)


WELL_FORMED = st.recursive(
    st.sampled_from(LEAVES),
    lambda inner: st.tuples(st.sampled_from(TEMPLATES), inner, inner, inner).map(_fill),
    max_leaves=10,
)


@FUZZ
@given(WELL_FORMED)
def test_well_formed_expressions(con: duckdb.DuckDBPyConnection, text: str) -> None:
    check(text, con)


@settings(max_examples=200)
@given(st.text(max_size=200).filter(lambda s: "\x00" not in s))
def test_string_literals_round_trip(con: duckdb.DuckDBPyConnection, value: str) -> None:
    """Any string, quoted SQL-style, comes back unchanged from DuckDB and from Spark's parser."""
    tree = compile_expression("'" + value.replace("'", "''") + "'", SCOPES[0])
    assert con.execute(exp.select(tree).sql("duckdb")).fetchall() == [(value,)]
    spark = sqlglot.parse_one(exp.select(tree).sql("spark"), read="spark")
    assert spark.expressions[0] == exp.Literal.string(value)


@pytest.mark.parametrize(
    "tree",
    [
        exp.Anonymous(this="read_csv", expressions=[exp.Literal.string("/etc/passwd")]),
        exp.column("name"),  # not quoted
        exp.column("secret", quoted=True),  # not a column of the scope
        exp.column("name", table="t", quoted=True),
        exp.select("1").subquery(),
        exp.Exists(this=exp.select("1")),
        exp.Placeholder(this="nope"),
        exp.Placeholder(this="courts"),  # a list outside ARRAY_CONTAINS
        exp.Var(this="DAY"),
        exp.Sum(this=exp.column("amount", quoted=True)),  # an aggregate where none may be
        exp.Window(this=exp.Count(this=exp.Star())),
        exp.Literal(this="1; DROP TABLE t", is_string=False),
    ],
)
def test_the_oracle_rejects_what_it_should(tree: exp.Expression) -> None:
    with pytest.raises(AssertionError):
        check_tree(tree, SCOPES[0])
