"""A small marketplace world, built once per test session and copied for each module.

The 海东 tree: 青海省院 → 海东市院 → 乐都区院, 平安区院; and 西宁市院 → 城东区院, which sees none of
海东's data. The hand-made county's datasets (判决, 收押) belong to 海东市院, so both of its
districts see them. The DESIGN example model is installed by 乐都 (its author, 冠名) and
published; 平安 has adopted it too, with the same bindings. Each adoption was run once as of
``AS_OF``: 乐都's found 张甲 (乐都县人民法院), 平安's 孙己 (平安县人民法院) — each office its own
lead. A second model (a variant needing a dataset nobody has) is published but adopted by no one.
Users: a prosecutor, a modeller and a leader in each district, a leader of the city and of
城东, an administrator without an office. SQLite (the rules here are the domain's).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.catalogue import set_owner
from jiancha.governance import create_user
from jiancha.governance.orgs import add_org
from jiancha.marketplace.versions import register_version
from jiancha.modelling import install, load_spec, load_spec_file
from jiancha.runs import run_model
from jiancha.store import MarketModel, Org, Store, User, Workspace, init_workspace, open_store
from jiancha.store.models import utcnow
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

PASSWORD = "Market-password-2024"
PROVINCE, CITY, LEDU, PINGAN = "630000", "630200", "630202", "630203"
XINING, CHENGDONG = "630100", "630102"
SLUG = "custodial-sentence-not-executed"
LONELY = "custodial-needs-hospital"
LONELY_TEXT = (
    (SPECS / "custodial.yaml")
    .read_text(encoding="utf-8")
    .replace(f"id: {SLUG}", f"id: {LONELY}")
    .replace("name: 审前未羁押", "name: （需要住院记录）审前未羁押")
    .replace("label: 监狱收押", "label: 住院记录")
    .replace("intake_date: date", "admitted_on: date")
    .replace("intake_date", "admitted_on")
)
USERS = [
    ("ledu.pros", LEDU, "prosecutor"),
    ("ledu.modeller", LEDU, "modeller"),
    ("ledu.leader", LEDU, "leader"),
    ("pingan.pros", PINGAN, "prosecutor"),
    ("pingan.modeller", PINGAN, "modeller"),
    ("pingan.leader", PINGAN, "leader"),
    ("city.leader", CITY, "leader"),
    ("chengdong.leader", CHENGDONG, "leader"),
    ("chengdong.modeller", CHENGDONG, "modeller"),
    ("admin", None, "admin"),
]


def publish(store: Store, slug: str) -> None:
    """Put ``slug`` on the shelf (the five steps are the publication's own tests)."""
    with store.session() as session:
        model = session.scalar(select(MarketModel).where(MarketModel.slug == slug))
        assert model is not None
        model.state, model.published_at = "published", utcnow()


def build(store: Store, tmp: Path, *, pingan_adopts: bool = True) -> None:
    add_org(store, PROVINCE, "青海省人民检察院", "province")
    add_org(store, CITY, "海东市人民检察院", "city", PROVINCE)
    add_org(store, LEDU, "海东市乐都区人民检察院", "district", CITY, ["乐都县人民法院"])
    add_org(store, PINGAN, "海东市平安区人民检察院", "district", CITY, ["平安县人民法院"])
    add_org(store, XINING, "西宁市人民检察院", "city", PROVINCE)
    add_org(store, CHENGDONG, "西宁市城东区人民检察院", "district", XINING)
    load_county(store, tmp)
    for name in ("判决", "收押"):
        set_owner(store, name, CITY, by="setup")
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org=LEDU)
    with store.session() as session:  # a model of the marketplace that no office adopted
        register_version(session, load_spec(LONELY_TEXT, LONELY), by="setup", author=None)
    publish(store, SLUG)
    publish(store, LONELY)
    run_model(store, SLUG, run_date=AS_OF, org=LEDU)
    if pingan_adopts:
        install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS, org=PINGAN)
        run_model(store, SLUG, run_date=AS_OF, org=PINGAN)
    create_user(store, "admin", PASSWORD, role="admin", must_change=False)
    with store.session() as session:  # one argon2 hash (~0.5 s each) shared by everyone else
        digest = session.scalar(select(User.password_hash).where(User.username == "admin"))
        offices = {o.code: o.id for o in session.scalars(select(Org))}
        for username, org, role in USERS[:-1]:
            session.add(
                User(
                    username=username,
                    display_name=username,
                    password_hash=digest,
                    org_id=None if org is None else offices[org],
                    role=role,
                    must_change_password=False,
                )
            )


_TEMPLATES: dict[bool, Path] = {}


def world(tmp_factory: pytest.TempPathFactory, *, pingan_adopts: bool = True) -> Workspace:
    """A fresh copy of the world (each variant built once per session)."""
    if pingan_adopts not in _TEMPLATES:
        base = tmp_factory.mktemp("market-template")
        workspace, _ = init_workspace(base / "home")
        store = open_store(workspace)
        try:
            build(store, base, pingan_adopts=pingan_adopts)
        finally:
            store.close()
        _TEMPLATES[pingan_adopts] = workspace.home
    copy = tmp_factory.mktemp("market") / "home"
    shutil.copytree(_TEMPLATES[pingan_adopts], copy)
    workspace, created = init_workspace(copy)
    assert not created
    return workspace


class As:
    """One user's calls over the API (signed in once per client: argon2 is slow on purpose)."""

    _tokens: ClassVar[dict[tuple[int, str], str]] = {}

    def __init__(self, client: TestClient, username: str) -> None:
        key = (id(client.app), username)
        if key not in self._tokens:
            body = {"username": username, "password": PASSWORD}
            answer = client.post("/api/login", json=body)
            assert answer.status_code == 200, answer.text
            client.cookies.clear()
            self._tokens[key] = answer.json()["token"]
        self.client = client
        self.headers = {"Authorization": f"Bearer {self._tokens[key]}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post(path, json=body or {}, headers=self.headers)


@pytest.fixture(scope="module")
def sqlite_only() -> Iterator[None]:
    """The marketplace's rules are the domain's, the same on both stores: SQLite here."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("JIANCHA_DATABASE_URL", raising=False)
        yield
