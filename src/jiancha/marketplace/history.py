"""A model's versions (模型版本) as people read them: the list, newest first, with who made each
and its changelog, and the diff between two of them, each named by its version number or by
(a prefix of, at least 6 characters) its SHA-256.

Owns these views. Must not touch registering versions (``versions``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import JianchaError, NotFound
from jiancha.marketplace.records import current_version, find_model
from jiancha.marketplace.versions import spec_diff
from jiancha.store import MarketModel, ModelVersion, Store, SupervisionModel, User

MIN_PREFIX = 6


def versions_of(session: Session, model: MarketModel) -> list[ModelVersion]:
    query = select(ModelVersion).where(ModelVersion.model_id == model.id)
    return list(session.scalars(query.order_by(ModelVersion.id.desc())))


def version_rows(session: Session, model: MarketModel) -> list[dict[str, Any]]:
    """Each version, newest first: which is under review or published (``current``) and how
    many offices run it (``adoptions``)."""
    current = current_version(session, model)
    adopted: dict[int, int] = {}
    for version_id in session.scalars(
        select(SupervisionModel.version_id).where(SupervisionModel.slug == model.slug)
    ):
        if version_id is not None:
            adopted[version_id] = adopted.get(version_id, 0) + 1
    return [
        {
            "id": v.id,
            "version": v.version,
            "sha256": v.spec_sha256,
            "changelog": v.changelog,
            "created_at": v.created_at.isoformat(),
            "created_by": v.created_by,
            "current": current is not None and v.id == current.id,
            "adoptions": adopted.get(v.id, 0),
        }
        for v in versions_of(session, model)
    ]


def list_versions(store: Store, slug: str, user: User | None = None) -> dict[str, Any]:
    with store.session() as session:
        model = find_model(session, slug, user)
        return {"model": slug, "name": model.name, "versions": version_rows(session, model)}


def resolve(session: Session, model: MarketModel, ref: str) -> ModelVersion:
    """The version ``ref`` names: a version number (when only one version has it) or a SHA-256
    prefix; refused, naming the candidates, when it names none or several."""
    wanted = ref.strip()
    rows = versions_of(session, model)
    by_number = [v for v in rows if v.version == wanted]
    if len(by_number) == 1:
        return by_number[0]
    lowered = wanted.lower()
    by_sha = [v for v in rows if len(lowered) >= MIN_PREFIX and v.spec_sha256.startswith(lowered)]
    if len(by_sha) == 1:
        return by_sha[0]
    known = "、".join(f"{v.version}（{v.spec_sha256[:12]}）" for v in rows) or "（无）"
    if by_number or by_sha:
        many = by_number or by_sha
        raise JianchaError(
            f"“{wanted}”对应 {len(many)} 个版本，请用 SHA-256 前缀区分", hint=f"版本：{known}"
        )
    raise NotFound(
        f"模型 `{model.slug}` 没有版本“{wanted}”",
        hint=f"用版本号或 SHA-256 的前 {MIN_PREFIX} 位以上指明；版本：{known}",
    )


def _label(version: ModelVersion) -> str:
    return f"{version.version}（{version.spec_sha256[:12]}）"


def diff(store: Store, slug: str, old: str, new: str, user: User | None = None) -> dict[str, Any]:
    """The unified diff from version ``old`` to version ``new`` of model ``slug``."""
    with store.session() as session:
        model = find_model(session, slug, user)
        before, after = resolve(session, model, old), resolve(session, model, new)
        return {
            "model": slug,
            "from": {"version": before.version, "sha256": before.spec_sha256},
            "to": {"version": after.version, "sha256": after.spec_sha256},
            "same": before.id == after.id or before.spec_text == after.spec_text,
            "changelog": after.changelog,
            "diff": spec_diff(before.spec_text, after.spec_text, _label(before), _label(after)),
        }
