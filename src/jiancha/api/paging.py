"""The paging words of lists the store pages (``page``, ``size``, ``sort``) and their answer:
``{items, total, page, size}`` when ``page`` or ``size`` is given, else the plain list that
older clients expect (all matching rows, or the route's own ``limit``).

Owns only these words and the answer's shape; must not read the store (the caller asks the
store for the ``Window`` given here, and ``store.paging`` refuses an unknown sort field).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from jiancha.governance import audit
from jiancha.store.paging import Window

DEFAULT_SIZE = 50
SortWord = Annotated[
    str,
    Query(
        min_length=1, max_length=64, description="排序字段（前加 `-` 为倒序）；不认识的字段返回 400"
    ),
]


class ListPage(BaseModel):
    total: int = Field(description="符合条件的总条数")
    page: int = Field(description="第几页（从 1 开始）")
    size: int = Field(description="每页条数")
    items: list[dict[str, Any]] = Field(description="本页各条")


@dataclass(frozen=True)
class Paging:
    page: int | None
    size: int | None

    @property
    def paged(self) -> bool:
        return self.page is not None or self.size is not None

    def window(self, sort: str, limit: int | None = None) -> Window:
        """The rows to fetch: this page when paged, else the first ``limit`` (None: all)."""
        if not self.paged:
            return Window(sort, 0, limit)
        number, rows = self.page or 1, self.size or DEFAULT_SIZE
        return Window(sort, (number - 1) * rows, rows)

    def answer(self, total: int, items: list[dict[str, Any]]) -> list[dict[str, Any]] | ListPage:
        """The page with its total when paged (noted in the request's audit entry), else the
        plain list."""
        if not self.paged:
            return items
        audit.note(rows=len(items), detail={"total": total})
        number, rows = self.page or 1, self.size or DEFAULT_SIZE
        return ListPage(total=total, page=number, size=rows, items=items)


def paging(
    page: Annotated[
        int | None, Query(ge=1, le=1_000_000, description="第几页（从 1 开始；给出则分页）")
    ] = None,
    size: Annotated[
        int | None,
        Query(ge=1, le=500, description=f"每页条数（给出则分页；只给 page 时为 {DEFAULT_SIZE}）"),
    ] = None,
) -> Paging:
    return Paging(page, size)


PagingDep = Annotated[Paging, Depends(paging)]
