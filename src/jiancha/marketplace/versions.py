"""Model versions (模型版本): every spec text a model was installed or submitted with, kept
immutable and known by its SHA-256, with who made it and its changelog.

Owns: registering a spec as a version (creating the marketplace model, 在建, on first sight),
listing a model's versions and the diff between two of them. Must not touch: adoptions'
bindings or the publication state (``adoptions``, ``publication``).
"""

from __future__ import annotations

import difflib
import hashlib
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.store import MarketModel, ModelVersion, Org

if TYPE_CHECKING:  # modelling imports this module (its install records versions)
    from jiancha.modelling.spec import Spec


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def register_version(
    session: Session, spec: Spec, *, by: str, author: Org | None = None, changelog: str = ""
) -> ModelVersion:
    """The version of ``spec``'s text, recorded now if the model never had it.

    A model seen for the first time becomes a marketplace model in 在建 (``draft``) whose author
    is ``author`` (the installing office). A known model keeps its author, card and state; its
    name, area, line, kind and risk follow the newest version registered."""
    model = session.scalar(select(MarketModel).where(MarketModel.slug == spec.id))
    if model is None:
        model = MarketModel(
            slug=spec.id,
            author_org_id=None if author is None else author.id,
            authors=[],
            state="draft",
            card={},
            created_by=by,
        )
        session.add(model)
    model.name, model.area, model.line, model.kind, model.risk = (
        spec.name,
        spec.area,
        spec.line,
        spec.kind,
        spec.risk,
    )
    session.flush()
    sha = digest(spec.text)
    version = session.scalar(
        select(ModelVersion).where(
            ModelVersion.model_id == model.id, ModelVersion.spec_sha256 == sha
        )
    )
    if version is None:
        first = session.scalar(select(ModelVersion.id).where(ModelVersion.model_id == model.id))
        version = ModelVersion(
            model_id=model.id,
            version=spec.version,
            spec_text=spec.text,
            spec_sha256=sha,
            changelog=changelog or ("首次安装" if first is None else ""),
            created_by=by,
        )
        session.add(version)
        session.flush()
    return version


def spec_diff(old: str, new: str, old_label: str = "旧版本", new_label: str = "新版本") -> str:
    """The unified diff of two spec texts, line by line (empty when they are the same)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=old_label,
        tofile=new_label,
    )
    return "".join(lines)
