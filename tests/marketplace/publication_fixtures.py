"""What the publication tests share: a province with three cities, the hand-made county's data,
the DESIGN example model adopted and run by 杭州 (its author) and 宁波 (another office), the
people who take each step, and verifying 宁波's leads through the real lead workflow.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import select

from jiancha.governance.orgs import add_org
from jiancha.leads import Move, move_lead
from jiancha.marketplace.submission import Submission
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, Org, Store, SupervisionModel, User
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

SLUG = "custodial-sentence-not-executed"
PASSWORD = "password-1234"
AUTHOR, OTHER, THIRD = "330100", "330200", "330300"
PEOPLE = {
    # username: (role, office, display name)
    "ma": ("modeller", AUTHOR, "杭州建模员"),
    "pa": ("prosecutor", AUTHOR, "杭州检察官"),
    "da": ("data_admin", "330000", "省院数据管理员"),
    "lp": ("leader", "330000", "省院领导"),
    "lz": ("leader", "330000", "张三"),  # shares a name with an author of the card
    "lb": ("leader", OTHER, "宁波领导"),
    "mb": ("modeller", OTHER, "宁波建模员"),
    "pb": ("prosecutor", OTHER, "宁波检察官"),
    "pc": ("prosecutor", THIRD, "温州检察官"),
    "adm": ("admin", AUTHOR, "杭州管理员"),
}
CARD = Submission(
    background="审前未羁押的罪犯被判处实刑后，因交付执行衔接不畅而长期脱管。",
    innovation="判决数据与监狱收押数据碰撞，自动发现逾期未交付执行的罪犯。",
    scope="适用于各级检察院刑事执行检察部门的交付执行监督。",
    authors=("张三", "李四"),
)


def seed(store: Store, tmp: Path) -> None:
    """Offices, data, the model adopted and run by 杭州 and 宁波, and the people."""
    add_org(store, "330000", "浙江省人民检察院", "province")
    add_org(store, AUTHOR, "杭州市人民检察院", "city", "330000")
    add_org(store, OTHER, "宁波市人民检察院", "city", "330000")
    add_org(store, THIRD, "温州市人民检察院", "city", "330000")
    load_county(store, tmp)
    spec = load_spec_file(SPECS / "custodial.yaml")
    for office in (AUTHOR, OTHER):
        install(store, spec, BINDS, office)
        run_model(store, SLUG, run_date=AS_OF, org=office)
    add_people(store)


@cache
def _password_hash() -> str:
    """One argon2 hash of ``PASSWORD`` (a hash takes ~0.5 s here; every person shares it)."""
    return str(PasswordHasher().hash(PASSWORD))


def add_people(store: Store) -> None:
    """``PEOPLE``, each signing in with ``PASSWORD``."""
    with store.session() as session:
        offices = {o.code: o.id for o in session.scalars(select(Org))}
        for username, (role, office, name) in PEOPLE.items():
            session.add(
                User(
                    username=username,
                    display_name=name,
                    password_hash=_password_hash(),
                    org_id=offices[office],
                    role=role,
                    must_change_password=False,
                )
            )


def person(store: Store, username: str) -> User:
    with store.session() as session:
        found = session.scalar(select(User).where(User.username == username))
    assert found is not None
    return found


def office_leads(store: Store, code: str) -> list[int]:
    """The ids of the leads of office ``code``'s adoption."""
    with store.session() as session:
        org = session.scalar(select(Org).where(Org.code == code))
        assert org is not None
        query = (
            select(Lead.id)
            .join(SupervisionModel, SupervisionModel.id == Lead.model_id)
            .where(SupervisionModel.org_id == org.id)
        )
        return list(session.scalars(query.order_by(Lead.id)))


def verify(store: Store, lead_id: int, true: bool, leader: str = "lb", by: str = "pb") -> None:
    """A leader (宁波's by default) assigns the lead to a prosecutor, who finds it true or
    untrue."""
    move_lead(store, lead_id, Move("assigned", assignee=by), leader, person(store, leader))
    move_lead(store, lead_id, Move("verifying"), by, person(store, by))
    outcome = (
        Move("confirmed", note="经核查属实")
        if true
        else Move("rejected", note="罪犯已在外省收监", reason="data_error")
    )
    move_lead(store, lead_id, outcome, by, person(store, by))
