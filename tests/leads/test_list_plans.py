"""A page of the lead list split per adoption or per office (``jiancha.leads.query``): the same
leads in the same order as one query would give, for every viewer, sort and page, on both
backends; and PostgreSQL's search of one or two characters on the grams' index
(``jiancha.leads.search_pg``), which reads the masked title only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update

from jiancha.governance.orgs import add_org
from jiancha.leads import LeadFilter, search_leads, tally
from jiancha.leads.confine import LOCAL, NOBODY, Viewer, sees
from jiancha.leads.query import _branches, _keys, _scope
from jiancha.leads.search_pg import WORK_MEM, answerable, roomy_bitmaps, short_condition
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, Org, Store, SupervisionModel, init_workspace, open_store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county

SLUG = "custodial-sentence-not-executed"
CITY, EAST, WEST, OTHER = "330100", "330102", "330106", "330602"
STATUSES = ("new", "assigned", "rejected")
LEADS = 150


def _amount(i: int) -> Decimal | None:
    return None if i % 5 == 0 else Decimal(f"{(i * 7) % 11 * 100}.25")  # empty ones, and ties


@pytest.fixture
def world(store: Store, tmp_path: Path) -> dict[str, Any]:
    """Three adoptions of one model (330100; 330102; 330106, graded ``high``) and LEADS leads
    spread over them, over a city, two of its districts, another city's district and no
    office, with states, amounts (ties, empty ones) and sights spread."""
    add_org(store, "330000", "浙江省人民检察院", "province")
    add_org(store, CITY, "杭州市人民检察院", "city", "330000")
    add_org(store, EAST, "杭州市上城区人民检察院", "district", CITY)
    add_org(store, WEST, "杭州市西湖区人民检察院", "district", CITY)
    add_org(store, "330600", "绍兴市人民检察院", "city", "330000")
    add_org(store, OTHER, "绍兴市越城区人民检察院", "district", "330600")
    load_county(store, tmp_path)
    spec = load_spec_file(SPECS / "custodial.yaml")
    install(store, spec, BINDS, org=CITY)
    run_model(store, SLUG, run_date=AS_OF)
    install(store, spec, BINDS, org=EAST)
    install(store, spec, BINDS, org=WEST)
    with store.session() as session:
        models = list(session.scalars(select(SupervisionModel.id).order_by(SupervisionModel.id)))
        session.execute(
            update(SupervisionModel).where(SupervisionModel.id == models[-1]).values(risk="high")
        )
        orgs = {o.code: o.id for o in session.scalars(select(Org))}
        first = session.scalars(select(Lead).order_by(Lead.id)).first()
        assert first is not None and len(models) == 3
        offices = [orgs[CITY], orgs[EAST], orgs[WEST], orgs[OTHER], None]
        for i in range(LEADS):
            seen = dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=i % 17)
            session.add(
                Lead(
                    model_id=models[i % 3],
                    fingerprint=f"plan-{i}",
                    subject_type="person",
                    subject_key=f"k{i}",
                    title=f"张三{i}在某医院住院",
                    title_masked=f"张*{i}在某医院住院" if i % 4 else f"李*{i}缓刑考察",
                    evidence={},
                    explanation=[],
                    status=STATUSES[(i // 2) % 3],
                    amount=_amount(i),
                    org_id=offices[(i // 3) % 5],
                    first_run_id=first.first_run_id,
                    last_run_id=first.last_run_id,
                    first_seen_at=seen,
                    last_seen_at=seen,
                )
            )
    with store.session() as session:
        tally.rebuild(session)  # the leads above bypassed the application's tallies
    return {"models": models, "orgs": orgs}


def _expected(store: Store, f: LeadFilter, world: dict[str, Any]) -> list[int]:
    """The filter's leads in its order, computed here from every lead."""
    orgs = world["orgs"]
    subtree = {CITY: {orgs[CITY], orgs[EAST], orgs[WEST]}, None: None}[f.org]
    with store.session() as session:
        risk = dict(session.execute(select(SupervisionModel.id, SupervisionModel.risk)).all())
        rows = [
            lead
            for lead in session.scalars(select(Lead))
            if (f.model is None or lead.model_id in world["models"])
            and (subtree is None or lead.org_id in subtree)
            and (f.status is None or lead.status == f.status)
            and sees(f.viewer, risk[lead.model_id], lead.org_id)
        ]
    key = f.sort.lstrip("-")
    down = f.sort.startswith("-")
    present = sorted(
        ((getattr(x, key), x.id) for x in rows if getattr(x, key) is not None), reverse=down
    )
    missing = sorted((x.id for x in rows if getattr(x, key) is None), reverse=down)
    return [i for _, i in present] + missing


FILTERS = [
    {"model": SLUG, "sort": "amount"},
    {"model": SLUG, "sort": "-amount"},
    {"model": SLUG, "status": "new", "sort": "-id"},
    {"model": SLUG, "status": "assigned", "sort": "id"},
    {"org": CITY, "status": "new", "sort": "-id"},
    {"org": CITY, "status": "rejected", "sort": "id"},
    {"org": CITY, "model": SLUG, "sort": "-amount"},
]


@pytest.mark.parametrize("wanted", FILTERS, ids=lambda w: "&".join(map(str, w.values())))
def test_a_split_page_is_the_same_page(
    store: Store, world: dict[str, Any], wanted: dict[str, Any]
) -> None:
    own = world["orgs"][WEST]  # the high adoption's own office sees its leads
    for viewer in (NOBODY, Viewer(org_id=own), LOCAL):
        every = _expected(store, LeadFilter(viewer=viewer, **wanted), world)
        assert every, wanted
        got: list[int] = []
        with store.session() as session:
            f = LeadFilter(viewer=viewer, limit=6, **wanted)
            assert _branches(f, _scope(session, f), _keys(f.sort)) is not None  # split
            for offset in range(0, len(every) + 6, 6):
                total, page = search_leads(
                    session, LeadFilter(viewer=viewer, offset=offset, limit=6, **wanted)
                )
                assert total == len(every)
                got += [lead["id"] for lead in page]
        assert got == every, (wanted, viewer)


def test_a_split_page_leaves_out_the_high_leads_of_other_offices(
    store: Store, world: dict[str, Any]
) -> None:
    high = world["models"][-1]
    with store.session() as session:
        f = LeadFilter(model=SLUG, sort="-amount", limit=LEADS + 5)
        ids = [x["id"] for x in search_leads(session, f)[1]]
        shown = session.execute(select(Lead.model_id, Lead.org_id).where(Lead.id.in_(ids))).all()
    assert ids and all(model != high or org is None for model, org in shown)
    assert any(model == high for model, _ in shown)  # the high leads of no office: NOBODY's


@pytest.fixture
def pg_store(postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("JIANCHA_DATABASE_URL", postgres_url)
    ws, _ = init_workspace(tmp_path / "home")
    st = open_store(ws)
    yield st
    st.close()


@pytest.mark.postgres
def test_short_search_on_postgresql_reads_the_masked_title(pg_store: Store, tmp_path: Path) -> None:
    load_county(pg_store, tmp_path)
    install(pg_store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(pg_store, SLUG, run_date=AS_OF)
    titles = {
        "张三（330102199001011234）在医院住院": "张*（3301**********1234）在医院住院",
        "李四 100% 缓刑_考察": "李* 100% 缓刑_考察",
        "王五在院": "王*在院",
        "赵六\x01甲乙": "赵*\x01甲乙",
    }
    with pg_store.session() as session:
        first = session.scalars(select(Lead).order_by(Lead.id)).first()
        assert first is not None
        for i, (title, masked) in enumerate(titles.items()):
            session.add(
                Lead(
                    model_id=first.model_id,
                    fingerprint=f"short-{i}",
                    subject_type="person",
                    subject_key=f"s{i}",
                    title=title,
                    title_masked=masked,
                    evidence={},
                    explanation=[],
                    first_run_id=first.first_run_id,
                    last_run_id=first.last_run_id,
                )
            )

    def found(words: str) -> set[str]:
        with pg_store.session() as session:
            query = select(Lead.title_masked).where(short_condition(words))
            return set(session.scalars(query))

    assert found("住院") == {"张*（3301**********1234）在医院住院"}
    assert found("三") == set()  # in the unmasked title only
    assert found("90") == set()
    assert found("*（") == {"张*（3301**********1234）在医院住院"}
    assert found("%") == {"李* 100% 缓刑_考察"}  # a substring, not a pattern
    assert found("_考") == {"李* 100% 缓刑_考察"}
    assert found("在院") == {"王*在院"}
    assert found("院住") == {"张*（3301**********1234）在医院住院"}
    assert found("\x01甲") == {"赵*\x01甲乙"}  # the cut character: strpos alone
    assert found("甲乙") == {"赵*\x01甲乙"}
    assert found("院") >= {"张*（3301**********1234）在医院住院", "王*在院"}  # one character
    with pg_store.session() as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))
        query = select(Lead.id).where(short_condition("住院"))
        sql = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = "\n".join(session.scalars(text(f"EXPLAIN {sql}")))
    assert "ix_leads_title_grams" in plan  # the condition is the index's expression


@pytest.mark.postgres
def test_roomy_bitmaps_last_the_transaction(pg_store: Store) -> None:
    with pg_store.session() as session:
        before = session.scalar(text("SHOW work_mem"))
        roomy_bitmaps(session)
        assert session.scalar(text("SHOW work_mem")) == WORK_MEM != before
    with pg_store.session() as session:
        assert session.scalar(text("SHOW work_mem")) == before


def test_only_two_characters_without_the_cut_are_looked_up() -> None:
    assert [answerable(w) for w in ("院", "住院", "%_", "\x01甲", "三个字")] == [
        False,
        True,
        True,
        False,
        False,
    ]


def test_short_condition_wants_one_or_two_characters() -> None:
    for words in ("", "三个字"):
        with pytest.raises(ValueError):
            short_condition(words)
