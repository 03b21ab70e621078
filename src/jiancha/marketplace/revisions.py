"""Revisions saved from the model builder: whether a save is a new version, and its number.

Owns: comparing a spec about to be saved with the version the office's adoption runs (or, for
an office that has not adopted the model, its newest version) and choosing the version number.
The comparison is of the documents, not of the texts: the builder writes its own YAML, and
saving a model opened and left alone must not record a version whose only change is a comment
or a line break. A changed model whose number is not above the current one gets the current
number with its last part raised (1.0.0 → 1.0.1), and says so. Must not touch: installing
(``modelling.install``) or publication.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.governance.orgs import find_org
from jiancha.store import MarketModel, ModelVersion, SupervisionModel

_PARTS = re.compile(r"\d+")


@dataclass(frozen=True)
class Revision:
    unchanged: bool
    version: str
    """The number to save under (the document's own, or the raised one)."""
    bumped_from: str | None = None
    """The document's number when it was raised, else None."""
    current: ModelVersion | None = None


def version_key(version: str) -> tuple[int, ...]:
    """``1.10.2`` → (1, 10, 2); non-numeric parts are ignored (``2.0-beta`` → (2, 0))."""
    return tuple(int(p) for p in _PARTS.findall(version))


def raised(version: str) -> str:
    """The version with its last number raised by one (``1.0.0`` → ``1.0.1``, ``v3`` → ``v4``)."""
    found = list(_PARTS.finditer(version))
    if not found:
        return f"{version}.1"
    last = found[-1]
    return version[: last.start()] + str(int(last.group()) + 1) + version[last.end() :]


def current_version(session: Session, slug: str, org: str | None) -> ModelVersion | None:
    """The version office ``org``'s adoption of ``slug`` runs, else the model's newest one."""
    model = session.scalar(select(MarketModel).where(MarketModel.slug == slug))
    if model is None:
        return None
    if org is not None:
        office = find_org(session, org)
        adoption = session.scalar(
            select(SupervisionModel).where(
                SupervisionModel.slug == slug, SupervisionModel.org_id == office.id
            )
        )
        if adoption is not None and adoption.version_id is not None:
            return session.get(ModelVersion, adoption.version_id)
    query = select(ModelVersion).where(ModelVersion.model_id == model.id)
    return session.scalars(query.order_by(ModelVersion.id.desc())).first()


def revise(
    document: Mapping[str, Any], current: ModelVersion | None, current_document: Any = None
) -> Revision:
    """How ``document`` is saved against ``current``, whose text reads as ``current_document``
    (both plain spec documents, as ``modelling.builder.to_spec_document`` makes them)."""
    version = str(document.get("version", ""))
    if current is None:
        return Revision(False, version)
    if _plain(document) == _plain(current_document):
        return Revision(True, current.version, current=current)
    if version_key(version) > version_key(current.version):
        return Revision(False, version, current=current)
    return Revision(False, raised(current.version), bumped_from=version, current=current)


def _plain(document: Any) -> Any:
    """JSON's view of a document (dates as text), so that YAML's and JSON's forms compare."""
    return json.loads(json.dumps(document, default=str, sort_keys=True))
