"""Each office's habits: which messy forms its export uses, and how often.

Owns: one :class:`Style` per county dataset. Only readable variations are chosen here (the
unreadable ID numbers are planted row by row by the storylines); name typos are confined to the
name columns of secondary datasets and blanks to columns that no template reads.
"""

from __future__ import annotations

from dataclasses import dataclass

ISO = ("iso",)


@dataclass(frozen=True)
class Style:
    id_mess: float = 0.0
    """Share of ID cells written in another readable form (15 digits, x, full width, spaces)."""
    credit_mess: float = 0.0
    date_forms: tuple[str, ...] = ISO
    date_weights: tuple[float, ...] = (1.0,)
    money_forms: tuple[str, ...] = ("plain",)
    money_weights: tuple[float, ...] = (1.0,)
    comma_numbers: float = 0.0
    typo_fields: tuple[str, ...] = ()
    typo_rate: float = 0.0
    missing: tuple[tuple[str, float], ...] = ()
    """(field, share) pairs: blanks, only in fields that no template reads."""


_MONEY_ALL = ("plain", "comma", "wan", "chinese", "yen")
_COURT_DATES = ("iso", "chinese", "slash")
_XLSX_DATES = ("excel", "iso", "slash")

STYLES: dict[str, Style] = {
    "刑事判决": Style(
        id_mess=0.05, date_forms=_COURT_DATES, date_weights=(0.5, 0.3, 0.2),
        money_forms=_MONEY_ALL, money_weights=(0.2, 0.2, 0.25, 0.25, 0.1),
    ),
    "监狱收押": Style(
        id_mess=0.08, date_forms=_XLSX_DATES, date_weights=(0.6, 0.2, 0.2),
        typo_fields=("name",), typo_rate=0.02, missing=(("facility", 0.01),),
    ),
    "社区矫正": Style(
        id_mess=0.07, date_forms=("excel", "chinese", "iso"), date_weights=(0.5, 0.3, 0.2),
        typo_fields=("name",), typo_rate=0.02, missing=(("office", 0.01),),
    ),
    "羁押记录": Style(
        id_mess=0.05, date_forms=("iso", "compact", "slash"), date_weights=(0.6, 0.2, 0.2),
        typo_fields=("name",), typo_rate=0.015, missing=(("cause", 0.03), ("facility", 0.01)),
    ),
    "不起诉决定": Style(
        id_mess=0.04, date_forms=("chinese", "iso"), date_weights=(0.5, 0.5),
    ),
    "行政处罚": Style(
        id_mess=0.06, date_forms=("iso", "compact"), date_weights=(0.7, 0.3),
        money_forms=_MONEY_ALL, money_weights=(0.3, 0.3, 0.1, 0.1, 0.2),
        typo_fields=("name",), typo_rate=0.02, missing=(("offence", 0.02),),
    ),
    "行贿人名录": Style(
        id_mess=0.05, date_forms=("chinese", "excel"), date_weights=(0.5, 0.5),
        money_forms=("wan", "chinese", "comma"), money_weights=(0.4, 0.3, 0.3),
        missing=(("company", 0.03),),
    ),
    "民间借贷判决": Style(
        id_mess=0.05, date_forms=_COURT_DATES, date_weights=(0.4, 0.3, 0.3),
        money_forms=("plain", "comma", "wan", "chinese"), money_weights=(0.2, 0.3, 0.3, 0.2),
    ),
    "信用卡透支": Style(
        id_mess=0.06, date_forms=("iso", "compact"), date_weights=(0.6, 0.4),
        money_forms=("plain", "comma", "yen"), money_weights=(0.5, 0.3, 0.2),
        typo_fields=("name",), typo_rate=0.02, missing=(("bank", 0.02),),
    ),
    "医保结算": Style(
        id_mess=0.07, date_forms=("iso", "slash", "compact"), date_weights=(0.4, 0.3, 0.3),
        money_forms=("plain", "comma", "yen"), money_weights=(0.6, 0.3, 0.1),
        missing=(("institution", 0.01),),
    ),
    "住院记录": Style(
        id_mess=0.05, date_forms=("excel", "iso"), date_weights=(0.7, 0.3),
        money_forms=("plain", "comma"), money_weights=(0.7, 0.3),
    ),
    "死亡登记": Style(
        id_mess=0.06, date_forms=("iso", "chinese"), date_weights=(0.5, 0.5),
        typo_fields=("name",), typo_rate=0.02, missing=(("registrar", 0.01),),
    ),
    "成品油购进": Style(
        credit_mess=0.03, date_forms=("excel", "iso"), date_weights=(0.5, 0.5),
        money_forms=("plain", "comma"), money_weights=(0.5, 0.5), comma_numbers=0.5,
    ),
    "增值税申报": Style(
        credit_mess=0.05, date_forms=("iso", "compact"), date_weights=(0.5, 0.5),
        money_forms=("plain", "comma"), money_weights=(0.5, 0.5), comma_numbers=0.3,
    ),
    "用人单位用工": Style(
        credit_mess=0.04, money_forms=("comma", "wan", "plain"), money_weights=(0.4, 0.3, 0.3),
    ),
    "残保金缴纳": Style(
        credit_mess=0.06, date_forms=("iso", "slash"), date_weights=(0.6, 0.4),
        money_forms=("plain", "comma", "yen"), money_weights=(0.4, 0.4, 0.2),
    ),
    "工商登记": Style(
        id_mess=0.05, credit_mess=0.02, date_forms=("iso", "chinese"), date_weights=(0.7, 0.3),
        missing=(("phone", 0.05), ("address", 0.01)),
    ),
    "交通事故": Style(
        id_mess=0.05, credit_mess=0.04, date_forms=("iso", "slash"), date_weights=(0.6, 0.4),
        missing=(("plate", 0.01),),
    ),
    "公安案件": Style(
        id_mess=0.05, date_forms=("iso", "chinese"), date_weights=(0.8, 0.2),
        missing=(("police_unit", 0.01),),
    ),
    "审查起诉受案": Style(
        id_mess=0.04, typo_fields=("name",), typo_rate=0.02,
        missing=(("procuratorate", 0.01),),
    ),
    "驾驶证": Style(
        id_mess=0.09, date_forms=("excel", "iso"), date_weights=(0.5, 0.5),
        typo_fields=("name",), typo_rate=0.015, missing=(("licence_class", 0.01),),
    ),
    "罚金缴纳": Style(
        id_mess=0.05, date_forms=("iso", "slash"), date_weights=(0.7, 0.3),
        money_forms=("plain", "comma", "wan", "yen"), money_weights=(0.4, 0.2, 0.2, 0.2),
        typo_fields=("name",), typo_rate=0.02,
    ),
}  # fmt: skip
