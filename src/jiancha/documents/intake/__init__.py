"""Documents as data (文书入库): reading document files, extracting and importing them as datasets.

Owns: reading INPUT (a JSON Lines file of ``{"id", "text"}`` or a folder of .txt/.docx),
running the extractor over every document without one bad document stopping the others, the
column registry of document datasets (one row per defendant) and the ``--bind`` pairs of
templates over them, importing through the catalogue with the original texts stored beside the
version (table ``documents``), masking a stored text with same-length masks, and installing the
document review templates. Must not touch: the extraction rules (``documents.extraction``), the
catalogue's import code, the templates themselves, or the Word drafts (``documents.drafts``).
"""

from jiancha.documents.intake.columns import DOC_TYPE_LABELS, binds_for, columns, rows_for
from jiancha.documents.intake.extracting import Extracted, extract_all, extract_one
from jiancha.documents.intake.importing import import_documents
from jiancha.documents.intake.reading import Read, read_documents
from jiancha.documents.intake.rules import install_document_rules
from jiancha.documents.intake.views import list_documents, show_document

__all__ = [
    "DOC_TYPE_LABELS",
    "Extracted",
    "Read",
    "binds_for",
    "columns",
    "extract_all",
    "extract_one",
    "import_documents",
    "install_document_rules",
    "list_documents",
    "read_documents",
    "rows_for",
    "show_document",
]
