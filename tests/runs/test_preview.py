"""The builder's preview on real imported datasets and real DuckDB (SQLite and PostgreSQL
metadata): its counts against a hand-written query and a real run, masking, grants, the
circuit breaker, the audit trail, refusals of invalid documents, and sampling."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlalchemy import func, select

from jiancha import clock
from jiancha.catalogue import classify, set_owner
from jiancha.demo.datasets import demo_binds
from jiancha.errors import Forbidden
from jiancha.governance.masking import mask_id_card
from jiancha.modelling import install, load_spec
from jiancha.modelling.builder import to_document, to_spec_document
from jiancha.modelling.install import parse_binds
from jiancha.modelling.writer import dump_spec
from jiancha.runs import preview_query, run_model
from jiancha.runs.preview import preview
from jiancha.runs.preview_check import BuilderInvalid
from jiancha.store import AuditEntry, Lead, Store, UsageCounter
from jiancha.templates import load_template
from tests.modelling.fixtures import BINDS
from tests.runs.builder_fixtures import LEDU, bindings, county, document, grant, parquet
from tests.templates.harness import cid, load
from tests.templates.test_fatal_accidents_same_company import TABLES as ACCIDENTS

SLUG = "custodial-sentence-not-executed"
PROFILE = "fatal-accidents-same-company"
FULL_ID = re.compile(r"(?<![0-9])\d{17}[\dX](?![0-9])")

# The DESIGN example written by hand against the datasets' own column names.
HAND_WRITTEN = """
WITH j AS (SELECT * FROM read_parquet($j)),
s2 AS (SELECT * FROM j WHERE 刑罚 IN ('有期徒刑', '拘役') AND NOT 是否缓刑),
s3 AS (SELECT * FROM s2 WHERE 审前强制措施 IN ('取保候审', '监视居住')),
s4 AS (SELECT * FROM s3 WHERE 判决生效日期 <= $today - 30),
s5 AS (SELECT * FROM s4 WHERE NOT EXISTS (
  SELECT 1 FROM read_parquet($p) AS p WHERE p.身份证号 = s4.公民身份号码))
SELECT (SELECT count(*) FROM j), (SELECT count(*) FROM s2), (SELECT count(*) FROM s3),
  (SELECT count(*) FROM s4), (SELECT count(*) FROM s5), (SELECT count(*) FROM s5),
  (SELECT count(*) FROM (SELECT DISTINCT 姓名, 公民身份号码, 审判法院, 刑罚, 审前强制措施,
                                         判决生效日期 FROM s5))
"""


@pytest.fixture
def granted(store: Store, tmp_path: Path) -> Store:
    county(store, tmp_path)
    grant(store, "判决")
    grant(store, "收押")
    return store


def hand_counts(store: Store) -> list[int]:
    with duckdb.connect() as con:
        params = {"j": parquet(store, "判决"), "p": parquet(store, "收押")}
        row = con.execute(HAND_WRITTEN, params | {"today": clock.china_today()}).fetchone()
    assert row is not None
    return [int(n) for n in row]


def test_counts_after_every_step_match_a_hand_written_query(granted: Store) -> None:
    shown = preview(granted, document(), bindings(), account="modeller")
    expected = hand_counts(granted)
    assert [s["rows"] for s in shown["steps"]] == expected[:-1]
    assert shown["leads"]["count"] == expected[-1]
    assert expected[0] > expected[1] > expected[3] > expected[4] > 0  # every step filters
    assert 0 < expected[-1] < expected[5]  # a judgment recorded twice is one lead
    assert [s["kind"] for s in shown["steps"]] == [
        "from",
        "filter",
        "filter",
        "filter",
        "anti_join",
        "derive",
    ]
    assert all(s["label"] for s in shown["steps"])
    assert shown["datasets"]["j"]["dataset"] == "判决" and shown["datasets"]["j"]["rows"] == 3000
    assert shown["sampled"] is False and shown["sample_note"] == ""
    assert shown["rows_at"] is None


def test_lead_count_and_samples_agree_with_a_run_of_the_same_spec(granted: Store) -> None:
    given = document()
    shown = preview(granted, given, bindings(), account="modeller")
    spec = load_spec(dump_spec(to_spec_document(given)))
    install(granted, spec, BINDS)
    result = run_model(granted, SLUG, run_date=clock.china_today())
    assert shown["leads"]["count"] == result["leads"] > 10
    with granted.session() as session:
        leads = list(session.scalars(select(Lead)))
    masked_keys = {mask_id_card(lead.subject_key) for lead in leads}
    titles = {lead.title_masked for lead in leads}
    samples = shown["leads"]["samples"]
    assert len(samples) == 10
    for sample in samples:
        assert sample["subject_key"] in masked_keys
        assert sample["title"] in titles
        assert [e["step"] for e in sample["explanation"]] == [1, 2, 3, 4, 5]
        assert all(e["text"] for e in sample["explanation"])
        assert re.fullmatch(r".\*\*", sample["subject_name"])


def test_rows_at_a_step_are_masked(granted: Store) -> None:
    shown = preview(granted, document(), bindings(), account="modeller", step=1, limit=7)
    at = shown["rows_at"]
    assert at["step"] == 1
    names = [c["name"] for c in at["columns"]]
    assert names[:3] == ["person_id", "name", "court"] and "_row" not in names
    assert {c["label"] for c in at["columns"]} >= {"公民身份号码", "姓名", "刑罚"}
    assert len(at["rows"]) == 7
    for row in at["rows"]:
        values = dict(zip(names, row, strict=True))
        assert values["sentence_type"] in ("有期徒刑", "拘役")
        assert values["name"] is None or re.fullmatch(r".\*\*", values["name"])
        assert values["person_id"] is None or "********" in values["person_id"]
    text = json.dumps(shown, ensure_ascii=False)
    assert FULL_ID.search(text) is None
    assert "某甲" not in text and "某乙" not in text  # given names never shown


def test_a_sensitive_column_is_hidden_whole(granted: Store) -> None:
    classify(granted, "判决", "sensitive", field="审判法院")
    shown = preview(granted, document(), bindings(), account="modeller", step=0)
    at = shown["rows_at"]
    names = [c["name"] for c in at["columns"]]
    assert {dict(zip(names, row, strict=True))["court"] for row in at["rows"]} == {"***"}
    assert {dict(zip(names, row, strict=True))["sentence_type"] for row in at["rows"]} != {"***"}


def test_preview_needs_a_grant_for_every_dataset_and_the_refusal_is_audited(
    store: Store, tmp_path: Path
) -> None:
    county(store, tmp_path, people=50)
    grant(store, "判决")
    with pytest.raises(Forbidden) as caught:
        preview(store, document(), bindings(), account="modeller")
    assert "“收押”" in caught.value.message and "“判决”" not in caught.value.message
    with store.session() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "builder_preview"))
        assert entry is not None and entry.actor == "modeller"
        assert entry.detail["result"] == "refused" and "收押" in entry.detail["refusal"]
    with pytest.raises(Forbidden, match="无权"):
        preview(store, document(), bindings(), account="pros")  # no models.install


def test_preview_is_audited_and_counted_by_the_breaker(granted: Store) -> None:
    shown = preview(granted, document(), bindings(), account="modeller", step=2, limit=5)
    rows = len(shown["rows_at"]["rows"]) + len(shown["leads"]["samples"])
    assert rows == 15
    with granted.session() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "builder_preview"))
        assert (entry.actor, entry.object_type, entry.object_id) == ("modeller", "model", SLUG)
        assert entry.rows == rows and entry.detail["result"] == "ok"
        assert entry.detail["steps"] == [s["rows"] for s in shown["steps"]]
        assert entry.detail["leads"] == shown["leads"]["count"]
        assert {g["dataset"] for g in entry.detail["grants"]} == {"判决", "收押"}
        used = session.scalar(
            select(func.sum(UsageCounter.count)).where(UsageCounter.kind == "evidence_reads")
        )
    assert used == rows


def _broken(document: dict[str, Any]) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    broken["steps"][2] = {"filter": "pretrial_measur IN ('取保候审')"}
    return broken


def test_an_invalid_document_is_refused_with_its_problems(granted: Store) -> None:
    with pytest.raises(BuilderInvalid) as caught:
        preview(granted, _broken(document()), bindings(), account="modeller")
    [problem] = caught.value.problems
    assert problem["path"].startswith("steps.2.filter")
    assert "pretrial_measur" in problem["message"] and problem["line"] > 0
    wrong = bindings()
    wrong["j"]["fields"]["person_id"] = "身份证"
    wrong["p"]["fields"]["intake_date"] = "身份证号"  # text bound to a date field
    with pytest.raises(BuilderInvalid) as caught:
        preview(granted, document(), wrong, account="modeller")
    paths = {p["path"]: p["message"] for p in caught.value.problems}
    assert set(paths) == {"inputs.j.fields.person_id", "inputs.p.fields.intake_date"}
    assert "身份证" in paths["inputs.j.fields.person_id"]
    assert "date" in paths["inputs.p.fields.intake_date"]
    with granted.session() as session:
        kept = select(func.count()).where(AuditEntry.action == "builder_preview")
        assert session.scalar(kept) == 0  # nothing was read


def test_large_inputs_are_sampled_from_the_start_input(
    granted: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = preview(granted, document(), bindings(), account="modeller")
    monkeypatch.setattr(preview_query, "PREVIEW_FULL_ROWS", 3000)
    monkeypatch.setattr(preview_query, "PREVIEW_SAMPLE_MIN", 1000)
    first = preview(granted, document(), bindings(), account="modeller")
    again = preview(granted, document(), bindings(), account="modeller")
    intake = first["datasets"]["p"]["rows"]
    assert first["sampled"] is True and "抽取" in first["sample_note"]
    assert first["steps"][0]["rows"] == max(3000 - intake, 1000)
    assert first["steps"][0]["rows"] < whole["steps"][0]["rows"]
    assert [s["rows"] for s in first["steps"]] == [s["rows"] for s in again["steps"]]  # seeded
    assert first["leads"]["count"] <= whole["leads"]["count"]


def test_a_profile_template_previews_the_leads_a_run_finds(store: Store, tmp_path: Path) -> None:
    county(store, tmp_path, people=50)
    load(store, tmp_path, ACCIDENTS)
    set_owner(store, "交通事故", LEDU, by="setup")
    grant(store, "交通事故")
    spec = load_template(PROFILE)
    given = to_document(spec.text)
    oldest = dt.date(2024, 12, 1)  # every accident of the table inside the window
    given["parameters"]["window_days"]["default"] = (clock.china_today() - oldest).days
    datasets, fields = parse_binds(demo_binds(spec))
    bound = {n: {"dataset": d, "fields": fields.get(n, {})} for n, d in datasets.items()}
    shown = preview(store, given, bound, account="modeller", step=5)
    assert [s["kind"] for s in shown["steps"]][-1] == "aggregate"
    install(store, load_spec(dump_spec(to_spec_document(given))), demo_binds(spec))
    result = run_model(store, PROFILE, run_date=clock.china_today())
    assert shown["leads"]["count"] == result["leads"] == 3
    samples = shown["leads"]["samples"]
    assert {s["subject_key"] for s in samples} == {cid(1), cid(2), cid(5)}  # not personal
    assert all("致人死亡事故" in s["title"] for s in samples)
    at = shown["rows_at"]
    assert [c["name"] for c in at["columns"]][:3] == ["credit_code", "company_name", "accidents"]
    assert at["columns"][2]["label"] == "死亡事故起数" and len(at["rows"]) == 3


def test_a_model_that_finds_nothing_previews_empty(granted: Store) -> None:
    given = document()
    given["parameters"]["grace_days"]["default"] = 100_000  # no judgment is that old
    shown = preview(granted, given, bindings(), account="modeller", step=4)
    assert [s["rows"] for s in shown["steps"]][3:] == [0, 0, 0]
    assert shown["leads"] == {"count": 0, "samples": []}
    assert shown["rows_at"]["rows"] == [] and shown["rows_at"]["columns"]
