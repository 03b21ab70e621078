"""The title search with its indexes filled after the run (SQLite, migration 0020): a lead is
found from the moment it is stored, before and after its title is indexed; one- and
two-character searches answer exactly what ``LIKE`` would, from ``leads_grams``; updates,
deletes and an id used again after a delete at the top keep the indexes right."""

from __future__ import annotations

import pyarrow as pa
import pytest
from sqlalchemy import func, select, text, update

from jiancha.leads import LeadFilter, search_leads
from jiancha.leads.confine import LOCAL
from jiancha.leads.insert import insert_new
from jiancha.leads.search import title_contains
from jiancha.leads.search_index import MARK, catch_up
from jiancha.store import Lead, Store, SupervisionModel
from tests.leads.test_insert import NOW, _model_and_run
from tests.modelling.fixtures import SPECS

SPEC = SPECS / "custodial.yaml"
TITLES = [
    "张*：乐都县人民法院判处有期徒刑",
    "李*在某某医院住院",
    "ABC公司 abc 100%_折扣\\",
    'x"y',
    "院",
    "住院院",
    "Zy05202号：“缓刑”",
    "",
]


def _store_leads(store: Store, titles: list[str], slug: str = "m") -> list[int]:
    """``titles`` stored by the run's bulk insert (unindexed on SQLite); their ids."""
    with store.session() as session:
        model, run = _model_and_run(session, slug)
        n = len(titles)
        batch = pa.table(
            {
                "fingerprint": [f"{slug}{i:060d}" for i in range(n)],
                "subject_key": [f"k{i}" for i in range(n)],
                "subject_name": [None] * n,
                "title": [f"{t}（未遮蔽身份证 330102199001011234）" for t in titles],
                "title_masked": titles,
                "jurisdiction": [None] * n,
                "amount": pa.array([None] * n, pa.float64()),
                "evidence": ["{}"] * n,
                "explanation": ["[]"] * n,
            }
        )
        insert_new(session, [batch], model.id, run.id, "person", NOW, lambda _: None)
        model_id = model.id
    with store.session() as session:
        return list(session.scalars(select(Lead.id).where(Lead.model_id == model_id)))


def _found(store: Store, words: str) -> set[int]:
    """The leads the list's search condition keeps (``search_leads`` uses it as is)."""
    dialect = store.engine.dialect.name
    with store.session() as session:
        found = set(session.scalars(select(Lead.id).where(title_contains(words, dialect))))
        total = session.scalar(select(func.count(Lead.id)).where(title_contains(words, dialect)))
    assert total == len(found)
    return found


def _expected(store: Store, words: str) -> set[int]:
    """What ``LIKE`` means, computed here: on SQLite ASCII letters' case is ignored."""
    sqlite = store.engine.dialect.name == "sqlite"
    fold = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
    with store.session() as session:
        rows = session.execute(select(Lead.id, Lead.title_masked)).all()
    if sqlite:
        return {i for i, t in rows if t is not None and words.translate(fold) in t.translate(fold)}
    return {i for i, t in rows if t is not None and words in t}


def _pieces() -> set[str]:
    """Every one- and two-character piece of the titles, some three-character ones, and
    pieces in none of them (or only in the unmasked titles)."""
    found = {t[i : i + n] for t in TITLES for n in (1, 2) for i in range(len(t) - n + 1)}
    return (
        found
        | {"乐都县", "住院院", "abc", "ABC", "%_", "0%", "\\", '"', "Z", "z"}
        | {
            "33",
            "身份",
            "医住",
            "q",
        }
    )


def test_short_searches_answer_what_like_would(store: Store) -> None:
    _store_leads(store, TITLES)
    for words in sorted(_pieces()):
        assert _found(store, words) == _expected(store, words), words
    assert _found(store, "身份") == set()  # in the unmasked titles only
    if store.engine.dialect.name == "sqlite":
        assert catch_up(store.engine) == len(TITLES)
        for words in sorted(_pieces()):
            assert _found(store, words) == _expected(store, words), words


def _mark(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT lead_id FROM {MARK}")).scalar_one())


def _plan(store: Store, words: str) -> str:
    query = select(Lead.id).where(title_contains(words, "sqlite"))
    with store.engine.connect() as conn:
        compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return " | ".join(str(r[-1]) for r in rows)


def test_leads_are_found_before_and_after_indexing(sqlite_store: Store) -> None:
    store = sqlite_store
    before = _mark(store)
    ids = _store_leads(store, TITLES)
    assert _mark(store) == before < min(ids)  # stored unindexed
    assert _found(store, "住院") == {ids[1], ids[5]}  # from the leads above the mark
    assert _found(store, "人民法院") == {ids[0]}
    assert catch_up(store.engine) == len(TITLES)
    assert _mark(store) == max(ids)
    assert catch_up(store.engine) == 0
    assert _found(store, "住院") == {ids[1], ids[5]}  # now from the indexes
    assert _found(store, "人民法院") == {ids[0]}
    assert "leads_grams VIRTUAL TABLE" in _plan(store, "住院")
    assert "leads_fts VIRTUAL TABLE" in _plan(store, "人民法院")
    with store.engine.connect() as conn:  # the trigram index agrees with the titles
        conn.exec_driver_sql("INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')")


def test_updates_deletes_and_an_id_used_again(sqlite_store: Store) -> None:
    store = sqlite_store
    ids = _store_leads(store, TITLES)
    catch_up(store.engine)
    top = max(ids)
    with store.session() as session:
        session.execute(update(Lead).where(Lead.id == ids[1]).values(title_masked="王*另案羁押"))
        session.delete(session.get(Lead, top))
        session.delete(session.get(Lead, ids[0]))
    assert _found(store, "羁押") == {ids[1]}
    assert _found(store, "住院") == {ids[5]}
    assert _found(store, "乐都") == set()
    assert _mark(store) == max(set(ids) - {top})  # lowered: SQLite gives `top` again
    again = _store_leads(store, ["再次住院"], slug="again")
    assert again == [top]  # the id of the deleted lead, at or below the old mark
    assert _found(store, "住院") == {ids[5], top}  # found although not indexed yet
    assert catch_up(store.engine) == 1
    for words in ("住院", "羁押", "院", "次住", "乐都", "人民法院"):
        assert _found(store, words) == _expected(store, words), words
    with store.engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO leads_fts(leads_fts) VALUES ('integrity-check')")
        conn.exec_driver_sql("INSERT INTO leads_grams(leads_grams) VALUES ('integrity-check')")


@pytest.mark.parametrize("words", ["院", "住院", "z", "%"])
def test_short_search_reads_the_masked_title_only(sqlite_store: Store, words: str) -> None:
    _store_leads(sqlite_store, ["某某"])
    catch_up(sqlite_store.engine)
    assert _found(sqlite_store, "33") == set()  # only in the unmasked title
    assert _found(sqlite_store, words) == _expected(sqlite_store, words)


def _listed(store: Store, words: str, sort: str) -> tuple[int, int, list[int]]:
    """The lead list's search, read three leads a page: its exact total, its total counted
    up to 2, and every page's ids in order."""
    shown: list[int] = []
    with store.session() as session:
        total = search_leads(session, LeadFilter(text=words, viewer=LOCAL))[0]
        limited = LeadFilter(text=words, viewer=LOCAL, count_limit=2)
        bounded = search_leads(session, limited)[0]
        while True:
            wanted = LeadFilter(text=words, viewer=LOCAL, sort=sort, offset=len(shown), limit=3)
            page = [lead["id"] for lead in search_leads(session, wanted)[1]]
            shown += page
            if len(page) < 3:
                return total, bounded, shown


def test_the_list_s_pages_and_counts_span_indexed_and_pending_leads(store: Store) -> None:
    """Half the leads indexed, half above the mark (on SQLite the search's FTS5 table and
    the pending leads are read as two arms, merged in id order): every piece's pages in both
    directions, its total and its bounded total are what ``LIKE`` gives."""
    _store_leads(store, TITLES)
    catch_up(store.engine)
    _store_leads(store, TITLES, slug="n")
    with store.session() as session:  # the list renders each lead's explanation from its spec
        session.execute(update(SupervisionModel).values(spec_text=SPEC.read_text("utf-8")))
    if store.engine.dialect.name == "sqlite":
        assert 0 < _mark(store) < max(_expected(store, "院"))
    for words in sorted(_pieces()):
        expected = sorted(_expected(store, words))
        total, bounded, ascending = _listed(store, words, "id")
        assert (total, bounded, ascending) == (len(expected), min(3, len(expected)), expected)
        assert _listed(store, words, "-id")[2] == expected[::-1], words
