"""Adopting a model from the marketplace (采用): an office binds the version on the shelf to its
own datasets.

Only a published model is adopted this way, at the version on the shelf (``listing``), for the
adopting person's office — or, for a person without an office, the office they name. Every
dataset bound must be one the person sees (their office's subtree, the offices above it, or no
office's: a dataset they cannot see is answered as one that does not exist); a ``high`` model
needs an approved purpose naming it for each dataset (``governance.access
.require_model_purpose``). Binding, compiling and recording the adoption are
``modelling.install``'s (adopting again upgrades the office's adoption), and the adoption then
names the person who adopted it.

Owns these checks. Must not touch binding or the adoption's runs and leads.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import select

from jiancha.errors import Conflict, Forbidden, JianchaError, NotFound
from jiancha.governance.access import require_model_purpose
from jiancha.governance.orgs import find_org
from jiancha.governance.roles import require
from jiancha.marketplace.listing import PUBLISHED, shelf_versions
from jiancha.marketplace.records import find_model, spec_of
from jiancha.marketplace.usable import bind_pairs
from jiancha.modelling.install import install
from jiancha.store import Dataset, Org, Store, User

HIGH = "high"


def _office(store: Store, user: User, org: str | None) -> Org:
    with store.session() as session:
        if user.org_id is not None:
            own = session.get(Org, user.org_id)
            if own is None:
                raise NotFound("本人所属的检察院不存在")
            if org is not None and find_org(session, org).id != own.id:
                raise Forbidden("只能为本院采用模型", hint="不要指定其他检察院")
            return own
        if org is None:
            raise JianchaError("没有所属检察院的用户采用模型须指定采用的检察院（org）")
        return find_org(session, org)


def _check_datasets(
    store: Store, user: User, names: list[str], visible: Collection[int] | None
) -> None:
    with store.session() as session:
        found = {d.name: d for d in session.scalars(select(Dataset).where(Dataset.name.in_(names)))}
        for name in names:
            dataset = found.get(name)
            seen = dataset is not None and (
                visible is None or dataset.org_id is None or dataset.org_id in visible
            )
            if not seen:
                raise NotFound(f"数据集“{name}”不存在", hint="只能绑定本院可见的数据集")


def adopt(
    store: Store,
    slug: str,
    user: User,
    bindings: Mapping[str, Mapping[str, Any]],
    *,
    visible: Collection[int] | None,
    org: str | None = None,
) -> dict[str, Any]:
    """Adopt the shelf version of ``slug`` for ``user``'s office with ``bindings``
    (``{input: {dataset, fields: {field: column}}}``); ``install``'s answer and the office."""
    require(user, "models.install")
    with store.session() as session:
        model = find_model(session, slug, user)
        if model.state != PUBLISHED:
            raise Conflict(f"模型“{model.name}”尚未上架，不能采用", hint="上架后再采用")
        shelf = shelf_versions(session, [model])[model.id]
        text, risk = shelf.spec_text, model.risk
    office = _office(store, user, org)
    names = sorted({str(b["dataset"]) for b in bindings.values()})
    _check_datasets(store, user, names, visible)
    if risk == HIGH:
        with store.session() as session:
            require_model_purpose(session, user, slug, names, doing="采用")
    result = install(store, spec_of(text), bind_pairs(bindings), office.code, by=user.username)
    return result | {"org": office.code, "org_name": office.name}
