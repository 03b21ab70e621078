"""The lead state machine, exhaustively: every pair of states is either a step or refused."""

from __future__ import annotations

import itertools

import pytest

from jiancha.errors import JianchaError
from jiancha.leads.workflow import REJECTION_REASONS, STATES, TRANSITIONS, Move, check

STEPS = {
    ("new", "assigned"),
    ("assigned", "assigned"),
    ("assigned", "verifying"),
    ("verifying", "assigned"),
    ("verifying", "rejected"),
    ("verifying", "confirmed"),
    ("confirmed", "case_opened"),
    ("case_opened", "actions_issued"),
    ("actions_issued", "feedback_received"),
    ("feedback_received", "closed"),
}


def complete(target: str) -> Move:
    """A move carrying everything any step may ask for."""
    return Move(target, note="已核实", reason="duplicate", assignee="li.si")


@pytest.mark.parametrize("current,target", list(itertools.product(STATES, STATES)))
def test_every_pair_is_a_step_or_refused(current: str, target: str) -> None:
    assert (target in TRANSITIONS[current]) == ((current, target) in STEPS)
    if (current, target) in STEPS:
        check(current, complete(target))
    else:
        with pytest.raises(JianchaError, match=f"不能转为.*（{target}）") as refused:
            check(current, complete(target))
        assert refused.value.hint is not None and refused.value.hint.startswith("可转为")


def test_terminal_states_say_so() -> None:
    with pytest.raises(JianchaError) as refused:
        check("closed", complete("new"))
    assert refused.value.hint == "可转为：无（已是终结状态）"


def test_rejection_needs_a_listed_reason_and_words() -> None:
    with pytest.raises(JianchaError, match="须选择原因") as no_reason:
        check("verifying", Move("rejected", note="重复"))
    assert no_reason.value.hint is not None and "duplicate（重复线索）" in no_reason.value.hint
    with pytest.raises(JianchaError, match="须选择原因（给的是“wrong”）"):
        check("verifying", Move("rejected", note="x", reason="wrong"))
    with pytest.raises(JianchaError, match="须写明具体理由"):
        check("verifying", Move("rejected", note="  ", reason="data_error"))
    for reason in REJECTION_REASONS:
        check("verifying", Move("rejected", note="经核查，收押记录漏录", reason=reason))


def test_assignment_needs_a_person_and_conclusions_need_words() -> None:
    with pytest.raises(JianchaError, match="须指定承办人"):
        check("new", Move("assigned", assignee=" "))
    with pytest.raises(JianchaError, match="须写明核查或办结情况"):
        check("verifying", Move("confirmed"))
    with pytest.raises(JianchaError, match="须写明核查或办结情况"):
        check("feedback_received", Move("closed"))


def test_unknown_state_is_named() -> None:
    with pytest.raises(JianchaError, match="没有“done”这个线索状态"):
        check("new", Move("done"))
