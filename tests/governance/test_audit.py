"""The audit trail: a hash chain that names each entry changed, deleted, inserted or reordered,
and anchors that prove the whole log was not cut back or replaced."""

from __future__ import annotations

import itertools
import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, text, update

from jiancha.governance.audit import GENESIS, entry_hash, record, utc_micro
from jiancha.governance.audit_check import anchor, verify
from jiancha.store import AuditAnchor, AuditEntry, Store

ACTIONS = ["login", "import", "run", "lead_move", "export", "lead_read"]


def fill(store: Store, n: int = 6) -> None:
    for i in range(n):
        with store.session() as session:
            record(
                session,
                actor=f"user{i % 2}",
                action=ACTIONS[i % len(ACTIONS)],
                object_type="lead",
                object_id=i + 100,
                rows=i * 10 if i % 2 else None,
                detail={"步骤": i, "b": [1, 2], "a": {"z": None, "y": "值"}},
            )


def problems(store: Store, file: Path | None = None) -> list[tuple[str, int | None]]:
    with store.session() as session:
        return [(p.kind, p.seq) for p in verify(session, file)]


def messages(store: Store, file: Path | None = None) -> list[str]:
    with store.session() as session:
        return [p.message for p in verify(session, file)]


def sql(store: Store, statement: Any, **params: Any) -> None:
    with store.session() as session:
        session.execute(statement, params)


def forged(seq: int, prev_hash: str, *, honest_hash: bool) -> dict[str, Any]:
    """A row as a forger would insert it: with a made-up hash, or one computed correctly."""
    row = AuditEntry(
        seq=seq,
        at=utc_micro(datetime.now(UTC)),
        actor="mallory",
        action="export",
        object_type="leads",
        object_id=None,
        rows=999,
        detail={},
        prev_hash=prev_hash,
    )
    row.hash = entry_hash(row) if honest_hash else "f" * 64
    return {c: getattr(row, c) for c in ("seq", "at", "actor", "action", "object_type")} | {
        "object_id": None,
        "rows": 999,
        "detail": {},
        "prev_hash": prev_hash,
        "hash": row.hash,
    }


def hash_of(store: Store, seq: int) -> str:
    with store.session() as session:
        found = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == seq))
    assert found is not None
    return found


def test_clean_chain_verifies_and_links(store: Store) -> None:
    fill(store)
    with store.session() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5, 6]
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert all(entry_hash(e) == e.hash for e in entries)  # read back: times and JSON agree
    assert entries[2].object_id == "102" and entries[1].rows == 10 and entries[0].rows is None
    assert problems(store) == []


def test_unknown_action_is_refused(store: Store) -> None:
    with store.session() as session, pytest.raises(ValueError, match="unknown audit action"):
        record(session, actor="a", action="dance", object_type="x")


@pytest.mark.parametrize(
    "column,value",
    [
        ("actor", "mallory"),
        ("rows", 12345),
        ("object_id", "999"),
        ("detail", {"步骤": 2, "b": [1, 2], "a": {"z": None, "y": "改"}}),
        ("at", datetime(2020, 1, 1, tzinfo=UTC)),
    ],
)
def test_a_changed_field_names_its_entry(store: Store, column: str, value: Any) -> None:
    fill(store)
    sql(store, update(AuditEntry).where(AuditEntry.seq == 3).values({column: value}))
    assert problems(store) == [("changed", 3)]
    assert messages(store) == ["第 3 条的内容与哈希不符：已被改动"]


def test_a_microsecond_shift_is_a_change(store: Store) -> None:
    fill(store)
    with store.session() as session:
        at = session.scalar(select(AuditEntry.at).where(AuditEntry.seq == 2))
    assert at is not None
    moved = utc_micro(at) + timedelta(microseconds=1)
    sql(store, update(AuditEntry).where(AuditEntry.seq == 2).values(at=moved))
    assert problems(store) == [("changed", 2)]


def test_a_deleted_entry_is_named(store: Store) -> None:
    fill(store)
    sql(store, delete(AuditEntry).where(AuditEntry.seq == 3))
    assert problems(store) == [("deleted", 3)]
    assert messages(store) == ["第 3 条缺失：留痕被删除"]
    sql(store, delete(AuditEntry).where(AuditEntry.seq.in_([1, 5])))
    assert problems(store) == [("deleted", 1), ("deleted", 3), ("deleted", 5)]


def test_a_forged_entry_appended_is_detected(store: Store) -> None:
    fill(store)
    sql(store, insert(AuditEntry).values(forged(7, "e" * 64, honest_hash=False)))
    assert problems(store) == [("inserted", 7)]
    sql(store, delete(AuditEntry).where(AuditEntry.seq == 7))
    sql(store, insert(AuditEntry).values(forged(7, "e" * 64, honest_hash=True)))
    assert problems(store) == [("inserted", 7)]


def test_a_forged_entry_with_an_odd_seq_is_not_read_as_a_deletion(store: Store) -> None:
    fill(store)
    sql(store, insert(AuditEntry).values(forged(100, hash_of(store, 6), honest_hash=False)))
    sql(store, insert(AuditEntry).values(forged(0, GENESIS, honest_hash=False)))
    assert problems(store) == [("inserted", 0), ("inserted", 100)]


def test_an_entry_inserted_in_the_middle_is_detected(store: Store) -> None:
    """Even a forger who knows the hash function must renumber what follows: each renumbered
    entry still carries the hash of its first number, and says so."""
    fill(store)
    sql(store, update(AuditEntry).where(AuditEntry.seq >= 3).values(seq=AuditEntry.seq + 1000))
    sql(store, update(AuditEntry).where(AuditEntry.seq > 1000).values(seq=AuditEntry.seq - 999))
    sql(store, insert(AuditEntry).values(forged(3, hash_of(store, 2), honest_hash=True)))
    assert problems(store) == [("inserted", 4), ("inserted", 5), ("inserted", 6), ("inserted", 7)]
    assert messages(store)[0] == "第 4 条原为第 3 条：其前被插入了记录"


def test_swapped_entries_are_reordered(store: Store) -> None:
    fill(store)
    for old, new in ((3, -3), (4, 3), (-3, 4)):
        sql(store, update(AuditEntry).where(AuditEntry.seq == old).values(seq=new))
    assert problems(store) == [("reordered", 3), ("reordered", 4)]
    assert messages(store) == [
        "第 3 条原为第 4 条：顺序被调换",
        "第 4 条原为第 3 条：顺序被调换",
    ]


def test_a_deletion_hidden_by_renumbering_is_detected(store: Store) -> None:
    fill(store)
    sql(store, delete(AuditEntry).where(AuditEntry.seq == 3))
    sql(store, update(AuditEntry).where(AuditEntry.seq > 3).values(seq=AuditEntry.seq - 1))
    assert problems(store) == [("deleted", 3), ("deleted", 4), ("deleted", 5)]
    assert messages(store)[0] == "第 3 条原为第 4 条：其前的记录被删除后重新编号"


def test_a_tail_cut_after_an_anchor_is_detected_by_table_and_file(
    store: Store, tmp_path: Path
) -> None:
    fill(store)
    file = tmp_path / "anchors.jsonl"
    with store.session() as session:
        made = anchor(session, "auditor", file)
    assert (made.seq, made.hash) == (6, hash_of(store, 6))
    line = json.loads(file.read_text(encoding="utf-8").splitlines()[0])
    assert line["seq"] == 6 and line["hash"] == made.hash and line["by"] == "auditor"
    fill(store, 2)  # the trail goes on after an anchor
    assert problems(store, file) == []
    sql(store, delete(AuditEntry).where(AuditEntry.seq > 4))
    assert problems(store, file) == [("anchor", 6), ("anchor", 6)]
    assert (
        messages(store, file)[1]
        == "锚点文件第 1 行记录的第 6 条与日志不符：日志在锚定后被截断或替换"
    )
    sql(store, delete(AuditAnchor))
    assert problems(store) == []  # without the file, the cut is invisible: hence the file
    assert problems(store, file) == [("anchor", 6)]


def test_a_replaced_log_is_detected_only_by_the_anchor_file(store: Store, tmp_path: Path) -> None:
    fill(store, 5)
    file = tmp_path / "anchors.jsonl"
    with store.session() as session:
        anchor(session, "auditor", file)
    sql(store, delete(AuditEntry))
    sql(store, delete(AuditAnchor))
    fill(store, 7)  # a fresh, consistent chain, anchored again by the forger
    with store.session() as session:
        anchor(session, "mallory", tmp_path / "elsewhere.jsonl")
    assert problems(store) == []
    assert problems(store, file) == [("anchor", 5)]
    assert messages(store, file) == ["锚点文件第 1 行记录的第 5 条与日志不符：日志在锚定后被替换"]


def test_an_empty_trail_anchors_and_verifies(store: Store, tmp_path: Path) -> None:
    file = tmp_path / "anchors.jsonl"
    with store.session() as session:
        made = anchor(session, "auditor", file)
    assert (made.seq, made.hash) == (0, GENESIS)
    assert problems(store, file) == []


def test_concurrent_appends_keep_one_chain(store: Store) -> None:
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            for i in range(15):
                with store.session() as session:
                    record(session, actor=name, action="lead_read", object_type="lead", object_id=i)
        except BaseException as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(f"t{n}",)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with store.session() as session:
        seqs = list(session.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)))
        actors = set(session.scalars(select(AuditEntry.actor)))
    assert seqs == list(range(1, 31)) and actors == {"t0", "t1"}
    assert problems(store) == []


def test_a_rolled_back_change_leaves_no_entry(store: Store) -> None:
    fill(store, 2)
    with pytest.raises(RuntimeError), store.session() as session:
        record(session, actor="a", action="export", object_type="leads", rows=3)
        raise RuntimeError("the export failed")
    with store.session() as session:
        assert session.scalar(select(text("max(seq)")).select_from(AuditEntry)) == 2
    assert problems(store) == []
