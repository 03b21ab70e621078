"""The demo's marketplace shelf: every template taken through the five-step publication by the
province's demo accounts — the modeller submits (征集) in the name of the template's authoring
district, the data administrator checks the data (数据核查), the leader reviews the rules
(规则研判), records the other districts' verified leads (异地验证) and publishes it in the
province's marketplace with the authoring district's name (冠名上架).

Owns: the card texts the demo writes for each template and the order of the steps. Must not
touch the publication rules (``jiancha.marketplace``): a step they refuse leaves its template
where it stopped, and the demo says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from jiancha import clock
from jiancha.demo.accounts import DEMO_USERS
from jiancha.demo.market import author_of
from jiancha.errors import JianchaError
from jiancha.marketplace.campaign_runs import run_campaign
from jiancha.marketplace.campaigns import create_campaign, start_campaign
from jiancha.marketplace.decisions import decide
from jiancha.marketplace.submission import Submission, submit
from jiancha.modelling import Spec
from jiancha.store import Campaign, MarketModel, Org, Store, User

Say = Callable[[str], None]
KIND_NOTES = {
    "collision": "以数据碰撞发现不同部门数据之间的矛盾",
    "mining": "以数据挖掘发现单一数据中的异常",
    "profile": "以数据画像归集同一主体的多条记录",
}
REVIEWS = (
    ("data_checked", "data_admin", "输入的数据集均已登记并分级，绑定已在省院数据上校验通过"),
    ("rules_reviewed", "leader", "监督规则与所列法律依据相符，同意进入异地验证"),
    ("cross_validated", "leader", "基层院采用运行，核查结果见验证数据"),
    ("published", "leader", "同意冠名上架"),
)


def card_for(spec: Spec, index: int) -> Submission:
    """The card the demo's modeller writes for the ``index``-th template, in its authoring
    district's name, its prosecutor named as author."""
    author = author_of(index)
    inputs = "、".join(i.label for i in spec.inputs.values())
    return Submission(
        background=spec.description.strip() or spec.name,
        innovation=f"{KIND_NOTES.get(spec.kind, '')}：比对{inputs}，每条线索附命中规则和证据行。",
        scope=f"具备{inputs}的各级检察院均可采用，按本院辖区生成线索。",
        authors=(f"{author.name}检察官",),
        org=author.code,
        note="演示：省院建模人员代作者院提交",
    )


def _user(store: Store, role: str) -> User:
    with store.session() as session:
        user = session.scalar(select(User).where(User.username == DEMO_USERS[role][0]))
    assert user is not None, role
    return user


def publish_templates(store: Store, specs: list[Spec], say: Say) -> dict[str, Any]:
    """Take each template through the five steps; how many reached each state, and where the
    others stopped (with the refusal's words)."""
    modeller = _user(store, "modeller")
    reviewers = {role: _user(store, role) for role in ("data_admin", "leader")}
    published, stopped = 0, []
    for index, spec in enumerate(specs):
        try:
            submit(store, spec.id, card_for(spec, index), modeller)
            for step, role, opinion in REVIEWS:
                decide(store, spec.id, step, True, opinion, reviewers[role])
        except JianchaError as refused:
            stopped.append({"model": spec.id, "name": spec.name, "reason": refused.message})
            continue
        published += 1
    say(
        f"模型超市：{published} 个模板经五步审查冠名上架"
        + (f"，{len(stopped)} 个未通过" if stopped else "")
    )
    for s in stopped:
        say(f"  {s['name']}：{s['reason']}")
    return {"published": published, "stopped": stopped}


CAMPAIGN = "刑罚执行检察专项"


def demo_campaign(store: Store, as_of: dt.date, account: str, say: Say) -> dict[str, Any]:
    """The province's leader starts a campaign (专项) on the criminal-execution templates for the
    whole province, and its models run for it once (their leads tagged)."""
    leader = _user(store, "leader")
    today = clock.china_today()  # the campaign is running now, and its period holds ``as_of``
    with store.session() as session:
        province = session.get(Org, leader.org_id) if leader.org_id else None
        assert province is not None
        slugs = [
            m.slug
            for m in session.scalars(select(MarketModel).order_by(MarketModel.slug))
            if m.line == "criminal_execution" and m.state == "published"
        ]
        existing = session.scalar(select(Campaign).where(Campaign.name == CAMPAIGN))
        if existing is None:
            campaign = create_campaign(
                session,
                name=CAMPAIGN,
                line="criminal_execution",
                starts_on=min(as_of, today) - dt.timedelta(days=30),
                ends_on=max(as_of, today) + dt.timedelta(days=60),
                offices=[province.code],
                models=slugs,
                by=leader.username,
                user=leader,
                description="全省刑罚执行监督：交付执行、财产刑执行、社区矫正",
            )
            start_campaign(session, campaign, leader.username, leader)
    done = run_campaign(store, CAMPAIGN, account=account, run_date=as_of)
    tagged = sum(r["in_campaign"] for r in done["runs"])
    say(f"专项“{CAMPAIGN}”：{len(slugs)} 个模型、{len(done['runs'])} 次运行，标记线索 {tagged} 条")
    return {"name": CAMPAIGN, "models": slugs, "runs": len(done["runs"]), "tagged": tagged}
