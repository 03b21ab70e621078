"""Governance: the offices, who may sign in and do what, and how personal data is shown.

Owns: the office tree and the aliases that route leads to offices (``orgs``), roles and their
permissions (``roles``), user accounts (argon2-hashed passwords, lockout, forced change of the
first password), signed-in sessions and API tokens (stored as SHA-256 only) and masking of
personal identifiers for display. Must not touch: the catalogue's data files, model logic or
lead handling; the API calls this package, never the reverse.
"""

from jiancha.governance.accounts import (
    authenticate,
    create_token,
    create_user,
    end_session,
    list_users,
    revoke_token,
    session_user,
    set_password,
    start_session,
    token_user,
    unlock_user,
)
from jiancha.governance.masking import mask_value
from jiancha.governance.orgs import LEVELS, Router, add_aliases, add_org, find_org, list_orgs
from jiancha.governance.roles import PERMISSIONS, ROLES, allowed, require

__all__ = [
    "LEVELS",
    "PERMISSIONS",
    "ROLES",
    "Router",
    "add_aliases",
    "add_org",
    "allowed",
    "authenticate",
    "create_token",
    "create_user",
    "end_session",
    "find_org",
    "list_orgs",
    "list_users",
    "mask_value",
    "require",
    "revoke_token",
    "session_user",
    "set_password",
    "start_session",
    "token_user",
    "unlock_user",
]
