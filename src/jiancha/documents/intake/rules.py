"""``jiancha documents rules``: install the shipped 即时审查 templates (``review-*``) on a judgments
dataset and, when all three datasets are given, the 三书比对 templates (``three-docs-*``), each
input bound to its document dataset column by column (``columns.binds_for``).
"""

from __future__ import annotations

from typing import Any

from jiancha.documents.intake.columns import binds_for, input_doc_type
from jiancha.errors import JianchaError
from jiancha.store import Store

REVIEW, THREE_DOCS = "review-", "three-docs-"


def install_document_rules(
    store: Store,
    judgments: str,
    indictments: str | None = None,
    police: str | None = None,
    org: str | None = None,
) -> list[dict[str, Any]]:
    """Install every fitting template, each input bound to the dataset of the document type it
    reads (by its label); what ``modelling.install`` answered for each."""
    from jiancha.modelling import install
    from jiancha.templates import load_templates

    if (indictments is None) != (police is None):
        raise JianchaError("三书比对需要同时给出 --indictments 和 --police（或都不给）")
    by_type = {"judgment": judgments}
    prefixes = [REVIEW]
    if indictments is not None and police is not None:
        by_type |= {"indictment": indictments, "police_recommendation": police}
        prefixes.append(THREE_DOCS)
    chosen = [t for t in load_templates() if t.id.startswith(tuple(prefixes))]
    if not chosen:
        raise JianchaError("没有找到文书审查模板（review-*、three-docs-*）")
    installed = []
    for spec in sorted(chosen, key=lambda t: t.id):
        datasets = {
            name: by_type[kind]
            for name, spec_input in spec.inputs.items()
            if (kind := input_doc_type(name, str(spec_input.label))) in by_type
        }
        installed.append(install(store, spec, binds_for(spec, datasets), org))
    return installed
