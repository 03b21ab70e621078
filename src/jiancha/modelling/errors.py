"""Problems found in a spec: each with the YAML line and column and a plain Chinese message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jiancha.errors import JianchaError


@dataclass(frozen=True, order=True)
class SpecProblem:
    line: int
    column: int
    message: str
    path: str = ""
    """Where in the document, dotted (``steps.3.filter``), or "" when not known."""
    part: str = ""
    """The offending snippet of an expression (from :class:`ExpressionError`), or ""."""

    def __str__(self) -> str:
        return f"第 {self.line} 行第 {self.column} 列：{self.message}"


class SpecInvalid(JianchaError):
    """A spec with one or more problems; all of them are reported at once."""

    def __init__(self, source: str, problems: Sequence[SpecProblem]) -> None:
        self.source = source
        self.problems = sorted(problems)
        listed = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"模型 {source} 有 {len(self.problems)} 处错误：\n{listed}")
