"""The lead workflow (线索处理) as an explicit state machine — pure rules, no I/O.

new → assigned → verifying → rejected (with a reason code and an explanation)
                           → confirmed → case_opened → actions_issued → feedback_received → closed

A person decides every step (人工核查: no action without verification). A lead may be assigned
again while it is assigned or being verified (re-assignment). Anything else is refused with the
states it could go to instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiancha.errors import JianchaError

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


def check(current: str, move: Move) -> None:
    """Refuse ``move`` from ``current`` in plain words; return quietly when it is allowed."""
    if move.target not in STATES:
        known = "、".join(_label(s) for s in STATES)
        raise JianchaError(f"没有“{move.target}”这个线索状态", hint=f"可用状态：{known}")
    allowed = TRANSITIONS.get(current, frozenset())
    if move.target not in allowed:
        options = "、".join(_label(s) for s in STATES if s in allowed) or "无（已是终结状态）"
        raise JianchaError(
            f"线索当前为{_label(current)}，不能转为{_label(move.target)}",
            hint=f"可转为：{options}",
        )
    if move.target == "assigned" and not (move.assignee or "").strip():
        raise JianchaError("分派线索须指定承办人")
    if move.target == "rejected":
        if move.reason not in REJECTION_REASONS:
            codes = "、".join(f"{k}（{v}）" for k, v in REJECTION_REASONS.items())
            raise JianchaError(f"核查不属实须选择原因（给的是“{move.reason}”）", hint=codes)
        if not move.note.strip():
            raise JianchaError("核查不属实须写明具体理由")
    if move.target in ("confirmed", "closed") and not move.note.strip():
        raise JianchaError(f"转为{_label(move.target)}须写明核查或办结情况")
