"""Each PostgreSQL test's database: a copy of the migrated template, emptied and used again.

A test used to get a new database (``CREATE DATABASE … TEMPLATE``) and drop it afterwards. On
this two-core machine, under the suite's load, that cost 1–2.7 s a test (the copy writes the
whole template into the write-ahead log; ``DROP DATABASE`` forces a checkpoint), about 1,100 s
of the workers' time over the ~575 PostgreSQL tests. Here a database a test is done with is
emptied instead — its other connections ended, every row deleted and every sequence restarted,
in one transaction, 5–25 ms — and handed to the next test of the same process, which sees
exactly what a new copy would hold: the schema at the head and no row.

Only a database whose schema is still the template's is used again: its fingerprint (the
schemas, columns, indexes, constraints, triggers, functions, sequences, database settings and
migration version) must equal the template's. A test that changed any of them (a migration test
going down, a test making a table of its own) gets its database dropped, as before; so does
one whose emptying fails for any reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

FINGERPRINT = """
SELECT md5(string_agg(item, E'\\n' ORDER BY item)) FROM (
  SELECT 'schema ' || nspname AS item FROM pg_namespace
   WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
  UNION ALL SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name || ' '
         || ordinal_position || ' ' || data_type || ' ' || is_nullable || ' '
         || coalesce(column_default, '')
    FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
  UNION ALL SELECT 'index ' || schemaname || ' ' || indexdef FROM pg_indexes
   WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' '
         || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL SELECT 'trigger ' || tgrelid::regclass::text || ' ' || tgname FROM pg_trigger
   WHERE NOT tgisinternal
  UNION ALL SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  UNION ALL SELECT 'sequence ' || schemaname || '.' || sequencename || ' ' || start_value
    FROM pg_sequences
  UNION ALL SELECT 'setting ' || array_to_string(setconfig, ',') FROM pg_db_role_setting
   WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION ALL SELECT 'extension ' || extname || ' ' || extversion FROM pg_extension
  UNION ALL SELECT 'version ' || version_num FROM alembic_version
) AS parts
"""
"""One text that changes with anything in a database's schema a test could have changed."""


class DatabasePool:
    """The databases of one test process, made from ``template`` and used again when emptied."""

    def __init__(self, admin_url: str, template: str) -> None:
        self.admin_url = admin_url
        self.template = template
        self.admin: Engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.free: list[str] = []
        self.made: set[str] = set()
        self.expected: str | None = None  # the fingerprint of a new copy

    def url(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def take(self) -> str:
        """An empty database at the head: one emptied after an earlier test, else a new copy."""
        if self.free:
            return self.free.pop()
        name = f"jiancha_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        self.made.add(name)
        if self.expected is None:
            with self._connect(name) as conn:
                self.expected = conn.execute(text(FINGERPRINT)).scalar_one()
        return name

    def give_back(self, name: str) -> None:
        """Empty ``name`` for the next test, or drop it if its schema is not the template's."""
        try:
            self._end_other_connections(name)
            with self._connect(name) as conn:
                if conn.execute(text(FINGERPRINT)).scalar_one() != self.expected:
                    raise LookupError("the test changed the schema")
                empty(conn)
                conn.commit()
        except Exception:  # anything left in an unknown state is dropped, as before
            self.drop(name)
            return
        self.free.append(name)

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.made.discard(name)

    def close(self) -> None:
        for name in sorted(self.made):
            self.drop(name)
        self.free.clear()
        self.admin.dispose()

    def _connect(self, name: str) -> Connection:
        return create_engine(self.url(name), poolclass=NullPool).connect()

    def _end_other_connections(self, name: str) -> None:
        """Connections a test left open (an engine not disposed, a worker's): ended, as ``DROP
        DATABASE … WITH (FORCE)`` ended them."""
        with self.admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )


def empty(conn: Connection) -> None:
    """Every row of every table but the migration version deleted and every sequence at its
    start, in the connection's transaction (which the caller commits); foreign keys are not
    checked meanwhile, so the order does not matter."""
    tables = (
        conn.execute(
            text(
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        )
        .scalars()
        .all()
    )
    sequences = conn.execute(
        text("SELECT format('%I.%I', schemaname, sequencename), start_value FROM pg_sequences")
    ).all()
    conn.execute(text("SET LOCAL session_replication_role = replica"))
    for table in tables:
        conn.execute(text(f"DELETE FROM {table}"))
    for sequence, start in sequences:
        conn.execute(text("SELECT setval(:s, :v, false)"), {"s": sequence, "v": start})


@dataclass(frozen=True)
class Snapshot:
    """Every row of a database's public tables (``COPY … (FORMAT binary)``, generated columns
    left out) and where each sequence stood."""

    tables: dict[str, tuple[str, bytes]]  # table → (its column list, the rows)
    sequences: list[tuple[str, int, bool]]  # sequence, last value, whether it was used


def snapshot(conn: Connection) -> Snapshot:
    """The rows of every public table of ``conn``'s database but the migration version."""
    columns = conn.execute(
        text(
            "SELECT format('%I.%I', n.nspname, c.relname), "
            "       string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
            "  AND c.relname <> 'alembic_version' AND a.attgenerated = '' "
            "GROUP BY 1"
        )
    ).all()
    raw = conn.connection.driver_connection
    tables: dict[str, tuple[str, bytes]] = {}
    with raw.cursor() as cursor:
        for table, listed in columns:
            with cursor.copy(f"COPY {table} ({listed}) TO STDOUT (FORMAT binary)") as copy:
                tables[table] = (listed, b"".join(bytes(part) for part in copy))
    # pg_sequences.last_value is NULL for a sequence not used yet (setval …, false)
    sequences = [
        (sequence, int(last if last is not None else start), last is not None)
        for sequence, start, last in conn.execute(
            text(
                "SELECT format('%I.%I', schemaname, sequencename), start_value, last_value "
                "FROM pg_sequences"
            )
        )
    ]
    return Snapshot(tables, sequences)


def restore(conn: Connection, saved: Snapshot) -> None:
    """``saved`` written into the empty database of ``conn`` (in its transaction, which the
    caller commits), its sequences where they stood; triggers and foreign keys are not run
    meanwhile: the rows are a consistent whole already."""
    conn.execute(text("SET LOCAL session_replication_role = replica"))
    raw = conn.connection.driver_connection
    with raw.cursor() as cursor:
        for table, (listed, rows) in saved.tables.items():
            with cursor.copy(f"COPY {table} ({listed}) FROM STDIN (FORMAT binary)") as copy:
                copy.write(rows)
    for sequence, last, called in saved.sequences:
        conn.execute(text("SELECT setval(:s, :v, :c)"), {"s": sequence, "v": last, "c": called})
