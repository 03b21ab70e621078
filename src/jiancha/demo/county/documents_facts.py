"""The facts of the demo county's criminal cases, before any text is written about them.

Owns: the crimes the documents charge (article, whether the law mandates a fine, the range of
money involved), and the records of one case as each of its three documents states it: the
defendants with their measures, priors, acts per document, the prosecutor's 量刑建议 and the
court's penalty. Pure data: drawing facts is ``documents_cases``' job, words ``documents_words``'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jiancha.demo.county.geography import District

POLICE, INDICTMENT, JUDGMENT = "police", "indictment", "judgment"
DOCS = (POLICE, INDICTMENT, JUDGMENT)


@dataclass(frozen=True)
class Crime:
    article: str  # as cited: 第二百六十四条
    fine: bool  # the law mandates a fine (并处罚金 / 并处或者单处罚金)
    amounts: tuple[int, int] | None  # money involved, yuan, or None for crimes without
    weight: float  # share of the county's cases


CRIMES: dict[str, Crime] = {
    "危险驾驶罪": Crime("第一百三十三条之一第一款第（二）项", True, None, 25),
    "盗窃罪": Crime("第二百六十四条", True, (3_000, 79_000), 20),
    "帮助信息网络犯罪活动罪": Crime("第二百八十七条之二第一款", True, (200_000, 2_000_000), 12),
    "诈骗罪": Crime("第二百六十六条", True, (6_000, 98_000), 10),
    "故意伤害罪": Crime("第二百三十四条第一款", False, None, 8),
    "寻衅滋事罪": Crime("第二百九十三条第一款第（一）项", False, None, 5),
    "开设赌场罪": Crime("第三百零三条第二款", True, (20_000, 200_000), 5),
}


@dataclass(frozen=True)
class Act:
    """One count of the facts: what happened, when, to whom, and the money involved."""

    charge: str
    day: date
    amount: int | None
    victim: str
    place: str
    variant: int  # which of the charge's wordings describes it


@dataclass(frozen=True)
class Prior:
    charge: str
    judged: date
    court: str
    months: int
    released: date


@dataclass(frozen=True)
class Measure:
    kind: str  # 刑事拘留 逮捕 取保候审
    day: date
    by: str  # POLICE, INDICTMENT (the procuratorate) or JUDGMENT (the court)


@dataclass(frozen=True)
class Advice:
    """The 量刑建议: penalty kind, term range in months, probation, fine."""

    kind: str
    low: int
    high: int
    probation: bool | None
    fine: int | None


@dataclass(frozen=True)
class Penalty:
    """The court's disposition for one defendant."""

    kind: str  # 有期徒刑 拘役 管制
    months: int
    probation: int | None  # 缓刑考验期, months
    fine: int | None
    parts: tuple[tuple[str, int, int | None], ...] = ()  # 数罪并罚: (charge, months, fine)
    start: date | None = None
    end: date | None = None


@dataclass
class Defendant:
    person: int
    name: str
    id_number: str
    male: bool
    birth: date
    home: str  # 户籍所在地
    address: str
    ethnicity: str
    education: str
    job: str
    measures: tuple[Measure, ...]
    custody: bool  # held from the first 刑事拘留 until the judgment
    acts: dict[str, tuple[Act, ...]]  # per document
    advice: Advice
    penalty: Penalty
    prior: Prior | None = None
    recidivist: bool = False
    present: set[str] = field(default_factory=lambda: set(DOCS))
    names: dict[str, str] = field(default_factory=dict)  # a document's misspelling
    wan_in: set[str] = field(default_factory=set)  # documents writing amounts as 万元

    def name_in(self, doc: str) -> str:
        return self.names.get(doc, self.name)

    def charges(self, doc: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.charge for a in self.acts[doc]))

    def amount(self, doc: str) -> int | None:
        amounts = [a.amount for a in self.acts[doc] if a.amount is not None]
        return sum(amounts) if amounts else None

    @property
    def held_from(self) -> date | None:
        """The first day of custody when held without a break until the judgment."""
        return self.custody_start if self.custody else None

    @property
    def custody_start(self) -> date | None:
        held = [m.day for m in self.measures if m.kind in ("刑事拘留", "逮捕")]
        return min(held) if held else None


@dataclass
class Case:
    district: District
    defendants: list[Defendant]
    filed: date  # 立案
    police_day: date  # 移送审查起诉
    indictment_day: date
    judgment_day: date
    police_no: str = ""
    indictment_no: str = ""
    judgment_no: str = ""
    procedure: str = "简易程序"
    staff: dict[str, str] = field(default_factory=dict)

    def in_doc(self, doc: str) -> list[Defendant]:
        return [d for d in self.defendants if doc in d.present]
