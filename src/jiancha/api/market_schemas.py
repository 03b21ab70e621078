"""Request bodies and path parameters of the marketplace's publication routes (征集, the four
review steps, the model card, versions); responses are the plain dicts of
``jiancha.marketplace``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import Field

from jiancha.api.schemas import Form

ModelSlug = Annotated[str, Path(min_length=1, max_length=80, description="模型编号")]
Sha256 = Annotated[
    str, Path(pattern="^[0-9a-f]{64}$", description="附件内容的 SHA-256（64 位小写十六进制）")
]
REF = "版本号（只有一个版本用它时），或 SHA-256 的前 6 位以上"


class SubmissionForm(Form):
    """征集: the model card the author office writes, its named authors and, optionally, a new
    spec text (a new version) and a note to the reviewers."""

    authors: list[Annotated[str, Field(max_length=50)]] = Field(
        max_length=20, description="署名作者（冠名），至少一位"
    )
    background: str = Field(max_length=5000, description="背景要旨（中文，必填）")
    innovation: str = Field(max_length=5000, description="创新性（中文，必填）")
    scope: str = Field(max_length=5000, description="适用范围（中文，必填）")
    org: str | None = Field(
        default=None, max_length=200, description="提交的检察院（代码或名称；默认本人所在院）"
    )
    spec: str | None = Field(
        default=None,
        max_length=200_000,
        description="新的模型 YAML 全文（登记为新版本后提交）；不给时提交本院采用的版本",
    )
    changelog: str = Field(default="", max_length=2000, description="新版本的修改说明")
    note: str = Field(default="", max_length=5000, description="给审查人的说明")
