"""Browsing the marketplace (模型超市): published models, searched and filtered, as one office
sees them.

Lists the models in state ``published`` — and, when asked (``review``), those in review
that the viewer may see (``records.may_see``: reviewers, the authoring office's subtree,
adopters). Filters: area, line, kind, risk grade, text (slug, name, description, 背景要旨), the
data an input needs (a semantic type of one of its fields, words of an input's label, or a
dataset an adoption bound it to), and 「我院可直接使用」 (``usable``: ``marketplace.usable``
over the version on the shelf). Each model is listed as ``listing.row`` makes it: figures
across offices, and the viewing office's own adoption.

Owns the filters and the order. Must not touch publication states or adoptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError, NotFound
from jiancha.marketplace import usable as bindable
from jiancha.marketplace.figures import model_figures
from jiancha.marketplace.listing import PUBLISHED, MarketViewer, row, shelf_versions
from jiancha.marketplace.publication import IN_REVIEW
from jiancha.marketplace.records import may_see, spec_of
from jiancha.modelling.spec import Spec
from jiancha.store import MarketModel

SORTS = ("name", "slug", "published_at", "offices", "adoptions", "leads", "cases", "precision")


@dataclass(frozen=True)
class BrowseFilter:
    area: str | None = None
    line: str | None = None
    kind: str | None = None
    risk: str | None = None
    text: str | None = None
    data: str | None = None
    usable: bool | None = None
    review: bool = False
    sort: str = "-adoptions"
    offset: int = 0
    limit: int | None = None


def visible_model(session: Session, model: MarketModel, viewer: MarketViewer) -> bool:
    """Published, or in review and seen by the viewer as the model card sees it."""
    return model.state == PUBLISHED or (
        model.state in IN_REVIEW and may_see(session, model, viewer.user)
    )


def _text(model: MarketModel, spec: Spec) -> str:
    card = model.card or {}
    return " ".join([model.slug, model.name, spec.description, str(card.get("background", ""))])


def _needs(spec: Spec, data: str, learned: bindable.Learned) -> bool:
    for name, spec_input in spec.inputs.items():
        if data in spec_input.fields.values() or data in spec_input.label:
            return True
        if data in learned.datasets.get(name, []):
            return True
    return False


def _sort_key(sort: str) -> tuple[str, bool]:
    name, descending = sort.lstrip("-"), sort.startswith("-")
    if name not in SORTS:
        raise JianchaError(f"不能按“{sort}”排序", hint=f"可用：{'、'.join(SORTS)}（前加 - 为倒序）")
    return name, descending


def _value(item: dict[str, Any], name: str) -> Any:
    if name in ("name", "slug", "published_at"):
        return item[name] or ""
    value = item["figures"][name]
    return -1.0 if value is None else value


def browse(
    session: Session, f: BrowseFilter, viewer: MarketViewer
) -> tuple[int, list[dict[str, Any]]]:
    """How many models match, and the requested page of them."""
    name, descending = _sort_key(f.sort)
    query = select(MarketModel).order_by(MarketModel.slug)
    for column, value in (
        (MarketModel.area, f.area),
        (MarketModel.line, f.line),
        (MarketModel.kind, f.kind),
        (MarketModel.risk, f.risk),
    ):
        if value is not None:
            query = query.where(column == value)
    states = [PUBLISHED, *sorted(IN_REVIEW)] if f.review else [PUBLISHED]
    models = [m for m in session.scalars(query.where(MarketModel.state.in_(states)))]
    models = [m for m in models if visible_model(session, m, viewer)]
    shelves = shelf_versions(session, models)
    models = [m for m in models if m.id in shelves]
    if f.text:
        models = [m for m in models if f.text in _text(m, spec_of(shelves[m.id].spec_text))]
    known = bindable.learned(session, [m.slug for m in models])
    if f.data:
        data = f.data.strip()
        models = [
            m for m in models if _needs(spec_of(shelves[m.id].spec_text), data, known[m.slug])
        ]
    seen = bindable.catalogue(session, viewer.visible)
    fits = {
        m.id: bindable.usable(spec_of(shelves[m.id].spec_text), seen, known[m.slug]) for m in models
    }
    if f.usable is not None:
        models = [m for m in models if fits[m.id].usable is f.usable]
    figures = model_figures(session, [m.slug for m in models])
    items = [row(session, m, shelves[m.id], figures[m.slug], fits[m.id], viewer) for m in models]
    items.sort(key=lambda x: x["name"])
    items.sort(key=lambda x: _value(x, name), reverse=descending)
    end = None if f.limit is None else f.offset + f.limit
    return len(items), items[f.offset : end]


def find_market_model(session: Session, slug: str, viewer: MarketViewer) -> MarketModel:
    """The model ``slug`` if ``viewer`` may see it in the marketplace, else ``NotFound``."""
    model = session.scalar(select(MarketModel).where(MarketModel.slug == slug))
    if model is None or not visible_model(session, model, viewer):
        raise NotFound(f"模型超市中没有模型 `{slug}`", hint="只列出已上架的模型")
    return model
