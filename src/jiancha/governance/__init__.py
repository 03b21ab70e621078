"""Governance: the offices, who may sign in, and how personal data is shown.

Owns: the office tree and the aliases that route leads to offices (``orgs``), user accounts
(argon2-hashed passwords), signed-in sessions (bearer tokens stored as SHA-256 only) and masking
of personal identifiers for display. Must not touch: the catalogue's
data files, model logic or lead handling; the API calls this package, never the reverse.
"""

from jiancha.governance.accounts import (
    authenticate,
    create_user,
    end_session,
    session_user,
    set_password,
    start_session,
)
from jiancha.governance.masking import mask_value
from jiancha.governance.orgs import LEVELS, Router, add_aliases, add_org, find_org, list_orgs

__all__ = [
    "LEVELS",
    "Router",
    "add_aliases",
    "add_org",
    "authenticate",
    "create_user",
    "end_session",
    "find_org",
    "list_orgs",
    "mask_value",
    "session_user",
    "set_password",
    "start_session",
]
