"""The demo county's map: one province, two cities, four districts and the offices in each.

Owns: place names and administrative codes, the offices that appear in the files (courts,
procuratorates, police, justice offices, hospitals, tax bureaus, prisons, banks), and which region
code an ID number carries for a resident born in a given year. Codes and their periods are those
of python-stdnum's region database (``cn/loc``): a number is valid there only if its code was in
force in the birth year, so residents born before a district existed carry an older code.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

PROVINCE = "浙江省"
PROVINCE_SHORT = "浙"
PROVINCE_PROCURATORATE = "浙江省人民检察院"
PROVINCE_HIGH_COURT = "浙江省高级人民法院"

PRISONS = (
    "浙江省第一监狱",
    "浙江省第二监狱",
    "浙江省第四监狱",
    "浙江省十里坪监狱",
    "浙江省女子监狱",
)
BANKS = (
    "中国工商银行浙江省分行",
    "中国建设银行浙江省分行",
    "中国农业银行浙江省分行",
    "招商银行杭州分行",
    "浙商银行",
    "杭州银行",
    "绍兴银行",
)

_ZJ_CODES: tuple[tuple[str, int | None, int | None], ...] = (
    ("330102", 1983, None), ("330105", 1983, None), ("330106", 1983, None),
    ("330108", 1996, None), ("330109", 2001, None), ("330110", 2001, None),
    ("330120", None, 1983), ("330121", None, 1987), ("330122", None, None),
    ("330123", None, 1994), ("330124", None, 1996), ("330125", None, 1994),
    ("330126", None, 1992), ("330127", None, None), ("330182", 1992, None),
    ("330203", 1983, None), ("330220", None, 1983), ("330320", None, 1983),
    ("330324", 1981, None), ("330602", 1983, None), ("330603", 2013, None),
    ("330621", 1983, 2013), ("330624", 1983, None), ("330681", 1989, None),
    ("330683", 1995, None),
)  # fmt: skip
"""Zhejiang county-level codes with the years python-stdnum holds them in force (None: open)."""


@dataclass(frozen=True)
class City:
    name: str
    code: str
    plate: str
    intermediate_court: str
    procuratorate: str
    police: str
    traffic_police: str


@dataclass(frozen=True)
class District:
    name: str
    code: str
    city: City
    home_codes: tuple[str, ...]
    justice_offices: tuple[str, ...]
    hospitals: tuple[str, ...]
    streets: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.city.name}{self.name}"

    @property
    def court(self) -> str:
        return f"{self.full_name}人民法院"

    @property
    def court_code(self) -> str:
        """The court's number in case numbers: （2024）浙0102刑初12号."""
        return f"{PROVINCE_SHORT}{self.code[2:]}"

    @property
    def procuratorate(self) -> str:
        return f"{self.full_name}人民检察院"

    @property
    def police(self) -> str:
        return f"{self.city.police}{self.name}分局"

    @property
    def traffic_brigade(self) -> str:
        return f"{self.city.traffic_police}{self.name[:-1]}大队"

    @property
    def justice_bureau(self) -> str:
        return f"{self.full_name}司法局"

    @property
    def tax_bureau(self) -> str:
        return f"国家税务总局{self.full_name}税务局"

    @property
    def market_regulator(self) -> str:
        return f"{self.full_name}市场监督管理局"

    @property
    def detention_centre(self) -> str:
        return f"{self.full_name}看守所"

    @property
    def civil_affairs(self) -> str:
        return f"{self.full_name}民政局"


HANGZHOU = City(
    "杭州市", "330100", "浙A", "杭州市中级人民法院", "杭州市人民检察院", "杭州市公安局",
    "杭州市公安局交通警察支队",
)  # fmt: skip
SHAOXING = City(
    "绍兴市", "330600", "浙D", "绍兴市中级人民法院", "绍兴市人民检察院", "绍兴市公安局",
    "绍兴市公安局交通警察支队",
)  # fmt: skip

DISTRICTS: tuple[District, ...] = (
    District(
        "上城区", "330102", HANGZHOU, ("330102",),
        ("湖滨司法所", "清波司法所", "小营司法所", "南星司法所"),
        ("杭州市上城区第一人民医院", "杭州市上城区中医院", "杭州康宁综合医院"),
        ("湖滨街道", "清波街道", "小营街道", "南星街道", "望江街道"),
    ),
    District(
        "西湖区", "330106", HANGZHOU, ("330106",),
        ("北山司法所", "西溪司法所", "翠苑司法所", "文新司法所"),
        ("杭州市西湖区人民医院", "杭州市西湖区中西医结合医院", "杭州仁和骨科医院"),
        ("北山街道", "西溪街道", "翠苑街道", "文新街道", "古荡街道"),
    ),
    District(
        "越城区", "330602", SHAOXING, ("330602",),
        ("府山司法所", "塔山司法所", "北海司法所", "城南司法所"),
        ("绍兴市越城区人民医院", "绍兴市越城区中医院", "绍兴安康医院"),
        ("府山街道", "塔山街道", "北海街道", "城南街道", "稽山街道"),
    ),
    District(
        "柯桥区", "330603", SHAOXING, ("330603", "330621"),
        ("柯桥司法所", "华舍司法所", "齐贤司法所", "安昌司法所"),
        ("绍兴市柯桥区人民医院", "绍兴市柯桥区中医医院", "绍兴瑞康医院"),
        ("柯桥街道", "华舍街道", "齐贤街道", "安昌街道", "柯岩街道"),
    ),
)  # fmt: skip
CITIES = (HANGZHOU, SHAOXING)
ALL_HOSPITALS = tuple(h for d in DISTRICTS for h in d.hospitals)


def _in_force(start: int | None, end: int | None, year: int) -> bool:
    return (start is None or start <= year) and (end is None or year <= end)


@cache
def codes_in_force(year: int) -> tuple[str, ...]:
    """Zhejiang codes valid on the ID number of someone born in ``year``."""
    return tuple(code for code, start, end in _ZJ_CODES if _in_force(start, end, year))


@cache
def _periods() -> dict[str, tuple[int | None, int | None]]:
    return {code: (start, end) for code, start, end in _ZJ_CODES}


def id_region(district: District, year: int, rng: random.Random) -> str:
    """Region code on the ID of a resident of ``district`` born in ``year``.

    Most residents carry their district's code of the time; the rest (and everyone born before
    the district had a code) were registered elsewhere in the province.
    """
    home = _home(district.home_codes, year)
    if home is not None and rng.random() < 0.85:
        return home
    codes = codes_in_force(year)
    return codes[int(rng.random() * len(codes))]


@cache
def _home(codes: tuple[str, ...], year: int) -> str | None:
    periods = _periods()
    return next((c for c in codes if _in_force(*periods[c], year)), None)
