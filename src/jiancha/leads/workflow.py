"""The lead workflow (线索处理) as an explicit state machine — pure rules, no I/O.

new → assigned → verifying → rejected (with a reason code and an explanation)
                           → confirmed → case_opened → actions_issued → feedback_received → closed

A person decides every step (人工核查: no action without verification). A lead may be assigned
again while it is assigned or being verified (re-assignment). Anything else is refused with the
states it could go to instead: as a conflict (``Conflict``, HTTP 409) when the lead is already at
or past the state asked for, or finished — the step was taken by someone else, or no longer
applies — and as a plain refusal (400) when the step would skip ahead. Re-assigning a lead to the
person it is already assigned to is a conflict too, so that N identical requests change it once.

Each step needs its own permission (``TRANSITION_PERMISSIONS``, a role-by-step matrix with
``governance.roles``): assigning (and re-assigning) needs ``leads.assign`` however it is asked
for, every other step ``leads.handle``; accepting a referral (which returns the lead to 新线索 in
the receiving office) needs ``referrals.decide``. Opening a case (核查属实 → 已成案) also needs
the sign-offs the model's risk grade asks (``RISK_SIGNOFFS``, checked by ``signoffs``).
"""

from __future__ import annotations

from dataclasses import dataclass

from jiancha.errors import Conflict, JianchaError

STATES: dict[str, str] = {
    "new": "新线索",
    "assigned": "已分派",
    "verifying": "核查中",
    "rejected": "核查不属实",
    "confirmed": "核查属实",
    "case_opened": "已成案",
    "actions_issued": "已制发监督文书",
    "feedback_received": "已收到整改反馈",
    "closed": "已办结",
}

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"assigned"}),
    "assigned": frozenset({"assigned", "verifying"}),
    "verifying": frozenset({"assigned", "rejected", "confirmed"}),
    "rejected": frozenset(),
    "confirmed": frozenset({"case_opened"}),
    "case_opened": frozenset({"actions_issued"}),
    "actions_issued": frozenset({"feedback_received"}),
    "feedback_received": frozenset({"closed"}),
    "closed": frozenset(),
}

STAGES: dict[str, int] = {
    "new": 0,
    "assigned": 1,
    "verifying": 2,
    "rejected": 3,
    "confirmed": 3,
    "case_opened": 4,
    "actions_issued": 5,
    "feedback_received": 6,
    "closed": 7,
}
"""How far along the workflow each state is: a step to a state at or behind the lead's own is
one somebody else has already taken (or that no longer applies)."""

TRANSITION_PERMISSIONS: dict[tuple[str, str], str] = {
    ("new", "assigned"): "leads.assign",
    ("assigned", "assigned"): "leads.assign",
    ("assigned", "verifying"): "leads.handle",
    ("verifying", "assigned"): "leads.assign",
    ("verifying", "rejected"): "leads.handle",
    ("verifying", "confirmed"): "leads.handle",
    ("confirmed", "case_opened"): "leads.handle",
    ("case_opened", "actions_issued"): "leads.handle",
    ("actions_issued", "feedback_received"): "leads.handle",
    ("feedback_received", "closed"): "leads.handle",
}
"""The permission each step needs, whichever route or command asks for it (``/moves``, bulk
assignment, issuing an action, recording feedback). A role may take a step when it holds that
permission (``governance.roles.PERMISSIONS``); the matrix is tested for every pair of states."""
REFERRAL_PERMISSION = "referrals.decide"
"""Accepting a referral puts the lead back to 新线索 in the receiving office."""

RISK_LABELS: dict[str, str] = {
    "none": "无风险",
    "low": "低风险",
    "medium": "中风险",
    "high": "高风险",
}
SIGNOFF_KINDS: dict[str, str] = {
    "second_verification": "第二人核查（复核）",
    "approval": "院领导审批",
}
SIGNOFF_PERMISSIONS: dict[str, str] = {
    "second_verification": "leads.handle",
    "approval": "leads.approve",
}
RISK_SIGNOFFS: dict[str, tuple[str, ...]] = {
    "none": (),
    "low": (),
    "medium": ("approval",),
    "high": ("second_verification", "approval"),
}
"""What a model's risk grade (``SupervisionModel.risk``, the adoption's) asks before its lead may
go from 核查属实 to 已成案 (``CASE_STEP``): a leader's approval (审批, by a holder of
``leads.approve``) for ``medium``; for ``high`` also a second prosecutor's independent
verification (复核, ``leads.handle``, by someone other than the person who found it true). An
unknown grade asks what ``high`` asks. Taken only while the lead is 核查属实 (``SIGNOFF_STATE``);
the rules between people are ``signoffs``'."""
SIGNOFF_STATE = "confirmed"
CASE_STEP = ("confirmed", "case_opened")

REJECTION_REASONS: dict[str, str] = {
    "data_error": "数据错误",
    "already_handled": "已处理",
    "not_a_violation": "不构成违法",
    "outside_jurisdiction": "不属本院管辖",
    "duplicate": "重复线索",
}


@dataclass(frozen=True)
class Move:
    """One requested step: the target state and what the person gave for it."""

    target: str
    note: str = ""
    reason: str | None = None
    assignee: str | None = None


def _label(state: str) -> str:
    return f"{STATES.get(state, state)}（{state}）"


def conflict(current: str, what: str, hint: str | None = None) -> Conflict:
    """The refusal of a request the lead's current state has overtaken (HTTP 409)."""
    return Conflict(
        f"线索当前为{_label(current)}，{what}：该操作已由他人完成或不再适用",
        hint=hint or "请刷新后查看线索的最新状态和办理记录",
    )


def superseded(current: str, target: str) -> bool:
    """Whether a lead in ``current`` is finished, or already at or past ``target``."""
    return not TRANSITIONS.get(current) or STAGES[current] >= STAGES[target]


def check(current: str, move: Move, assignee: str | None = None) -> None:
    """Refuse ``move`` from ``current`` in plain words; return quietly when it is allowed.

    ``assignee`` is the lead's present assignee: assigning it to that person again changes
    nothing and is refused as a conflict."""
    if move.target not in STATES:
        known = "、".join(_label(s) for s in STATES)
        raise JianchaError(f"没有“{move.target}”这个线索状态", hint=f"可用状态：{known}")
    allowed = TRANSITIONS.get(current, frozenset())
    if move.target not in allowed:
        options = "、".join(_label(s) for s in STATES if s in allowed) or "无（已是终结状态）"
        if superseded(current, move.target):
            raise conflict(current, f"不能转为{_label(move.target)}", hint=f"可转为：{options}")
        raise JianchaError(
            f"线索当前为{_label(current)}，不能转为{_label(move.target)}",
            hint=f"可转为：{options}",
        )
    wanted = (move.assignee or "").strip()
    if move.target == "assigned" and not wanted:
        raise JianchaError("分派线索须指定承办人")
    if current == move.target == "assigned" and wanted == assignee:
        raise conflict(current, f"已分派给“{wanted}”")
    if move.target == "rejected":
        if move.reason not in REJECTION_REASONS:
            codes = "、".join(f"{k}（{v}）" for k, v in REJECTION_REASONS.items())
            raise JianchaError(f"核查不属实须选择原因（给的是“{move.reason}”）", hint=codes)
        if not move.note.strip():
            raise JianchaError("核查不属实须写明具体理由")
    if move.target in ("confirmed", "closed") and not move.note.strip():
        raise JianchaError(f"转为{_label(move.target)}须写明核查或办结情况")


def permission_for(current: str, target: str) -> str:
    """The permission the step ``current`` → ``target`` needs (a step ``check`` allows)."""
    return TRANSITION_PERMISSIONS[(current, target)]


def signoffs_required(risk: str) -> tuple[str, ...]:
    """The sign-off kinds a lead of a model of grade ``risk`` needs before it becomes a case."""
    return RISK_SIGNOFFS.get(risk, RISK_SIGNOFFS["high"])
