"""Offices (检察院) in their three-level tree, and the aliases that route leads to them.

省院 (province) → 市院 or 分院 (city, branch) → 基层院 (district). An office's *subtree* is itself
and every office below it: statistics and (later) permissions are scoped by it. An *alias* is a
name the data uses for an office's jurisdiction — its courts, police and districts, or a region
code — so that a lead whose ``jurisdiction`` reads "杭州市西湖区人民法院" lands in the queue of
杭州市西湖区人民检察院.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError, NotFound
from jiancha.store import Org, OrgAlias, Store

LEVELS: dict[str, str] = {
    "province": "省院",
    "city": "市院",
    "branch": "分院",
    "district": "基层院",
}
PARENT_LEVELS: dict[str, frozenset[str]] = {
    "province": frozenset(),
    "city": frozenset({"province"}),
    "branch": frozenset({"province"}),
    "district": frozenset({"city", "branch"}),
}
_CODE = re.compile(r"^[0-9A-Za-z_-]{2,32}$")
_SPACE = re.compile(r"\s+")
MIN_CONTAINED = 3  # shorter aliases must match exactly: "西湖" is inside too many names


def normalise(value: str) -> str:
    """Full-width to half-width, no spaces: the form aliases are stored and looked up in."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", value))


def find_org(session: Session, ref: str) -> Org:
    """The office whose code or name is ``ref``."""
    org = session.scalar(select(Org).where(or_(Org.code == ref.strip(), Org.name == ref.strip())))
    if org is None:
        raise NotFound(f"没有代码或名称为“{ref}”的检察院", hint="用 jiancha org list 查看")
    return org


def add_org(
    store: Store,
    code: str,
    name: str,
    level: str,
    parent: str | None = None,
    aliases: Iterable[str] = (),
) -> dict[str, Any]:
    """Add an office under ``parent`` (code or name); its name and code become aliases."""
    if level not in LEVELS:
        known = "、".join(f"{k}（{v}）" for k, v in LEVELS.items())
        raise JianchaError(f"没有“{level}”这一级检察院", hint=f"可用级别：{known}")
    if not _CODE.match(code):
        raise JianchaError(f"单位代码“{code}”无效", hint="2–32 位字母、数字、_ 或 -")
    if not name.strip():
        raise JianchaError("检察院名称不能为空")
    with store.session() as session:
        upper = None if parent is None else find_org(session, parent)
        allowed = PARENT_LEVELS[level]
        if upper is None and allowed:
            raise JianchaError(f"{LEVELS[level]}须指定上级院（--parent）")
        if upper is not None and upper.level not in allowed:
            raise JianchaError(
                f"{LEVELS[level]}不能设在{LEVELS[upper.level]}“{upper.name}”之下",
                hint="层级：省院 → 市院/分院 → 基层院",
            )
        for column, value, what in ((Org.code, code, "代码"), (Org.name, name.strip(), "名称")):
            if session.scalar(select(Org.id).where(column == value)) is not None:
                raise JianchaError(f"{what}为“{value}”的检察院已存在")
        org = Org(code=code, name=name.strip(), level=level, parent_id=upper and upper.id, path="")
        session.add(org)
        session.flush()
        org.path = f"{upper.path if upper else '/'}{org.id}/"
        _add_aliases(session, org, [code, name, *aliases])
        return _org(org, upper)


def add_aliases(store: Store, ref: str, aliases: Iterable[str]) -> list[str]:
    with store.session() as session:
        return _add_aliases(session, find_org(session, ref), aliases)


def _add_aliases(session: Session, org: Org, aliases: Iterable[str]) -> list[str]:
    added: list[str] = []
    for raw in aliases:
        alias = normalise(raw)
        if not alias or alias in added:
            continue
        owner = session.scalar(select(OrgAlias).where(OrgAlias.alias == alias))
        if owner is not None and owner.org_id != org.id:
            other = session.get(Org, owner.org_id)
            raise JianchaError(f"别名“{alias}”已属于“{other.name if other else owner.org_id}”")
        if owner is None:
            session.add(OrgAlias(org_id=org.id, alias=alias))
        added.append(alias)
    return added


def list_orgs(store: Store) -> list[dict[str, Any]]:
    """Every office in tree order, each with its parent's code and its aliases."""
    with store.session() as session:
        orgs = list(session.scalars(select(Org).order_by(Org.path)))
        by_id = {o.id: o for o in orgs}
        aliases: dict[int, list[str]] = {}
        for a in session.scalars(select(OrgAlias).order_by(OrgAlias.id)):
            aliases.setdefault(a.org_id, []).append(a.alias)
        return [
            {**_org(o, by_id.get(o.parent_id or 0)), "aliases": aliases.get(o.id, [])} for o in orgs
        ]


def _org(org: Org, parent: Org | None) -> dict[str, Any]:
    return {
        "id": org.id,
        "code": org.code,
        "name": org.name,
        "level": org.level,
        "level_label": LEVELS[org.level],
        "parent": None if parent is None else parent.code,
        "depth": org.path.count("/") - 2,
    }


def subtree_ids(session: Session, org: Org) -> list[int]:
    """The ids of ``org`` and every office below it."""
    return list(session.scalars(select(Org.id).where(Org.path.startswith(org.path))))


def visible_ids(session: Session, org: Org) -> set[int]:
    """Offices whose datasets, models and runs a member of ``org`` may see: its subtree and the
    offices above it (whose data is shared downwards), never a sibling's."""
    above = {int(part) for part in org.path.strip("/").split("/") if part}
    return above | set(subtree_ids(session, org))


class Router:
    """Maps a lead's ``jurisdiction`` to an office: exact alias first, else the longest alias
    (of at least three characters) that the value contains; ``None`` when nothing matches."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(select(OrgAlias.alias, OrgAlias.org_id))
        self.aliases: dict[str, int] = {alias: org for alias, org in rows}
        self._long = sorted((a for a in self.aliases if len(a) >= MIN_CONTAINED), key=len)[::-1]
        self._seen: dict[str, int | None] = {}

    def route(self, jurisdiction: str | None) -> int | None:
        if not jurisdiction:
            return None
        key = normalise(jurisdiction)
        if key not in self._seen:
            org = self.aliases.get(key)
            if org is None:
                org = next((self.aliases[a] for a in self._long if a in key), None)
            self._seen[key] = org
        return self._seen[key]
