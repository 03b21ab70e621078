"""The array twin of ID numbers against the Python type, value by value."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from jiancha import identifiers
from jiancha.catalogue.vectorised import idarrays
from jiancha.catalogue.vectorised.idarrays import COMPACTABLE, region_years, standard_ids
from jiancha.identifiers import Invalid
from jiancha.identifiers.id_card import region_last_year
from tests.catalogue.test_vectorised_codes import CODES, id_numbers

ODD_18 = st.text(st.sampled_from("0123456789Xx /-０王\u00e9"), min_size=14, max_size=18)


def _python(value: str) -> str | Invalid:
    try:
        return str(identifiers.get("id_card").clean(value))
    except Invalid as exc:
        return exc


@given(st.lists(st.one_of(id_numbers(), ODD_18, st.none()), max_size=60))
def test_twin_vouches_exactly_for_what_python_accepts(values: list[str | None]) -> None:
    out = standard_ids(pa.array(values, pa.string()), dt.date.today()).to_pylist()
    for value, vouched in zip(values, out, strict=True):
        if value is None:
            assert vouched is None
            continue
        python = _python(value)
        if vouched is not None:
            assert vouched == python, value
        elif not isinstance(python, Invalid) and set(value) <= set(COMPACTABLE):
            raise AssertionError(f"a form the twin knows was not vouched for: {value}")


def test_upgraded_and_compacted_forms_are_the_python_values() -> None:
    body = "63012119850317123"
    full = body + ric.calc_check_digit(body + "0")
    x = (
        next(
            f"11010519491231{n:03d}"
            for n in range(1000)
            if ric.calc_check_digit(f"11010519491231{n:03d}0") == "X"
        )
        + "X"
    )
    forms = [
        "630121850317123",
        full.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        f"{full[:6]} {full[6:14]}\u3000{full[14:]}",
        f"{full[:6]}-{full[6:14]}\u2014{full[14:]}",
        "'" + full,
        x.lower(),
        x[:-1] + "ｘ",
    ]
    out = standard_ids(pa.array(forms), dt.date.today()).to_pylist()
    assert out == [_python(f) for f in forms]
    assert None not in out


def test_region_codes_not_in_force_are_left_to_python() -> None:
    ended = next(c for c in CODES if (region_last_year(c) or 0) < 9999)
    last = region_last_year(ended) or 0
    body = f"{ended}{last + 1}0101123"
    late = body + ric.calc_check_digit(body + "0")
    body = f"{ended}{last}0101123"
    in_time = body + ric.calc_check_digit(body + "0")
    unknown = "000000198503171234"
    out = standard_ids(pa.array([late, in_time, unknown]), dt.date.today()).to_pylist()
    assert out == [None, in_time, None]
    assert _python(late).reason == "地区码无效"


def test_a_slice_of_a_larger_array_reads_its_own_bytes() -> None:
    good = "11010519491231002X"
    assert _python(good) == good
    column = pa.array(["x" * 18, "630121198502301234", good, None, good.lower()])
    out = standard_ids(column.slice(1), dt.date.today()).to_pylist()
    assert out == [None, good, None, good]  # the lower-case x compacted


def test_future_birth_dates_and_year_zero_are_not_vouched_for() -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%Y%m%d")
    bodies = ["110105" + tomorrow + "123", "110105" + "00000101" + "123"]
    values = [b + ric.calc_check_digit(b + "0") for b in bodies]
    assert standard_ids(pa.array(values), dt.date.today()).to_pylist() == [None, None]


def test_region_years_agree_with_the_python_rule_on_every_code() -> None:
    table = region_years()
    known = {code: region_last_year(code) for code in CODES}
    for code, last in known.items():
        assert table[int(code)] == (last or 0), code
    assert (table > 0).sum() == sum(1 for last in known.values() if last is not None)


def test_the_database_walk_and_the_code_by_code_rule_give_one_table() -> None:
    walked = idarrays._two_level_regions()
    assert walked is not None  # the layout of the stdnum installed here
    assert walked == idarrays._regions_by_rule()
