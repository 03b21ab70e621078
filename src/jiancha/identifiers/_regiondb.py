"""Fast look-ups in stdnum's region database (``cn/loc``), same answers as ``NumDB.info``.

Owns: finding the properties of a 6-digit region code. Must not touch: what the properties
mean for an ID number (:mod:`jiancha.identifiers.id_card`).

``NumDB.info`` scans every entry of a level for each code, ~150 µs a code; building the
fast path's table of all ~7 000 codes took a second per import. This walks the same levels by
the same rule (matches of the shortest length merged, their children searched next), but
over only the entries whose range holds the code's leading digits (found in a dict per level),
and remembers each level's answer for the digits it reads.
"""

from __future__ import annotations

from typing import Any

from stdnum import numdb

Level = list[tuple[int, str, str, dict[str, str], list[Any]]]


def _match(number: str, prefixes: Level) -> tuple[str, dict[str, str], Level]:
    """The part of ``number`` one level reads, its merged properties and the next level."""
    part = number
    properties: dict[str, str] = {}
    children: Level = []
    for length, low, high, props, kids in prefixes:
        if len(part) >= length and low <= part[:length] <= high:
            if length < len(part):
                part, properties, children = part[:length], {}, []
            properties.update(props)
            children.extend(kids)
    return part, properties, children


class _Index:
    """One level's entries by the digits they match, so a code scans only its candidates."""

    def __init__(self, prefixes: Level) -> None:
        self.prefixes = prefixes
        self.lengths = sorted({entry[0] for entry in prefixes})
        self.wide: list[int] = []
        self.by_digits: dict[str, list[int]] = {}
        for position, (length, low, high, _props, _kids) in enumerate(prefixes):
            plain = len(low) == len(high) == length and (low + high).isdigit()
            if not plain or int(high) - int(low) > 10_000:
                self.wide.append(position)
                continue
            for number in range(int(low), int(high) + 1):
                self.by_digits.setdefault(str(number).zfill(length), []).append(position)

    def candidates(self, number: str) -> Level:
        """Every entry that can match ``number``, in the level's order."""
        if not number.isascii() or not number.isdigit():
            return self.prefixes
        found = set(self.wide)
        for length in self.lengths:
            if len(number) >= length:
                found.update(self.by_digits.get(number[:length], ()))
        return [self.prefixes[i] for i in sorted(found)]


_indexes: dict[int, _Index] = {}
_answers: dict[tuple[int, str], tuple[str, dict[str, str], Level]] = {}
"""Each level's answer by its id and the digits it reads; holding the answers keeps every
level list (a merge of children) alive, so an id always names the same list."""


def _level(number: str, prefixes: Level) -> tuple[str, dict[str, str], Level]:
    # the rule reads at most the longest entry's digits, so they key the answer exactly
    index = _indexes.get(id(prefixes))
    if index is None:
        index = _indexes[id(prefixes)] = _Index(prefixes)
    key = number[: index.lengths[-1]] if index.lengths else ""
    found = _answers.get((id(prefixes), key))
    if found is None:
        found = _answers[(id(prefixes), key)] = _match(key, index.candidates(key))
    return found


def region_properties(code: str) -> dict[str, str]:
    """The properties of ``code`` over all levels, later levels winning (as ``info`` merges)."""
    merged: dict[str, str] = {}
    prefixes: Level = numdb.get("cn/loc").prefixes
    rest = code
    while rest and prefixes:
        part, props, prefixes = _level(rest, prefixes)
        merged.update(props)
        rest = rest[len(part) :]
    return merged
