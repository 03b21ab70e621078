"""Filtering, sorting and paging a short list held in memory (the catalogue's datasets), with
the same query words as the lists paged in the store: ``q``, equality filters, ``sort``
(``-`` for descending), ``page`` and ``size``.

Owns only this helper; must not read the store (the caller passes the rows it may show).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jiancha.errors import JianchaError


def filtered(
    rows: Sequence[dict[str, Any]],
    *,
    text: str | None,
    fields: Sequence[str],
    equal: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """``rows`` whose ``fields`` contain ``text`` (ignoring case) and that equal ``equal``'s
    values (a None value does not filter)."""
    needle = (text or "").strip().lower()
    return [
        r
        for r in rows
        if all(v is None or r.get(k) == v for k, v in equal.items())
        and (not needle or any(needle in str(r.get(f) or "").lower() for f in fields))
    ]


def ordered(rows: list[dict[str, Any]], sort: str, sorts: Sequence[str]) -> list[dict[str, Any]]:
    """``rows`` sorted by ``sort`` (one of ``sorts``, ``-`` first for descending; missing
    values last), refused in plain words otherwise."""
    key = sort.lstrip("-")
    if key not in sorts:
        raise JianchaError(
            f"不能按“{sort}”排序", hint="可用：" + "、".join(sorts) + "（前加 - 为倒序）"
        )
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    return sorted(present, key=lambda r: r[key], reverse=sort.startswith("-")) + missing
