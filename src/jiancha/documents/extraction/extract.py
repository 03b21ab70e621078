"""The entry point: detect the document type and run the matching reader."""

from __future__ import annotations

from typing import Any

from jiancha.documents.extraction.detect import DOC_TYPE_LABELS, detect_type
from jiancha.documents.extraction.indictment import read_indictment
from jiancha.documents.extraction.judgment import read_judgment
from jiancha.documents.extraction.police import read_police
from jiancha.documents.extraction.text import normalize
from jiancha.errors import JianchaError


def extract(doc_id: str, text: str) -> dict[str, Any]:
    """Return the JSON object of one document (see docs/extraction.md for the shape)."""
    if not isinstance(text, str) or not text.strip():
        raise JianchaError(f"文书 {doc_id} 的正文为空")
    doc_type = detect_type(text)
    if doc_type is None:
        raise JianchaError(
            f"文书 {doc_id} 不是可识别的刑事判决书、起诉书或起诉意见书",
            hint="正文开头应有标题，如“刑事判决书”“起诉书”“起诉意见书”",
        )
    result: dict[str, Any] = {
        "id": doc_id,
        "doc_type": doc_type,
        "doc_type_label": DOC_TYPE_LABELS[doc_type],
        "case_number": None,
        "doc_date": None,
        "defendants": [],
        "spans": {},
        "warnings": [],
    }
    if doc_type == "judgment":
        result.update(
            court=None,
            procedure=None,
            judgment_date=None,
            prosecutor_office=None,
            indictment_number=None,
        )
        result.update(read_judgment(normalize(text)))
    elif doc_type == "indictment":
        result.update(
            prosecutor_office=None, court=None, investigating_agency=None, police_number=None
        )
        result.update(read_indictment(normalize(text)))
    else:
        result.update(investigating_agency=None, prosecutor_office=None)
        result.update(read_police(normalize(text)))
    return result
