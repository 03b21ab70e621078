"""On the real demo, every template's leads read as plain Chinese, everywhere a person reads them.

The demo county is the session's one build (``tests.demo_home``: ``jiancha demo --no-serve`` at
the smallest scale at which every template still finds leads), copied. For every lead of
every template: no explanation sentence, no explanation value name and no evidence name (the
API's ``evidence_labels``, the names Word drafts use) contains ASCII letters or SQL punctuation
(``||``, a ``:param``, a function call) — only digits, Chinese, Chinese punctuation and the
values themselves (a parameter's value such as ``POS消费`` is data, not code). The Word drafts
of one lead per template contain none of the spec's field identifiers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import select

from jiancha.api import create_app
from jiancha.documents import draft_document
from jiancha.leads import list_leads
from jiancha.leads.evidence_labels import lead_evidence_labels
from jiancha.modelling import Spec, load_spec
from jiancha.spoken import spoken
from jiancha.store import Org, Run, Store, SupervisionModel, open_store, open_workspace
from jiancha.templates import load_templates, template_files
from tests.demo_home import copy_demo

SQL = re.compile(r"[A-Za-z]|\|\||:\s*[A-Za-z_]|\(\s*[A-Za-z_]")
"""ASCII letters, ``||``, a ``:param``, ``(`` followed by an identifier."""
TEMPLATE_IDS = sorted(p.stem for p in template_files())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, Any]]]:
    copied = copy_demo(tmp_path_factory, tmp_path_factory.mktemp("plain-demo") / "home")
    summary = copied.summary
    store = open_store(open_workspace(copied.home))
    try:
        yield store, summary
    finally:
        store.close()


def _leads(store: Store) -> dict[str, list[dict[str, Any]]]:
    with store.session() as session:
        found: dict[str, list[dict[str, Any]]] = {}
        for lead in list_leads(session):
            found.setdefault(lead["model"], []).append(lead)
    return found


def _values(store: Store) -> dict[str, list[str]]:
    """Each model's run parameter values as sentences show them (data, allowed in a text)."""
    shown: dict[str, list[str]] = {}
    with store.session() as session:
        for slug, parameters in session.execute(
            select(SupervisionModel.slug, Run.parameters).join(
                Run, Run.model_id == SupervisionModel.id
            )
        ):
            for value in (parameters or {}).values():
                items = value if isinstance(value, list) else [value]
                shown.setdefault(slug, []).extend([spoken(value), *map(str, items)])
    return shown


def _code(text: str, allowed: list[str] = []) -> list[str]:  # noqa: B006 - read only
    """The ASCII or SQL found in ``text`` once the allowed values are taken out."""
    for value in sorted(allowed, key=len, reverse=True):
        text = text.replace(value, "") if value else text
    return SQL.findall(text)


def test_every_template_has_leads(demo: tuple[Store, dict[str, Any]]) -> None:
    store, _ = demo
    assert sorted(_leads(store)) == TEMPLATE_IDS


def test_explanations_and_evidence_read_as_chinese(demo: tuple[Store, dict[str, Any]]) -> None:
    store, _ = demo
    values = _values(store)
    found: list[tuple[str, int, str, str]] = []
    for slug, leads in _leads(store).items():
        for lead in leads:
            for entry in lead["explanation"]:
                if _code(str(entry["text"]), values.get(slug, [])):
                    found.append((slug, lead["id"], "text", entry["text"]))
                found += [(slug, lead["id"], "value", k) for k in entry["values"] if _code(k)]
            with store.session() as session:
                labels = lead_evidence_labels(session, lead["id"])
            assert set(labels) == set(lead["evidence"])
            found += [(slug, lead["id"], "evidence", n) for n in labels.values() if _code(n)]
    assert found == []


def _identifiers(spec: Spec) -> set[str]:
    """The spec's field identifiers: input fields, computed columns, parameters, inputs."""
    names = {f for i in spec.inputs.values() for f in i.fields} | set(spec.made_columns())
    return names | set(spec.parameters) | {f"{n}." for n in spec.inputs}


@pytest.mark.parametrize("kind", ["suggestion", "correction_notice"])
def test_drafts_name_no_field_identifier(demo: tuple[Store, dict[str, Any]], kind: str) -> None:
    store, _ = demo
    with store.session() as session:
        specs = {
            m.slug: load_spec(m.spec_text, m.slug)
            for m in session.scalars(select(SupervisionModel))
        }
    found: dict[str, list[str]] = {}
    for slug, leads in _leads(store).items():
        lead = next((x for x in leads if x["status"] != "rejected"), leads[0])
        data = draft_document(store, lead["id"], kind, user="demo-drafter")
        body = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert "附注" not in body and "demo-drafter" not in body
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*\.?", body))
        leaked = sorted(words & _identifiers(specs[slug]))
        if leaked or "||" in body or re.search(r":[a-z_]", body):
            found[slug] = leaked or ["SQL"]
    assert found == {}


def test_lead_api_names_every_evidence_field(demo: tuple[Store, dict[str, Any]]) -> None:
    """Each template's first lead read through the API: by the admin, or — a ``high`` model's
    lead being seen only in its own office — by a prosecutor of an adopting district."""
    store, summary = demo
    admin = next(a for a in summary["accounts"] if a["role"] == "admin")
    districts = {a["username"].removeprefix("jcg"): a for a in summary["accounts"]}
    high = {spec.id for spec in load_templates() if spec.risk == "high"}
    with store.session() as session:
        codes = {org.name: org.code for org in session.scalars(select(Org))}
    with TestClient(create_app(store.workspace)) as client:

        def headers_of(account: dict[str, Any]) -> dict[str, str]:
            given = {"username": account["username"], "password": account["password"]}
            signed = client.post("/api/login", json=given)
            assert signed.status_code == 200, signed.text
            client.cookies.clear()
            return {"Authorization": f"Bearer {signed.json()['token']}"}

        for slug, leads in sorted(_leads(store).items()):
            account, lead_id = admin, leads[0]["id"]
            if slug in high:
                own = next(x for x in leads if codes.get(x["org"]) in districts)
                account, lead_id = districts[codes[own["org"]]], own["id"]
            answer = client.get(f"/api/leads/{lead_id}", headers=headers_of(account))
            assert answer.status_code == 200, answer.text
            lead = answer.json()
            labels = lead["evidence_labels"]
            assert set(labels) == set(lead["evidence"]), slug
            assert [n for n in labels.values() if _code(n)] == [], slug
