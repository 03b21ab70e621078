"""Documents (文书): drafting supervision documents from leads; later, reading court judgments.

Owns: draft 检察建议书 and 纠正违法通知书 (.docx from a Word template filled with a lead's facts,
evidence, explanation and the model's legal basis, masked by default), the shipped templates and
an office's own templates (``<workspace>/templates/documents/<kind>.docx``). Later also: fields
extracted from judgments and indictments, and the three-document comparison.
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

__all__ = [
    "KINDS",
    "REVIEW",
    "VARIABLES",
    "Draft",
    "check_kind",
    "draft_document",
    "draft_for_lead",
    "template_path",
]
