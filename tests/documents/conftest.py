"""A lead to draft documents for: the DESIGN example model over the hand-made county."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from jiancha.leads import list_leads
from jiancha.modelling import install, load_spec_file
from jiancha.runs import run_model
from jiancha.store import Store
from tests.modelling.fixtures import AS_OF, BINDS, SPECS, load_county, pid

SLUG = "custodial-sentence-not-executed"


def masked_id(value: str) -> str:
    return f"{value[:6]}********{value[-4:]}"


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style, text) of every paragraph of a .docx."""
    document = Document(io.BytesIO(data))
    return [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]


def text(data: bytes) -> str:
    return "\n".join(t for _, t in paragraphs(data))


@pytest.fixture
def lead_id(store: Store, tmp_path: Path) -> int:
    """The lead on 张甲 (pid(1)): never taken into custody."""
    load_county(store, tmp_path)
    install(store, load_spec_file(SPECS / "custodial.yaml"), BINDS)
    run_model(store, SLUG, run_date=AS_OF)
    with store.session() as session:
        leads = {lead["subject_key"]: lead["id"] for lead in list_leads(session)}
    return leads[pid(1)]
