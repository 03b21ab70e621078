"""Response shapes of the document API (文书): a page of documents and one document. Must not
touch: how documents are read or masked (``jiancha.documents.intake``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, Field

DocumentId = Annotated[str, Path(min_length=1, max_length=200, description="文书编号")]


class DocumentSummary(BaseModel):
    id: str = Field(description="文书编号")
    dataset: str = Field(description="数据集名称")
    version: int = Field(description="数据集版本")
    doc_type: str = Field(description="judgment、indictment 或 police_recommendation")
    doc_type_label: str = Field(description="刑事判决书、起诉书或起诉意见书")
    case_number: str | None = Field(description="文号（案号）")
    doc_date: str | None = Field(description="文书日期")
    defendants: list[str] = Field(description="被告人（犯罪嫌疑人）姓名，默认脱敏")
    masked: bool = Field(description="是否已脱敏")


class DocumentPage(BaseModel):
    total: int = Field(description="符合条件的总条数")
    page: int = Field(description="第几页（从 1 开始）")
    size: int = Field(description="每页条数")
    items: list[DocumentSummary] = Field(description="本页各条")


class Highlight(BaseModel):
    field: str = Field(description="字段（英文名）")
    label: str = Field(description="字段的中文名称")
    start: int = Field(description="在原文中的起始位置（字符）")
    end: int = Field(description="在原文中的结束位置（字符，不含）")
    defendant_no: int | None = Field(description="第几名被告人（文书级字段为空）")


class DocumentOut(BaseModel):
    id: str = Field(description="文书编号")
    dataset: str = Field(description="数据集名称")
    version: int = Field(description="数据集版本")
    doc_type: str = Field(description="judgment、indictment 或 police_recommendation")
    doc_type_label: str = Field(description="刑事判决书、起诉书或起诉意见书")
    text: str = Field(description="原文（默认脱敏；脱敏字符数与原文相同，高亮位置不变）")
    masked: bool = Field(description="是否已脱敏")
    fields: dict[str, Any] = Field(description="抽取的字段（默认脱敏）")
    highlights: list[Highlight] = Field(description="各字段在原文中的位置")
