"""Building a run's leads in DuckDB from the result rows, whatever engine made them.

A run's result arrives as an Arrow table from DuckDB or Spark. Generated queries over it
compute, per row, the keyed fingerprint (all rows, first), then the subject, title, masked
title, evidence and explanation values of the new leads, in batches on a thread of their own
while the previous batch is stored — the same values :class:`jiancha.leads.build.LeadBuilder`
computes row by row in Python, which stays as the readable reference (a test checks the two
agree on every lead). Doing it in the engine keeps a run with many leads fast: Python then
only inserts them.

How a value is written depends on its Arrow type, so the query is generated per result
schema. All names and literals are quoted by SQLGlot; nothing from a spec is pasted as text.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Container, Iterator
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pyarrow as pa
from sqlglot import exp

from jiancha.governance.masking import mask_sql, mask_text
from jiancha.leads.build import LeadBuilder
from jiancha.modelling.compiler import AMOUNT

_FIELD = re.compile(r"\{([^{}]+)\}")
ORDER = "__jiancha_order"
FINGERPRINT = "__jiancha_fingerprint"
BATCH = 2_000  # new leads built per query while the previous batch is stored


def _pads(key: bytes) -> tuple[str, str]:
    """HMAC-SHA256's key XOR ipad and key XOR opad blocks, as hex (RFC 2104)."""
    block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in block).hex(), bytes(b ^ 0x5C for b in block).hex()


def _lit(text: str) -> exp.Expr:
    return exp.Literal.string(text)


def _sql(node: exp.Expr) -> str:
    return node.sql(dialect="duckdb")


class LeadQuery:
    """The lead-building query for one run's result schema."""

    def __init__(self, builder: LeadBuilder, schema: pa.Schema) -> None:
        self.builder = builder
        self.types = {field.name: field.type for field in schema}

    def col(self, physical: str) -> str:
        return _sql(exp.column(physical, quoted=True))

    def text(self, physical: str | None) -> str:
        """The value as ``plain`` would write it, as text (NULL stays NULL)."""
        if physical is None or physical not in self.types:
            return "NULL::VARCHAR"
        c, t = self.col(physical), self.types[physical]
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            return c
        if pa.types.is_boolean(t):
            return f"CASE WHEN {c} THEN 'true' WHEN NOT {c} THEN 'false' END"
        if pa.types.is_date(t):
            return f"strftime({c}, '%Y-%m-%d')"
        if pa.types.is_timestamp(t):
            return (
                f"CASE WHEN {c} = date_trunc('day', {c}) THEN strftime({c}, '%Y-%m-%d') "
                f"ELSE CAST({c} AS VARCHAR) END"
            )
        if pa.types.is_floating(t):
            return (
                f"CASE WHEN {c} = trunc({c}) AND abs({c}) < 1e15 "
                f"THEN CAST(CAST({c} AS BIGINT) AS VARCHAR) ELSE CAST({c} AS VARCHAR) END"
            )
        return f"CAST({c} AS VARCHAR)"

    def shown(self, physical: str | None) -> str:
        """The value as it reads in Chinese text (``shown``)."""
        if physical is not None and pa.types.is_boolean(self.types.get(physical, pa.null())):
            c = self.col(physical)
            return f"CASE WHEN {c} THEN '是' WHEN NOT {c} THEN '否' ELSE '（空）' END"
        return f"coalesce({self.text(physical)}, '（空）')"

    def json(self, physical: str | None) -> str:
        """The value as ``plain`` would put it in JSON."""
        if physical is None or physical not in self.types:
            return "NULL::JSON"
        c, t = self.col(physical), self.types[physical]
        if pa.types.is_boolean(t) or pa.types.is_integer(t):
            return f"to_json({c})"
        if pa.types.is_floating(t):
            return (
                f"CASE WHEN {c} = trunc({c}) AND abs({c}) < 1e15 "
                f"THEN to_json(CAST({c} AS BIGINT)) ELSE to_json({c}) END"
            )
        return f"to_json({self.text(physical)})"

    def _struct(self, pairs: list[tuple[str, str]]) -> str:
        """A JSON object of JSON-typed values, as a struct literal (``to_json`` embeds the
        values as they are); written once at the top with ``to_json``, which is several
        times faster than nesting ``json_object`` calls."""
        if not pairs:
            return "'{}'::JSON"
        return "{" + ", ".join(f"{_sql(_lit(k))}: {v}" for k, v in pairs) + "}"

    def _text(self, struct: str) -> str:
        return f"CAST(to_json({struct}) AS VARCHAR)"

    def _visible(self, name: str | None) -> str | None:
        return None if name is None else self.builder.physical.get(name)

    def fingerprint(self) -> str:
        """HMAC-SHA256 under the workspace secret of the sha256 over length-prefixed parts
        (model id, subject key, each evidence value), as ``jiancha.leads.build.fingerprint``:
        the key XOR ipad / opad blocks are computed here, the two hashes in SQL."""
        b = self.builder
        parts = [_sql(_lit(b.spec.id)), f"coalesce({self.text(b.key)}, '')"]
        parts += [self.text(p) for _, p in b.evidence]
        framed = [
            f"CASE WHEN {p} IS NULL THEN '-' ELSE length({p}) || ':' || {p} END" for p in parts
        ]
        unkeyed = "sha256(" + " || '|' || ".join(framed) + ")"
        inner, outer = _pads(b.key_bytes)
        hashed = f"unhex(sha256(unhex('{inner}') || encode({unkeyed})))"
        return f"sha256(unhex('{outer}') || {hashed})"

    def title(self, *, masked: bool = False) -> str:
        """The title; ``masked``: personal placeholders masked by their kind (the title as
        shown without an unmasking grant, before ID and phone numbers in it are masked)."""
        pieces: list[str] = []
        position = 0
        template = self.builder.spec.lead.title
        for match in _FIELD.finditer(template):
            pieces.append(_sql(_lit(template[position : match.start()])))
            physical = self._visible(match.group(1))
            kind = self.builder.personal.get(match.group(1)) if masked else None
            if kind is None:
                pieces.append(self.shown(physical))
            else:
                text = self.text(physical)
                hidden = mask_sql(kind, self.shown(physical))
                pieces.append(f"CASE WHEN {text} IS NULL THEN '（空）' ELSE {hidden} END")
            position = match.end()
        pieces.append(_sql(_lit(template[position:])))
        return "left(concat(" + ", ".join(pieces) + "), 2000)"

    def explanation(self) -> str:
        """A JSON array of one object per step: ``[{"values": {…}, "row": …, "on": […]}, …]``."""
        steps = []
        for e in self.builder.compiled.explanations:
            physical = self.builder.physical
            values = [(c, self.json(physical[c])) for c in e.columns if c in physical]
            pairs = [("values", self._struct(values))]
            row = physical.get("_row" if e.kind == "from" else f"{e.input}._row")
            if row:
                pairs.append(("row", self.json(row)))
            if e.kind.endswith("join"):
                keys = [self.json(physical.get(left)) for left, _ in e.on]
                pairs.append(("on", "json_array(" + ", ".join(keys) + ")"))
            if e.kind == "anomaly":
                pairs.append(("score", self.json(physical.get("score"))))
            steps.append(self._text(self._struct(pairs)))
        return "'[' || " + " || ',' || ".join(steps) + " || ']'"

    def _optional(self, physical: str | None) -> str:
        if physical is None:
            return "NULL::VARCHAR"
        return f"CASE WHEN {self.text(physical)} IS NULL THEN NULL ELSE {self.shown(physical)} END"

    def first_fingerprints(self, table: str) -> str:
        """Each distinct fingerprint with the first result row that has it, in result order."""
        return f"""SELECT fingerprint, min({ORDER}) AS {ORDER}
FROM (SELECT {self.fingerprint()} AS fingerprint, {ORDER} FROM {table})
GROUP BY fingerprint ORDER BY {ORDER}"""

    def leads(self, table: str) -> str:
        """The whole lead of every row of ``table``: result rows with their fingerprint."""
        b, lead = self.builder, self.builder.spec.lead
        evidence = self._text(self._struct([(n, self.json(p)) for n, p in b.evidence]))
        amount = self.col(AMOUNT) if AMOUNT in self.types else "NULL::DOUBLE"
        return f"""SELECT {FINGERPRINT} AS fingerprint,
  coalesce({self._optional(b.key)}, '') AS subject_key,
  {self._optional(self._visible(lead.subject_name))} AS subject_name,
  {self.title()} AS title,
  {self.title(masked=True)} AS title_masked,
  {self._optional(self._visible(lead.jurisdiction))} AS jurisdiction,
  {amount} AS amount,
  {evidence} AS evidence,
  {self.explanation()} AS explanation
FROM {table}
ORDER BY {ORDER}"""


@functools.cache
def _database() -> duckdb.DuckDBPyConnection:
    """One in-memory database per process for building leads (a cursor per run).

    It runs generated SQL only (identifiers and literals quoted by SQLGlot) over registered
    Arrow tables, and may not touch a file or the network.
    """
    return duckdb.connect(config={"enable_external_access": False, "lock_configuration": True})


def _build(sql: str, rows: pa.Table, fingerprints: list[str]) -> pa.Table:
    """The leads of result ``rows`` whose fingerprints are ``fingerprints``."""
    batch = rows.append_column(FINGERPRINT, pa.array(fingerprints, pa.string()))
    with _database().cursor() as con:
        con.register("batch", batch)
        built = con.sql(sql).to_arrow_table()
    titles = [mask_text(t) for t in built.column("title_masked").to_pylist()]
    index = built.schema.get_field_index("title_masked")
    return built.set_column(index, "title_masked", pa.array(titles, pa.string()))


def stream_leads(
    builder: LeadBuilder, table: pa.Table, known: Container[str] = (), chunk: int = BATCH
) -> tuple[list[str], Iterator[pa.Table]]:
    """Every distinct fingerprint of ``table`` (in result order), and the full leads of those
    not in ``known`` in batches of ``chunk``, in the same order.

    The fingerprints come first (one cheap query); the leads are then built batch after batch
    on a thread of their own (DuckDB releases the GIL), so that the caller can store one batch
    while the next is built. A re-run builds nothing it already has.
    """
    numbered = table.append_column(ORDER, pa.array(range(table.num_rows), pa.int64()))
    query = LeadQuery(builder, table.schema)
    with _database().cursor() as con:
        con.register("result", numbered)
        first = con.sql(query.first_fingerprints("result")).to_arrow_table()
    fingerprints: list[str] = first.column("fingerprint").to_pylist()
    orders = first.column(ORDER).to_pylist()
    wanted = [(o, fp) for o, fp in zip(orders, fingerprints, strict=True) if fp not in known]
    sql = query.leads("batch")

    def build(part: list[tuple[int, str]]) -> pa.Table:
        rows = numbered.take(pa.array([o for o, _ in part], pa.int64()))
        return _build(sql, rows, [fp for _, fp in part])

    def batches() -> Iterator[pa.Table]:
        if not wanted:
            return
        with ThreadPoolExecutor(1, thread_name_prefix="jiancha-leads") as pool:
            futures = [
                pool.submit(build, wanted[start : start + chunk])
                for start in range(0, len(wanted), chunk)
            ]
            try:
                for future in futures:
                    yield future.result()
            finally:  # the caller stopped early or failed: build no more
                for future in futures:
                    future.cancel()

    return fingerprints, batches()


def build_leads(
    builder: LeadBuilder, table: pa.Table, known: Container[str] = ()
) -> tuple[list[str], pa.Table]:
    """:func:`stream_leads` with the new leads in one table."""
    fingerprints, batches = stream_leads(builder, table, known)
    built = list(batches)
    if not built:
        empty = table.slice(0, 0).append_column(ORDER, pa.array([], pa.int64()))
        built = [_build(LeadQuery(builder, table.schema).leads("batch"), empty, [])]
    return fingerprints, pa.concat_tables(built)
