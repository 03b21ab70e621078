"""The rules between people of the sign-offs a risk grade asks (审批, 复核) — pure, no I/O.

``Standing`` is a lead's grade, its first verifier (whoever last moved it to 核查属实) and the
sign-offs it has; it answers what is missing, whether a person may give a sign-off, and what
would still be missing were a person to open the case now. The grades' table is
``workflow.RISK_SIGNOFFS``; the stored side (rows, moves, audit) is ``signoffs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jiancha.errors import Conflict, Forbidden, JianchaError
from jiancha.leads.workflow import RISK_LABELS, SIGNOFF_KINDS, signoffs_required

SECOND = "second_verification"


@dataclass(frozen=True)
class Signed:
    kind: str
    user: str
    at: datetime | None = None
    opinion: str = ""


@dataclass(frozen=True)
class Standing:
    """A lead's grade, who found it true (``confirmer``) and the sign-offs it has."""

    risk: str
    confirmer: str | None
    signed: tuple[Signed, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return signoffs_required(self.risk)

    @property
    def separated(self) -> bool:
        """Whether the approver must be someone other than the verifiers (``high``)."""
        return SECOND in self.required

    def verifiers(self) -> set[str]:
        seconds = {s.user for s in self.signed if s.kind == SECOND and s.user != self.confirmer}
        return seconds | ({self.confirmer} if self.confirmer else set())

    def counts(self, s: Signed) -> bool:
        if s.kind == SECOND:
            return s.user != self.confirmer
        return not self.separated or s.user not in self.verifiers()

    def missing(self) -> list[str]:
        done = {s.kind for s in self.signed if self.counts(s)}
        return [kind for kind in self.required if kind not in done]

    def may_approve(self, user: str) -> bool:
        """Whether ``user`` (holding ``leads.approve``) may give this lead's approval."""
        return not self.separated or user not in self.verifiers()

    def refusal(self, kind: str, user: str) -> JianchaError | None:
        """Why ``user`` may not sign ``kind`` now (permission and state aside), or None."""
        label = SIGNOFF_KINDS[kind]
        if kind not in self.required:
            grade = RISK_LABELS.get(self.risk, self.risk)
            return JianchaError(f"该线索所用模型为{grade}，成案无需{label}")
        if any(s.kind == kind and s.user == user for s in self.signed):
            return Conflict(f"“{user}”已对该线索作出{label}，不能重复签署")
        if kind == SECOND and user == self.confirmer:
            return Forbidden(f"复核须由核查人“{user}”以外的检察官独立进行")
        approved = any(s.kind == "approval" and s.user == user for s in self.signed)
        if kind == SECOND and self.separated and approved:
            return Forbidden(f"“{user}”已审批该线索，不能再作为复核人")
        if kind == "approval" and not self.may_approve(user):
            return Forbidden("高风险线索的审批人不能是该线索的核查人或复核人")
        return None

    def open_with(self, user: str, approves: bool) -> list[str]:
        """What would still be missing were ``user`` (holding ``leads.approve`` when
        ``approves``) to open the case now."""
        implicit = approves and self.may_approve(user)
        return [k for k in self.missing() if not (k == "approval" and implicit)]
