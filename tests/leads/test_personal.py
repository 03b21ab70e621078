"""Which columns of a model's leads are personal: by spec type, bound column, classification,
and through joins, derived columns and aggregates (the shipped templates as examples)."""

from __future__ import annotations

from pathlib import Path

from jiancha.leads.personal import personal_columns
from jiancha.modelling import load_spec_file

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "jiancha" / "templates"


def _fields(name: str) -> dict[str, str]:
    spec = load_spec_file(TEMPLATES / f"{name}.yaml")
    return dict(personal_columns(spec, {}, {})["fields"])


def test_persons_who_are_not_the_subject_are_personal() -> None:
    bribery = _fields("unprosecuted-bribe-givers")
    assert bribery["official_name"] == "person_name" and bribery["name"] == "person_name"
    assert bribery["person_id"] == "id_card" and "company" not in bribery
    lending = _fields("lending-funded-by-card-overdraft")
    assert lending["defendant_name"] == "person_name"


def test_kinds_follow_aggregates_and_joins() -> None:
    lending = _fields("false-litigation-private-lending")
    assert lending["plaintiff_name"] == "person_name"  # max(plaintiff_name)
    assert "defendants" not in lending  # count(DISTINCT defendant_id): a number
    hospitals = _fields("concurrent-hospital-admissions")  # b: the same person's other stay
    assert hospitals == {"name": "person_name", "person_id": "id_card", "b.person_id": "id_card"}


def test_bound_columns_and_classification() -> None:
    spec = load_spec_file(TEMPLATES / "unprosecuted-bribe-givers.yaml")
    bindings = {"b": {"dataset": "名录", "fields": {"company": "单位", "case_no": "案号"}}}
    columns = {("名录", "单位"): ("company_name", "core"), ("名录", "案号"): ("text", "internal")}
    found = personal_columns(spec, bindings, columns)
    assert found["fields"]["company"] == "sensitive" and "case_no" not in found["fields"]
    assert (found["subject_key"], found["subject_name"]) == ("id_card", "person_name")
