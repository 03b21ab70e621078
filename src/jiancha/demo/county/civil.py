"""Private-lending suits and the lenders' credit cards (templates 6 and 7).

Owns: 民间借贷判决 rows (plaintiff lenders and defendant borrowers are persons of this storyline)
and the lenders' 信用卡透支 rows. In the background a lender files at most three suits and never
draws on a card (取现/POS消费) for as much as half a loan in the 30 days before lending it. Planted:
professional lenders with ten or more suits filed in the last 365 days, and loans funded by a
card withdrawal; near-misses: nine suits in the year (more before it), and card transactions
that are too small, too early, after the loan or repayments.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from jiancha.demo.county.core import BadId, County, Fen, cn_date
from jiancha.demo.county.criminal import case_number
from jiancha.demo.county.draws import Weighted, draw, pick
from jiancha.demo.county.geography import BANKS

T6, T7 = "false-litigation-private-lending", "lending-funded-by-card-overdraft"
CLOSINGS = ("判决", "调解", "撤诉", "驳回起诉")


def _person(county: County) -> int:
    return county.people.new(1955, county.as_of.year - 26)


def suit(
    county: County,
    rng: random.Random,
    lender: int,
    filed: date,
    *,
    loan: int | None = None,
    lent: date | None = None,
    closing: tuple[float, ...] = (50, 25, 20, 5),
) -> tuple[int, date]:
    """Write one suit of ``lender`` filed on ``filed``; return (loan in yuan, loan date)."""
    people = county.people
    borrower = _person(county)
    place = people.districts[lender]
    loan = loan or rng.randrange(10_000, 300_001, 1_000)
    lent = lent or filed - timedelta(days=rng.randint(60, 1500))
    closed = min(county.as_of, filed + timedelta(days=rng.randint(15, 180)))
    county.tables.add(
        "民间借贷判决",
        case_no=case_number(county, place, filed.year, "民初"),
        court=place.court,
        plaintiff_name=people.names[lender],
        plaintiff_id=people.ids[lender],
        defendant_name=people.names[borrower],
        defendant_id=people.ids[borrower],
        loan_amount=Fen.yuan(loan),
        loan_date=lent,
        filing_date=filed,
        closing_type=rng.choices(CLOSINGS, closing)[0],
        closing_date=closed,
    )
    return loan, lent


def card(county: County, rng: random.Random, person: int, kind: str, day: date, yuan: int) -> None:
    county.tables.add(
        "信用卡透支",
        name=county.people.names[person],
        person_id=county.people.ids[person],
        bank=pick(rng, BANKS),
        txn_type=kind,
        txn_date=day,
        amount=Fen.yuan(yuan),
    )


def background(county: County) -> None:
    rng = county.rng("lending")
    for _ in range(county.per_thousand(12, minimum=30)):
        lender = _person(county)
        loans = [
            suit(county, rng, lender, county.ago(rng.randint(1, 1800)))
            for _ in range(rng.choices((1, 2, 3), (70, 20, 10))[0])
        ]
        if rng.random() < 0.3:  # the lender's everyday card use stays far below any loan
            cap = min(loan for loan, _ in loans) * 0.4
            for _ in range(rng.randint(1, 6)):
                kind = rng.choice(("取现", "POS消费", "网上消费", "还款"))
                card(
                    county,
                    rng,
                    lender,
                    kind,
                    county.ago(rng.randint(1, 1800)),
                    rng.randint(100, max(200, int(cap))),
                )


def plant_professional_lenders(county: County) -> None:
    rng = county.rng("t6")
    for _ in range(county.planted_per_template):
        lender = _person(county)
        count = rng.randint(10, 25)
        for _ in range(count):
            suit(county, rng, lender, county.ago(rng.randint(5, 350)), closing=(30, 25, 45, 0))
        for _ in range(rng.randint(0, 5)):
            suit(county, rng, lender, county.ago(rng.randint(380, 1500)))
        county.truth.plant(
            T6, "person", county.people.ids[lender], f"近一年以原告身份提起民间借贷诉讼{count}件"
        )
    for _ in range(county.near_misses_per_kind):
        lender = _person(county)  # nine in the last year, more before it
        for _ in range(9):
            suit(county, rng, lender, county.ago(rng.randint(5, 350)))
        for _ in range(rng.randint(1, 4)):
            suit(county, rng, lender, county.ago(rng.randint(380, 700)))
        county.truth.near_miss(T6)


def plant_card_funded(county: County) -> None:
    rng = county.rng("t7")
    for i in range(county.planted_per_template):
        lender = _person(county)
        loan = rng.randrange(20_000, 200_001, 1_000)
        filed = county.ago(rng.randint(30, 1500))
        _, lent = suit(county, rng, lender, filed, loan=loan)
        days = rng.randint(1, 28)
        kind = rng.choice(("取现", "POS消费"))
        drawn = math.ceil(loan * rng.uniform(0.55, 1.0) / 100) * 100
        card(county, rng, lender, kind, lent - timedelta(days=days), drawn)
        if i % 2:
            card(county, rng, lender, "POS消费", lent - timedelta(days=days + 2), 800)
        county.truth.plant(
            T7,
            "person",
            county.people.ids[lender],
            f"{cn_date(lent)}出借{loan}元，{days}日前信用卡{kind}{drawn}元",
        )
    for _ in range(county.near_misses_per_kind):
        for kind, offset, share in (
            ("取现", -rng.randint(1, 28), 0.45),  # too small
            ("POS消费", -rng.randint(35, 60), 0.8),  # too early
            ("还款", -rng.randint(1, 28), 0.8),  # not a withdrawal
            ("取现", rng.randint(2, 20), 0.8),  # after the loan
        ):
            lender = _person(county)
            loan = rng.randrange(20_000, 200_001, 1_000)
            _, lent = suit(county, rng, lender, county.ago(rng.randint(30, 1500)), loan=loan)
            drawn = math.floor(loan * share / 100) * 100
            card(county, rng, lender, kind, min(county.as_of, lent + timedelta(days=offset)), drawn)
        county.truth.near_miss(T7, 4)


def general(county: County, persons: list[int], loners: list[int]) -> None:
    """Everyday card use of the general population (and a few unreadable loner rows)."""
    rng = county.rng("cards")
    kinds = Weighted(("取现", "POS消费", "网上消费", "还款", "分期"), (10, 40, 30, 15, 5))
    for person in persons:
        back = min(1100, county.adult_days(person))
        for _ in range(draw(rng, 1, 5)):
            card(
                county,
                rng,
                person,
                kinds(rng),
                county.ago(draw(rng, 1, back)),
                draw(rng, 50, 20_000),
            )
    for person in loners:
        county.tables.add(
            "信用卡透支",
            name=county.people.names[person],
            person_id=BadId(county.people.ids[person]),
            bank=rng.choice(BANKS),
            txn_type="POS消费",
            txn_date=county.ago(rng.randint(1, 900)),
            amount=Fen.yuan(rng.randint(50, 5000)),
        )
