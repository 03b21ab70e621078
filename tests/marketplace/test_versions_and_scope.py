"""Versions and adoptions at the core: every install is an office's adoption of a recorded
version; an upgrade shows its diff and keeps the leads; each adoption holds only the leads of its
office's subtree, leaving deeper adoptions' offices to them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from jiancha.errors import JianchaError
from jiancha.governance.orgs import add_org
from jiancha.leads import LeadFilter, search_leads
from jiancha.modelling import install, load_spec, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Lead, MarketModel, ModelVersion, Store, SupervisionModel
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

SLUG = "custodial-sentence-not-executed"


def offices(store: Store) -> None:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000")
    add_org(store, "630202", "海东市乐都区人民检察院", "district", "630200", ["乐都县人民法院"])
    add_org(store, "630203", "海东市平安区人民检察院", "district", "630200", ["平安县人民法院"])


def leads_by_office(store: Store) -> dict[tuple[int, str | None], set[str]]:
    """(adoption id, office name) → the subjects of its leads."""
    with store.session() as session:
        found = search_leads(session, LeadFilter())[1]
        adoption = {i: m for i, m in session.execute(select(Lead.id, Lead.model_id))}
    out: dict[tuple[int, str | None], set[str]] = {}
    for lead in found:
        out.setdefault((adoption[lead["id"]], lead["org"]), set()).add(lead["subject_key"])
    return out


def test_versions_are_recorded_and_an_upgrade_keeps_the_leads(store: Store, tmp_path: Path) -> None:
    load_county(store, tmp_path)
    spec = load_spec_file(SPECS / "custodial.yaml")
    first = install(store, spec, BINDS)
    assert first["upgraded_from"] is None and first["diff"] == ""
    again = install(store, spec, BINDS)  # the same text: no new version
    assert again["version_sha256"] == first["version_sha256"]
    before = run_model(store, SLUG, run_date=AS_OF)
    assert before["new"] == 2
    text = spec.text.replace("version: 1.0.0", "version: 1.1.0").replace(
        "name: 审前未羁押判处实刑罪犯未交付执行监督模型", "name: 判处实刑罪犯未交付执行监督模型"
    )
    assert text != spec.text
    upgraded = install(store, load_spec(text, "m.yaml"), BINDS, changelog="名称修订")
    assert upgraded["upgraded_from"] == "1.0.0" and upgraded["version"] == "1.1.0"
    assert "-version: 1.0.0" in upgraded["diff"] and "+version: 1.1.0" in upgraded["diff"]
    after = run_model(store, SLUG, run_date=AS_OF)
    assert (after["new"], after["seen_again"], after["no_longer_hit"]) == (0, 2, 0)
    with store.session() as session:
        model = session.scalars(select(MarketModel)).one()
        versions = session.scalars(select(ModelVersion).order_by(ModelVersion.id)).all()
        adoption = session.scalars(select(SupervisionModel)).one()
    assert (model.slug, model.state) == (SLUG, "draft")
    assert [(v.version, v.changelog) for v in versions] == [
        ("1.0.0", "首次安装"),
        ("1.1.0", "名称修订"),
    ]
    assert adoption.version_id == versions[1].id


def test_offices_adopt_one_model_each_within_its_subtree(store: Store, tmp_path: Path) -> None:
    offices(store)
    load_county(store, tmp_path)
    spec = load_spec_file(SPECS / "custodial.yaml")
    install(store, spec, BINDS, org="630202")  # 乐都 alone
    run_model(store, SLUG, run_date=AS_OF)
    with pytest.raises(JianchaError, match="没有采用模型"):
        run_model(store, SLUG, run_date=AS_OF, org="630203")
    # 张甲 was judged in 乐都 and 孙己 in 平安: 乐都's adoption keeps only its own.
    ledu = leads_by_office(store)
    assert list(ledu.values()) == [{pid(1)}]
    install(store, spec, BINDS, org="630000")  # the province adopts too: its own adoption
    with pytest.raises(JianchaError, match="2 个检察院采用") as ambiguous:
        run_model(store, SLUG, run_date=AS_OF)
    assert "海东市乐都区人民检察院" in ambiguous.value.message
    province = run_model(store, SLUG, run_date=AS_OF, org="青海省人民检察院")
    # The province covers its subtree except 乐都, which runs its own adoption.
    assert province["new"] == 1
    placed = leads_by_office(store)
    assert sorted(placed.values(), key=sorted) == [{pid(1)}, {pid(6)}]
    assert {office for _, office in placed} == {"海东市乐都区人民检察院", "海东市平安区人民检察院"}
    with store.session() as session:
        rows = session.scalars(select(SupervisionModel).order_by(SupervisionModel.id)).all()
        assert len(rows) == 2 and rows[0].version_id == rows[1].version_id
