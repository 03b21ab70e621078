"""Why a run failed, in two forms: a classified Chinese message for users, the raw error for
administrators.

An engine's own message often quotes the data it choked on (``Could not convert string
'330102…' to INT32``), so it is never shown to users: a run's ``error`` is one of the fixed
messages below, chosen by the kind of failure, and the engine's text goes to ``error_detail``,
which only administrators see (``GET /api/runs/{id}``) and the local operator's command line
prints. Failures are recognised by exception type names and by message keywords along the
exception's chain (``__cause__`` / ``__context__``), so neither DuckDB nor Spark is imported.
"""

from __future__ import annotations

import errno
import traceback
from collections.abc import Iterator

from jiancha.errors import JianchaError

INTERRUPTED = "运行被中断"
"""The message of a run stopped by Ctrl-C, a signal, or the death of its process."""
DETAIL_LIMIT = 8000
"""Characters of the raw error kept for administrators."""

_KINDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        INTERRUPTED,
        ("KeyboardInterrupt", "SystemExit", "GeneratorExit", "InterruptException"),
        ("interrupted",),
    ),
    (
        "内存不足：运行所需的内存超过了引擎的限额",
        ("MemoryError", "OutOfMemoryException"),
        ("out of memory", "outofmemoryerror"),
    ),
    (
        "磁盘空间不足：引擎无法写入临时文件",
        (),
        ("no space left", "disk is full"),
    ),
    (
        "数据类型转换失败：某字段的值无法转换为所需类型",
        ("ConversionException", "NumberFormatException"),
        ("could not convert", "conversion error", "cast_invalid_input", "invalid input syntax"),
    ),
    (
        "除数为零：表达式中出现了除以零",
        (),
        ("division by zero", "divide_by_zero", "divide by zero"),
    ),
    (
        "数值超出范围：计算结果超出了字段类型能表示的范围",
        ("OutOfRangeException", "OverflowError"),
        ("out of range", "overflow"),
    ),
    (
        "数据文件无法读取：请检查工作区，或重新导入模型所用的数据集",
        ("IOException", "FileNotFoundError", "HTTPException"),
        ("no files found", "cannot open file", "no such file", "path_not_found"),
    ),
    (
        "模型与数据不符：所执行的 SQL 引用的列、函数或类型无法解析",
        ("BinderException", "CatalogException", "ParserException", "AnalysisException"),
        ("binder error", "catalog error", "unresolved_column", "cannot be resolved"),
    ),
)


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and every exception it was raised from or during, each once."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _names(error: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(error).__mro__}


def classify(error: BaseException) -> str:
    """A Chinese message for users saying what kind of failure ``error`` is, with no values."""
    chain = list(_chain(error))
    for message, names, words in _KINDS:
        for link in chain:
            text = str(link).lower()
            if names and _names(link) & set(names):
                return message
            if any(word in text for word in words):
                return message
            if isinstance(link, OSError) and link.errno == errno.ENOSPC and "磁盘" in message:
                return message
    own = error if isinstance(error, JianchaError) and not _is_engine(error) else None
    if own is not None:  # one of ours: written for users, naming no data value
        return own.message
    engine = next((link for link in chain[1:] if not isinstance(link, JianchaError)), error)
    return f"引擎执行失败（{type(engine).__name__}）：详细错误已记录，系统管理员可在运行记录中查看"


def classify_text(text: str) -> str:
    """The classified message for a raw error recorded before runs classified their errors."""
    lowered = text.lower()
    for message, names, words in _KINDS:
        if any(name.lower() in lowered for name in names) or any(w in lowered for w in words):
            return message
    return "引擎执行失败：详细错误已记录，系统管理员可在运行记录中查看"


def _is_engine(error: JianchaError) -> bool:
    return type(error).__name__ == "EngineFailure"


def detail(error: BaseException) -> str:
    """The raw error and its chain, as the engine reported them (administrators only)."""
    parts = [
        "".join(traceback.format_exception_only(type(link), link)).strip() for link in _chain(error)
    ]
    return "\n".join(parts)[:DETAIL_LIMIT]


class RunFailed(JianchaError):
    """A recorded run failed: ``message`` is classified; ``detail`` is the raw error, for the
    local operator's command line and administrators, never for the API's users."""

    def __init__(self, run_id: int, error: BaseException) -> None:
        super().__init__(
            f"运行 #{run_id} 失败：{classify(error)}",
            hint="详细错误已记入运行记录，系统管理员可查看",
        )
        self.run_id = run_id
        self.detail = detail(error)
