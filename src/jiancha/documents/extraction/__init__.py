"""Reading fields out of criminal-case documents (刑事判决书, 起诉书, 起诉意见书).

Owns: rule-based, pure extraction of the document-level fields (number, court, offices, dates,
procedure) and the per-person fields (identity, compulsory measures, custody, charges, amounts,
the judgment's penalty, the indictment's 量刑建议) with character spans into the original text.
Must not touch: I/O, storage, the CLI or the API (``jiancha.documents.intake`` reads files and
stores results), and the Word drafts of ``jiancha.documents.drafts``.

Public API:
- ``extract(doc_id, text) -> dict``: the JSON object of one document (shape in docs/extraction.md);
  raises ``JianchaError`` only when the text is not a recognisable document.
- ``detect_type(text) -> "judgment" | "indictment" | "police_recommendation" | None``.
"""

from jiancha.documents.extraction.detect import DOC_TYPE_LABELS, detect_type
from jiancha.documents.extraction.extract import extract

__all__ = ["DOC_TYPE_LABELS", "detect_type", "extract"]
