"""The funnel's figures for one group: additive counts, and the ratios derived from them.

Every stored figure is a count or a sum, so that groups add up (an office's subtree, a total)
by plain addition; ratios and averages are derived last. Statuses move one way along the
workflow's chain, so a lead's *current* status says how far it got:

* verified (已核查): rejected, confirmed or any later status;
* confirmed (核查属实): confirmed or later (not rejected);
* cases (成案): case_opened or later.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jiancha.leads.action_tally import ADOPTING
from jiancha.leads.actions import ACTION_KINDS

CASES = frozenset({"case_opened", "actions_issued", "feedback_received", "closed"})
CONFIRMED = CASES | {"confirmed"}
VERIFIED = CONFIRMED | {"rejected"}
ADOPTED = ADOPTING
CENT = Decimal("0.01")


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


@dataclass
class Figures:
    leads: int = 0
    verified: int = 0
    confirmed: int = 0
    cases: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    adopted: Counter[str] = field(default_factory=Counter)
    leads_with_actions: int = 0
    days_to_action: int = 0
    leads_with_feedback: int = 0
    recovered: Decimal = Decimal("0")
    persons: int = 0
    rules: int = 0

    def count_status(self, status: str, n: int) -> None:
        self.leads += n
        self.verified += n if status in VERIFIED else 0
        self.confirmed += n if status in CONFIRMED else 0
        self.cases += n if status in CASES else 0

    def add(self, other: Figures) -> None:
        self.leads += other.leads
        self.verified += other.verified
        self.confirmed += other.confirmed
        self.cases += other.cases
        self.actions.update(other.actions)
        self.adopted.update(other.adopted)
        self.leads_with_actions += other.leads_with_actions
        self.days_to_action += other.days_to_action
        self.leads_with_feedback += other.leads_with_feedback
        self.recovered += other.recovered
        self.persons += other.persons
        self.rules += other.rules

    @property
    def precision(self) -> float | None:
        """精准率: confirmed ÷ verified."""
        return _ratio(self.confirmed, self.verified)

    @property
    def avg_days(self) -> float | None:
        """平均处置天数: from the day a lead was found to its first action, over such leads."""
        if self.leads_with_actions == 0:
            return None
        return round(self.days_to_action / self.leads_with_actions, 1)

    def as_dict(self) -> dict[str, Any]:
        actions_total = sum(self.actions.values())
        adopted_total = sum(self.adopted.values())
        return {
            "leads": self.leads,
            "verified": self.verified,
            "confirmed": self.confirmed,
            "cases": self.cases,
            "actions": {kind: self.actions[kind] for kind in ACTION_KINDS},
            "actions_total": actions_total,
            "adopted": {kind: self.adopted[kind] for kind in ACTION_KINDS},
            "adopted_total": adopted_total,
            "leads_with_actions": self.leads_with_actions,
            "leads_with_feedback": self.leads_with_feedback,
            "precision": self.precision,
            "conversion": _ratio(self.cases, self.leads),
            "adoption_rate": _ratio(adopted_total, actions_total),
            "recovered_amount": format(self.recovered.quantize(CENT), "f"),
            "persons_affected": self.persons,
            "rules_made": self.rules,
            "avg_days_to_action": self.avg_days,
        }
