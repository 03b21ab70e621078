"""The county's residents and companies: valid ID numbers, names, credit codes.

Owns: :class:`Population` (each person's 18-digit ID number — region code in force in the birth
year, birth date, sequence whose parity gives the sex, ISO 7064 check digit — name and district)
and :class:`Company` records with unified social credit codes (GB 32100, organisation code with
its GB 11714 check character). Storyline persons are created on demand by the storyline that
owns them; the general population fills the county up to ``scale`` afterwards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric, uscc

from jiancha.demo.county import names
from jiancha.demo.county.geography import DISTRICTS, District, id_region

_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_SEQUENCES = tuple(f"{i:03d}" for i in range(1000))


class Population:
    """Persons, identified by their index; their ID numbers are unique."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.ids: list[str] = []
        self.names: list[str] = []
        self.births: list[date] = []
        self.districts: list[District] = []
        self._seen: set[str] = set()
        self._days: dict[int, tuple[date, str]] = {}

    def _day(self, ordinal: int) -> tuple[date, str]:
        """The day and its ``YYYYMMDD`` digits (cached: a county has ~25,000 birthdays)."""
        hit = self._days.get(ordinal)
        if hit is None:
            day = date.fromordinal(ordinal)
            hit = self._days[ordinal] = (day, f"{day.year}{day.month:02d}{day.day:02d}")
        return hit

    def __len__(self) -> int:
        return len(self.ids)

    def new(self, born_from: int, born_to: int, district: District | None = None) -> int:
        """A new person born between 1 January ``born_from`` and 31 December ``born_to``."""
        rng = self._rng
        rnd = rng.random
        place = district or DISTRICTS[int(rnd() * len(DISTRICTS))]
        male = rnd() < 0.5
        first = date(born_from, 1, 1).toordinal()
        span = date(born_to, 12, 31).toordinal() - first + 1
        while True:  # a random draw, repeated in the rare case the number is taken
            born, digits = self._day(first + int(rnd() * span))
            region = id_region(place, born.year, rng)
            body = region + digits + _SEQUENCES[int(rnd() * 500) * 2 + male]
            id18 = body + ric.calc_check_digit(body + "0")
            if id18 not in self._seen:
                break
        self._seen.add(id18)
        self.ids.append(id18)
        self.names.append(names.person_name(rng, male))
        self.births.append(born)
        self.districts.append(place)
        return len(self.ids) - 1

    def many(self, count: int, born_from: int, born_to: int) -> list[int]:
        return [self.new(born_from, born_to) for _ in range(count)]


@dataclass(frozen=True)
class Company:
    code: str
    name: str
    district: District
    legal_rep: int
    founded: date
    kind: str


def org_code(body8: str) -> str:
    """The 9-character organisation code: 8 characters and the GB 11714 check character."""
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + ("X" if check == 10 else "0" if check == 11 else str(check))


class Registry:
    """Companies with unique credit codes and unique names."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.companies: list[Company] = []
        self._codes: set[str] = set()
        self._names: set[str] = set()

    def credit_code(self, district: District) -> str:
        rng = self._rng
        while True:
            tail = "".join(rng.choice(_ORG_ALPHABET[:10]) for _ in range(4))
            body8 = "MA" + rng.choice("23456789") + rng.choice("ABCDEFGHJKLMNPQRTUWXY") + tail
            body17 = f"91{district.code}{org_code(body8)}"
            code = body17 + uscc.calc_check_digit(body17)
            if code not in self._codes:
                self._codes.add(code)
                return code

    def new(
        self, kind: str, legal_rep: int, founded: date, district: District | None = None
    ) -> Company:
        rng = self._rng
        place = district or rng.choice(DISTRICTS)
        city = place.city.name[:-1]
        for attempt in range(1000):
            brand = names.trade_name(rng)
            if attempt >= 10:
                brand += rng.choice(names.TRADE_NAMES)
            if kind == "gas_station":
                name = f"{city}{place.name[:-1]}{brand}加油站有限公司"
            elif kind == "transport":
                name = f"{city}{brand}{rng.choice(names.TRANSPORT_INDUSTRIES)}有限公司"
            else:
                name = f"{city}{brand}{rng.choice(names.INDUSTRIES)}{rng.choice(names.FORMS)}"
            if name not in self._names:
                break
        self._names.add(name)
        company = Company(self.credit_code(place), name, place, legal_rep, founded, kind)
        self.companies.append(company)
        return company
