"""The office tree: levels in order, unique codes and aliases, subtrees, and alias routing."""

from __future__ import annotations

import pytest

from jiancha.errors import JianchaError, NotFound
from jiancha.governance.orgs import (
    Router,
    add_aliases,
    add_org,
    find_org,
    list_orgs,
    normalise,
    subtree_ids,
)
from jiancha.store import Store


def tree(store: Store) -> None:
    add_org(store, "630000", "青海省人民检察院", "province")
    add_org(store, "630200", "海东市人民检察院", "city", "630000", ["海东市中级人民法院"])
    add_org(store, "630202", "海东市乐都区人民检察院", "district", "630200", ["乐都县人民法院"])
    add_org(store, "630203", "海东市平安区人民检察院", "district", "海东市人民检察院", ["平安县"])
    add_org(store, "632100", "西宁铁路运输检察分院", "branch", "630000")


def test_tree_order_levels_and_subtrees(store: Store) -> None:
    tree(store)
    orgs = list_orgs(store)
    assert [(o["code"], o["depth"], o["parent"]) for o in orgs][:4] == [
        ("630000", 0, None),
        ("630200", 1, "630000"),
        ("630202", 2, "630200"),
        ("630203", 2, "630200"),
    ]
    assert orgs[1]["level_label"] == "市院"
    assert "海东市中级人民法院" in orgs[1]["aliases"] and "630200" in orgs[1]["aliases"]
    with store.session() as session:
        ids = {o["code"]: o["id"] for o in orgs}
        city = set(subtree_ids(session, find_org(session, "海东市人民检察院")))
        assert city == {ids["630200"], ids["630202"], ids["630203"]}
        assert set(subtree_ids(session, find_org(session, "630000"))) == set(ids.values())
        assert subtree_ids(session, find_org(session, "630203")) == [ids["630203"]]


@pytest.mark.parametrize(
    ("code", "level", "parent", "message"),
    [
        ("1", "province", None, "单位代码“1”无效"),
        ("630001", "county", None, "没有“county”这一级检察院"),
        ("630299", "district", None, "基层院须指定上级院"),
        ("630299", "district", "630000", "基层院不能设在省院“青海省人民检察院”之下"),
        ("630099", "city", "630202", "市院不能设在基层院"),
        ("630200", "city", "630000", "代码为“630200”的检察院已存在"),
    ],
)
def test_refusals_name_the_problem(
    store: Store, code: str, level: str, parent: str | None, message: str
) -> None:
    tree(store)
    before = len(list_orgs(store))
    with pytest.raises(JianchaError, match=message):
        add_org(store, code, "某检察院", level, parent)
    assert len(list_orgs(store)) == before


def test_an_alias_belongs_to_one_office(store: Store) -> None:
    tree(store)
    with pytest.raises(JianchaError, match="别名“乐都县人民法院”已属于“海东市乐都区人民检察院”"):
        add_aliases(store, "630203", ["乐都县人民法院"])
    assert add_aliases(store, "630203", ["平安县公安局", " 平安县公安局 "]) == ["平安县公安局"]
    with pytest.raises(NotFound, match="没有代码或名称为“630999”的检察院"):
        add_aliases(store, "630999", ["x"])


def test_router_exact_then_longest_contained_alias(store: Store) -> None:
    tree(store)
    with store.session() as session:
        ids = {o.code: o.id for o in [find_org(session, c) for c in ("630200", "630202", "630203")]}
        router = Router(session)
        assert router.route("乐都县人民法院") == ids["630202"]
        assert router.route("乐 都 县 人 民 法 院") == ids["630202"]  # spaces dropped
        assert router.route("630202") == ids["630202"]
        assert router.route("平安县人民法院") == ids["630203"]  # contains 平安县
        assert router.route("海东市中级人民法院刑事审判庭") == ids["630200"]
        assert router.route("西宁市城中区人民法院") is None
        assert router.route(None) is None and router.route("") is None


def test_short_aliases_match_only_exactly(store: Store) -> None:
    add_org(store, "630000", "青海省人民检察院", "province", aliases=["西宁"])
    with store.session() as session:
        router = Router(session)
        assert router.route("西宁") is not None
        assert router.route("西宁市城中区人民法院") is None


def test_normalise_full_width_and_spaces() -> None:
    assert normalise("　６３０２０２ ") == "630202"
    assert normalise("乐都县\t人民法院") == "乐都县人民法院"
