"""ORM models of the marketplace (模型超市): models as published, their versions, the five-step
publication's decisions, campaigns (专项) and the sign-offs a risk grade asks of a lead.

An office's *adoption* (采用) of a model is a ``SupervisionModel`` row (``models.py``): its
bindings, parameters, runs and leads; it points at the ``ModelVersion`` it runs. Created by
migration ``0016_marketplace``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jiancha.store.models import Base, utcnow


class MarketModel(Base):
    """法律监督模型 as the marketplace knows it, one per slug: who wrote it (冠名: the authoring
    office and named authors), its model card and where it is in the five-step publication."""

    __tablename__ = "market_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(32))
    line: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    risk: Mapped[str] = mapped_column(String(16))
    author_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), nullable=True)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    # draft (在建) → submitted → data_checked → rules_reviewed → cross_validated → published;
    # returned: a step was refused, the model is back with its author.
    state: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    # What the author writes of the model card: 背景要旨, 创新性, 适用范围 (the rest is derived).
    card: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Figures measured at 异地验证 (precision, leads verified, offices), kept when published.
    figures: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ModelVersion(Base):
    """模型版本: one immutable spec text of a model, known by its hash, with a changelog."""

    __tablename__ = "model_versions"
    __table_args__ = (UniqueConstraint("model_id", "spec_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("market_models.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[str] = mapped_column(String(32))
    spec_text: Mapped[str] = mapped_column(Text)
    spec_sha256: Mapped[str] = mapped_column(String(64))
    changelog: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class PublicationDecision(Base):
    """One recorded step of the five-step publication: who decided what, when, and why."""

    __tablename__ = "publication_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("market_models.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_versions.id", ondelete="SET NULL"), nullable=True
    )
    step: Mapped[str] = mapped_column(String(24))
    decision: Mapped[str] = mapped_column(String(16))  # approved | refused
    opinion: Mapped[str] = mapped_column(Text, default="")
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    figures: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Campaign(Base):
    """专项 (监督活动): models run by participating offices over a period, their leads tagged."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    line: Mapped[str] = mapped_column(String(32))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), nullable=True)
    offices: Mapped[list[int]] = mapped_column(JSON, default=list)  # participating org ids
    models: Mapped[list[str]] = mapped_column(JSON, default=list)  # model slugs
    description: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="planned")  # planned|running|stopped
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    stopped_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CampaignLead(Base):
    """A lead found by a campaign's model, in a participating office, during the campaign."""

    __tablename__ = "campaign_leads"
    __table_args__ = (UniqueConstraint("campaign_id", "lead_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    tagged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LeadSignoff(Base):
    """What a risk grade asks before a case is opened: a leader's approval (审批) or a second
    prosecutor's independent verification (复核), each by a named person with an opinion."""

    __tablename__ = "lead_signoffs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # approval | second_verification
    user: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    opinion: Mapped[str] = mapped_column(Text, default="")
