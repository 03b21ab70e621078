"""The demo county's procuratorates: 浙江省院, two 市院 and four 基层院, with the aliases that
route each lead to the office whose area it concerns (courts, police, justice offices, tax
bureaus, hospitals and place names of the county's map)."""

from __future__ import annotations

from sqlalchemy import select

from jiancha.demo.county.geography import (
    CITIES,
    DISTRICTS,
    PRISONS,
    PROVINCE,
    PROVINCE_HIGH_COURT,
    PROVINCE_PROCURATORATE,
)
from jiancha.governance.orgs import add_org
from jiancha.store import Org, Store

PROVINCE_CODE = "330000"


def set_up_offices(store: Store) -> str:
    """Add the county's office tree; returns the province's code (the templates' installer).
    A workspace that has the tree already (``jiancha demo`` run again) keeps it."""
    with store.session() as session:
        if session.scalar(select(Org.id).where(Org.code == PROVINCE_CODE)) is not None:
            return PROVINCE_CODE
    add_org(
        store,
        PROVINCE_CODE,
        PROVINCE_PROCURATORATE,
        "province",
        aliases=[PROVINCE, PROVINCE_HIGH_COURT, *PRISONS],
    )
    for city in CITIES:
        aliases = [city.name, city.intermediate_court, city.police, city.traffic_police]
        add_org(store, city.code, city.procuratorate, "city", PROVINCE_CODE, aliases)
    for d in DISTRICTS:
        aliases = [
            d.full_name,
            d.court,
            d.police,
            d.traffic_brigade,
            d.justice_bureau,
            d.tax_bureau,
            d.market_regulator,
            d.detention_centre,
            d.civil_affairs,
            *d.justice_offices,
            *d.hospitals,
        ]
        add_org(store, d.code, d.procuratorate, "district", d.city.code, aliases)
    return PROVINCE_CODE
