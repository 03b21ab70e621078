"""From result rows to leads: fingerprint, title, evidence and the reasons each step gives.

The explanation is written when the lead is found: the values that satisfied each step are
stored with the lead, the static part of each step (condition, parameters, input) once with
the run (``LeadBuilder.template``, see :mod:`jiancha.leads.explain`), so it still reads true
after the data change. Only new leads are built in full: a lead seen again needs no more than
its fingerprint.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jiancha.governance.masking import mask_text, mask_value
from jiancha.leads.explain import step_template
from jiancha.leads.reasons import Reasons
from jiancha.leads.values import plain, shown
from jiancha.modelling.compiler import AMOUNT, Compiled
from jiancha.modelling.explanation import Explanation

_FIELD = re.compile(r"\{([^{}]+)\}")
Row = Mapping[str, Any]


@dataclass(frozen=True)
class LeadRecord:
    fingerprint: str
    subject_type: str
    subject_key: str
    subject_name: str | None
    title: str
    title_masked: str
    jurisdiction: str | None
    amount: Decimal | None
    evidence: dict[str, Any]
    explanation: list[dict[str, Any]]


def canonical(value: Any) -> str | None:
    """A value as text for the fingerprint: ``plain``'s form, booleans as true/false."""
    v = plain(value)
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def digest(model: str, subject_key: str, evidence: list[Any]) -> str:
    """sha256(model id, subject key, evidence values), unkeyed: never stored nor shown.

    Each part is framed by its length (``5:张三``, a missing value as ``-``) and the parts are
    joined with ``|``, so no two different lists of values give the same text. The same
    framing is computed in SQL by :mod:`jiancha.leads.sqlbuild`.
    """
    parts = [model, subject_key, *(canonical(v) for v in evidence)]
    payload = "|".join("-" if p is None else f"{len(p)}:{p}" for p in parts)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def keyed(key: bytes, unkeyed: str) -> str:
    """HMAC-SHA256 under the workspace's secret of an unkeyed digest (its hex text)."""
    return hmac.new(key, unkeyed.encode("ascii"), hashlib.sha256).hexdigest()


def fingerprint(model: str, subject_key: str, evidence: list[Any], *, key: bytes) -> str:
    """A lead's identity: HMAC-SHA256(workspace secret, sha256(model id, subject key,
    evidence values)) — DESIGN's lead identity, keyed.

    Without the secret (``HOME/secret.key``, never in the metadata store nor in an export) a
    fingerprint cannot be recomputed from guessed identifiers, so it confirms nothing. Keying
    the digest rather than the payload lets a workspace made by an older version re-key its
    stored (unkeyed) fingerprints exactly, whatever their values (:mod:`jiancha.leads.rekey`).
    """
    return keyed(key, digest(model, subject_key, evidence))


class LeadBuilder:
    """Builds the leads of one run of one compiled model."""

    def __init__(
        self,
        compiled: Compiled,
        parameters: Mapping[str, Any],
        *,
        key: bytes,
        personal: Mapping[str, Any] | None = None,
    ) -> None:
        self.key_bytes = key
        self.personal: dict[str, str] = dict((personal or {}).get("fields") or {})
        self.spec = compiled.spec
        self.compiled = compiled
        self.physical = {c.visible: c.physical for c in compiled.relation}
        lead = self.spec.lead
        self.key = self.physical[lead.subject_key]
        self.evidence = [(name, self.physical[name]) for name in lead.evidence]
        self.parameters = parameters
        self.steps = [self._step(e) for e in compiled.explanations]
        reasons = Reasons(compiled, parameters)
        self.template = [step_template(reasons, e) for e in compiled.explanations]

    def get(self, row: Row, visible: str | None) -> Any:
        return (
            None
            if visible is None or visible not in self.physical
            else row.get(self.physical[visible])
        )

    def fingerprint(self, row: Row) -> str:
        key = canonical(row.get(self.key))
        subject = "" if key is None else key
        evidence = [row.get(p) for _, p in self.evidence]
        return fingerprint(self.spec.id, subject, evidence, key=self.key_bytes)

    def with_personal(self, personal: Mapping[str, Any]) -> LeadBuilder:
        """The same builder, masking titles by ``personal`` (``jiancha.leads.personal``)."""
        clone = copy.copy(self)
        clone.personal = dict(personal.get("fields") or {})
        return clone

    def record(self, row: Row, fp: str) -> LeadRecord:
        lead = self.spec.lead
        key, name, where = (
            row.get(self.key),
            self.get(row, lead.subject_name),
            self.get(row, lead.jurisdiction),
        )
        amount = row.get(AMOUNT)

        def fill(match: re.Match[str]) -> str:
            return shown(self.get(row, match.group(1)))

        def hide(match: re.Match[str]) -> str:
            value, kind = self.get(row, match.group(1)), self.personal.get(match.group(1))
            return shown(value) if value is None or kind is None else mask_value(shown(value), kind)

        return LeadRecord(
            fingerprint=fp,
            subject_type=lead.subject_type,
            subject_key="" if key is None else shown(key),
            subject_name=None if name is None else shown(name),
            title=_FIELD.sub(fill, lead.title)[:2000],
            title_masked=mask_text(_FIELD.sub(hide, lead.title)[:2000]),
            jurisdiction=None if where is None else shown(where),
            amount=None if amount is None else Decimal(str(amount)).quantize(Decimal("0.01")),
            evidence={n: plain(row.get(p)) for n, p in self.evidence},
            explanation=[step(row) for step in self.steps],
        )

    def _step(self, e: Explanation) -> Callable[[Row], dict[str, Any]]:
        """A function from a row to the values this step's explanation needs."""
        columns = [(c, self.physical[c]) for c in e.columns if c in self.physical]
        keys = [self.physical.get(left) for left, _ in e.on]
        row_column = self.physical.get("_row" if e.kind == "from" else f"{e.input}._row")
        score = self.physical.get("score") if e.kind == "anomaly" else None
        joins = e.kind.endswith("join")

        def explain(row: Row) -> dict[str, Any]:
            entry: dict[str, Any] = {"values": {c: plain(row.get(p)) for c, p in columns}}
            if row_column:
                entry["row"] = plain(row.get(row_column))
            if joins:
                entry["on"] = [plain(row.get(k)) if k else None for k in keys]
            if score:
                entry["score"] = plain(row.get(score))
            return entry

        return explain
