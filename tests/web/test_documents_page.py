"""The console's document view (文书), in Chromium: a prosecutor opens the document list from the
menu, finds a judgment by its 案号, and sees its text with the extracted passages marked (the
masked name as the API masks it, every highlight of the API drawn, markup in the text shown as
text), the 已脱敏 banner, the fields per defendant; clicking a field flashes its passage, and a
link with ``?field=…&defendant=…`` opens scrolled to it. From a 三书比对 lead of the demo, the
文书编号 in the evidence opens the judgment at the passage of the lead's defendant (found by the
masked 公民身份号码 among several defendants) and the indictment at its 量刑建议.

The documents are real judgments from ``tests/documents/corpus/real-judgments.jsonl``, imported
into the demo through ``jiancha documents import`` (the first with an HTML tag appended, to show
that a document cannot inject markup). Screenshot: ``prosecutor-document-highlights.png``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.test_cli import jiancha
from tests.web.conftest import REPO, Account, DemoWorkspace
from tests.web.journey import Api, box

CORPUS = REPO / "tests" / "documents" / "corpus" / "real-judgments.jsonl"
DATASET = "文书页面测试判决书"
INJECTED = "<img src=x onerror=\"document.title='injected'\"><b>附注</b>"


@pytest.fixture(scope="module")
def judgments(demo_workspace: DemoWorkspace, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Two real judgments imported into the demo as DATASET: their extraction (unmasked)."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:2]
    docs = [json.loads(line) for line in lines]
    docs[0]["text"] += INJECTED
    source = tmp_path_factory.mktemp("documents") / "judgments.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n" for d in docs
        ),
        encoding="utf-8",
    )
    home = demo_workspace.home
    imported = json.loads(
        jiancha(home, "documents", "import", str(source), "--name", DATASET, "--json").stdout
    )
    assert imported["documents"] == 2, imported
    extracted = json.loads(jiancha(home, "documents", "extract", str(source), "--json").stdout)
    return extracted[0]


def test_document_page_marks_the_extracted_passages(
    page_as: Callable[[str], Page],
    base_url: str,
    accounts: dict[str, Account],
    judgments: dict[str, Any],
    shot: Callable[[Page, str], Path],
) -> None:
    doc_id, case_number = judgments["id"], judgments["case_number"]
    shown = Api(base_url, accounts["prosecutor"]).get(
        f"/api/documents/{quote(doc_id)}", dataset=DATASET
    )
    page = page_as("prosecutor")
    page.locator('[data-test="menu-/documents"]').click()
    box(page, "document-q").fill(case_number)
    page.locator('[data-test="document-search"]').click()
    rows = page.locator('[data-test="document-table"] .el-table__body-wrapper .el-table__row')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(DATASET)
    rows.first.locator('[data-test="document-link"]').click()

    page.wait_for_url(re.compile(r"/documents/[^?]+\?dataset="))
    text = page.locator('[data-test="document-text"]')
    expect(text.locator("mark.hl").first).to_be_visible()
    expect(page.locator('[data-test="masked-banner"]')).to_contain_text("已脱敏")
    expect(page.locator('[data-test="document-title"]')).to_contain_text(case_number)

    # the text is the API's (masked) text, verbatim: the appended tag is text, not an element
    assert text.evaluate("e => e.textContent") == shown["text"]
    assert INJECTED in text.inner_text()
    assert text.locator("img, b, script").count() == 0
    assert page.title() != "injected"
    # every highlight the API gives is drawn, the name masked as the API masks it
    drawn = text.evaluate("e => [...e.querySelectorAll('mark')].map(m => m.dataset.span)")
    assert len(set(drawn)) == len(shown["highlights"]) > 3
    real = judgments["defendants"][0]["name"]
    name = text.locator('mark.hl-name[data-defendant="1"]').first
    assert name.inner_text() == shown["fields"]["defendants"][0]["name"] != real
    assert (name.get_attribute("title") or "").startswith("姓名")
    assert real not in text.inner_text()

    # a field read from the disposition flashes the defendant's 判项
    page.locator('[data-test="field-1-principal_penalty"]').click()
    flashed = page.locator("mark.flash")
    expect(flashed.first).to_be_visible()
    assert {flashed.nth(i).get_attribute("data-field") for i in range(flashed.count())} == {
        "sentence"
    }
    shot(page, "prosecutor-document-highlights")

    # a lead's evidence link lands on the passage, scrolled into view
    page.goto(
        f"{base_url}/documents/{quote(doc_id)}?dataset={quote(DATASET)}"
        "&field=sentence_passage&defendant=1"
    )
    flashed = page.locator("mark.flash")
    expect(flashed.first).to_be_in_viewport()
    assert flashed.first.get_attribute("data-field") == "sentence"
    expect(page.locator('[data-test="defendant-tab-1"]')).to_be_visible()


def test_a_document_outside_the_demo_is_a_clear_404(
    page_as: Callable[[str], Page], base_url: str, judgments: dict[str, Any]
) -> None:
    page = page_as("prosecutor")
    page.goto(f"{base_url}/documents/no-such-document?dataset={quote(DATASET)}")
    expect(page.get_by_text("没有编号为“no-such-document”的文书")).to_be_visible()
    expect(page.get_by_role("button", name="返回文书列表")).to_be_visible()


def _defendant_of(document: dict[str, Any], id_number: str) -> int:
    """The 1-based number of the defendant with this (masked) 公民身份号码 in ``document``."""
    numbers = [p.get("id_number") for p in document["fields"]["defendants"]]
    assert numbers.count(id_number) == 1, (id_number, numbers)
    return numbers.index(id_number) + 1


def test_a_three_documents_lead_opens_each_document_at_its_passage(
    page_as: Callable[[str], Page], base_url: str, accounts: dict[str, Account]
) -> None:
    api = Api(base_url, accounts["admin"])
    found = api.get("/api/leads", model="three-docs-sentence-outside-recommendation", size=20)
    documents = {
        lead["id"]: api.get(f"/api/documents/{quote(lead['evidence']['document_id'])}")
        for lead in found["items"]
    }
    # a lead whose judgment has several defendants, so that landing on the right one means something
    lead = next(x for x in found["items"] if len(documents[x["id"]]["fields"]["defendants"]) > 1)
    judgment, evidence = documents[lead["id"]], lead["evidence"]
    person = _defendant_of(judgment, evidence["id_number"])

    page = page_as("prosecutor")
    page.goto(f"{base_url}/leads/{lead['id']}")
    links = page.locator('[data-test="evidence-document"]')
    expect(links).to_have_count(2)
    assert links.all_inner_texts() == [evidence["document_id"], evidence["i.document_id"]]
    links.first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    flashed = page.locator("mark.flash")
    expect(flashed.first).to_be_in_viewport()
    assert flashed.first.get_attribute("data-field") == "sentence"
    assert flashed.first.get_attribute("data-defendant") == str(person)
    expect(page.locator('[data-test="document-title"]')).to_contain_text(
        judgment["fields"]["case_number"]
    )

    page.go_back()
    links.nth(1).click()
    page.wait_for_url(re.compile(r"/documents/"))
    indictment = api.get(f"/api/documents/{quote(evidence['i.document_id'])}")
    flashed = page.locator("mark.flash")
    expect(flashed.first).to_be_in_viewport()
    assert flashed.first.get_attribute("data-field") == "recommendation"
    assert flashed.first.get_attribute("data-defendant") == str(
        _defendant_of(indictment, evidence["id_number"])
    )
