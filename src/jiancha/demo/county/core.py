"""The generator's shared state: rows per dataset, the ground truth, numbering, dates.

Owns: :class:`County` (the as-of date, seeded random streams, the rows of every dataset kept as
standard values until written), :class:`Truth` (planted violations and near-misses per template),
case-number counters, and the wording helpers the ground-truth reasons share. Rows hold standard
values (18-digit IDs, ``date``, money in fen, ``bool``); how they are written is ``forms``' job.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

import cn2an

from jiancha.demo.county.documents_facts import Case
from jiancha.demo.county.people import Population, Registry
from jiancha.demo.datasets import COUNTY

TABLE_TEMPLATES = (
    "custodial-sentence-not-executed",
    "community-correction-not-received",
    "reoffending-during-correction",
    "non-prosecution-without-admin-penalty",
    "unprosecuted-bribe-givers",
    "false-litigation-private-lending",
    "lending-funded-by-card-overdraft",
    "medical-claims-after-death",
    "concurrent-hospital-admissions",
    "fuel-station-under-declared",
    "disabled-employment-levy-unpaid",
    "fatal-accidents-same-company",
    "repeat-violent-offender",
    "fine-not-executed",
    "drunk-driver-licence-not-revoked",
    "detained-case-not-transferred",
)
"""The shipped templates over the county's datasets, in the order of docs/templates.md."""
DOCUMENT_TEMPLATES = (
    "review-probation-for-recidivist",
    "review-probation-not-allowed",
    "review-probation-period-out-of-range",
    "review-term-out-of-range",
    "review-mandatory-fine-missing",
    "review-custody-not-credited",
    "three-docs-suspect-not-indicted",
    "three-docs-defendant-not-judged",
    "three-docs-defendant-added",
    "three-docs-charge-changed",
    "three-docs-amount-differs",
    "three-docs-sentence-outside-recommendation",
)
"""The shipped templates over the county's documents: 即时审查 of judgments, then 三书比对."""
TEMPLATES = TABLE_TEMPLATES + DOCUMENT_TEMPLATES


@dataclass(frozen=True)
class BadId:
    """An ID number to be written with a wrong check digit: unreadable, so never a key."""

    id18: str


class Fen(int):
    """An amount of money in fen (1/100 yuan), kept exact until written."""

    __slots__ = ()

    @classmethod
    def yuan(cls, amount: int) -> Fen:
        return cls(amount * 100)


class Tables:
    """Rows of every county dataset, as tuples in the registry's column order."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[Any, ...]]] = {d.name: [] for d in COUNTY}
        self._order = {d.name: tuple(f.field for f in d.fields) for d in COUNTY}
        self._getters = {name: itemgetter(*order) for name, order in self._order.items()}

    def add(self, dataset: str, **values: Any) -> None:
        if len(values) != len(self._order[dataset]):
            order = self._order[dataset]
            missing = set(order) - set(values)
            extra = set(values) - set(order)
            raise ValueError(f"{dataset}: missing {missing}, unknown {extra}")
        self.rows[dataset].append(self._getters[dataset](values))


@dataclass
class Truth:
    """Planted violations (the ground truth) and near-misses, per template."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    near_misses: Counter[str] = field(default_factory=Counter)
    _keys: set[tuple[str, str]] = field(default_factory=set)

    def plant(self, template: str, subject_type: str, key: str, reason: str) -> None:
        assert template in TEMPLATES, template
        if (template, key) in self._keys:
            raise ValueError(f"{template}: {key} planted twice")
        self._keys.add((template, key))
        self.rows.append((template, subject_type, key, reason))

    def near_miss(self, template: str, count: int = 1) -> None:
        assert template in TEMPLATES, template
        self.near_misses[template] += count

    def planted(self) -> dict[str, int]:
        counts = Counter(row[0] for row in self.rows)
        return {t: counts[t] for t in TEMPLATES}


class Numbers:
    """Sequence numbers per (office, year, kind), starting somewhere plausible."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._next: dict[tuple[str, ...], int] = {}

    def next(self, *key: str) -> int:
        value = self._next.get(key)
        if value is None:
            value = self._rng.randrange(1, 200)
        self._next[key] = value + 1
        return value


@dataclass
class County:
    """Everything the storylines share while they build the county."""

    as_of: date
    seed: int
    scale: int
    tables: Tables = field(default_factory=Tables)
    truth: Truth = field(default_factory=Truth)
    cases: list[Case] = field(default_factory=list)  # the legal documents' criminal cases

    def __post_init__(self) -> None:
        self.numbers = Numbers(self.rng("numbers"))
        self.people = Population(self.rng("people"))
        self.registry = Registry(self.rng("companies"))

    def rng(self, topic: str) -> random.Random:
        """A random stream of its own for ``topic``: storylines do not disturb each other."""
        return random.Random(f"{self.seed}:{self.scale}:{self.as_of}:{topic}")

    def ago(self, days: int) -> date:
        return self.as_of - timedelta(days=days)

    def adult_days(self, person: int, age: int = 18) -> int:
        """Days from ``person``'s ``age``-th birthday to the as-of date (at least 1)."""
        born = self.people.births[person]
        birthday = years_before(born, -age)
        return max(1, (self.as_of - birthday).days)

    def per_thousand(self, rate: float, minimum: int = 0) -> int:
        """A count growing linearly with the number of persons."""
        return max(minimum, round(self.scale * rate / 1000))

    @property
    def planted_per_template(self) -> int:
        return max(3, round(self.scale / 1000))

    @property
    def near_misses_per_kind(self) -> int:
        return max(2, round(self.scale / 2000))


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_term(months: int) -> str:
    """一年六个月, 八个月, 三年 — a term of months as judgments write it."""
    years, rest = divmod(months, 12)
    text = f"{cn2an.an2cn(years)}年" if years else ""
    if rest:
        text += f"{cn2an.an2cn(rest)}个月"
    return text
