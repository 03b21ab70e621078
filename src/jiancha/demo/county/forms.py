"""How each office writes its values: the messy but readable forms, counted as they are written.

Owns: turning a row of standard values into the cells of a file — ID numbers as 15-digit old
numbers, with a lower-case ``x``, in full-width digits or padded with spaces; the deliberately
unreadable ones (wrong check digit); credit codes in lower case or full width; dates as
``2024-03-05``, ``2024/3/5``, ``2024年3月5日``, ``20240305`` or spreadsheet dates; money as
``12,345.00``, ``1.5万元``, ``人民币五千元``, ``¥800``; 是/否; homophone typos in name columns;
blanks in columns no rule reads — and a count of every such cell per kind, for the manifest.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import cn2an

from jiancha.demo.county import names
from jiancha.demo.county.core import BadId, Fen
from jiancha.demo.county.draws import Weighted
from jiancha.demo.county.styles import Style
from jiancha.demo.datasets import DemoDataset

Cell = str | date
FULL_WIDTH = str.maketrans(
    "0123456789ABCDEFGHJKLMNPQRTUWXY",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ",
)
_WRONG = {c: "0123456789X".replace(c, "")[int(c) % 10 if c != "X" else 3] for c in "0123456789X"}


class Formatter:
    """Writes the rows of one dataset in its office's style, counting the forms it used."""

    def __init__(self, dataset: DemoDataset, style: Style, rng: random.Random) -> None:
        self.noise: Counter[str] = Counter()
        self._rng = rng
        self._style = style
        self._gbk = dataset.format == "csv-gbk"
        self._excel = dataset.format == "xlsx"
        self._date_form = Weighted(style.date_forms, style.date_weights)
        self._money_form = Weighted(style.money_forms, style.money_weights)
        blanks = dict(style.missing)
        self._cells: list[Callable[[Any], Cell]] = []
        for f in dataset.fields:
            cell = self._cell_writer(f.semantic, f.field in style.typo_fields)
            if f.field in blanks:
                cell = self._blanking(cell, blanks[f.field])
            self._cells.append(cell)

    def row(self, values: tuple[Any, ...]) -> list[Cell]:
        return [cell(v) for cell, v in zip(self._cells, values, strict=True)]

    def _cell_writer(self, semantic: str, typos: bool) -> Callable[[Any], Cell]:
        writers: dict[str, Callable[[Any], Cell]] = {
            "id_card": self._id_card,
            "credit_code": self._credit_code,
            "date": self._date,
            "money": self._money,
            "boolean": lambda v: "" if v is None else "是" if v else "否",
            "number": self._number,
        }
        if semantic == "person_name" and typos:
            return self._name
        return writers.get(semantic, _plain)

    def _blanking(self, cell: Callable[[Any], Cell], rate: float) -> Callable[[Any], Cell]:
        def blank(value: Any) -> Cell:
            if value is not None and self._rng.random() < rate:
                self.noise["missing"] += 1
                return ""
            return cell(value)

        return blank

    def _id_card(self, value: str | BadId | None) -> str:
        if value is None:
            return ""
        if isinstance(value, BadId):
            self.noise["id_unreadable"] += 1
            return value.id18[:17] + _WRONG[value.id18[17]]
        rng = self._rng
        if rng.random() >= self._style.id_mess:
            return value
        roll = rng.random()
        if value[17] == "X" and roll < 0.5:
            self.noise["id_lower_x"] += 1
            return value[:17] + "x"
        if roll < 0.45 and value[6:8] == "19":
            self.noise["id_15_digit"] += 1
            return value[:6] + value[8:17]
        if roll < 0.7 and not self._excel:
            self.noise["id_full_width"] += 1
            return value.translate(FULL_WIDTH)
        self.noise["id_spaces"] += 1
        return f" {value} " if roll < 0.85 else f"{value}  "

    def _credit_code(self, value: str | None) -> str:
        if value is None:
            return ""
        rng = self._rng
        if rng.random() >= self._style.credit_mess:
            return value
        roll = rng.random()
        if roll < 0.5:
            self.noise["credit_lower_case"] += 1
            return value.lower()
        if roll < 0.75:
            self.noise["credit_full_width"] += 1
            return value.translate(FULL_WIDTH)
        self.noise["credit_spaces"] += 1
        return f" {value}"

    def _date(self, value: date | None) -> Cell:
        if value is None:
            return ""
        form = self._date_form(self._rng)
        if form == "iso":
            return value.isoformat()
        self.noise[f"date_{form}"] += 1
        if form == "slash":
            return f"{value.year}/{value.month}/{value.day}"
        if form == "chinese":
            return f"{value.year}年{value.month}月{value.day}日"
        if form == "compact":
            return f"{value.year}{value.month:02d}{value.day:02d}"
        return value  # "excel": a real spreadsheet date cell

    def _money(self, value: Fen | None) -> str:
        if value is None:
            return ""
        yuan, cents = divmod(int(value), 100)
        form = self._money_form(self._rng)
        if form == "wan" and not cents and yuan >= 1000 and yuan % 100 == 0:
            self.noise["money_wan"] += 1
            return f"{Decimal(yuan).scaleb(-4).normalize():f}万元"
        if form == "chinese" and not cents and 0 < yuan < 10**8:
            self.noise["money_chinese"] += 1
            return f"人民币{cn2an.an2cn(yuan)}元"
        if form == "yen":
            self.noise["money_yen"] += 1
            sign = "￥" if self._gbk else "¥"
            return f"{sign}{yuan}" if not cents else f"{sign}{yuan}.{cents:02d}"
        if form == "comma":
            self.noise["money_comma"] += 1
            return f"{yuan:,}.{cents:02d}"
        return f"{yuan}.{cents:02d}"

    def _number(self, value: float | None) -> str:
        if value is None:
            return ""
        if self._rng.random() < self._style.comma_numbers:
            self.noise["number_comma"] += 1
            return f"{value:,.2f}"
        return f"{value:.2f}"

    def _name(self, value: str | None) -> str:
        if value is None:
            return ""
        if self._rng.random() < self._style.typo_rate:
            wrong = names.typo(value)
            if wrong is not None:
                self.noise["name_typo"] += 1
                return wrong
        return value


def _plain(value: Any) -> str:
    return "" if value is None else str(value)
