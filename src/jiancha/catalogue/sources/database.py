"""A table of another database (any SQLAlchemy URL), streamed with a server-side cursor.

The table is looked up by reflection, never spliced into SQL text, so a table name cannot
carry a statement. The fingerprint is a SHA-256 over the rows as read, so two imports of an
unchanged table have the same source hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pyarrow as pa
from sqlalchemy import MetaData, Table, create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchTableError, SQLAlchemyError

from jiancha.catalogue.sources.base import BATCH_ROWS, Batch, Source, check_header, row_numbers
from jiancha.catalogue.sources.cells import cell_text
from jiancha.errors import JianchaError


class DatabaseSource(Source):
    format = "database"

    def __init__(self, url: str, table: str) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise JianchaError(f"数据库地址无效：{url}") from None
        safe_url = parsed.render_as_string(hide_password=True)
        super().__init__(f"{safe_url}#{table}")
        schema, _, name = table.rpartition(".")
        try:
            self._engine = create_engine(parsed)
            self._table = Table(name, MetaData(), schema=schema or None, autoload_with=self._engine)
        except NoSuchTableError:
            raise JianchaError(f"数据库 {safe_url} 中没有表 {table}") from None
        except (SQLAlchemyError, ImportError) as exc:
            raise JianchaError(f"无法连接数据库 {safe_url}：{exc}") from None
        self._header = check_header([c.name for c in self._table.columns], f"表 {table}")
        self._digest = hashlib.sha256()
        self._rows: int | None = None

    @property
    def header(self) -> list[str]:
        return self._header

    @property
    def size(self) -> int | None:
        if self._rows is None:
            with self._engine.connect() as conn:
                self._rows = int(
                    conn.execute(select(func.count()).select_from(self._table)).scalar_one()
                )
        return self._rows

    def batches(self) -> Iterator[Batch]:
        done = 0
        query = select(*self._table.columns)
        try:
            with self._engine.connect() as conn:
                result = conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(
                    query
                )
                for part in result.partitions(BATCH_ROWS):
                    columns: list[list[str | None]] = [[] for _ in self._header]
                    for row in part:
                        for i, value in enumerate(row):
                            text = cell_text(value)
                            columns[i].append(text)
                            self._digest.update(
                                b"\x00" if text is None else text.encode() + b"\x1f"
                            )
                        self._digest.update(b"\x1e")
                    arrays = [pa.array(c, pa.string()) for c in columns]
                    yield Batch(arrays, row_numbers(done + 1, len(part)), done + len(part))
                    done += len(part)
        except SQLAlchemyError as exc:
            raise JianchaError(f"读取表 {self.display_name} 时出错：{exc}") from None
        finally:
            self._engine.dispose()

    def fingerprint(self) -> str:
        """Valid once :meth:`batches` has been read to the end."""
        return self._digest.hexdigest()
