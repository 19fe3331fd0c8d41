"""The SQLite store: the default, an embedded database in one file (Python's ``sqlite3``).

URLs: ``sqlite:///relative/path.sqlite3`` and ``sqlite:////absolute/path.sqlite3`` (four
slashes: the path itself starts with one). The folder of the file is created when missing.
For a store in memory, use ``memory://``.

The database runs in WAL mode (readers never wait for the writer) with foreign keys on and a
busy timeout. Reads need no transaction; a unit of work takes the write lock at its first
write (``BEGIN IMMEDIATE``) and keeps it to its commit, so two writers queue instead of
failing, and the version check on every save is done under the lock.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from halt_adapters.storage._sql import Dialect, SqlUnitOfWork, schema_statements
from halt_core.hookspecs import hookimpl
from halt_core.storage import SchemaTooNew, Store, StoreUnavailable
from halt_core.storage.base import UnitOfWork

__all__ = ["SCHEMA_VERSION", "SqliteStore", "halt_open_store", "halt_store_schemes"]

SCHEMA_VERSION = 1
"""The newest schema this adapter creates and reads."""

_BUSY_TIMEOUT_MS = 10_000


class _SqliteDialect(Dialect):
    param = "?"

    def schema(self) -> list[str]:
        return schema_statements(
            id_type="TEXT",
            date_type="TEXT",
            document_type="TEXT",
            event_key="INTEGER PRIMARY KEY AUTOINCREMENT",
            time_type="TEXT",
        )

    def id_in(self, value: uuid.UUID | None) -> Any:
        return None if value is None else str(value)

    def id_out(self, value: Any) -> uuid.UUID:
        return uuid.UUID(value)

    def date_in(self, value: dt.date | None) -> Any:
        return None if value is None else value.isoformat()

    def document_in(self, value: bytes) -> Any:
        return value.decode()

    def document_out(self, value: Any) -> bytes:
        return value.encode() if isinstance(value, str) else bytes(value)

    def is_duplicate(self, error: Exception) -> bool:
        return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)


_DIALECT = _SqliteDialect()

# Each schema version's statements; index 0 brings an empty database to version 1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (tuple(_DIALECT.schema()),)


class _SqliteUnitOfWork(SqlUnitOfWork):
    def _begin(self) -> None:
        """Nothing yet: reads run without a transaction, the first write starts one."""

    def writing(self) -> None:
        if not self.connection.in_transaction:
            try:
                self.connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(self.store.url, f"cannot start writing: {exc}") from exc

    def _commit(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("COMMIT")

    def _rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    def _close(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
        self.store._release(self.connection)  # type: ignore[attr-defined]


class SqliteStore(Store):
    """A store in an SQLite database file.

    Each unit of work borrows a connection from a pool that grows to the number of units of
    work open at once.
    """

    def __init__(self, url: str, path: str, **options: Any) -> None:
        super().__init__(url, gazetteer=options.pop("gazetteer", None))
        if options:
            raise StoreUnavailable(url, f"unknown options {sorted(options)}; known: gazetteer")
        self._path = path
        self._idle: list[sqlite3.Connection] = []
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(url, f"cannot create the folder for {path}: {exc}") from exc
        connection = self._acquire()
        try:
            self._version = _migrate(connection, url)
        finally:
            self._release(connection)

    @property
    def schema_version(self) -> int:
        """The schema version of the database."""
        return self._version

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work on a connection of its own."""
        if self._closed:
            raise StoreUnavailable(self.url, "the store is closed")
        return _SqliteUnitOfWork(self, self._acquire(), _DIALECT)

    def close(self) -> None:
        """Close every connection."""
        with self._lock:
            self._closed = True
            for connection in self._all:
                connection.close()
            self._all.clear()
            self._idle.clear()

    def _acquire(self) -> sqlite3.Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        connection = self._connect()
        with self._lock:
            self._all.append(connection)
        return connection

    def _release(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            if self._closed:
                connection.close()
                return
            self._idle.append(connection)

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(
                self._path,
                isolation_level=None,  # transactions are begun and ended explicitly
                check_same_thread=False,  # a pooled connection serves one unit of work at a time
                timeout=_BUSY_TIMEOUT_MS / 1000,
            )
            connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, and fast
        except sqlite3.Error as exc:
            raise StoreUnavailable(self.url, str(exc)) from exc
        return connection


def _migrate(connection: sqlite3.Connection, url: str) -> int:
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("CREATE TABLE IF NOT EXISTS halt_schema (version INTEGER NOT NULL)")
        row = connection.execute("SELECT max(version) FROM halt_schema").fetchone()
        found = int(row[0] or 0)
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(url, found, SCHEMA_VERSION)
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                connection.execute(statement)
            connection.execute("INSERT INTO halt_schema (version) VALUES (?)", (version,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION


def path_of(url: str) -> str | None:
    """The database path in an ``sqlite:`` URL; None for the URLs of other schemes.

    Raises :class:`~halt_core.storage.StoreUnavailable` for an ``sqlite:`` URL without a path.
    """
    if not url.startswith("sqlite:"):
        return None
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
    if path in ("", ":memory:"):
        raise StoreUnavailable(
            url,
            "give the database file, e.g. sqlite:///halt.sqlite3 (for a store in memory, "
            "use memory://)",
        )
    return path


@hookimpl
def halt_store_schemes() -> Iterable[str]:
    """Name the schemes this adapter opens: ``sqlite://``."""
    return ["sqlite"]


@hookimpl
def halt_open_store(url: str, options: Mapping[str, Any]) -> Store | None:
    """Open an SQLite store for an ``sqlite:`` URL."""
    path = path_of(url)
    if path is None:
        return None
    return SqliteStore(url, path, **dict(options))
