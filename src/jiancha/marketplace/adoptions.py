"""Adoptions (采用): which office runs which version of a model, with its own bindings.

One ``SupervisionModel`` row per (model, office). A command or request names a model by its slug;
when several offices adopted it, the office decides (``org``), or the asking user's own office
(``prefer``); otherwise the question is refused with the offices to choose from.

Owns: finding an adoption and the set of adoptions of a slug. Must not touch: binding and
compiling (``modelling.install``), runs, leads.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError, NotFound
from jiancha.governance.orgs import find_org
from jiancha.store import Org, SupervisionModel


def adoptions_of(session: Session, slug: str) -> list[SupervisionModel]:
    query = select(SupervisionModel).where(SupervisionModel.slug == slug)
    return list(session.scalars(query.order_by(SupervisionModel.id)))


def adoption_ids(session: Session, slug: str) -> list[int]:
    query = select(SupervisionModel.id).where(SupervisionModel.slug == slug)
    return list(session.scalars(query.order_by(SupervisionModel.id)))


def _office_names(session: Session, rows: list[SupervisionModel]) -> str:
    names = []
    for row in rows:
        org = None if row.org_id is None else session.get(Org, row.org_id)
        names.append("（未归属单位）" if org is None else f"{org.name}（{org.code}）")
    return "、".join(names)


def find_adoption(
    session: Session,
    slug: str,
    org: str | None = None,
    visible: Collection[int] | None = None,
    prefer: int | None = None,
) -> SupervisionModel:
    """The adoption of ``slug`` by office ``org`` (code or name), else the only one visible, else
    the one of office ``prefer``; ``NotFound`` when none is visible, a refusal naming the offices
    when several are and nothing decides."""
    rows = adoptions_of(session, slug)
    if visible is not None:
        rows = [r for r in rows if r.org_id is None or r.org_id in visible]
    if org is not None:
        office = find_org(session, org)
        rows = [r for r in rows if r.org_id == office.id]
        if not rows:
            raise NotFound(f"{office.name}没有采用模型 `{slug}`")
    if not rows:
        known = "、".join(dict.fromkeys(session.scalars(select(SupervisionModel.slug)))) or "（无）"
        raise NotFound(f"模型 `{slug}` 未安装", hint=f"已安装：{known}")
    if len(rows) == 1:
        return rows[0]
    own = [r for r in rows if prefer is not None and r.org_id == prefer]
    if own:
        return own[0]
    raise JianchaError(
        f"模型 `{slug}` 有 {len(rows)} 个检察院采用：{_office_names(session, rows)}",
        hint="请指定检察院（命令行 --org，接口 org 参数）",
    )
