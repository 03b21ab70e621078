"""What to count and how to group it: :class:`StatsFilter`, and its resolution to ids.

A filter names models by slug, an office by code or name (meaning that office and its whole
subtree), an area, a line, the business lines a user is limited to (``lines``) and a period.
The period is in China time (UTC+8, no daylight saving) and applies to the day a lead was first
found (``first_seen_at``); both ends are included.
Resolving turns names into id lists once, in Python, so that the counting queries need no join.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.clock import CHINA
from jiancha.errors import JianchaError, NotFound
from jiancha.governance.orgs import find_org, subtree_ids
from jiancha.modelling.spec import AREAS, LINES
from jiancha.stats.labels import AREA_LABELS, LINE_LABELS
from jiancha.store import Org, SupervisionModel

GROUPS: dict[str, str] = {
    "model": "模型",
    "org": "检察院",
    "area": "四大检察",
    "line": "业务条线",
    "month": "月份",
    "total": "合计",
}


def parse_day(value: str | None, what: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` date from the command line, refused in plain words."""
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise JianchaError(f"{what}“{value}”不是有效日期", hint="格式为 YYYY-MM-DD") from None


def _choices(labels: dict[str, str]) -> str:
    return "、".join(f"{k}（{v}）" for k, v in labels.items())


@dataclass(frozen=True)
class StatsFilter:
    """Which leads to count and by what to group them (``total``: one figure set)."""

    models: tuple[str, ...] = ()
    org: str | None = None
    area: str | None = None
    line: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    group_by: str = "model"
    lines: tuple[str, ...] = ()
    """The business lines of a user limited to some (``User.lines``): only models of these
    lines are counted, in addition to ``line``; empty: every line."""

    def check(self) -> None:
        if self.group_by not in GROUPS:
            raise JianchaError(f"不能按“{self.group_by}”分组统计", hint=f"可用：{_choices(GROUPS)}")
        if self.area is not None and self.area not in AREAS:
            raise JianchaError(f"没有“{self.area}”这一检察领域", hint=_choices(AREA_LABELS))
        if self.line is not None and self.line not in LINES:
            raise JianchaError(f"没有“{self.line}”这一业务条线", hint=_choices(LINE_LABELS))
        for line in self.lines:
            if line not in LINES:
                raise JianchaError(f"没有“{line}”这一业务条线", hint=_choices(LINE_LABELS))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise JianchaError(
                f"起始日期 {self.date_from} 晚于截止日期 {self.date_to}",
                hint="--from 应不晚于 --to",
            )

    def as_dict(self) -> dict[str, Any]:
        limited = {"lines": list(self.lines)} if self.lines else {}
        return {
            "group_by": self.group_by,
            "models": list(self.models),
            "org": self.org,
            "area": self.area,
            "line": self.line,
            "from": None if self.date_from is None else self.date_from.isoformat(),
            "to": None if self.date_to is None else self.date_to.isoformat(),
            **limited,
        }


@dataclass(frozen=True)
class ModelInfo:
    id: int
    slug: str
    name: str
    area: str
    line: str
    org_id: int | None


@dataclass(frozen=True)
class Scope:
    """A filter resolved to ids: ``None`` means no restriction on that column."""

    models: dict[int, ModelInfo]
    model_ids: list[int] | None = None
    org: Org | None = None
    org_ids: list[int] | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    orgs: dict[int, Org] = field(default_factory=dict)


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), CHINA).astimezone(dt.UTC)


def resolve(session: Session, f: StatsFilter, *, by_model_org: bool = False) -> Scope:
    """Resolve ``f``: model slugs, area and line(s) to model ids; the office to its subtree's ids.

    ``by_model_org`` (the ledgers) restricts the *models* to those installed by the subtree
    instead of restricting the leads to those routed to it.
    """
    f.check()
    every = [
        ModelInfo(m.id, m.slug, m.name, m.area, m.line, m.org_id)
        for m in session.scalars(select(SupervisionModel).order_by(SupervisionModel.slug))
    ]
    unknown = sorted(set(f.models) - {m.slug for m in every})
    if unknown:
        known = "、".join(m.slug for m in every) or "（无）"
        raise NotFound(f"模型 `{'、'.join(unknown)}` 未安装", hint=f"已安装：{known}")
    chosen = [
        m
        for m in every
        if (not f.models or m.slug in f.models)
        and f.area in (None, m.area)
        and f.line in (None, m.line)
        and (not f.lines or m.line in f.lines)
    ]
    narrowed = bool(f.models) or f.area is not None or f.line is not None or bool(f.lines)
    org = None if f.org is None else find_org(session, f.org)
    org_ids = None if org is None else subtree_ids(session, org)
    if by_model_org and org_ids is not None:
        chosen = [m for m in chosen if m.org_id is not None and m.org_id in org_ids]
        narrowed, org_ids = True, None
    return Scope(
        models={m.id: m for m in chosen},
        model_ids=[m.id for m in chosen] if narrowed else None,
        org=org,
        org_ids=org_ids,
        since=None if f.date_from is None else _start_of(f.date_from),
        until=None if f.date_to is None else _start_of(f.date_to + dt.timedelta(days=1)),
        orgs={o.id: o for o in session.scalars(select(Org).order_by(Org.path))},
    )
