"""Documents (文书): reading criminal-case documents, and drafting supervision documents.

Split by job, each sub-package with its own docstring:
- ``documents.extraction``: pure, rule-based reading of 刑事判决书 / 起诉书 / 起诉意见书 into
  structured fields with their passages (``extract``, ``detect_type``);
- ``documents.intake``: documents as data — reading files, importing them as catalogue datasets
  (one row per defendant, original texts kept), the document view with same-length masks, and
  installing the 即时审查 / 三书比对 templates (which are ordinary model specs in
  ``jiancha.templates``, so their findings are leads like any other);
- ``documents.drafts`` (this module's exports): draft 检察建议书 and 纠正违法通知书 (.docx from a
  Word template filled with a lead's facts, evidence, explanation and the model's legal basis,
  masked by default), the shipped templates and an office's own
  (``<workspace>/templates/documents/<kind>.docx``).
Must not touch: the lead workflow. This package reads leads, models and actions and never
changes a lead's state or records; issuing an action stays with ``jiancha.leads.actions``.
"""

from jiancha.documents.drafts import (
    KINDS,
    REVIEW,
    VARIABLES,
    Draft,
    check_kind,
    draft_document,
    draft_for_lead,
    template_path,
)
from jiancha.documents.extraction import DOC_TYPE_LABELS, detect_type, extract

__all__ = [
    "DOC_TYPE_LABELS",
    "KINDS",
    "REVIEW",
    "VARIABLES",
    "Draft",
    "check_kind",
    "detect_type",
    "draft_document",
    "draft_for_lead",
    "extract",
    "template_path",
]
