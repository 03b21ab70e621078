"""Running the extractor over what was read: one JSON object per document, or ``{"id", "error"}``
for a document that could not be read or is not a recognisable document — never an exception,
so that one bad document never hides the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jiancha.documents.intake.reading import Read
from jiancha.errors import JianchaError

log = logging.getLogger("jiancha.documents")
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Extracted:
    """One document: the extractor's object (``doc``) and its original text, or an error."""

    id: str
    doc: dict[str, Any] | None = None
    text: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        if self.doc is None:
            return {"id": self.id, "error": self.error}
        return self.doc


def extract_one(item: Read) -> Extracted:
    """The extractor's reading of one document, or why there is none."""
    from jiancha.documents.extraction import extract

    if item.error is not None or item.text is None:
        return Extracted(item.id, error=item.error or "文书内容为空")
    try:
        doc = dict(extract(item.id, item.text))
    except JianchaError as error:
        return Extracted(item.id, error=error.message)
    except Exception:  # the extractor's own fault: this document only, logged for developers
        log.exception("extracting document %s failed", item.id)
        return Extracted(item.id, error="抽取该文书时发生内部错误，已记录，请联系系统管理员")
    doc["id"] = item.id
    if not doc.get("doc_type"):
        return Extracted(item.id, error="无法识别文书类型（应为刑事判决书、起诉书或起诉意见书）")
    return Extracted(item.id, doc, item.text)


def extract_all(items: Iterable[Read], progress: Progress | None = None) -> Iterator[Extracted]:
    """``extract_one`` over every item, telling ``progress`` how many are done."""
    for done, item in enumerate(items, start=1):
        yield extract_one(item)
        if progress is not None:
            progress(done)
