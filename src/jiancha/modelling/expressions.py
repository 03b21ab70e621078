"""User-written model expressions, made safe.

A spec's filters, derived columns, join conditions and measures are small SQL expressions written
by a prosecutor. :func:`compile_expression` turns one into a SQLGlot tree that the SQL compiler
embeds in a query for DuckDB or Spark. The text never reaches an engine: only the tree built
here does, and it is made of a closed set of node types.

1. The raw text is bounded (:data:`MAX_LENGTH`) and tokenized; comments, semicolons and a leading
   statement keyword (``COPY``, ``ATTACH``, ``PRAGMA``, ``SET``, ``SELECT`` …) are refused before
   anything is parsed, and so is nesting deeper than :data:`MAX_NESTING`.
2. The parsed tree is checked against a whitelist: node classes by exact type (``TryCast`` is not
   a ``Cast``), each node's arguments by key, functions by class (an unknown name is refused),
   units and cast types by value. Constants are checked by value too (:func:`_number_problem`,
   :func:`_cast_problem`): a date or time that does not exist (``DATE '2025-02-30'``,
   ``'2025-13-01'::date``), an integer beyond 64 bits, a decimal of more than
   :data:`MAX_DECIMAL_DIGITS` digits, a constant cast to a type it cannot become
   (``CAST('x' AS DATE)``) or an INTERVAL beyond ``INTERVAL_LIMITS`` is refused here, when the spec
   is validated, instead of failing the run.
3. A new tree is built from the checked one: columns become ``exp.column(physical, quoted=True)``
   looked up in :class:`Scope`, parameters ``exp.Placeholder(this=name)``, and ``x IN :list``
   becomes ``ARRAY_CONTAINS(:list, x)``. Nothing the user wrote is copied across unchecked.

The root of the returned tree is not parenthesised: wrap it (``exp.paren``, ``exp.and_``,
``exp.not_``) before using it as an operand. Its depth is at most :data:`MAX_TREE_DEPTH`.
Every failure is an :class:`ExpressionError` whose Chinese message names the offending part.
"""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import itertools
import math
import re
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from sqlglot import Token, TokenType, exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, TokenError

from jiancha.errors import JianchaError
from jiancha.modelling._functions import (
    DATE_DIFF_UNITS,
    EXTRACT_UNITS,
    FUNCTION_NAMES,
    FUNCTIONS,
    INTERVAL_LIMITS,
    INTERVAL_UNITS,
    IO_FUNCTION_NAMES,
    IO_FUNCTION_PREFIXES,
    TRUNC_UNITS,
    FunctionSpec,
    cast_type_ok,
    unit_word,
)
from jiancha.modelling._precedence import RANK, bracket

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "MAX_DECIMAL_DIGITS",
    "MAX_LENGTH",
    "MAX_NESTING",
    "MAX_TREE_DEPTH",
    "ExpressionError",
    "Scope",
    "compile_expression",
    "referenced_columns",
    "referenced_parameters",
]

MAX_LENGTH = 2000
"""Longest expression text accepted, in characters."""
MAX_NESTING = 50
"""Deepest nesting of brackets, CASE and prefix operators (NOT, unary minus) accepted."""
MAX_TREE_DEPTH = 100
"""Deepest tree returned: rendering it with ``.sql()`` takes at most ~500 stack frames."""

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
"""Range of an integer constant (a larger number must be written as a decimal or with ``e``)."""
MAX_DECIMAL_DIGITS = 38
"""Most digits in a decimal constant: the largest DECIMAL precision of DuckDB and Spark."""

_STACK_BUDGET = 4000  # frames the parser may use above the caller (it takes ~25 per bracket)
_DIALECT = Dialect.get_or_raise("duckdb")
_STATEMENT_TOKENS = (
    frozenset(_DIALECT.parser_class.STATEMENT_PARSERS)
    | frozenset(_DIALECT.tokenizer_class.COMMANDS)
    | {TokenType.SELECT, TokenType.WITH, TokenType.FROM, TokenType.VALUES, TokenType.TABLE}
)
# DuckDB statements SQLGlot does not know as such (they fail to parse or parse as an alias).
_STATEMENT_WORDS = frozenset({"EXPORT", "IMPORT", "DEALLOCATE", "START", "SUMMARIZE", "ABORT"})
_OPENERS = {TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.L_BRACE, TokenType.CASE}
_CLOSERS = {TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.R_BRACE, TokenType.END}
_PREFIX = {TokenType.NOT, TokenType.DASH, TokenType.PLUS, TokenType.TILDE}
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTERVAL_NUMBER = re.compile(r"-?\d+")
_SIGNED_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d{1,6})?)?)?"
)
# What both engines read as a BOOLEAN (case-insensitive; DuckDB allows no surrounding spaces).
_BOOLEAN_WORDS = frozenset({"true", "false", "t", "f", "yes", "no", "y", "n", "1", "0"})
_INTERVAL_SPAN = dict.fromkeys(("YEAR", "MONTH", "DAY", "HOUR", "MINUTE"), "约一千年") | {
    "SECOND": "约三十年；更长请用 DAY 或 YEAR"
}
_INTEGER_TYPES = {exp.DType.INT: ("INTEGER", 32), exp.DType.BIGINT: ("BIGINT", 64)}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Operators: class -> (argument keys allowed, keys required).
_TWO = frozenset({"this", "expression"})
_ONE = frozenset({"this"})
_COMPARISON = (exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT, exp.GTE)
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod)
_OPERATORS: dict[type[exp.Expr], tuple[frozenset[str], frozenset[str]]] = {
    **dict.fromkeys((*_COMPARISON, *_ARITHMETIC, exp.And, exp.Or), (_TWO, _TWO)),
    exp.DPipe: (_TWO | {"safe"}, _TWO),
    exp.Like: (_TWO | {"negate"}, _TWO),
    exp.ILike: (_TWO | {"negate"}, _TWO),
    exp.Between: (frozenset({"this", "low", "high"}), frozenset({"this", "low", "high"})),
    exp.Not: (_ONE, _ONE),
    exp.Neg: (_ONE, _ONE),
    exp.Paren: (_ONE, _ONE),
}
# Whitelisted nodes that SQLGlot models as functions but that are operators or syntax here.
_STRUCTURAL = frozenset({*_OPERATORS, exp.Case, exp.Cast, exp.In, exp.Is, exp.Interval})


class ExpressionError(JianchaError):
    """Refused expression. ``message`` is Chinese for a prosecutor; ``part`` is the offending
    snippet."""

    def __init__(self, message: str, part: str | None = None) -> None:
        super().__init__(message)
        self.part = part


@dataclass(frozen=True)
class Scope:
    """What an expression may refer to.

    ``columns`` maps the name as the user writes it (``effective_date``, ``p.intake_date``) to the
    physical column in SQL; ``parameters`` maps a parameter name to its type (``integer``,
    ``number``, ``text``, ``date``, ``boolean`` or ``list``); ``aggregates`` allows aggregate
    functions (only in an ``aggregate`` step's measures and ``having``).
    """

    columns: Mapping[str, str]
    parameters: Mapping[str, str]
    aggregates: bool = False


def compile_expression(text: str, scope: Scope) -> exp.Expression:
    """Parse, check and resolve ``text``; return a new SQLGlot tree (see the module docstring).

    Raises :class:`ExpressionError`, naming the first problem found, for anything refused.
    """
    return _analyse(text, scope).tree


def referenced_columns(text: str, scope: Scope) -> list[str]:
    """The keys of ``scope.columns`` the expression reads, in order of first use."""
    return list(_analyse(text, scope).columns)


def referenced_parameters(text: str, scope: Scope) -> list[str]:
    """The parameters the expression uses, in order of first use."""
    return list(_analyse(text, scope).parameters)


@dataclass(frozen=True)
class _Result:
    tree: exp.Expression
    columns: tuple[str, ...]
    parameters: tuple[str, ...]


def _analyse(text: str, scope: Scope) -> _Result:
    if not isinstance(text, str):
        raise ExpressionError("表达式必须是一段文本", part=_clip(repr(text)))
    if not text.strip():
        raise ExpressionError("表达式为空")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"表达式过长：{len(text)} 个字符，最多 {MAX_LENGTH} 个；请拆成几个步骤",
            part=_clip(text, 40),
        )
    try:
        with _deep_stack():
            tokens = _tokenize(text)
            _check_tokens(text, tokens)
            tree = _parse(text, tokens)
            _check_tree_depth(tree)
            _refuse_forbidden(tree, text, tokens, scope)
            compiler = _Compiler(text, scope)
            result = compiler.build(tree)
            if not isinstance(result, exp.Expression):  # every node class built is one
                raise ExpressionError("表达式无法处理", part=_clip(text))
            _check_tree_depth(result)  # parentheses added for clarity count too
            return _Result(result, compiler.columns(), compiler.parameters(tokens))
    except ExpressionError:
        raise
    except RecursionError:
        raise ExpressionError(f"表达式无法解析：嵌套过深（最多 {MAX_NESTING} 层）") from None
    except Exception as error:  # whatever goes wrong, only ExpressionError leaves
        raise ExpressionError(f"表达式无法处理（{type(error).__name__}）") from error


# --- text and tokens ---------------------------------------------------------------------------

_STACK_LOCK = threading.RLock()


@contextmanager
def _deep_stack() -> Iterator[None]:
    """Let the recursive-descent parser use up to _STACK_BUDGET frames above the caller.

    The recursion limit is process-wide, so it is raised under a lock and put back afterwards.
    """
    with _STACK_LOCK:
        old = sys.getrecursionlimit()
        depth, frame = 0, sys._getframe()
        while frame.f_back is not None:
            depth, frame = depth + 1, frame.f_back
        sys.setrecursionlimit(max(old, depth + _STACK_BUDGET))
        try:
            yield
        finally:
            sys.setrecursionlimit(old)


def _tokenize(text: str) -> list[Token]:
    try:
        return list(_DIALECT.tokenize(text))
    except TokenError as error:
        match = re.search(r"Error tokenizing '(.*)'", str(error), re.DOTALL)
        part = _clip(match.group(1)) if match else None
        if part is not None and part.lstrip().startswith(("/*", "--")):
            message = f"不允许注释：`{part}`（注释可能藏起另一条语句）"
            raise ExpressionError(message, part=part) from None
        near = f"（`{part}` 附近）" if part else ""
        raise ExpressionError(
            f"表达式无法解析：引号没有闭合，或有无法识别的字符{near}", part=part
        ) from None


def _check_tokens(text: str, tokens: list[Token]) -> None:
    if not tokens or any(token.comments for token in tokens):
        comment = _find_comment(text, tokens)
        raise ExpressionError(f"不允许注释：`{comment}`（注释可能藏起另一条语句）", part=comment)
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            rest = _clip(text[token.start :].strip())
            raise ExpressionError(f"只能写一个表达式，不允许用分号写多条语句：`{rest}`", part=rest)
    if tokens[0].token_type in _STATEMENT_TOKENS:
        raise _statement(tokens[0])
    first = tokens[0]
    if (
        first.token_type != TokenType.STRING
        and first.text.upper() == "IF"
        and (len(tokens) == 1 or tokens[1].token_type != TokenType.L_PAREN)
    ):  # SQLGlot would read it as an IF statement
        raise ExpressionError("if 的写法是 if(条件, 条件成立时的值, 否则的值)", part=tokens[0].text)
    nesting = _nesting(tokens)
    if nesting > MAX_NESTING:
        raise ExpressionError(
            f"表达式嵌套过深：{nesting} 层，最多 {MAX_NESTING} 层", part=_clip(text)
        )


def _find_comment(text: str, tokens: list[Token]) -> str:
    """The first comment (for the message), looked for between tokens, outside string literals."""
    gaps, end = [], -1
    for token in tokens:
        gaps.append(text[end + 1 : token.start])
        end = token.end
    gaps.append(text[end + 1 :])
    for gap in [*gaps, text]:
        found = [i for i in (gap.find("--"), gap.find("/*")) if i >= 0]
        if found:
            return _clip(gap[min(found) :].strip())
    return _clip(text.strip())


def _nesting(tokens: list[Token]) -> int:
    """Bracket/CASE depth plus runs of prefix operators: what drives the parser's recursion."""
    opened: list[int] = []
    total = run = deepest = 0
    for token in tokens:
        kind = token.token_type
        if kind in _OPENERS:
            opened.append(run + 1)
            total, run = total + run + 1, 0
        elif kind in _CLOSERS:
            total, run = total - (opened.pop() if opened else 0), 0
        else:
            run = run + 1 if kind in _PREFIX else 0
        deepest = max(deepest, total + run)
    return deepest


def _parse(text: str, tokens: list[Token]) -> exp.Expr:
    try:
        trees = _DIALECT.parser().parse(tokens, text)
    except ParseError as error:
        if tokens[0].text.upper() in _STATEMENT_WORDS:
            raise _statement(tokens[0]) from None
        detail = error.errors[0] if error.errors else {}
        near = _clip(str(detail.get("highlight") or "").strip())
        if not near:
            raise ExpressionError("表达式无法解析：表达式不完整") from None
        line, col = detail.get("line"), detail.get("col")
        where = f"第 {line} 行第 {col} 个字符" if line and line != 1 else f"第 {col} 个字符"
        raise ExpressionError(
            f"表达式无法解析：{where} `{near}` 附近有误（缺少运算符、括号或参数？）", part=near
        ) from None
    except RecursionError:
        raise ExpressionError(f"表达式无法解析：嵌套过深（最多 {MAX_NESTING} 层）") from None
    except Exception as error:  # SQLGlot fails in other ways on some odd input
        raise ExpressionError(f"表达式无法解析：{type(error).__name__}", part=_clip(text)) from None
    if len(trees) != 1 or trees[0] is None:
        raise ExpressionError("只能写一个表达式", part=_clip(text))
    return trees[0]


def _check_tree_depth(tree: exp.Expr) -> None:
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise ExpressionError(
                f"表达式过于复杂（嵌套或连接超过 {MAX_TREE_DEPTH} 层）；"
                "多个 OR 请改用 IN (…)，或拆成几个步骤"
            )
        stack.extend((child, depth + 1) for child in node.iter_expressions())


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _snippet(node: exp.Expr) -> str:
    try:
        return _clip(node.sql(dialect="duckdb"))
    except Exception:
        return type(node).__name__


# --- categories refused outright (over the whole tree first, for the clearest message) ---------


def _statement(first: Token) -> ExpressionError:
    word = first.text.upper()
    return ExpressionError(
        f"不允许 SQL 语句 `{word}`：这里只能写一个表达式（一个值或条件）；"
        f"如果 `{first.text}` 是列名，请用双引号括起来",
        part=first.text,
    )


def _refuse_forbidden(tree: exp.Expr, text: str, tokens: list[Token], scope: Scope) -> None:
    statement = (exp.Query, exp.Command, exp.DDL, exp.DML)
    if (isinstance(tree, statement) and not isinstance(tree, exp.Subquery)) or (
        isinstance(tree, (exp.Alias, exp.Summarize)) and tokens[0].text.upper() in _STATEMENT_WORDS
    ):
        raise _statement(tokens[0])
    join_hint = "；关联其他数据请用 join / semi_join / anti_join 步骤"
    for node in tree.dfs():
        if isinstance(node, exp.Exists):
            raise ExpressionError(f"不允许 EXISTS 子查询{join_hint}", part="EXISTS")
        if isinstance(node, (exp.Query, exp.Subquery)):
            snippet = _snippet(node)
            raise ExpressionError(f"不允许子查询：`{snippet}`{join_hint}", part=snippet)
        if isinstance(node, exp.Window):
            snippet = _snippet(node)
            raise ExpressionError(f"不允许窗口函数（OVER …）：`{snippet}`", part=snippet)
        if isinstance(node, exp.Lambda):
            snippet = _snippet(node)
            raise ExpressionError(f"不允许 lambda 表达式：`{snippet}`", part=snippet)
        if isinstance(node, (exp.Array, exp.Struct, exp.ToMap, exp.Map, exp.VarMap)):
            snippet = _snippet(node)
            raise ExpressionError(f"不允许数组、结构体或映射：`{snippet}`", part=snippet)
        if isinstance(node, exp.Star) and not (
            isinstance(node.parent, exp.Count) and node.arg_key == "this"
        ):
            raise ExpressionError("`*` 只能用在 count(*) 中", part="*")
        if isinstance(node, exp.Func) and type(node) not in _STRUCTURAL:
            spec = FUNCTIONS.get(type(node))
            name = _function_name(node, text)
            if spec is None and name is None:  # an operator SQLGlot models as a function
                snippet = _snippet(node)
                raise ExpressionError(f"不支持的写法：`{snippet}`", part=snippet)
            if spec is None:
                raise _function_refused(name or "", node)
            if spec.aggregate and not scope.aggregates:
                name = name or spec.name
                raise ExpressionError(
                    f"聚合函数 `{name}` 只能用在 aggregate 步骤的 measures 或 having 中",
                    part=name,
                )


def _function_name(node: exp.Expr, text: str) -> str | None:
    """The function name as written, or None when the node came from an operator (``x ^ 2``)."""
    if isinstance(node, exp.Anonymous) and isinstance(node.this, str):
        return node.this
    start, end = node.meta.get("start"), node.meta.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end < len(text):
        written = text[start : end + 1]
        if _NAME.fullmatch(written):
            return written
    return None


def _function_refused(name: str, node: exp.Expr) -> ExpressionError:
    lower = name.lower()
    if lower.startswith(IO_FUNCTION_PREFIXES) or lower.endswith("_scan"):
        reads = True
    else:
        reads = lower in IO_FUNCTION_NAMES
    if reads:
        message = f"不允许的函数 `{name}`：表达式不能读取文件、表、环境变量或系统设置"
        return ExpressionError(message, part=name)
    if lower in FUNCTION_NAMES:  # a known name used another way, e.g. 'abc'.upper()
        snippet = _snippet(node.parent if node.parent is not None else node)
        return ExpressionError(f"函数 `{name}` 不支持这种写法：`{snippet}`", part=name)
    close = difflib.get_close_matches(lower, FUNCTION_NAMES, n=1, cutoff=0.75)
    hint = f"，是否应为 `{close[0]}`？" if close else f"（可用的函数：{'、'.join(FUNCTION_NAMES)}）"
    return ExpressionError(f"不支持的函数 `{name}`{hint}", part=name)


# --- constants: checked by value, so that a run cannot fail on one ----------------------------


def _number_problem(text: str, negative: bool) -> str | None:
    """Why the numeric constant ``text`` (digits, maybe ``.`` and ``e``) is refused, or None.

    ``negative``: it is the operand of a unary minus, so ``-9223372036854775808`` is allowed."""
    shown = _clip(("-" if negative else "") + text)
    mantissa, _, exponent = text.lower().partition("e")
    if exponent:
        if not math.isfinite(float(text)):
            return f"数字 `{shown}` 超出范围（最大约 1.8e308）"
        return None
    whole, dot, fraction = mantissa.partition(".")
    if not dot:
        digits = whole.lstrip("0")
        limit = -INT64_MIN if negative else INT64_MAX
        if len(digits) > len(str(limit)) or int(digits or "0") > limit:
            return (
                f"整数 `{shown}` 超出 64 位整数的范围（{INT64_MIN} 至 {INT64_MAX}）；"
                "更大的数请写成小数或科学计数法，例如 1.5e20"
            )
        return None
    count = len(whole.lstrip("0") + fraction)
    if count > MAX_DECIMAL_DIGITS:
        return f"小数 `{shown}` 的位数太多（共 {count} 位，最多 {MAX_DECIMAL_DIGITS} 位）"
    return None


def _exceeds(digits: str, limit: int) -> bool:
    """Whether the integer written ``digits`` (maybe ``-``, leading zeros) is beyond ``±limit``."""
    significant = digits.lstrip("-").lstrip("0")
    return len(significant) > len(str(limit)) or int(significant or "0") > limit


def _negated(node: exp.Expr) -> bool:
    """Whether ``node`` sits under an odd number of unary minus signs (brackets between count)."""
    negative, parent = False, node.parent
    while isinstance(parent, (exp.Neg, exp.Paren)):
        negative ^= isinstance(parent, exp.Neg)
        parent = parent.parent
    return negative


def _constant(node: exp.Expr) -> tuple[str, bool] | None:
    """``(text, is_string)`` when ``node`` is a constant (in brackets, maybe negated), else None."""
    negative = False
    while isinstance(node, (exp.Paren, exp.Neg)):
        negative ^= isinstance(node, exp.Neg)
        node = node.this
    if not isinstance(node, exp.Literal) or not isinstance(node.this, str):
        return None
    if node.is_string:
        return None if negative else (node.this, True)
    return ("-" if negative else "") + node.this, False


def _cast_problem(text: str, is_string: bool, to: exp.DataType) -> str | None:
    """Why ``CAST(<constant> AS to)`` cannot succeed on the engines, or None."""
    shown, kind = _clip(text), to.this
    if kind in (exp.DType.DATE, exp.DType.TIMESTAMPNTZ):
        with_time = kind == exp.DType.TIMESTAMPNTZ
        if not is_string:
            what = "日期时间" if with_time else "日期"
            return f"数字 `{shown}` 不能转换为{what}；日期请写成 DATE '2025-01-31'"
        return _date_problem(text, with_time)
    if kind in _INTEGER_TYPES:
        name, bits = _INTEGER_TYPES[kind]
        if is_string and not re.fullmatch(r"[+-]?\d+", text.strip()):
            return f"`{shown}` 不是整数，不能转换为 {name}"
        low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
        value = decimal.Decimal(text.strip())
        if not low - decimal.Decimal("0.5") < value < high + decimal.Decimal("0.5"):
            return f"`{shown}` 超出 {name} 的范围（{low} 至 {high}）"
        return None
    if kind in (exp.DType.DECIMAL, exp.DType.DOUBLE):
        written = to.sql(dialect="duckdb")
        if is_string and not _SIGNED_NUMBER.fullmatch(text.strip()):
            return f"`{shown}` 不是数字，不能转换为 {written}"
        if kind == exp.DType.DOUBLE:
            finite = math.isfinite(float(text))
            return None if finite else f"`{shown}` 超出 {written} 的范围（最大约 1.8e308）"
        # The parser writes a bare DECIMAL as DECIMAL(18, 3), and DECIMAL(p) as DECIMAL(p, 0).
        params = [int(p.this.this) for p in to.expressions if isinstance(p.this, exp.Literal)]
        precision, scale = (*params, 0)[:2] if params else (18, 3)
        with decimal.localcontext() as context:
            context.prec = 200  # exact: precision is at most 38
            bound = decimal.Decimal(10) ** (precision - scale) - decimal.Decimal(10) ** -scale / 2
        # Comparing is exact and needs no context: 1e99999999999 cannot overflow it.
        if decimal.Decimal(text.strip()).copy_abs() >= bound:
            return f"`{shown}` 超出 {written} 的范围（整数部分最多 {precision - scale} 位）"
        return None
    if kind == exp.DType.BOOLEAN and is_string and text.lower() not in _BOOLEAN_WORDS:
        return f"`{shown}` 不能转换为 BOOLEAN（可写 true、false、yes、no、1、0）"
    return None


def _date_problem(text: str, with_time: bool) -> str | None:
    """Why ``text`` is not a date (or a date and time) both engines read the same, or None."""
    what, shown = ("日期时间" if with_time else "日期"), _clip(text)
    match = (_TIMESTAMP if with_time else _DATE).fullmatch(text.strip())
    if match is None:
        form = "YYYY-MM-DD HH:MM:SS" if with_time else "YYYY-MM-DD"
        example = "TIMESTAMP '2025-01-31 08:30:00'" if with_time else "DATE '2025-01-31'"
        return f"{what} `{shown}` 无效：应写成 {form}，例如 {example}"
    year, month, day = (int(g) for g in match.groups()[:3])
    if year < 1:
        return f"{what} `{shown}` 无效：年份应在 0001 至 9999 之间"
    if not 1 <= month <= 12:
        return f"{what} `{shown}` 无效：月份应在 1 至 12 之间"
    try:
        dt.date(year, month, day)
    except ValueError:
        return f"{what} `{shown}` 无效：{year} 年 {month} 月没有 {day} 日"
    hour, minute, second = (int(g or 0) for g in (*match.groups(), None, None, None)[3:6])
    if hour > 23 or minute > 59 or second > 59:
        return f"{what} `{shown}` 无效：时间应在 00:00:00 至 23:59:59 之间"
    return None


# --- the whitelist proper: check every node and build the new tree -----------------------------


class _Compiler:
    def __init__(self, text: str, scope: Scope) -> None:
        self.text = text
        self.scope = scope
        self._columns: dict[str, int] = {}  # key -> first position in the text
        self._parameters: set[str] = set()
        self._in_aggregate = False
        self._handlers: dict[type[exp.Expr], Callable[[exp.Expr], exp.Expr]] = {
            exp.Column: self._column,
            exp.Placeholder: self._placeholder,
            exp.Literal: self._literal,
            exp.Boolean: lambda node: exp.Boolean(this=node.this is True),
            exp.Null: lambda node: exp.Null(),
            exp.Interval: self._interval,
            exp.Cast: self._cast,
            exp.In: self._in,
            exp.Is: self._is,
            exp.Case: self._case,
            exp.Count: self._count,
            exp.Distinct: self._distinct,
            exp.DateDiff: self._date_diff,
            exp.DateAdd: self._date_add,
            exp.Extract: self._extract,
            exp.TimestampTrunc: self._trunc,
        }

    def columns(self) -> tuple[str, ...]:
        return tuple(sorted(self._columns, key=self._columns.__getitem__))

    def parameters(self, tokens: list[Token]) -> tuple[str, ...]:
        order: list[str] = []
        for marker, name in itertools.pairwise(tokens):
            if (
                marker.token_type in (TokenType.COLON, TokenType.PARAMETER)
                and name.start == marker.end + 1
                and name.text in self._parameters
                and name.text not in order
            ):
                order.append(name.text)
        return (*order, *sorted(self._parameters.difference(order)))

    # dispatch -----------------------------------------------------------------------------------

    def build(self, node: exp.Expr) -> exp.Expr:
        handler = self._handlers.get(type(node))
        if handler is not None:
            return handler(node)
        spec = FUNCTIONS.get(type(node))
        if spec is not None:
            return self._function(node, spec)
        operator = _OPERATORS.get(type(node))
        if operator is None:
            raise self._unsupported(node)
        if isinstance(node, (exp.Like, exp.ILike)):
            pattern = node.expression
            if isinstance(pattern, exp.Literal) and pattern.is_string and "\\" in pattern.this:
                part = _clip(pattern.this)
                raise ExpressionError(
                    f"LIKE 的模式 `{part}` 中不能有反斜杠（DuckDB 与 Spark 对它的转义规则不同）",
                    part=part,
                )
        return self._rebuild(node, *operator)

    def _rebuild(
        self,
        node: exp.Expr,
        allowed: frozenset[str],
        required: frozenset[str],
        overrides: Mapping[str, exp.Expr] | None = None,
        name: str | None = None,
        wrap: bool = False,
    ) -> exp.Expr:
        """A new node of the same class from the allowed arguments, each checked in turn.

        With ``wrap`` (function calls), a condition given as an argument is parenthesised:
        SQLGlot renders some calls with keywords (``TRIM(LEADING c FROM s)``) where a bare
        ``a = b`` or ``a BETWEEN b AND c`` would not parse back the same way.
        """
        unwrapped = {"this"} if isinstance(node, exp.If) else set()
        args: dict[str, object] = {}
        for key, value in node.args.items():
            if value is None or value is False or (isinstance(value, list) and not value):
                continue
            if key not in allowed:
                raise self._unsupported(node, name)
            if overrides is not None and key in overrides:
                args[key] = overrides[key]
            elif isinstance(value, exp.Expr):
                args[key] = self._argument(self.build(value), wrap and key not in unwrapped)
            elif isinstance(value, list) and all(isinstance(v, exp.Expr) for v in value):
                args[key] = [self._argument(self.build(item), wrap) for item in value]
            elif value is True and key not in required:
                args[key] = True  # a flag: DPipe safe, NOT LIKE negate, count big_int …
            elif key == "position" and value in ("LEADING", "TRAILING", "BOTH"):
                args[key] = value  # TRIM(LEADING …), from ltrim/rtrim
            else:
                raise self._unsupported(node, name)
        if required.difference(args):
            snippet = _snippet(node)
            raise ExpressionError(f"`{name or node.key}` 缺少参数：`{snippet}`", part=snippet)
        if type(node) in RANK:
            for key in ("this", "expression", "low", "high"):
                if isinstance(operand := args.get(key), exp.Expr):
                    args[key] = bracket(type(node), key, operand)
        return type(node)(**args)

    @staticmethod
    def _argument(node: exp.Expr, wrap: bool) -> exp.Expr:
        condition = isinstance(node, (exp.Predicate, exp.Connector, exp.Not))
        if wrap and condition and not isinstance(node, exp.ArrayContains):
            return exp.Paren(this=node)
        return node

    def _unsupported(self, node: exp.Expr, name: str | None = None) -> ExpressionError:
        snippet = _snippet(node)
        if isinstance(node, exp.Alias):
            message = f"不允许别名（AS）：`{snippet}`；两个值之间是否缺少运算符或逗号？"
        elif name is not None:
            message = f"函数 `{name}` 不支持这种写法：`{snippet}`"
        else:
            message = f"不支持的写法：`{snippet}`"
        return ExpressionError(message, part=snippet)

    # leaves -------------------------------------------------------------------------------------

    def _column(self, node: exp.Expr) -> exp.Expr:
        ident, table = node.this, node.args.get("table")
        if (
            any(node.args.get(k) for k in ("db", "catalog", "join_mark", "shadow"))
            or not isinstance(ident, exp.Identifier)
            or not isinstance(table, (exp.Identifier, type(None)))
        ):
            snippet = _snippet(node)
            raise ExpressionError(f"列只能写成 `列名` 或 `输入.列名`：`{snippet}`", part=snippet)
        written = f"{table.name}.{ident.name}" if table is not None else ident.name
        key = self._lookup_column(written, quoted=bool(ident.quoted or (table and table.quoted)))
        starts = [p.meta["start"] for p in (table, ident) if p is not None and "start" in p.meta]
        position = min(starts) if starts else len(self.text)
        self._columns[key] = min(position, self._columns.get(key, position))
        return exp.column(self.scope.columns[key], quoted=True)

    def _lookup_column(self, written: str, quoted: bool) -> str:
        columns = self.scope.columns
        if written in columns:
            return written
        if not quoted:  # unquoted SQL names are case-insensitive
            same = [key for key in columns if key.casefold() == written.casefold()]
            if len(same) == 1:
                return same[0]
        close = difflib.get_close_matches(written, list(columns), n=1)
        hint = f"，是否应为 `{close[0]}`？" if close else ""
        raise ExpressionError(f"未知的列 `{written}`{hint}", part=written)

    def _placeholder(self, node: exp.Expr, allow_list: bool = False) -> exp.Expr:
        name = node.this
        if any(node.args.get(key) for key in ("kind", "widget", "jdbc")):
            raise self._unsupported(node)
        if not isinstance(name, str) or not name:
            raise ExpressionError("参数要写成 `:名称`，不支持匿名参数 `?`", part="?")
        parameters = self.scope.parameters
        if name not in parameters:
            close = difflib.get_close_matches(name, list(parameters), n=1)
            hint = f"，是否应为 `:{close[0]}`？" if close else ""
            known = "、".join(f"`:{p}`" for p in parameters)
            listing = f"（已定义的参数：{known}）" if known else "（模型没有定义任何参数）"
            raise ExpressionError(f"未知的参数 `:{name}`{hint}{listing}", part=f":{name}")
        if parameters[name] == "list" and not allow_list:
            raise ExpressionError(
                f"列表参数 `:{name}` 只能这样用：`列 IN :{name}`", part=f":{name}"
            )
        self._parameters.add(name)
        return exp.Placeholder(this=name)

    def _literal(self, node: exp.Expr) -> exp.Expr:
        value = node.this
        if not isinstance(value, str):
            raise self._unsupported(node)
        if node.args.get("is_string"):
            return exp.Literal.string(value)
        if not _NUMBER.fullmatch(value):
            raise ExpressionError(f"无法识别的数字 `{value}`", part=_clip(value))
        problem = _number_problem(value, _negated(node))
        if problem is not None:
            raise ExpressionError(problem, part=_clip(value))
        return exp.Literal.number(value)

    def _interval(self, node: exp.Expr) -> exp.Expr:
        value, unit = node.this, node.args.get("unit")
        snippet = _snippet(node)
        number = value.name.strip() if isinstance(value, exp.Literal) else ""
        if node.args.get("fraction_in_string") or not _INTERVAL_NUMBER.fullmatch(number):
            raise ExpressionError(
                f"INTERVAL 的数量必须是整数常量，例如 `INTERVAL 180 DAY`：`{snippet}`"
                "（按参数加天数请写 `日期 + :天数`）",
                part=snippet,
            )
        word = unit_word(unit) if isinstance(unit, exp.Var) else None
        if word is None:
            raise ExpressionError(
                f"INTERVAL 要写一个单位，例如 `INTERVAL 180 DAY`：`{snippet}`", part=snippet
            )
        singular = word[:-1] if word.endswith("S") and word[:-1] in INTERVAL_UNITS else word
        if singular not in INTERVAL_UNITS:
            units = "、".join(sorted(INTERVAL_UNITS))
            raise ExpressionError(f"INTERVAL 不支持单位 `{word}`（可用：{units}）", part=word)
        limit = INTERVAL_LIMITS[singular]
        if _exceeds(number, limit):
            shown = _clip(number)
            raise ExpressionError(
                f"INTERVAL 的数量 `{shown}` 超出范围：单位为 {singular} 时最多 {limit}"
                f"（{_INTERVAL_SPAN[singular]}）",
                part=shown,
            )
        return exp.Interval(this=exp.Literal.string(str(int(number))), unit=exp.var(singular))

    # operators and syntax -----------------------------------------------------------------------

    def _cast(self, node: exp.Expr) -> exp.Expr:
        to = node.args.get("to")
        if any(node.args.get(k) for k in ("format", "safe", "action", "default")):
            raise self._unsupported(node, "cast")
        if not isinstance(to, exp.DataType) or not cast_type_ok(to):
            written = _snippet(to) if isinstance(to, exp.Expr) else "?"
            raise ExpressionError(
                f"不支持转换为类型 `{written}`（可用：INTEGER、BIGINT、DOUBLE、DECIMAL(p,s)、"
                "VARCHAR、DATE、TIMESTAMP、BOOLEAN）",
                part=written,
            )
        constant = _constant(node.this)
        problem = _cast_problem(*constant, to) if constant is not None else None
        if problem is not None:
            raise ExpressionError(problem, part=_clip(constant[0]) if constant else None)
        return exp.Cast(this=self.build(node.this), to=to.copy())

    def _in(self, node: exp.Expr) -> exp.Expr:
        if any(node.args.get(k) for k in ("query", "unnest", "is_global")):
            raise self._unsupported(node)
        field, items = node.args.get("field"), node.expressions
        target = None
        if field is not None:
            if items or not isinstance(field, exp.Placeholder):
                snippet = _snippet(node)
                raise ExpressionError(
                    f"`IN` 后面应是括号中的值列表，或一个列表参数 `:名称`：`{snippet}`",
                    part=snippet,
                )
            target = field
        elif len(items) == 1 and isinstance(items[0], exp.Placeholder):
            target = items[0] if self.scope.parameters.get(str(items[0].this)) == "list" else None
        if target is None:
            if not items:
                raise self._unsupported(node)
            value = bracket(exp.In, "this", self.build(node.this))
            return exp.In(this=value, expressions=[self.build(i) for i in items])
        value = self.build(node.this)
        placeholder = self._placeholder(target, allow_list=True)
        name = placeholder.name
        if (kind := self.scope.parameters[name]) != "list":
            raise ExpressionError(
                f"参数 `:{name}` 的类型是 {kind}，不是列表（list）："
                f"请写 `= :{name}` 或 `IN (:{name})`",
                part=f":{name}",
            )
        # Membership in a list parameter, the same on both engines: ARRAY_CONTAINS(:list, x).
        return exp.ArrayContains(this=placeholder, expression=value)

    def _is(self, node: exp.Expr) -> exp.Expr:
        if not isinstance(node.expression, (exp.Null, exp.Boolean)):
            snippet = _snippet(node)
            raise ExpressionError(f"`IS` 后面只能是 NULL、TRUE 或 FALSE：`{snippet}`", part=snippet)
        return self._rebuild(node, _TWO | {"negate"}, _TWO)

    def _case(self, node: exp.Expr) -> exp.Expr:
        ifs = node.args.get("ifs") or []
        if any(not isinstance(branch, exp.If) or branch.args.get("false") for branch in ifs):
            raise self._unsupported(node)
        return self._rebuild(node, frozenset({"this", "ifs", "default"}), frozenset({"ifs"}))

    # functions ----------------------------------------------------------------------------------

    def _function(
        self, node: exp.Expr, spec: FunctionSpec, overrides: Mapping[str, exp.Expr] | None = None
    ) -> exp.Expr:
        if not spec.aggregate:
            return self._rebuild(node, spec.args, spec.required, overrides, spec.name, wrap=True)
        if self._in_aggregate:
            snippet = _snippet(node)
            raise ExpressionError(f"聚合函数不能嵌套：`{snippet}`", part=snippet)
        self._in_aggregate = True
        try:
            return self._rebuild(node, spec.args, spec.required, overrides, spec.name, wrap=True)
        finally:
            self._in_aggregate = False

    def _count(self, node: exp.Expr) -> exp.Expr:
        if node.this is None or node.expressions:
            raise ExpressionError(
                "count 的写法：count(*)、count(列) 或 count(DISTINCT 列)", part=_snippet(node)
            )
        if isinstance(node.this, exp.Star):
            if any(node.this.args.values()):
                raise self._unsupported(node, "count")
            return self._function(node, FUNCTIONS[exp.Count], {"this": exp.Star()})
        return self._function(node, FUNCTIONS[exp.Count])

    def _distinct(self, node: exp.Expr) -> exp.Expr:
        if not (isinstance(node.parent, exp.Count) and node.arg_key == "this"):
            raise ExpressionError("DISTINCT 只能用在 count(DISTINCT 列) 中", part="DISTINCT")
        if node.args.get("on") or len(node.expressions) != 1:
            snippet = _snippet(node.parent)
            raise ExpressionError(f"count(DISTINCT …) 只能有一个参数：`{snippet}`", part=snippet)
        return exp.Distinct(expressions=[self._argument(self.build(node.expressions[0]), True)])

    def _date_diff(self, node: exp.Expr) -> exp.Expr:
        word = unit_word(node.args.get("unit"))
        if (word[:-1] if word == "DAYS" else word) not in DATE_DIFF_UNITS:
            shown = (word or "").lower()
            raise ExpressionError(
                "date_diff 只支持按天计算：date_diff('day', 开始日期, 结束日期)；"
                f"单位 `{shown}` 在 DuckDB 与 Spark 上算法不同（按月、年请用 year()、month() "
                "相减，或与 `日期 + INTERVAL n MONTH` 比较）",
                part=shown,
            )
        return self._function(node, FUNCTIONS[exp.DateDiff], {"unit": exp.var("DAY")})

    def _date_add(self, node: exp.Expr) -> exp.Expr:
        word = unit_word(node.args.get("unit"))
        if isinstance(node.expression, exp.Interval) or word not in (None, "DAY", "DAYS"):
            snippet = _snippet(node)
            raise ExpressionError(
                f"date_add 的写法是 date_add(日期, 天数)：`{snippet}`；"
                "加月、年请写 `日期 + INTERVAL 3 MONTH`",
                part=snippet,
            )
        days = node.expression
        if isinstance(days, exp.Literal) and (days.is_string or not days.this.isdigit()):
            snippet = _snippet(days)
            raise ExpressionError(f"date_add 的天数必须是整数：`{snippet}`", part=snippet)
        limit = INTERVAL_LIMITS["DAY"]
        if isinstance(days, exp.Literal) and _exceeds(days.this, limit):
            shown = _clip(days.this)
            raise ExpressionError(
                f"date_add 的天数 `{shown}` 超出范围：最多 {limit}（约一千年）", part=shown
            )
        overrides = {"unit": exp.var("DAY")} if word else None
        return self._function(node, FUNCTIONS[exp.DateAdd], overrides)

    def _extract(self, node: exp.Expr) -> exp.Expr:
        word = unit_word(node.this)
        if word is None or word not in EXTRACT_UNITS:
            shown = (word or _snippet(node.this)).lower()
            units = "、".join(sorted(EXTRACT_UNITS))
            raise ExpressionError(f"extract 不支持 `{shown}`（可用：{units}）", part=shown)
        return self._function(node, FUNCTIONS[exp.Extract], {"this": exp.var(word)})

    def _trunc(self, node: exp.Expr) -> exp.Expr:
        word = unit_word(node.args.get("unit"))
        if word is None or word not in TRUNC_UNITS:
            shown = (word or "").lower()
            units = "、".join(sorted(TRUNC_UNITS))
            raise ExpressionError(f"date_trunc 不支持单位 `{shown}`（可用：{units}）", part=shown)
        return self._function(node, FUNCTIONS[exp.TimestampTrunc], {"unit": exp.var(word)})
