"""Workspace and metadata store.

Owns: the workspace folder (its layout and settings), the SQLAlchemy engine and sessions, the ORM
models of every metadata table, and the Alembic migrations that create them (SQLite by default,
PostgreSQL when ``JIANCHA_DATABASE_URL`` says so).
Must not touch: dataset contents (Parquet files belong to the catalogue) or business rules.
"""

from jiancha.store.db import Store, open_store
from jiancha.store.models import (
    AccessGrant,
    AccessRequest,
    ActionTally,
    ApiSession,
    ApiToken,
    AuditAnchor,
    AuditEntry,
    Base,
    Dataset,
    DatasetField,
    DatasetVersion,
    Feedback,
    Lead,
    LeadAttachment,
    LeadComment,
    LeadEvent,
    LeadReferral,
    LeadTally,
    Org,
    OrgAlias,
    Run,
    SecurityAlert,
    SupervisionAction,
    SupervisionModel,
    UsageCounter,
    User,
)
from jiancha.store.workspace import Workspace, init_workspace, open_workspace, resolve_home

__all__ = [
    "AccessGrant",
    "AccessRequest",
    "ActionTally",
    "ApiSession",
    "ApiToken",
    "AuditAnchor",
    "AuditEntry",
    "Base",
    "Dataset",
    "DatasetField",
    "DatasetVersion",
    "Feedback",
    "Lead",
    "LeadAttachment",
    "LeadComment",
    "LeadEvent",
    "LeadReferral",
    "LeadTally",
    "Org",
    "OrgAlias",
    "Run",
    "SecurityAlert",
    "Store",
    "SupervisionAction",
    "SupervisionModel",
    "UsageCounter",
    "User",
    "Workspace",
    "init_workspace",
    "open_store",
    "open_workspace",
    "resolve_home",
]
