"""Classification: defaults from semantic types, edits, inheritance across versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha import catalogue
from jiancha.errors import JianchaError
from jiancha.store import Store
from tests.catalogue.helpers import id18, write

CSV = f"姓名,身份证号,审判法院,罚金\n张三,{id18()},平安县人民法院,100元\n"


def _levels(report: dict) -> dict[str, str]:
    return {f["name"]: f["classification"] for f in report["fields"]}


def test_defaults_follow_semantic_types(store: Store, tmp_path: Path) -> None:
    catalogue.import_source(store, catalogue.open_file(write(tmp_path / "a.csv", CSV)), "判决")
    report = catalogue.show_dataset(store, "判决")
    assert _levels(report) == {
        "姓名": "sensitive",
        "身份证号": "sensitive",
        "审判法院": "public",
        "罚金": "internal",
    }
    assert report["classification"] == "sensitive"


def test_field_edit_is_kept_in_later_versions(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", CSV)
    catalogue.import_source(store, catalogue.open_file(path), "判决")
    report = catalogue.classify(store, "判决", "core", field="身份证号")
    assert _levels(report)["身份证号"] == "core" and report["classification"] == "core"
    catalogue.import_source(store, catalogue.open_file(path), "判决")
    again = catalogue.show_dataset(store, "判决")
    assert again["version"] == 2 and _levels(again)["身份证号"] == "core"
    assert again["classification"] == "core"


def test_dataset_cannot_go_below_its_fields(store: Store, tmp_path: Path) -> None:
    catalogue.import_source(store, catalogue.open_file(write(tmp_path / "a.csv", CSV)), "判决")
    with pytest.raises(JianchaError, match="不能低于 sensitive"):
        catalogue.classify(store, "判决", "public")
    assert catalogue.classify(store, "判决", "core")["classification"] == "core"


def test_schema_sets_levels_and_types(store: Store, tmp_path: Path) -> None:
    schema = write(
        tmp_path / "s.yaml",
        "classification: core\nfields:\n  审判法院: {semantic: text, classification: internal}\n",
    )
    parsed = catalogue.load_schema(schema)
    catalogue.import_source(
        store, catalogue.open_file(write(tmp_path / "a.csv", CSV)), "判决", schema=parsed
    )
    report = catalogue.show_dataset(store, "判决")
    assert report["classification"] == "core"
    court = next(f for f in report["fields"] if f["name"] == "审判法院")
    assert (court["semantic"], court["semantic_source"], court["classification"]) == (
        "text",
        "schema",
        "internal",
    )


def test_bad_level_and_unknown_field_and_dataset(store: Store, tmp_path: Path) -> None:
    catalogue.import_source(store, catalogue.open_file(write(tmp_path / "a.csv", CSV)), "判决")
    with pytest.raises(JianchaError, match="分级“secret”无效"):
        catalogue.classify(store, "判决", "secret")
    with pytest.raises(JianchaError, match="没有字段“身份证”"):
        catalogue.classify(store, "判决", "core", field="身份证")
    with pytest.raises(JianchaError, match="“判决书”不存在"):
        catalogue.show_dataset(store, "判决书")
