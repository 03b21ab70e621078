"""Planted 三书比对 discrepancies between 起诉意见书, 起诉书 and 判决书, and their near misses.

Owns: one function per discrepancy — a suspect the indictment leaves out, a defendant the
judgment leaves out, a defendant only the judgment names, a charge the indictment changes (and the
court changes back), amounts that differ from document to document, a sentence outside the
量刑建议 — and one per near miss (a name misspelt in one document under the same ID number, an old
prior for another crime, amounts written as 万元 in one document, a sentence at the edge of the
recommended range). Each keeps the judgment itself lawful, so no 即时审查 rule fires.
"""

from __future__ import annotations

from dataclasses import replace

from jiancha.demo.county import names
from jiancha.demo.county.core import cn_term
from jiancha.demo.county.documents_cases import CaseMaker
from jiancha.demo.county.documents_facts import (
    DOCS,
    INDICTMENT,
    JUDGMENT,
    POLICE,
    Advice,
    Case,
    Penalty,
)
from jiancha.demo.county.documents_plants import _two_crimes
from jiancha.demo.county.documents_sentences import probation_for, settle

LABEL = {POLICE: "起诉意见书", INDICTMENT: "起诉书", JUDGMENT: "判决书"}
SWAPS = {"盗窃罪": "诈骗罪", "诈骗罪": "盗窃罪"}


def _pick_charge(m: CaseMaker) -> str:
    return m.rng.choice(("盗窃罪", "诈骗罪", "危险驾驶罪", "故意伤害罪", "开设赌场罪"))


def suspect_not_indicted(m: CaseMaker, variant: int) -> tuple[Case, str]:
    case = m.case(_pick_charge(m), m.rng.randint(1, 2))
    d = case.defendants[0]
    d.present = {POLICE}
    return (
        case,
        f"起诉意见书{case.police_no}移送的犯罪嫌疑人{d.name}未见于起诉书{case.indictment_no}",
    )


def defendant_not_judged(m: CaseMaker, variant: int) -> tuple[Case, str]:
    case = m.case(_pick_charge(m), m.rng.randint(1, 2))
    d = case.defendants[0]
    d.present = {POLICE, INDICTMENT}
    return case, f"起诉书{case.indictment_no}起诉的被告人{d.name}未见于判决书{case.judgment_no}"


def defendant_added(m: CaseMaker, variant: int) -> tuple[Case, str]:
    case = m.case(_pick_charge(m), m.rng.randint(1, 2))
    d = case.defendants[0]
    d.present = {JUDGMENT}
    return case, f"判决书{case.judgment_no}判处的被告人{d.name}未经起诉书{case.indictment_no}起诉"


def charge_changed(m: CaseMaker, variant: int) -> tuple[Case, str]:
    charge = ("盗窃罪", "诈骗罪")[variant % 2]
    case = m.case(charge, m.rng.randint(0, 2))
    d = case.defendants[0]
    other = SWAPS[charge]
    d.acts[INDICTMENT] = tuple(replace(a, charge=other) for a in d.acts[POLICE])
    return case, (
        f"起诉意见书认定{charge}，起诉书{case.indictment_no}指控被告人{d.name}犯{other}，"
        f"判决书{case.judgment_no}认定{charge}"
    )


def amount_differs(m: CaseMaker, variant: int) -> tuple[Case, str]:
    case = m.case("盗窃罪", m.rng.randint(0, 1))
    d = case.defendants[0]
    acts = m.acts("盗窃罪", case.district, case.filed, 3)
    acts = [replace(a, amount=m.rng.randint(40, 200) * 100) for a in acts]
    lower = replace(acts[1], amount=(acts[1].amount or 0) // 2)
    d.acts = {POLICE: tuple(acts), INDICTMENT: tuple(acts[:2]), JUDGMENT: (acts[0], lower)}
    d.penalty = replace(d.penalty, fine=max(1000, round((d.amount(JUDGMENT) or 0) // 8, -3)))
    m.finish(case, d)
    told = "、".join(f"{LABEL[doc]}{d.amount(doc)}元" for doc in DOCS)
    return case, f"被告人{d.name}的涉案金额三书不一致：{told}"


def sentence_outside(m: CaseMaker, variant: int) -> tuple[Case, str]:
    rng, kind = m.rng, variant % 4
    case = m.case("盗窃罪", rng.randint(0, 1), custody=kind < 3)
    d = case.defendants[0]
    fine = d.penalty.fine
    if kind == 0:  # heavier than recommended
        low = rng.randint(8, 14)
        advice = Advice("有期徒刑", low, low + 2, None, fine)
        penalty = Penalty("有期徒刑", low + 2 + rng.randint(2, 6), None, fine)
    elif kind == 1:  # lighter than recommended
        low = rng.randint(12, 18)
        advice = Advice("有期徒刑", low, low + 6, False, fine)
        penalty = Penalty("有期徒刑", low - rng.randint(2, 5), None, fine)
    elif kind == 2:  # another kind of penalty
        months = rng.randint(6, 8)
        advice = Advice("有期徒刑", 6, months, None, fine)
        penalty = Penalty("拘役", rng.randint(4, 6), None, fine)
    else:  # 缓刑 although the recommendation excludes it
        months = rng.randint(8, 14)
        advice = Advice("有期徒刑", months, months, False, fine)
        penalty = Penalty("有期徒刑", months, probation_for(rng, "有期徒刑", months), fine)
    d.advice = advice
    d.penalty = settle(penalty, d.held_from, case.judgment_day)
    return case, f"被告人{d.name}判处{_told(penalty)}，超出量刑建议{_advised(advice)}"


def _told(p: Penalty) -> str:
    text = f"{p.kind}{cn_term(p.months)}"
    return text + (f"，缓刑{cn_term(p.probation)}" if p.probation is not None else "")


def _advised(a: Advice) -> str:
    term = cn_term(a.low) if a.low == a.high else f"{cn_term(a.low)}至{cn_term(a.high)}"
    return f"{a.kind}{term}" + ("，不适用缓刑" if a.probation is False else "")


# near misses: the rule must not fire


def near_misspelt(m: CaseMaker, variant: int) -> tuple[Case, str]:
    """The same person (same ID number) under a misspelt name in one document."""
    doc = DOCS[variant % 3]
    case = m.case(_pick_charge(m), m.rng.randint(0, 1), named=True)
    d = case.defendants[0]
    d.names[doc] = names.typo(d.name) or d.name
    return case, doc


def near_prior_charge(m: CaseMaker, variant: int) -> tuple[Case, str]:
    """A prior conviction for another crime in the defendant paragraph; or two crimes."""
    if variant % 2 == 1:
        return _two_crimes(m, big=False)
    case = m.case("危险驾驶罪", custody=False, older=True)
    m.prior(case.defendants[0], recent=False, charge="盗窃罪")
    return case, ""


def near_amount_notation(m: CaseMaker, variant: int) -> tuple[Case, str]:
    """The same amount written as 万元 in one document and in digits in the others."""
    case = m.case(("盗窃罪", "诈骗罪")[variant % 2], m.rng.randint(0, 1))
    d = case.defendants[0]
    acts = tuple(replace(a, amount=round(a.amount or 0, -2)) for a in d.acts[POLICE])
    d.acts = dict.fromkeys(DOCS, acts)
    d.wan_in = {DOCS[variant % 3]}
    return case, ""


def near_edge(m: CaseMaker, variant: int) -> tuple[Case, str]:
    """The sentence at one end of a recommended range."""
    case = m.case(m.rng.choice(("盗窃罪", "诈骗罪", "故意伤害罪")), m.rng.randint(0, 1))
    d = case.defendants[0]
    m.finish(case, d, edge=True)
    return case, ""
