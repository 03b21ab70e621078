"""Sentences as the county's courts hand them down.

Owns: the charges tried in the county with their usual penalties (kind, term, chance of 缓刑, fine
range, chance of 逮捕 before trial), :class:`Sentence` (with the wording judgments use:
有期徒刑一年六个月，缓刑二年) and :func:`sentence_for`, which draws a typical sentence for a charge.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from jiancha.demo.county.core import cn_term

CUSTODIAL = ("有期徒刑", "拘役", "无期徒刑")
# charge: weight, base kind, term months (lo, hi), chance of probation, fine yuan (lo, hi) or None,
# chance the defendant was arrested (逮捕) before trial
CHARGES: dict[str, tuple[float, str, int, int, float, tuple[int, int] | None, float]] = {
    "危险驾驶罪": (25, "拘役", 1, 6, 0.45, (2000, 20000), 0.05),
    "盗窃罪": (18, "有期徒刑", 6, 48, 0.3, (1000, 50000), 0.5),
    "帮助信息网络犯罪活动罪": (12, "有期徒刑", 6, 24, 0.5, (2000, 20000), 0.3),
    "诈骗罪": (10, "有期徒刑", 6, 120, 0.25, (5000, 200000), 0.6),
    "故意伤害罪": (7, "有期徒刑", 6, 60, 0.35, None, 0.5),
    "开设赌场罪": (5, "有期徒刑", 6, 60, 0.3, (10000, 100000), 0.5),
    "掩饰、隐瞒犯罪所得罪": (5, "有期徒刑", 6, 36, 0.5, (2000, 30000), 0.3),
    "寻衅滋事罪": (4, "有期徒刑", 6, 36, 0.3, None, 0.6),
    "交通肇事罪": (4, "有期徒刑", 6, 36, 0.6, None, 0.1),
    "贩卖毒品罪": (4, "有期徒刑", 6, 180, 0.05, (2000, 100000), 0.9),
    "非法吸收公众存款罪": (2, "有期徒刑", 12, 96, 0.2, (50000, 500000), 0.7),
    "聚众斗殴罪": (2, "有期徒刑", 6, 60, 0.3, None, 0.6),
    "职务侵占罪": (1, "有期徒刑", 6, 60, 0.4, (10000, 100000), 0.4),
}


@dataclass(frozen=True)
class Sentence:
    charge: str
    kind: str  # 有期徒刑 拘役 无期徒刑 管制 单处罚金 免予刑事处罚
    months: int | None
    probation_months: int | None  # 缓刑考验期, None when not suspended
    pretrial: str  # 逮捕 取保候审 监视居住
    fine: int  # yuan, 0 for none

    @property
    def probation(self) -> bool:
        return self.probation_months is not None

    @property
    def custodial(self) -> bool:
        return self.kind in CUSTODIAL and not self.probation

    @property
    def supervised(self) -> bool:
        """Executed in the community: 缓刑 or 管制."""
        return self.probation or self.kind == "管制"

    def describe(self) -> str:
        if self.kind == "无期徒刑" or self.months is None:
            text = self.kind
        else:
            text = f"{self.kind}{cn_term(self.months)}"
        if self.probation_months is not None:
            text += f"，缓刑{cn_term(self.probation_months)}"
        return text


def sentence_for(rng: random.Random, charge: str, probation: bool | None = None) -> Sentence:
    """A sentence typical of ``charge``; ``probation`` forces or forbids 缓刑 when given."""
    _, kind, lo, hi, p_probation, fines, p_arrest = CHARGES[charge]
    months = rng.randint(lo, hi)
    if kind == "有期徒刑" and rng.random() < 0.12 and lo <= 6:
        kind, months = "拘役", rng.randint(2, 6)
    suspendable = kind == "拘役" or months <= 36
    suspend = (rng.random() < p_probation) if probation is None else probation
    term: int | None = None
    if suspend and suspendable:
        floor = 2 if kind == "拘役" else 12
        ceiling = 12 if kind == "拘役" else 60
        term = min(ceiling, max(floor, months + rng.randint(0, 24)))
    elif suspend:
        months, term = 36, 36 + rng.randint(0, 24)
    arrested = rng.random() < p_arrest and term is None
    pretrial = "逮捕" if arrested else rng.choice(("取保候审", "取保候审", "取保候审", "监视居住"))
    fine = rng.randrange(fines[0], fines[1] + 1, 1000) if fines else 0
    return Sentence(charge, kind, months, term, pretrial, fine)


def vary(rng: random.Random, s: Sentence) -> Sentence:
    """Now and then a lighter or heavier penalty than the charge's usual one."""
    roll = rng.random()
    if roll < 0.03:
        months = min(24, max(3, s.months or 6))
        return replace(s, kind="管制", months=months, probation_months=None, pretrial="取保候审")
    if roll < 0.06:
        fine = max(s.fine, 3000)
        return replace(s, kind="单处罚金", months=None, probation_months=None, fine=fine)
    if roll < 0.07:
        return replace(s, kind="免予刑事处罚", months=None, probation_months=None, fine=0)
    if roll < 0.09 and s.charge in ("贩卖毒品罪", "诈骗罪"):
        fine = max(s.fine, 100_000)
        return replace(s, kind="无期徒刑", months=None, probation_months=None, pretrial="逮捕",
                       fine=fine)  # fmt: skip
    return s


def serious(s: Sentence) -> bool:
    """Tried at first instance by an intermediate court: 无期徒刑, or ten years or more."""
    return s.kind == "无期徒刑" or (s.months or 0) >= 120
