"""Room for a run's bulk insert of new leads on SQLite: a larger page cache and memory map.

Every new lead adds an entry to each of the leads table's indexes and its trigrams to the title
search; with the store's everyday page cache (64 MiB, ``jiancha.store.db``) those index pages
are evicted and read back over and over, which measured about twice the time of the insert with
a cache that holds them (``benchmarks/engine_bench.py``, ``docs/leads.md``). The larger cache
and the memory map hold for the insert only and are put back after it, on this connection
alone; durability is unchanged (WAL, ``synchronous=NORMAL``: no pragma here touches either).

Owns: the pragmas of the bulk insert. Must not touch the store's settings outside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

CACHE_KIB = 262_144  # 256 MiB of pages while inserting (negative cache_size: KiB)
MAP_BYTES = 1 << 30  # read index pages through a memory map rather than copies


@contextmanager
def roomy_cache(connection: Connection) -> Iterator[None]:
    """On SQLite: a 256 MiB page cache and a 1 GiB memory map while the block runs, then the
    connection's own settings again. Elsewhere: no effect."""
    if connection.dialect.name != "sqlite":
        yield
        return
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    mapped = connection.exec_driver_sql("PRAGMA mmap_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = {-CACHE_KIB}")
    connection.exec_driver_sql(f"PRAGMA mmap_size = {MAP_BYTES}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
        connection.exec_driver_sql(f"PRAGMA mmap_size = {int(mapped)}")
