"""The one exception type every capability raises for a problem a user must fix.

Messages are Chinese, written for a prosecutor or a data administrator, and name the file,
line, column or value at fault. The command line prints them without a traceback.
"""

from __future__ import annotations


class JianchaError(Exception):
    """A user-facing failure: bad input, a missing workspace, a refused operation."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}（{self.hint}）" if self.hint else self.message


class NotFound(JianchaError):
    """The thing asked for does not exist (a dataset, a model, a lead): HTTP 404 in the API."""


class Forbidden(JianchaError):
    """The signed-in user may not do this (their role, or a password they must first change):
    HTTP 403 in the API."""


class Conflict(JianchaError):
    """The request no longer fits the current state of what it acts on — typically because
    someone else acted first (a lead already moved, a referral already decided): HTTP 409 in
    the API. The message names the current state."""
