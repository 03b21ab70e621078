"""The five-step publication (逐级征集 → 数据核查 → 规则研判 → 异地验证 → 冠名上架) as an
explicit state machine — pure rules, no I/O.

    draft | returned ──submitted──▶ submitted ──data_checked──▶ data_checked
    ──rules_reviewed──▶ rules_reviewed ──cross_validated──▶ cross_validated
    ──published──▶ published

Every step is a decision named by the state it leads to, taken by a holder of its permission
(``STEP_PERMISSIONS``). The author office submits (征集); a reviewer approves a step or refuses it,
and a refusal sends the model back (``returned``) with the reasons, whatever step it was at; the
author resubmits and it starts again at 数据核查. Nobody reviews a model they submitted or are a
named author of (``reviewer_refusal``). A step asked of a model already at or past it is a
conflict (409: somebody else took it); one that would skip ahead a plain refusal.

Owns the states, steps, their labels and permissions and these rules. Must not touch the store:
``submission`` and ``decisions`` apply them.
"""

from __future__ import annotations

from collections.abc import Iterable

from jiancha.errors import Conflict, Forbidden, JianchaError

STATES: dict[str, str] = {
    "draft": "在建",
    "submitted": "已征集，待数据核查",
    "data_checked": "数据核查通过，待规则研判",
    "rules_reviewed": "规则研判通过，待异地验证",
    "cross_validated": "异地验证通过，待冠名上架",
    "published": "已冠名上架",
    "returned": "已退回作者",
}
STEPS: dict[str, str] = {
    "submitted": "征集",
    "data_checked": "数据核查",
    "rules_reviewed": "规则研判",
    "cross_validated": "异地验证",
    "published": "冠名上架",
}
"""Each step, named by the state it leads to, with its Chinese name."""
STEP_PERMISSIONS: dict[str, str] = {
    "submitted": "models.submit",
    "data_checked": "market.check_data",
    "rules_reviewed": "market.review_rules",
    "cross_validated": "market.validate",
    "published": "market.publish",
}
REVIEW_STEPS = ("data_checked", "rules_reviewed", "cross_validated", "published")
SUBMITTABLE = frozenset({"draft", "returned"})
IN_REVIEW = frozenset({"submitted", "data_checked", "rules_reviewed", "cross_validated"})
NEXT: dict[str, str] = {
    "draft": "submitted",
    "returned": "submitted",
    "submitted": "data_checked",
    "data_checked": "rules_reviewed",
    "rules_reviewed": "cross_validated",
    "cross_validated": "published",
}
FROM: dict[str, tuple[str, ...]] = {
    step: tuple(s for s, n in NEXT.items() if n == step) for step in STEPS
}
"""The states a step is taken from."""
_ORDER = ("submitted", *REVIEW_STEPS)
DECISIONS = {"approved": "通过", "refused": "退回"}
OPINION_ALWAYS = frozenset({"rules_reviewed"})
"""Steps whose approval needs an opinion too (规则研判 is a legal opinion); every refusal does."""


def state_label(state: str) -> str:
    return STATES.get(state, state)


def step_label(step: str) -> str:
    return STEPS.get(step, step)


def next_step(state: str) -> str | None:
    """The step a model in ``state`` waits for (None: published)."""
    return NEXT.get(state)


def check_step(state: str, step: str) -> None:
    """Refuse ``step`` on a model in ``state`` in plain words; quiet when it is the next one."""
    if step not in STEPS:
        known = "、".join(f"{k}（{v}）" for k, v in STEPS.items() if k != "submitted")
        raise JianchaError(f"没有“{step}”这个上架步骤", hint=f"可用步骤：{known}")
    wanted = next_step(state)
    if wanted == step:
        return
    where = f"模型当前为“{state_label(state)}”"
    if state == "published":
        upgrade = "新版本由各采用院安装升级（jiancha model install）"
        raise Conflict(f"{where}，不再审查", hint=upgrade)
    if state == "draft":
        raise JianchaError(f"{where}，不能进行{step_label(step)}", hint="须先由作者院提交（征集）")
    if state == "returned" or wanted is None or _ORDER.index(step) <= _ORDER.index(state):
        raise Conflict(
            f"{where}，{step_label(step)}已由他人完成或不再适用",
            hint="请刷新后查看模型的审查记录",
        )
    raise JianchaError(f"{where}，须先完成{step_label(wanted)}，不能直接{step_label(step)}")


def check_review_step(step: str) -> None:
    """Refuse a step that is not one of the four reviews (征集 is the author's submission)."""
    if step not in REVIEW_STEPS:
        known = "、".join(f"{k}（{STEPS[k]}）" for k in REVIEW_STEPS)
        hint = "征集由作者院提交（jiancha market submit）" if step == "submitted" else None
        raise JianchaError(f"审查步骤应为 {known} 之一，给的是“{step}”", hint=hint)


def check_opinion(step: str, approve: bool, opinion: str) -> str:
    """The opinion, stripped; refused when a refusal or a legal review has none."""
    text = opinion.strip()
    if "\x00" in text:
        raise JianchaError("意见中含有不能保存的空字符（NUL）")
    if not text and (not approve or step in OPINION_ALWAYS):
        what = "退回" if not approve else step_label(step)
        raise JianchaError(f"{what}须写明意见", hint="退回时写明理由，作者据此修改后重新提交")
    if len(text) > 5000:
        raise JianchaError("意见不能超过 5000 字")
    return text


def _same(person: str, names: Iterable[str]) -> bool:
    wanted = person.strip()
    return bool(wanted) and any(wanted == n.strip() for n in names)


def reviewer_refusal(
    username: str, display_name: str, authors: Iterable[str], submitters: Iterable[str]
) -> Forbidden | None:
    """Why this person may not review the model (its named author or its submitter), or None."""
    named = list(authors)
    if _same(username, named) or _same(display_name, named):
        return Forbidden("模型的署名作者不能审查本模型", hint="请由其他有审查权限的人员审查")
    if _same(username, submitters):
        return Forbidden("提交人不能审查本人提交的模型", hint="请由其他有审查权限的人员审查")
    return None
