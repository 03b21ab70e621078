"""Planted errors in the judgments (即时审查) and their near misses, with the ground truth.

Owns: one function per way a judgment breaks a rule — 累犯 given 缓刑, 缓刑 for a term above
three years or for 管制, a 缓刑考验期 outside 第七十三条, a 拘役/有期徒刑 term outside 第四十二条/
第四十五条, a mandatory fine missing, custody not credited — and one per near miss the rule
must let pass (the legal bounds exactly, 数罪并罚 above fifteen years, a 累犯 without 缓刑, an old
prior, a crime without a mandatory fine, custody credited). Each builds its own case through
:class:`CaseMaker` (the 量刑建议 follows the judgment, so no 三书比对 rule fires) and records
the truth or the near miss.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from jiancha.demo.county.core import cn_term
from jiancha.demo.county.documents_cases import CaseMaker
from jiancha.demo.county.documents_facts import DOCS, Case, Penalty
from jiancha.demo.county.documents_sentences import combined, probation_for

Plant = Callable[[CaseMaker, int], tuple[Case, str]]
"""Builds a case whose lead defendant breaks (or nearly breaks) a rule; returns the reason."""


def _told(p: Penalty) -> str:
    text = f"{p.kind}{cn_term(p.months)}"
    if p.probation is not None:
        text += f"，缓刑{cn_term(p.probation)}"
    return text


def _set(m: CaseMaker, case: Case, penalty: Penalty, **finish: bool) -> tuple[Case, str]:
    d = case.defendants[0]
    d.penalty = penalty
    m.finish(case, d, **finish)
    return case, f"判决书{case.judgment_no}：被告人{d.name}判处{_told(d.penalty)}"


def recidivist_probation(m: CaseMaker, variant: int) -> tuple[Case, str]:
    case = m.case(m.rng.choice(("盗窃罪", "诈骗罪", "故意伤害罪")), custody=False, older=True)
    d = case.defendants[0]
    m.prior(d, recent=True)
    months = m.rng.randint(6, 30)
    fine = d.penalty.fine
    case, reason = _set(
        m, case, Penalty("有期徒刑", months, probation_for(m.rng, "有期徒刑", months), fine)
    )
    return case, f"{reason}，但其系累犯，不得适用缓刑"


def probation_not_allowed(m: CaseMaker, variant: int) -> tuple[Case, str]:
    if variant % 2 == 0:
        case = m.case("盗窃罪", custody=False)
        months = m.rng.randint(37, 48)
        p = Penalty(
            "有期徒刑", months, m.rng.randint(max(months, 48), 60), case.defendants[0].penalty.fine
        )
        case, reason = _set(m, case, p)
        return case, f"{reason}：刑期超过三年，不得适用缓刑"
    case = m.case(m.rng.choice(("故意伤害罪", "寻衅滋事罪")), custody=False)
    months = m.rng.randint(6, 12)
    case, reason = _set(m, case, Penalty("管制", months, m.rng.randint(12, 24), None))
    return case, f"{reason}：缓刑只适用于拘役和三年以下有期徒刑"


def period_out_of_range(m: CaseMaker, variant: int) -> tuple[Case, str]:
    rng = m.rng
    kind = variant % 5
    charge = "危险驾驶罪" if kind < 2 else "盗窃罪"
    case = m.case(charge, custody=False)
    fine = case.defendants[0].penalty.fine
    if kind == 0:
        months = rng.randint(3, 5)
        p, why = Penalty("拘役", months, months - 1, fine), "缓刑考验期短于原判刑期"
    elif kind == 1:
        p, why = (
            Penalty("拘役", rng.randint(2, 6), rng.choice((18, 24)), fine),
            "拘役缓刑考验期超过一年",
        )
    elif kind == 2:
        months = rng.randint(8, 11)
        p, why = Penalty("有期徒刑", months, rng.randint(6, months - 1), fine), "考验期不足一年"
    elif kind == 3:
        months = rng.randint(18, 30)
        p, why = (
            Penalty("有期徒刑", months, rng.randint(12, months - 6), fine),
            "考验期短于原判刑期",
        )
    else:
        p, why = Penalty("有期徒刑", rng.randint(12, 30), 72, fine), "有期徒刑缓刑考验期超过五年"
    case, reason = _set(m, case, p)
    return case, f"{reason}：{why}"


def term_out_of_range(m: CaseMaker, variant: int) -> tuple[Case, str]:
    rng, kind = m.rng, variant % 3
    if kind == 2:
        case = _big_fraud(m)
        d = case.defendants[0]
        months = rng.randint(181, 204)
        case, reason = _set(m, case, Penalty("有期徒刑", months, None, d.penalty.fine))
        return case, f"{reason}：一罪判处有期徒刑超过十五年"
    case = m.case("盗窃罪", custody=kind == 1)
    fine = case.defendants[0].penalty.fine
    if kind == 0:
        case, reason = _set(m, case, Penalty("拘役", rng.choice((7, 8)), None, fine))
        return case, f"{reason}：拘役超过六个月"
    case, reason = _set(m, case, Penalty("有期徒刑", rng.randint(3, 5), None, fine))
    return case, f"{reason}：有期徒刑不足六个月"


def fine_missing(m: CaseMaker, variant: int) -> tuple[Case, str]:
    charge = ("盗窃罪", "诈骗罪", "危险驾驶罪")[variant % 3]
    case = m.case(charge, m.rng.randint(0, 1))
    d = case.defendants[0]
    case, reason = _set(m, case, replace(d.penalty, fine=None))
    return case, f"{reason}，犯{charge}依法应当并处罚金而未判处"


def custody_not_credited(m: CaseMaker, variant: int) -> tuple[Case, str]:
    case = m.case(
        m.rng.choice(("盗窃罪", "诈骗罪", "故意伤害罪")), m.rng.randint(0, 1), custody=True
    )
    d = case.defendants[0]
    case, reason = _set(m, case, replace(d.penalty, probation=None), credited=False)
    held = d.custody_start
    assert held is not None
    return (
        case,
        f"{reason}，刑期自判决之日起算，{held.year}年{held.month}月{held.day}日起先行羁押的日期未折抵",
    )


def _big_fraud(m: CaseMaker) -> Case:
    """A 诈骗 case of 数额特别巨大 (over 500,000 yuan), the lead held in custody."""
    case = m.case("诈骗罪", custody=True)
    d = case.defendants[0]
    big = [replace(a, amount=m.rng.randint(60, 150) * 10_000) for a in d.acts[DOCS[0]]]
    d.acts = dict.fromkeys(DOCS, tuple(big))
    d.penalty = replace(d.penalty, fine=m.rng.randint(10, 50) * 10_000)
    return case


# near misses: the rule must not fire


def near_recidivist(m: CaseMaker, variant: int) -> tuple[Case, str]:
    recent = variant % 2 == 0
    case = m.case("盗窃罪", custody=recent, older=True)
    d = case.defendants[0]
    m.prior(d, recent=recent)
    months = m.rng.randint(8, 24)
    period = None if recent else probation_for(m.rng, "有期徒刑", months)
    return _set(m, case, Penalty("有期徒刑", months, period, d.penalty.fine))


def near_not_allowed(m: CaseMaker, variant: int) -> tuple[Case, str]:
    case = m.case("盗窃罪", custody=False)
    fine = case.defendants[0].penalty.fine
    if variant % 2 == 0:
        return _set(m, case, Penalty("有期徒刑", 36, m.rng.choice((36, 48, 60)), fine))
    return _set(m, case, Penalty("拘役", 6, 12, fine))


def near_period(m: CaseMaker, variant: int) -> tuple[Case, str]:
    case = m.case("危险驾驶罪", custody=False)
    fine = case.defendants[0].penalty.fine
    choices = (("拘役", 4, 12), ("有期徒刑", 18, 60), ("有期徒刑", 8, 12), ("拘役", 1, 2),
               ("有期徒刑", 24, 24), ("拘役", 3, 3))  # fmt: skip
    kind, months, period = choices[variant % len(choices)]
    return _set(m, case, Penalty(kind, months, period, fine))


def near_term(m: CaseMaker, variant: int) -> tuple[Case, str]:
    kind = variant % 5
    if kind == 3:
        case = _big_fraud(m)
        return _set(m, case, Penalty("有期徒刑", 180, None, case.defendants[0].penalty.fine))
    if kind == 4:
        return _two_crimes(m, big=True)
    case = m.case("盗窃罪", custody=m.rng.random() < 0.5)
    fine = case.defendants[0].penalty.fine
    kind_months = (("拘役", 6), ("拘役", 1), ("有期徒刑", 6))[kind]
    return _set(m, case, Penalty(*kind_months, None, fine))


def _two_crimes(m: CaseMaker, *, big: bool) -> tuple[Case, str]:
    """数罪并罚 of 盗窃 and 诈骗 (above fifteen years when ``big``), the same in all documents."""
    case = _big_fraud(m) if big else m.case("诈骗罪", custody=True)
    d = case.defendants[0]
    theft = m.acts("盗窃罪", case.district, case.filed, 2 if big else 1)
    if big:
        theft = [replace(a, amount=m.rng.randint(25, 40) * 10_000) for a in theft]
    acts = tuple(sorted((*d.acts[DOCS[0]], *theft), key=lambda a: a.day))
    d.acts = dict.fromkeys(DOCS, acts)
    rng = m.rng
    if big:
        parts = [
            ("盗窃罪", rng.randint(120, 144), 100_000),
            ("诈骗罪", rng.randint(120, 150), 200_000),
        ]
    else:
        parts = [("盗窃罪", rng.randint(6, 12), 5_000), ("诈骗罪", rng.randint(8, 14), 10_000)]
    parts.sort(key=lambda p: min(a.day for a in acts if a.charge == p[0]))
    p = combined(rng, parts)
    if big:
        p = replace(p, months=max(181, min(p.months, 240)))
    return _set(m, case, p)


def near_fine(m: CaseMaker, variant: int) -> tuple[Case, str]:
    case = m.case(("故意伤害罪", "寻衅滋事罪")[variant % 2], m.rng.randint(0, 1))
    return _set(m, case, replace(case.defendants[0].penalty, fine=None))


def near_custody(m: CaseMaker, variant: int) -> tuple[Case, str]:
    case = m.case(("盗窃罪", "故意伤害罪", "诈骗罪")[variant % 3], custody=True)
    return _set(m, case, replace(case.defendants[0].penalty, probation=None))
