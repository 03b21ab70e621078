"""The demo's marketplace: the province's templates adopted by district offices, run on their
own subtree's data, and checked by their prosecutors — the 异地验证 the publication needs.

Owns: which demo districts adopt which templates, their accounts (a prosecutor and a leader per
adopting district) and the sample of leads their prosecutors verify. The verdicts come from the
county's ground truth (``ground_truth.csv``): a planted violation is confirmed, anything else is
rejected as 不构成违法 — what a careful prosecutor would find. Must not touch the templates or
the publication rules (``jiancha.marketplace``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from jiancha import clock
from jiancha.demo.accounts import DemoAccount, ensure_account
from jiancha.demo.county.geography import DISTRICTS
from jiancha.demo.datasets import demo_binds
from jiancha.demo.evaluation import read_truth
from jiancha.leads import Move, move_lead
from jiancha.leads.actions import issue_action, record_feedback
from jiancha.modelling import Spec, install
from jiancha.runs import run_model
from jiancha.store import Lead, Org, Store, SupervisionModel

Say = Callable[[str], None]
SAMPLE = 3
"""Leads of each district adoption its prosecutor verifies."""


@dataclass(frozen=True)
class Adopter:
    """A district that adopts templates: its office code and which templates it takes."""

    code: str
    name: str
    takes: Callable[[Spec], bool]

    @property
    def prosecutor(self) -> str:
        return f"jcg{self.code}"

    @property
    def leader(self) -> str:
        return f"ld{self.code}"


ADOPTERS = (
    Adopter(DISTRICTS[0].code, DISTRICTS[0].procuratorate, lambda spec: True),
    Adopter(DISTRICTS[1].code, DISTRICTS[1].procuratorate, lambda spec: True),
    Adopter(DISTRICTS[2].code, DISTRICTS[2].procuratorate, lambda spec: spec.area == "criminal"),
)
AUTHORS = ADOPTERS[:2]
"""The templates' authoring offices (冠名), in turn: each validates the other's (异地验证)."""


def author_of(index: int) -> Adopter:
    return AUTHORS[index % len(AUTHORS)]


def district_accounts(store: Store) -> list[DemoAccount]:
    """A prosecutor and a leader of each adopting district (new passwords each demo)."""
    accounts = []
    for a in ADOPTERS:
        accounts += [
            ensure_account(store, "prosecutor", a.prosecutor, f"{a.name}检察官", a.code),
            ensure_account(store, "leader", a.leader, f"{a.name}领导", a.code),
        ]
    return accounts


def adopt_everywhere(store: Store, specs: list[Spec], province: str) -> None:
    """Install every template: first by its authoring district (which makes it the author),
    then by the other adopting districts, then by the province for the rest of its subtree."""
    for index, spec in enumerate(specs):
        author = author_of(index)
        others = [a for a in ADOPTERS if a is not author and a.takes(spec)]
        for code in [author.code, *(a.code for a in others), province]:
            install(store, spec, demo_binds(spec), code)


def run_in_districts(
    store: Store, specs: list[Spec], as_of: dt.date, account: str | None, say: Say
) -> list[dict[str, Any]]:
    """Run each district's adoptions (before the province runs: a district's subtree is then
    its adoption's, not the province's)."""
    runs = []
    for adopter in ADOPTERS:
        chosen = [s for s in specs if adopter.takes(s)]
        for spec in chosen:
            done = run_model(store, spec.id, run_date=as_of, account=account, org=adopter.code)
            runs.append({**done, "org": adopter.code, "name": spec.name})
        say(f"{adopter.name}采用并运行 {len(chosen)} 个模型")
    return runs


def verify_samples(store: Store, files: Path, say: Say) -> dict[str, int]:
    """The adopters' prosecutors verify up to ``SAMPLE`` leads of each of their adoptions."""
    truth = read_truth(files)
    done = {"confirmed": 0, "rejected": 0}
    with store.session() as session:
        codes = {a.code: a for a in ADOPTERS}
        offices = {o.id: codes[o.code] for o in session.scalars(select(Org)) if o.code in codes}
        adoptions = session.execute(
            select(SupervisionModel.id, SupervisionModel.slug, SupervisionModel.org_id).where(
                SupervisionModel.org_id.in_(list(offices))
            )
        ).all()
        picked = []
        for adoption_id, slug, org_id in adoptions:
            adopter = offices.get(org_id or 0)
            if adopter is None:
                continue
            leads = session.execute(
                select(Lead.id, Lead.subject_key)
                .where(Lead.model_id == adoption_id, Lead.status == "new")
                .order_by(Lead.id)
                .limit(SAMPLE)
            ).all()
            picked += [(adopter, slug, lead_id, key) for lead_id, key in leads]
    for adopter, slug, lead_id, key in picked:
        move_lead(store, lead_id, Move("assigned", assignee=adopter.prosecutor), adopter.leader)
        move_lead(store, lead_id, Move("verifying"), adopter.prosecutor)
        if key in truth.get(slug, set()):
            verdict = Move("confirmed", note="经调取卷宗核实，线索属实")
        else:
            verdict = Move("rejected", reason="not_a_violation", note="经核实不构成违法")
        move_lead(store, lead_id, verdict, adopter.prosecutor)
        done[verdict.target] += 1
    say(f"采用院检察官核查线索：属实 {done['confirmed']} 条，不属实 {done['rejected']} 条")
    return done


def open_sample_cases(store: Store, say: Say) -> dict[str, Any]:
    """In each authoring district, its leader opens a case on the first confirmed lead of each
    ``medium`` adoption (approving it by doing so), issues a 检察建议 and records the receiving
    body's 整改反馈 with the money it recovered — the outcomes the marketplace's figures count."""
    today = clock.china_today()
    codes = {a.code: a for a in AUTHORS}
    with store.session() as session:
        picked = session.execute(
            select(Lead.id, Lead.amount, Lead.jurisdiction, Org.code, Lead.model_id)
            .join(SupervisionModel, SupervisionModel.id == Lead.model_id)
            .join(Org, Org.id == SupervisionModel.org_id)
            .where(
                Org.code.in_(list(codes)),
                SupervisionModel.risk == "medium",
                Lead.status == "confirmed",
            )
            .order_by(Lead.id)
        ).all()
    cases, total, opened = 0, Decimal(0), set()
    for lead_id, amount, jurisdiction, code, adoption in picked:
        if adoption in opened:  # the first confirmed lead of each adoption
            continue
        opened.add(adoption)
        adopter = codes[code]
        move_lead(store, lead_id, Move("case_opened", note="经审批同意成案"), adopter.leader)
        cases += 1
        action = issue_action(
            store,
            lead_id,
            kind="suggestion",
            document_no=f"{adopter.name[:3]}检建〔{today.year}〕{cases}号",
            issued_on=today,
            receiver=jurisdiction or "有关单位",
            content="建议依法纠正并健全相关工作机制。",
            user=adopter.prosecutor,
        )
        recovered = Decimal(amount or 0)
        record_feedback(
            store,
            int(action["id"]),
            received_on=today,
            outcome="rectified",
            content="已按检察建议整改。",
            user=adopter.prosecutor,
            recovered_amount=recovered,
        )
        total += recovered
    say(f"作者院领导审批成案 {cases} 件，制发检察建议并收到整改反馈，挽回 {total:,.2f} 元")
    return {"cases": cases, "recovered": str(total)}
