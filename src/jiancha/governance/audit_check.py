"""Checking the audit trail against itself and against its anchors (``audit_anchor``).

``verify`` walks the entries in seq order and names each break: an entry whose content no longer
matches its hash (changed), missing seq numbers (deleted), an entry whose content is intact but
which carries another number than the one it was hashed under (reordered), and an entry whose
previous hash points at no stored entry (inserted). Someone who can write to the store can still
delete the newest entries, or rebuild the whole chain consistently; every anchor the chain no
longer contains says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.governance.audit import GENESIS, entry_hash
from jiancha.governance.audit_anchor import ANCHOR_FILE, anchor, anchors
from jiancha.store import AuditEntry

__all__ = ["ANCHOR_FILE", "Problem", "anchor", "verify"]

Kind = Literal["changed", "deleted", "inserted", "reordered", "anchor"]


@dataclass(frozen=True)
class Problem:
    kind: Kind
    seq: int | None
    message: str


WINDOW = 64  # how far from its stored seq a renumbered entry's first number is looked for


def _guess(entry: AuditEntry) -> int | None:
    """The seq near its own under which ``entry`` was hashed, when its predecessor is gone."""
    for shift in range(1, WINDOW + 1):
        for seq in (entry.seq + shift, entry.seq - shift):
            if seq > 0 and entry_hash(entry, seq) == entry.hash:
                return seq
    return None


def _original_seqs(entries: list[AuditEntry], intact: dict[int, bool]) -> dict[int, int]:
    """For each entry whose hash fails, the seq it was hashed under, found by following
    prev_hash back to an intact entry, to the start, or to an entry whose predecessor is gone
    (its number then guessed nearby); entries whose number is not found are left out."""
    by_hash = {e.hash: e for e in entries}
    found: dict[int, int] = {}
    lost: set[int] = set()
    for start in entries:
        path: list[AuditEntry] = []
        on_path: set[int] = set()
        e: AuditEntry | None = start
        base = None
        while e is not None and not intact[e.id] and e.id not in found and e.id not in lost:
            if e.id in on_path:  # forged links that loop
                e = None
                break
            path.append(e)
            on_path.add(e.id)
            if e.prev_hash == GENESIS:
                base, e = 0, None
            elif (e := by_hash.get(e.prev_hash)) is None and (first := _guess(path[-1])):
                base = first - 1
        if e is not None and e.id not in lost:
            base = found.get(e.id, e.seq)
        if base is None:
            lost.update(item.id for item in path)
            continue
        for step, item in enumerate(reversed(path), start=1):
            found[item.id] = base + step
    return found


def _renumbered(entries: list[AuditEntry], intact: dict[int, bool]) -> dict[int, int]:
    """Entries whose content is intact but which now carry another seq: id → original seq."""
    original = _original_seqs(entries, intact)
    return {
        e.id: original[e.id]
        for e in entries
        if not intact[e.id] and e.id in original and entry_hash(e, original[e.id]) == e.hash
    }


def _moved_problems(entries: list[AuditEntry], moved: dict[int, int]) -> list[Problem]:
    """One problem per renumbered entry: all pushed up means entries were inserted before them,
    all pulled down that a deletion was hidden, a mix that entries were reordered."""
    shifts = {e.seq - moved[e.id] for e in entries if e.id in moved}
    kind: Kind = "inserted" if min(shifts) > 0 else "deleted" if max(shifts) < 0 else "reordered"
    why = {
        "inserted": "其前被插入了记录",
        "deleted": "其前的记录被删除后重新编号",
        "reordered": "顺序被调换",
    }[kind]
    return [
        Problem(kind, e.seq, f"第 {e.seq} 条原为第 {moved[e.id]} 条：{why}")
        for e in entries
        if e.id in moved
    ]


def _chain(entries: list[AuditEntry]) -> list[Problem]:
    intact = {e.id: entry_hash(e) == e.hash for e in entries}
    moved = _renumbered(entries, intact)
    hashes = {e.hash for e in entries}
    problems = _moved_problems(entries, moved) if moved else []
    prev_seq, prev_hash, after_moved = 0, GENESIS, False
    for e in entries:
        linked = e.prev_hash == prev_hash
        forged = not intact[e.id] and not linked and e.prev_hash not in hashes
        if e.id not in moved and (
            e.seq < 1 or forged or (e.seq > prev_seq + 1 and not intact[e.id])
        ):
            # a forged row: reported, then left out of the links the next entry is checked against
            problems.append(Problem("inserted", e.seq, f"第 {e.seq} 条为插入的伪造记录"))
            continue
        if e.id in moved or (after_moved and intact[e.id]):
            pass
        elif e.seq > prev_seq + 1:
            missing = list(range(prev_seq + 1, e.seq))
            shown = "、".join(str(n) for n in missing[:20]) + ("…" if len(missing) > 20 else "")
            problems.append(Problem("deleted", missing[0], f"第 {shown} 条缺失：留痕被删除"))
        elif not intact[e.id]:
            problems.append(Problem("changed", e.seq, f"第 {e.seq} 条的内容与哈希不符：已被改动"))
        elif not linked and e.prev_hash in hashes:
            problems.append(
                Problem(
                    "reordered", e.seq, f"第 {e.seq} 条的前一条不是第 {prev_seq} 条：顺序被调换"
                )
            )
        elif not linked:
            problems.append(
                Problem(
                    "inserted",
                    e.seq,
                    f"第 {e.seq} 条不接续第 {prev_seq} 条：其间有记录被插入、删除或改写",
                )
            )
        prev_seq, prev_hash, after_moved = e.seq, e.hash, e.id in moved
    return problems


def verify(session: Session, anchor_file: Path | None = None) -> list[Problem]:
    """Every break in the chain, and every anchor (table and ``anchor_file``) it contradicts."""
    entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    problems = _chain(entries)
    stored = {e.seq: e.hash for e in entries}
    last = entries[-1].seq if entries else 0
    for where, seq, hash_ in anchors(session, anchor_file):
        if seq == 0 or stored.get(seq) == hash_:
            continue
        why = "日志在锚定后被截断或替换" if seq > last else "日志在锚定后被替换"
        problems.append(Problem("anchor", seq, f"{where}记录的第 {seq} 条与日志不符：{why}"))
    return problems
