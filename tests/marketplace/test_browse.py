"""Browsing the marketplace: 「我院可直接使用」, the office's own adoption, the filters, models in
review, over the API and the command line (the world: ``world.py``)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

import jiancha.modelling  # noqa: F401  (first: marketplace.versions and modelling import each other)
from jiancha.api import create_app
from jiancha.cli import app
from jiancha.marketplace.usable import Catalogue, bind_pairs, usable
from jiancha.modelling import load_spec_file
from jiancha.store import MarketModel, Org, Workspace, open_store
from tests.marketplace.world import (
    CHENGDONG,
    LEDU,
    LONELY,
    PINGAN,
    SLUG,
    As,
    sqlite_only,  # noqa: F401  (a fixture)
    world,
)
from tests.modelling.fixtures import BINDS, SPECS

pytestmark = pytest.mark.usefixtures("sqlite_only")
runner = CliRunner()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return world(tmp_path_factory)


@pytest.fixture(scope="module")
def client(workspace: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


def shelf(user: As, **params: object) -> dict[str, dict[str, object]]:
    answer = user.get("/api/market/models", **params)
    assert answer.status_code == 200, answer.text
    return {m["slug"]: m for m in answer.json()["items"]}


def test_usable_for_the_offices_that_see_the_data(client: TestClient) -> None:
    ledu = shelf(As(client, "ledu.pros"))
    assert set(ledu) == {SLUG, LONELY}
    assert ledu[SLUG]["usable"] is True and ledu[SLUG]["missing"] == []
    # bound as 乐都 bound it: the column names an adoption used for each field
    assert ledu[SLUG]["bindings"]["p"] == {  # type: ignore[index]
        "dataset": "收押",
        "fields": {"person_id": "身份证号", "intake_date": "收押日期"},
    }
    assert ledu[LONELY]["usable"] is False
    assert ledu[LONELY]["missing"] == ["j（刑事判决）", "p（住院记录）"]
    assert shelf(As(client, "pingan.modeller"))[SLUG]["usable"] is True
    # 城东 (西宁) sees none of 海东's data
    chengdong = shelf(As(client, "chengdong.leader"))
    assert chengdong[SLUG]["usable"] is False and chengdong[SLUG]["bindings"] == {}
    assert set(shelf(As(client, "ledu.pros"), usable="true")) == {SLUG}
    assert shelf(As(client, "chengdong.leader"), usable="true") == {}
    assert set(shelf(As(client, "chengdong.leader"), usable="false")) == {SLUG, LONELY}


def test_each_office_sees_its_own_adoption_and_the_figures_of_all(client: TestClient) -> None:
    ledu = shelf(As(client, "ledu.pros"))[SLUG]
    assert ledu["adopted"] == {
        "version": "1.0.0",
        "version_id": ledu["version_id"],
        "up_to_date": True,
        "upgrade_to": None,
    }
    assert ledu["author_org"] == LEDU and ledu["state"] == "published"
    figures = ledu["figures"]
    assert (figures["offices"], figures["adoptions"], figures["leads"]) == (2, 2, 2)  # type: ignore[index]
    assert figures["adoption_label"] == "2 个院 2 次"  # type: ignore[index]
    assert shelf(As(client, "chengdong.leader"))[SLUG]["adopted"] is None
    page = As(client, "city.leader").get("/api/market/models", size=1)
    body = page.json()
    assert (body["total"], len(body["items"]), body["size"]) == (2, 1, 1)
    assert body["items"][0]["slug"] == SLUG  # most adopted first
    assert body["totals"] == {
        "models": 2,
        "adopted_models": 1,
        "offices": 2,
        "adoptions": 2,
        "adoption_label": "2 个院 2 次",
    }


def test_filters(client: TestClient) -> None:
    user = As(client, "ledu.pros")
    assert set(shelf(user, area="criminal", line="criminal_execution", kind="collision")) == {
        SLUG,
        LONELY,
    }
    assert shelf(user, area="civil") == {}
    assert shelf(user, risk="high") == {}
    assert set(shelf(user, q="住院")) == {LONELY}  # in its name
    assert set(shelf(user, data="id_card")) == {SLUG, LONELY}  # a semantic type of a field
    assert set(shelf(user, data="住院记录")) == {LONELY}  # an input's label
    assert set(shelf(user, data="收押")) == {SLUG}  # a dataset an adoption bound
    assert set(shelf(user, data="monthly_salary")) == set()
    bad = user.get("/api/market/models", sort="-popularity")
    assert bad.status_code == 400 and "排序" in bad.json()["error"]
    outside = user.get("/api/market/models", org=PINGAN)  # a sibling's view: not ours to take
    assert outside.status_code == 403


def test_models_in_review_only_when_asked_and_only_for_who_may_see_them(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    fresh = world(tmp_path_factory)
    store = open_store(fresh)
    with store.session() as session:
        lonely = session.scalar(select(MarketModel).where(MarketModel.slug == LONELY))
        ledu = session.scalar(select(Org).where(Org.code == LEDU))
        assert lonely is not None and ledu is not None
        lonely.state, lonely.author_org_id = "rules_reviewed", ledu.id
    store.close()
    with TestClient(create_app(fresh)) as client:
        assert set(shelf(As(client, "ledu.pros"))) == {SLUG}
        assert set(shelf(As(client, "ledu.pros"), review="true")) == {SLUG, LONELY}  # author's
        assert set(shelf(As(client, "city.leader"), review="true")) == {SLUG, LONELY}  # reviewer
        assert set(shelf(As(client, "chengdong.modeller"), review="true")) == {SLUG}
        hidden = As(client, "chengdong.modeller").get(f"/api/market/models/{LONELY}/figures")
        assert hidden.status_code == 404


def test_usable_binds_by_field_name_and_compatible_type() -> None:
    spec = load_spec_file(SPECS / "custodial.yaml")
    judgments = {f: t for f, t in spec.inputs["j"].fields.items()}
    intake = {"person_id": "id_card", "intake_date": "date", "prison": "text"}
    found = usable(spec, Catalogue({"判决": judgments, "收押": intake}))
    assert found.usable and found.bindings == {
        "j": {"dataset": "判决", "fields": {}},
        "p": {"dataset": "收押", "fields": {}},
    }
    wrong = usable(spec, Catalogue({"判决": judgments, "收押": intake | {"intake_date": "text"}}))
    assert not wrong.usable and wrong.missing == ["p（监狱收押）"]
    # modelling.install.compatible: text and an ID number agree, a date and a number do not
    loose = judgments | {"person_id": "text"}
    assert usable(spec, Catalogue({"判决": loose, "收押": intake})).usable
    numbered = judgments | {"effective_date": "integer"}
    assert usable(spec, Catalogue({"判决": numbered, "收押": intake})).missing == ["j（刑事判决）"]
    assert bind_pairs({"p": {"dataset": "收押", "fields": {"person_id": "身份证号"}}}) == [
        "p=收押",
        "p.person_id=身份证号",
    ]
    assert set(bind_pairs({"p": {"dataset": "收押", "fields": {}}})) <= set(BINDS)


def test_command_line(workspace: Workspace) -> None:
    def jiancha(*args: str) -> object:
        result = runner.invoke(app, ["--home", str(workspace.home), *args], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout) if "--json" in args else result.stdout

    usable_here = jiancha("market", "list", "--org", LEDU, "--usable", "--json")
    assert [m["slug"] for m in usable_here["items"]] == [SLUG]  # type: ignore[index]
    nowhere = jiancha("market", "list", "--org", CHENGDONG, "--usable", "--json")
    assert nowhere["items"] == []  # type: ignore[index]
    table = jiancha("market", "list", "--org", LEDU)
    assert "2 个院 2 次" in str(table) and "审前未羁押" in str(table)
    shown = jiancha("market", "show", SLUG, "--json")
    assert (shown["offices"], shown["adoptions"], shown["leads"]) == (2, 2, 2)  # type: ignore[index]
    assert [o["org"] for o in shown["per_office"]] == [LEDU, PINGAN]  # type: ignore[index]
    assert "海东市平安区人民检察院" in str(jiancha("market", "show", SLUG))
