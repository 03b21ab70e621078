"""ORM models of the metadata store (SQLAlchemy 2, typed declarative).

Every table here is created by a migration under ``migrations/versions``; a test compares the
two so that they never drift apart.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from jiancha import clock

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, in UTC, from the product's one clock (``jiancha.clock``, settable in tests)."""
    return clock.now()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Dataset(Base):
    """数据集: a named dataset in the catalogue; its contents live in its versions."""

    __tablename__ = "datasets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[str] = mapped_column(String(16))
    classification_manual: Mapped[bool] = mapped_column(default=False)
    # The office that owns the data and approves requests to use it (None: the installation).
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    versions: Mapped[list[DatasetVersion]] = relationship(
        back_populates="dataset", order_by="DatasetVersion.version", cascade="all, delete-orphan"
    )

    @property
    def latest(self) -> DatasetVersion:
        return self.versions[-1]


class DatasetVersion(Base):
    """One import of a dataset: an immutable Parquet file plus where it came from."""

    __tablename__ = "dataset_versions"
    __table_args__ = (UniqueConstraint("dataset_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(BigInteger)
    source_name: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(16))
    source_sha256: Mapped[str] = mapped_column(String(64))
    source_bytes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    encoding: Mapped[str | None] = mapped_column(String(32), nullable=True)
    sheet: Mapped[str | None] = mapped_column(String(200), nullable=True)
    storage_path: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(200))
    seconds: Mapped[float] = mapped_column(Float)

    dataset: Mapped[Dataset] = relationship(back_populates="versions")
    fields: Mapped[list[DatasetField]] = relationship(
        back_populates="version", order_by="DatasetField.position", cascade="all, delete-orphan"
    )


class DatasetField(Base):
    """A column of a dataset version: its types, classification and quality figures."""

    __tablename__ = "dataset_fields"
    __table_args__ = (UniqueConstraint("version_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("dataset_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32))
    semantic: Mapped[str] = mapped_column(String(32))
    semantic_source: Mapped[str] = mapped_column(String(16))
    classification: Mapped[str] = mapped_column(String(16))
    classification_manual: Mapped[bool] = mapped_column(default=False)
    raw_column: Mapped[str | None] = mapped_column(String(220), nullable=True)
    missing: Mapped[int] = mapped_column(BigInteger)
    invalid: Mapped[int] = mapped_column(BigInteger)
    distinct: Mapped[int] = mapped_column(BigInteger)
    invalid_examples: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    version: Mapped[DatasetVersion] = relationship(back_populates="fields")


class Org(Base):
    """检察院: an office in the tree 省院 → 市院/分院 → 基层院.

    ``path`` is the chain of ids from the root, ``/1/4/9/``: an office's subtree is every org whose
    path starts with its own, one indexed prefix match instead of a recursive query.
    """

    __tablename__ = "orgs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), nullable=True)
    path: Mapped[str] = mapped_column(String(400), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OrgAlias(Base):
    """A name by which data refers to an office's jurisdiction (a court, a district, a code)."""

    __tablename__ = "org_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)


class SupervisionModel(Base):
    """法律监督模型 as one office adopted it (采用): the version of its spec it runs, the datasets
    its inputs are bound to and its own parameters; its runs and leads are that office's. One row
    per (model, office); the model itself, its versions and publication are in ``market.py``."""

    __tablename__ = "supervision_models"
    __table_args__ = (UniqueConstraint("slug", "org_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(32))
    line: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    risk: Mapped[str] = mapped_column(String(16))
    spec_text: Mapped[str] = mapped_column(Text)
    spec_sha256: Mapped[str] = mapped_column(String(64))
    bindings: Mapped[dict[str, Any]] = mapped_column(JSON)
    installed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    installed_by: Mapped[str] = mapped_column(String(200))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), nullable=True)
    # The model version adopted (``market.ModelVersion``) and the adoption's own parameter values.
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_versions.id", ondelete="SET NULL"), nullable=True
    )
    parameters: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    runs: Mapped[list[Run]] = relationship(back_populates="model", order_by="Run.id")


class Run(Base):
    """模型运行: who ran which spec version on which dataset versions, how, and what it found."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("supervision_models.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    user: Mapped[str] = mapped_column(String(200))
    engine: Mapped[str] = mapped_column(String(16))
    spec_version: Mapped[str] = mapped_column(String(32))
    spec_sha256: Mapped[str] = mapped_column(String(64))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    datasets: Mapped[dict[str, Any]] = mapped_column(JSON)
    run_date: Mapped[str] = mapped_column(String(10))
    sql: Mapped[str] = mapped_column(Text)
    explanation: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    rows_read: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    leads: Mapped[int | None] = mapped_column(Integer, nullable=True)
    new: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seen_again: Mapped[int | None] = mapped_column(Integer, nullable=True)
    no_longer_hit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # classified, for users
    error_detail: Mapped[str | None] = mapped_column(Text, nullable=True)  # raw, administrators
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)  # process running it
    host: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # The access grants the run relied on, one per input ({"grant", "dataset", "until"}), or
    # [{"basis": "local_operator"}] for a run from the workspace's own command line.
    grants: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)

    model: Mapped[SupervisionModel] = relationship(back_populates="runs")


CHECKED_AT_COMMIT: dict[str, Any] = {"deferrable": True, "initially": "DEFERRED"}
"""A lead's keys are checked when its transaction commits (0022): a multi-row insert with an
immediate key, or a unique constraint that aborts the statement, makes SQLite keep a statement
journal, a copy of every page each statement touches (``jiancha.leads.insert``)."""


class Lead(Base):
    """线索: one subject a model hit, with its evidence and the reasons, kept across runs."""

    __tablename__ = "leads"
    # Pages of the lead list are found on these indexes alone (PostgreSQL: index-only scans):
    # by office or model and state in id order, and in every order the list offers (0017; the
    # first sight's also counts a period's part months for statistics without the table).
    # The office's and the model's hold the other of the two, which the visibility rule of
    # ``high`` models reads (0021: a page split per office or adoption, ``leads.query``).
    # The title search's indexes are made by migrations 0017 and 0021 (``leads.search``,
    # ``leads.search_pg``).
    __table_args__ = (
        Index("ix_leads_model_status", "model_id", "status", "id", "org_id"),
        Index("ix_leads_org_status", "org_id", "status", "id", "model_id"),
        Index("ix_leads_first_seen", "first_seen_at", "id", "model_id", "org_id", "status"),
        Index("ix_leads_last_seen", "last_seen_at", "id"),
        Index("ix_leads_amount", "amount", "id"),
        Index("ix_leads_model_amount", "model_id", "amount", "id", "org_id"),  # a model by amount
        Index("ix_leads_status", "status", "id"),
        UniqueConstraint("model_id", "fingerprint"),  # per adoption: offices share a model
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_models.id", ondelete="CASCADE", **CHECKED_AT_COMMIT)
    )
    fingerprint: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_key: Mapped[str] = mapped_column(String(200))  # no index: no query reads by it
    subject_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    title: Mapped[str] = mapped_column(Text)
    jurisdiction: Mapped[str | None] = mapped_column(String(200), nullable=True)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), nullable=True)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    explanation: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(24), default="new")
    assignee: Mapped[str | None] = mapped_column(String(64), nullable=True)
    org_id: Mapped[int | None] = mapped_column(
        ForeignKey("orgs.id", **CHECKED_AT_COMMIT), nullable=True
    )
    hit: Mapped[bool] = mapped_column(default=True)
    first_run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", **CHECKED_AT_COMMIT))
    last_run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", **CHECKED_AT_COMMIT))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Bumped by every state change; a change applies only if the version it read is current.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The title as shown without an unmasking grant; the lead list's text search reads this.
    title_masked: Mapped[str | None] = mapped_column(Text, nullable=True)


class User(Base):
    """用户: a person who signs in to the console or the API; password kept as an argon2 hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), nullable=True)
    role: Mapped[str] = mapped_column(String(32), default="prosecutor")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    password_changed_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    # Business lines (十大业务) the user works in; empty means every line.
    lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Circuit breaker (熔断): hourly limits (None: the workspace default) and the suspension.
    limit_evidence_reads: Mapped[int | None] = mapped_column(Integer, nullable=True)
    limit_exported_rows: Mapped[int | None] = mapped_column(Integer, nullable=True)
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    suspended_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApiSession(Base):
    """A signed-in session: only the SHA-256 of its bearer token is stored."""

    __tablename__ = "api_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(default=False)
    # A console session (cookie) also has a CSRF token, of which only the SHA-256 is kept.
    csrf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)


class LeadEvent(Base):
    """A step of a lead's workflow: from which state to which, who, when and why."""

    __tablename__ = "lead_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    user: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    assignee: Mapped[str | None] = mapped_column(String(64), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class SupervisionAction(Base):
    """监督文书/措施: what the office issued on a lead (检察建议, 纠正违法通知书, 抗诉 …)."""

    __tablename__ = "supervision_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    # The lead's model, office and first sight, copied when the action is issued (a lead's office
    # no longer changes once it is verified), so that statistics never look leads up.
    model_id: Mapped[int] = mapped_column(ForeignKey("supervision_models.id", ondelete="CASCADE"))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), nullable=True)
    lead_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    document_no: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(Date)
    receiver: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Feedback(Base):
    """整改反馈: what the receiving body reported back on an action, and what it achieved."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_actions.id", ondelete="CASCADE"), index=True
    )
    received_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text, default="")
    recovered_amount: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal("0"))
    persons_affected: Mapped[int] = mapped_column(Integer, default=0)
    rules_made: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LeadComment(Base):
    """A comment on a lead (讨论、核查记录)."""

    __tablename__ = "lead_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    user: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    text: Mapped[str] = mapped_column(Text)


class LeadAttachment(Base):
    """A file attached to a lead, kept in the workspace under its SHA-256."""

    __tablename__ = "lead_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    user: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_path: Mapped[str] = mapped_column(String(500))


class LeadReferral(Base):
    """移送: a lead handed to another office; it moves only when the receiver accepts it."""

    __tablename__ = "lead_referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    from_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), nullable=True)
    to_org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    note: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class LeadTally(Base):
    """How many leads share a model, office, state, hit flag and month (China time) of first sight.

    Kept in step with ``leads`` by every code path that adds a lead or changes one of these
    (``jiancha.leads.tally``), so that lead counts and statistics over a million leads read a few
    hundred rows instead of the whole table. ``org_key`` is the office id, 0 for no office (a
    unique key over a NULL column would not hold on either backend).
    """

    __tablename__ = "lead_tallies"
    __table_args__ = (UniqueConstraint("model_id", "org_key", "status", "hit", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_models.id", ondelete="CASCADE"), index=True
    )
    org_key: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(24))
    hit: Mapped[bool] = mapped_column()
    month: Mapped[str] = mapped_column(String(7))
    n: Mapped[int] = mapped_column(BigInteger)


class ActionTally(Base):
    """Supervision actions and what came of them, counted per model, office, month of the lead's
    first sight (China time) and action kind — kept in step by ``jiancha.leads.tally`` when an
    action or a feedback is recorded, so that statistics read a few rows, not every action.

    A row whose ``kind`` is an action kind counts actions of that kind (``issued``) and those a
    feedback adopted (``adopted``). The row whose ``kind`` is empty holds facts about the leads:
    how many have an action (``leads``), the days from each one's first sight to its first action
    (summed, ``days``), how many have a feedback (``fed``), and the money, persons and rules the
    feedback reported. A lead's model, office and first sight no longer change once it has an
    action, so an action stays in one row.
    """

    __tablename__ = "action_tallies"
    __table_args__ = (UniqueConstraint("model_id", "org_key", "month", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_models.id", ondelete="CASCADE"), index=True
    )
    org_key: Mapped[int] = mapped_column(Integer)
    month: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(32))
    issued: Mapped[int] = mapped_column(BigInteger, default=0)
    adopted: Mapped[int] = mapped_column(BigInteger, default=0)
    leads: Mapped[int] = mapped_column(BigInteger, default=0)
    days: Mapped[int] = mapped_column(BigInteger, default=0)
    fed: Mapped[int] = mapped_column(BigInteger, default=0)
    money: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal("0"))
    persons: Mapped[int] = mapped_column(BigInteger, default=0)
    rules: Mapped[int] = mapped_column(BigInteger, default=0)


class ApiToken(Base):
    """A long-lived token for a system integration, acting as its user; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked: Mapped[bool] = mapped_column(default=False)


class AuditEntry(Base):
    """留痕: one entry of the append-only audit trail, chained to the one before by its hash."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    rows: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditAnchor(Base):
    """The audit trail's head hash at a moment, also written outside the store."""

    __tablename__ = "audit_anchors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    by: Mapped[str] = mapped_column(String(200))


class AccessRequest(Base):
    """数据申请: a user asks to use a dataset for a stated purpose over a period."""

    __tablename__ = "access_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    unmask: Mapped[bool] = mapped_column(default=False)
    # The model the data is asked for, when its purpose is one model (a ``high`` model's runs
    # and adoption need grants whose purpose is that model).
    model_slug: Mapped[str | None] = mapped_column(String(80), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class AccessGrant(Base):
    """审批: an approved request; it lets its user use the dataset until it expires."""

    __tablename__ = "access_grants"
    __table_args__ = (Index("ix_access_grants_user_dataset", "user_id", "dataset_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id"), unique=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[str] = mapped_column(Text)
    unmask: Mapped[bool] = mapped_column(default=False)
    model_slug: Mapped[str | None] = mapped_column(String(80), nullable=True)
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    valid_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(200), nullable=True)


class UsageCounter(Base):
    """How much personal data a user read or exported in one hour (for the circuit breaker)."""

    __tablename__ = "usage_counters"
    __table_args__ = (UniqueConstraint("user_id", "hour", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    hour: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(BigInteger, default=0)


class SecurityAlert(Base):
    """告警: something administrators must look at (a tripped circuit breaker)."""

    __tablename__ = "security_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    resolved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SignInFailure(Base):
    """A failed sign-in from one client address, for rate-limiting lockouts per address."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Job(Base):
    """后台任务: an import or a run queued from the console, claimed and run by a worker.

    ``status`` goes ``queued`` → ``running`` → ``succeeded`` | ``failed`` | ``cancelled`` (a
    queued job may be cancelled at once; a running one gets ``cancel_requested`` and stops at
    its next progress report); ``progress`` is what the worker last reported (stage, rows read,
    steps, leads written), ``payload`` what it needs to do the work. ``heartbeat_at`` is
    refreshed by the worker while the job runs: a stale one means the worker died, and the job
    is re-queued (``attempts`` counts the claims) or failed (``jobs.recovery``).
    """

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_status_id", "status", "id"),
        Index("ix_jobs_created_by_id", "created_by", "id"),
        Index("ix_jobs_org_id_id", "org_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    title: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(200))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # for the user, in Chinese
    error_detail: Mapped[str | None] = mapped_column(Text, nullable=True)  # administrators
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the worker's process
    host: Mapped[str | None] = mapped_column(String(200), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    cancel_requested: Mapped[bool] = mapped_column(default=False, server_default=false())
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Schedule(Base):
    """定时运行: when an adoption (``SupervisionModel``) runs by itself, as a ``run`` job created
    by the schedule's creator — at the times of a cron expression read in ``timezone``, and/or
    (``on_new_version``, 即时) each time a dataset bound to one of its inputs gets a version.
    ``next_run_at`` is the next firing (null without ``cron``); workers take a firing by
    compare-and-set on it, so that one firing is enqueued once."""

    __tablename__ = "schedules"
    __table_args__ = (Index("ix_schedules_enabled_next_run_at", "enabled", "next_run_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_models.id", ondelete="CASCADE"), index=True
    )
    cron: Mapped[str | None] = mapped_column(String(200), nullable=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    on_new_version: Mapped[bool] = mapped_column(default=False, server_default=false())
    incremental: Mapped[bool] = mapped_column(default=False, server_default=false())
    enabled: Mapped[bool] = mapped_column(default=True)
    next_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_enqueued_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    last_job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), nullable=True
    )
    created_by: Mapped[str] = mapped_column(String(200))
    # Made by the workspace's operator (command line): its runs need no account's grants.
    as_operator: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Document(Base):
    """文书: the original text of one document imported as a document dataset version, with what
    the extractor read from it; each row of the version links to it by its 文书编号 (``doc_id``)."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("dataset_id", "version", "doc_id"),
        Index("ix_documents_doc_id", "doc_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    doc_id: Mapped[str] = mapped_column(String(200))
    doc_type: Mapped[str] = mapped_column(String(32))
    case_number: Mapped[str | None] = mapped_column(String(200), nullable=True)
    doc_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    extraction: Mapped[dict[str, Any]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
