"""Request bodies and answers of the marketplace's views (browse, figures, adoption) and of
campaigns (专项); the figures themselves are the plain dicts of ``jiancha.marketplace``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, Field

from jiancha.api.schemas import MAX_ID, Form

CampaignId = Annotated[int, Path(ge=1, le=MAX_ID, description="专项编号")]


class BoundInput(Form):
    dataset: str = Field(max_length=200, description="绑定的数据集（本院可见）")
    fields: dict[str, Annotated[str, Field(max_length=200)]] = Field(
        default_factory=dict,
        max_length=200,
        description="字段与列名不同名时：字段 → 数据集的列名",
    )


class AdoptionForm(Form):
    """采用: bind every input of the version on the shelf to one of the office's datasets."""

    bindings: dict[str, BoundInput] = Field(
        max_length=50, description="模型输入 → 数据集及字段对应（可用模型列表中的 `bindings`）"
    )
    org: str | None = Field(
        default=None, max_length=200, description="采用的检察院（仅限没有所属检察院的用户）"
    )


class MarketPage(BaseModel):
    total: int = Field(description="符合条件的模型数")
    page: int
    size: int
    items: list[dict[str, Any]] = Field(description="本页模型")
    totals: dict[str, Any] = Field(
        description="符合条件的模型合计：模型数、被采用的模型数、采用的检察院数和采用次数"
        "（「N 个院 M 次」）"
    )


class CampaignForm(Form):
    """专项: name, business line, period, participating offices and models."""

    name: str = Field(min_length=1, max_length=200, description="专项名称（唯一）")
    line: str = Field(max_length=32, description="业务条线")
    starts_on: dt.date = Field(description="开始日期")
    ends_on: dt.date = Field(description="结束日期（含当日）")
    offices: list[Annotated[str, Field(max_length=200)]] = Field(
        min_length=1, max_length=500, description="参与的检察院（代码或名称），须在本院及下级院内"
    )
    models: list[Annotated[str, Field(max_length=80)]] = Field(
        min_length=1, max_length=100, description="专项的模型编号"
    )
    description: str = Field(default="", max_length=5000, description="说明")


class CampaignRunForm(Form):
    as_of: dt.date | None = Field(default=None, description="运行日期（默认今天），须在专项期限内")
    engine: str = Field(default="duckdb", pattern="^(duckdb|spark)$", description="引擎")
