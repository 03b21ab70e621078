"""征集: an office submits its model for publication, with the model card its people write.

The submitter holds ``models.submit`` and acts for an office (``org``, default their own) that is
the model's author office or inside it (and inside their own subtree). The version submitted is
the spec text given (registered as a new version when new), else the version that office
adopted. The card's 背景要旨, 创新性 and 适用范围 are Chinese text, and at least one author is
named (冠名). The model is compared with every published and in-review model
(``similarity``): the closest ones and their scores are kept in the submission's figures, and
those above the threshold are flagged to the reviewers. The model goes to ``submitted``; a
returned model submitted again starts over at 数据核查.

Owns the submission and its checks. Must not touch the review steps (``decisions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.errors import Conflict, Forbidden, JianchaError
from jiancha.governance import audit
from jiancha.governance.orgs import find_org, subtree_ids
from jiancha.governance.roles import require
from jiancha.marketplace import similarity
from jiancha.marketplace.publication import FROM, STEP_PERMISSIONS, check_step, state_label
from jiancha.marketplace.records import advance, compared_with, find_model, org_json, spec_of
from jiancha.marketplace.versions import register_version
from jiancha.store import (
    MarketModel,
    ModelVersion,
    Org,
    PublicationDecision,
    Store,
    SupervisionModel,
    User,
)
from jiancha.store.models import utcnow

CARD_FIELDS = {"background": "背景要旨", "innovation": "创新性", "scope": "适用范围"}
MAX_CARD_TEXT = 5000
MAX_AUTHORS = 20
_CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Submission:
    """What the submitter writes: the card's three texts, the named authors, and optionally the
    office acting, a new spec text with its changelog, and a note to the reviewers."""

    background: str
    innovation: str
    scope: str
    authors: tuple[str, ...]
    org: str | None = None
    spec_text: str | None = None
    changelog: str = ""
    note: str = ""


def check_card(form: Submission) -> tuple[dict[str, str], list[str]]:
    """The card's texts and the authors, cleaned; every problem refused together."""
    problems, card = [], {}
    for key, label in CARD_FIELDS.items():
        text = str(getattr(form, key) or "").strip()
        if not text:
            problems.append(f"请填写{label}")
        elif not _CHINESE.search(text):
            problems.append(f"{label}须用中文撰写")
        elif len(text) > MAX_CARD_TEXT:
            problems.append(f"{label}不能超过 {MAX_CARD_TEXT} 字")
        card[key] = text
    authors = list(dict.fromkeys(a.strip() for a in form.authors if a.strip()))
    if not authors:
        problems.append("请署名至少一位作者（冠名）")
    if len(authors) > MAX_AUTHORS or any(len(a) > 50 for a in authors):
        problems.append(f"作者最多 {MAX_AUTHORS} 位，每位姓名不超过 50 字")
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise JianchaError(f"模型说明书不完整，{len(problems)} 处问题：\n{listed}")
    return card, authors


def _office(session: Session, user: User, org: str | None, model: MarketModel) -> Org:
    own = None if user.org_id is None else session.get(Org, user.org_id)
    office = find_org(session, org) if org else own
    if office is None:
        raise JianchaError("须指明以哪个检察院的名义提交", hint="命令行 --org，接口 org")
    if own is not None and office.id not in subtree_ids(session, own):
        raise Forbidden(f"只能以本院（{own.name}）或下级院的名义提交模型")
    author = None if model.author_org_id is None else session.get(Org, model.author_org_id)
    if author is not None and office.id not in subtree_ids(session, author):
        raise Forbidden(
            f"模型的作者院为{author.name}，只能由该院或其下级院提交", hint="其他检察院可采用该模型"
        )
    return office


def _version(
    session: Session, user: User, form: Submission, model: MarketModel, adoption: Any
) -> ModelVersion:
    if form.spec_text and form.spec_text.strip():
        spec = spec_of(form.spec_text)
        if spec.id != model.slug:
            raise JianchaError(f"提交的模型文本编号为 `{spec.id}`，与模型 `{model.slug}` 不符")
        changelog = form.changelog.strip() or "提交审查"
        return register_version(session, spec, by=user.username, changelog=changelog)
    version = None if adoption is None else session.get(ModelVersion, adoption.version_id or 0)
    if version is None:
        raise JianchaError(
            "提交的检察院尚未采用该模型，也没有给出模型文本",
            hint="先安装（jiancha model install … --org），或随提交附上模型文本（--spec）",
        )
    return version


def submit(store: Store, slug: str, form: Submission, user: User) -> dict[str, Any]:
    """Submit ``slug`` for publication as ``user``; the submission decision as JSON."""
    card, authors = check_card(form)
    with store.session() as session:
        model = find_model(session, slug, user)
        require(user, STEP_PERMISSIONS["submitted"])
        check_step(model.state, "submitted")
        office = _office(session, user, form.org, model)
        adoption = session.scalar(
            select(SupervisionModel).where(
                SupervisionModel.slug == slug, SupervisionModel.org_id == office.id
            )
        )
        version = _version(session, user, form, model, adoption)
        closest = similarity.closest(spec_of(version.spec_text), compared_with(session, model))
        again = model.state == "returned"
        if not advance(session, model.id, FROM["submitted"], "submitted"):
            raise Conflict("模型已由他人提交", hint="请刷新后查看模型的审查记录")
        model.submitted_at, model.published_at = utcnow(), None
        model.card, model.authors, model.figures = card, authors, None
        if model.author_org_id is None:
            model.author_org_id = office.id
        figures = {
            "office": org_json(office),
            "adoption": None if adoption is None else adoption.id,
            "similar": closest,
            "threshold": similarity.THRESHOLD,
            "flagged": [c["slug"] for c in closest if c["near"]],
            "resubmitted": again,
        }
        decision = PublicationDecision(
            model_id=model.id,
            version_id=version.id,
            step="submitted",
            decision="approved",
            opinion=form.note.strip()[:5000],
            attachments=[],
            figures=figures,
            decided_by=user.username,
            decided_at=utcnow(),
        )
        session.add(decision)
        session.flush()
        audit.record(
            session,
            actor=user.username,
            action="market_submit",
            object_type="model",
            object_id=slug,
            detail={
                "version": version.version,
                "sha256": version.spec_sha256,
                "office": office.code,
                "authors": authors,
                "flagged": figures["flagged"],
            },
        )
        return {
            "model": slug,
            "state": model.state,
            "state_label": state_label(model.state),
            "decision": decision.id,
            "version": version.version,
            "version_sha256": version.spec_sha256,
            "office": org_json(office),
            "authors": authors,
            "similar": closest,
            "flagged": figures["flagged"],
        }
