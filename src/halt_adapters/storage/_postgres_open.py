"""Opening a PostgreSQL store: reading its schema version, and migrating it when due.

Opening reads the schema version without locking or creating anything; only when a
migration is due does it take an advisory lock (so two processes opening a new database
migrate it once) and run every step of every due version in that one transaction (see
:mod:`halt_adapters.storage._migrations`). A schema holding another application's tables is
refused, and left as it was.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

from halt_adapters.storage._migrations import Step, run_step
from halt_adapters.storage._sql_dialect import TABLES
from halt_core.storage import SchemaTooNew, StoreUnavailable


def migrate(connection: Any, url: str, schema: str, migrations: Sequence[Sequence[Step]]) -> int:
    """Bring ``schema`` to version ``len(migrations)`` if due; creates nothing when it is there.

    ``connection`` is a psycopg connection in autocommit mode; the migration runs in a
    transaction of its own on it. Returns the schema version.
    """
    newest = len(migrations)
    found = schema_version_of(connection, url, schema)
    if found > newest:
        raise SchemaTooNew(url, found, newest)
    if found == newest:
        return found
    # An advisory lock, so two processes opening a new database migrate it once.
    lock = zlib.crc32(f"halt_core schema {schema}".encode())
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
        exists = connection.execute(
            "SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)
        ).fetchone()
        if not exists:
            connection.execute(f"CREATE SCHEMA {schema}")
        connection.execute(f"SET LOCAL search_path TO {schema}")
        found = schema_version_of(connection, url, schema)  # another process may have done it
        if found == 0:
            connection.execute("CREATE TABLE IF NOT EXISTS halt_schema (version INTEGER NOT NULL)")
        for version in range(found + 1, newest + 1):
            for step in migrations[version - 1]:
                run_step(connection, step)
            connection.execute("INSERT INTO halt_schema (version) VALUES (%s)", (version,))
    return newest


def schema_version_of(connection: Any, url: str, schema: str) -> int:
    """The stored schema version, 0 for none; refuses another application's tables."""
    table = connection.execute("SELECT to_regclass(%s)", (f"{schema}.halt_schema",)).fetchone()
    if table[0] is not None:
        row = connection.execute(f"SELECT max(version) FROM {schema}.halt_schema").fetchone()
        return int(row[0] or 0)
    clashing = [
        name
        for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_name = ANY(%s) ORDER BY table_name",
            (schema, [*TABLES, "events"]),
        )
    ]
    if clashing:
        raise StoreUnavailable(
            url,
            f"schema {schema} holds tables of another application ({', '.join(clashing)}) "
            "and no halt schema version; nothing was changed. Open the store in a schema of "
            "its own (the schema option)",
        )
    return 0
