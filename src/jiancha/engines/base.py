"""The engine contract; the template method attaches the failing SQL to every error."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import Any, final

import pyarrow as pa

from jiancha.errors import JianchaError


class EngineFailure(JianchaError):
    """The engine refused or failed a statement; ``sql`` is what it was given."""

    def __init__(self, engine: str, error: Exception, sql: str) -> None:
        super().__init__(
            f"{engine} 执行失败：{error}", hint="用 jiancha model sql 查看所执行的 SQL"
        )
        self.sql = sql


class Engine(ABC):
    name: str = ""
    dialect: str = ""

    @abstractmethod
    def _register(self, views: Mapping[str, Path]) -> None:
        """Expose each Parquet file as a view; after this the session may read nothing else."""

    @abstractmethod
    def _execute(self, sql: str, parameters: Mapping[str, Any]) -> pa.Table:
        """Run one statement with bound parameters and return every row."""

    @final
    def register(self, views: Mapping[str, Path]) -> None:
        try:
            self._register(views)
        except JianchaError:
            raise
        except Exception as error:
            listed = "、".join(str(p) for p in views.values())
            raise EngineFailure(self.name, error, f"-- register {listed}") from error

    @final
    def execute(self, sql: str, parameters: Mapping[str, Any]) -> pa.Table:
        try:
            return self._execute(sql, parameters)
        except JianchaError:
            raise
        except Exception as error:  # each engine has its own exception hierarchy
            raise EngineFailure(self.name, error, sql) from error

    def close(self) -> None:  # noqa: B027 - optional hook; most engines hold nothing to release
        """Release the session."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
