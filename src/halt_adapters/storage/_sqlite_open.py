"""Opening an SQLite store: checking that the file is a halt store, and migrating it.

Opening reads the schema version without any lock, and takes the write lock (``BEGIN
IMMEDIATE``) only when a migration is due; every step of every due version then runs in
that one transaction (see :mod:`halt_adapters.storage._migrations`). A file that is not a
halt store is refused, and left exactly as it was.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Sequence

from halt_adapters.storage._migrations import Step, run_step
from halt_adapters.storage._sql_dialect import TABLES
from halt_core.errors import HaltError
from halt_core.storage import SchemaTooNew, StoreUnavailable

Translate = Callable[[Exception, str, float], HaltError | None]
"""The adapter's translation of an ``sqlite3`` error: ``(error, url, busy_timeout)``."""


def open_database(
    connection: sqlite3.Connection,
    url: str,
    path: str,
    *,
    busy_timeout: float,
    migrations: Sequence[Sequence[Step]],
    translate: Translate,
) -> int:
    """Check that the file is a halt store (or new), migrate it if due; its schema version.

    The newest version is ``len(migrations)``. Several processes may open a new file at
    once. SQLite answers some of the steps of the first opening (the switch to WAL) with
    "database is locked" at once rather than after its busy timeout, so the whole opening is
    tried again until the busy timeout runs out.
    """
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            return _open_once(connection, url, path, migrations)
        except sqlite3.OperationalError as exc:
            locked = "locked" in str(exc).lower() or "busy" in str(exc).lower()
            if not locked or time.monotonic() >= deadline:
                raise translate(exc, url, busy_timeout) or exc from exc
            time.sleep(0.01 + 0.04 * random.random())
        except sqlite3.Error as exc:
            raise translate(exc, url, busy_timeout) or exc from exc


def _open_once(
    connection: sqlite3.Connection, url: str, path: str, migrations: Sequence[Sequence[Step]]
) -> int:
    newest = len(migrations)
    found = schema_version_of(connection, url, path)
    if found > newest:
        raise SchemaTooNew(url, found, newest)
    if found == newest:
        return found
    if found == 0:  # a new (or empty) file: WAL is set once, outside any transaction
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN IMMEDIATE")  # a migration is due: one process does it
    try:
        found = schema_version_of(connection, url, path)  # another may have done it
        if found == 0:
            connection.execute("CREATE TABLE IF NOT EXISTS halt_schema (version INTEGER NOT NULL)")
        for version in range(found + 1, newest + 1):
            for step in migrations[version - 1]:
                run_step(connection, step)
            connection.execute("INSERT INTO halt_schema (version) VALUES (?)", (version,))
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return newest


def schema_version_of(connection: sqlite3.Connection, url: str, path: str) -> int:
    """The stored schema version; 0 for an empty database; refuses another's database."""
    tables = {
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if "halt_schema" in tables:
        row = connection.execute("SELECT max(version) FROM halt_schema").fetchone()
        return int(row[0] or 0)
    if tables:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        ours = (
            " (some named as halt's, without halt's schema table)" if tables & set(TABLES) else ""
        )
        raise StoreUnavailable(
            url,
            f"{path} is another application's SQLite database (tables {shown}{ours}), not a "
            "halt store; nothing was changed. Give the path of a halt store, or of a file "
            "that does not exist yet",
        )
    return 0
