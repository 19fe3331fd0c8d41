"""The SQLite store: the default, an embedded database in one file (Python's ``sqlite3``).

URLs: ``sqlite:///relative/path.sqlite3`` and ``sqlite:////absolute/path.sqlite3`` (four
slashes: the path itself starts with one). The folder of the file is created when missing.
For a store in memory, use ``memory://``.

Options, as ``connect()`` keywords or in the URL's query (``sqlite:///halt.sqlite3?synchronous=full``):

- ``synchronous``: ``normal`` (the default) or ``full``. In WAL mode ``normal`` never
  corrupts the database, but the last commits before a power cut (not a crash of the
  program) may be lost; ``full`` syncs every commit to disk before it returns, at a cost
  in write speed.
- ``busy_timeout``: seconds a writer waits for another writer's lock before giving up with
  a retryable :class:`~halt_core.storage.StoreUnavailable` (default 10).

The database runs in WAL mode (readers never wait for the writer) with foreign keys on. Reads
need no transaction; a unit of work takes the write lock at its first write (``BEGIN
IMMEDIATE``) and keeps it to its commit, so two writers queue instead of failing, and the
version check on every save is done under the lock.

Opening reads the schema version without any lock, and takes the write lock only when a
migration is due: a tool can open and read a store while another process writes to it. A
file that is not a halt store (not SQLite at all, or another application's database) is
refused, and left exactly as it was. The migration to schema version 3 normalises the
contact points of stored partners and keeps what the model refuses aside (see
:mod:`halt_core.storage.repairs`); version 4 adds the deliveries of notifications, which a
dispatcher takes and claims under the write lock (see
:mod:`halt_adapters.storage._sql_deliveries`); version 5 the privacy log (see
:mod:`halt_adapters.storage._sql_privacy_log`); version 6 an index of the events by subject;
version 7 each row's ``changed`` moment and a table of references (see
:mod:`halt_adapters.storage._sql_refs`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import urllib.parse
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from halt_adapters.storage._migrations import (
    Step,
    events_by_subject_statements,
    repair_partners_step,
    schema_statements,
    set_aside_statements,
    tombstone_statements,
)
from halt_adapters.storage._sql import SqlUnitOfWork
from halt_adapters.storage._sql_deliveries import deliveries_statements
from halt_adapters.storage._sql_dialect import Dialect, utc_text
from halt_adapters.storage._sql_privacy_log import privacy_log_statements
from halt_adapters.storage._sql_refs import refill_step, refs_statements
from halt_adapters.storage._sqlite_open import open_database
from halt_core.errors import HaltError, TransactionAborted
from halt_core.hookspecs import hookimpl
from halt_core.model import Gazetteer
from halt_core.storage import Store, StoreUnavailable, UnitOfWork, redact_url

__all__ = ["SCHEMA_VERSION", "SqliteStore", "halt_open_store", "halt_store_schemes", "path_of"]

SCHEMA_VERSION = 7
"""The newest schema this adapter creates and reads (7 added references and ``changed``)."""

DEFAULT_BUSY_TIMEOUT = 10.0
"""Seconds a writer waits for another's lock, unless the options say otherwise."""

_SYNCHRONOUS = ("normal", "full")
_OPTIONS = ("busy_timeout", "gazetteer", "synchronous")


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

    def time_in(self, value: dt.datetime | None) -> Any:
        return None if value is None else utc_text(value)

    def document_in(self, value: bytes) -> Any:
        return value.decode()

    def document_out(self, value: Any) -> bytes:
        return value.encode() if isinstance(value, str) else bytes(value)

    def is_duplicate(self, error: Exception) -> bool:
        return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)


_DIALECT = _SqliteDialect()


def migrations(gazetteer: Gazetteer | None = None) -> tuple[tuple[Step, ...], ...]:
    """Each schema version's steps (index 0: to version 1); version 7's use ``gazetteer``."""
    return (
        tuple(_DIALECT.schema()),
        tuple(tombstone_statements()),
        (
            *set_aside_statements(
                id_type="TEXT", key_type="INTEGER PRIMARY KEY AUTOINCREMENT", time_type="TEXT"
            ),
            repair_partners_step(_DIALECT, schema_version=3),
        ),
        tuple(deliveries_statements(id_type="TEXT", time_type="TEXT")),
        tuple(privacy_log_statements(id_type="TEXT", time_type="TEXT", document_type="TEXT")),
        tuple(events_by_subject_statements()),
        (*refs_statements(id_type="TEXT"), refill_step(_DIALECT, gazetteer)),
    )


MIGRATIONS = migrations()
assert len(MIGRATIONS) == SCHEMA_VERSION


def translate(error: Exception, url: str, busy_timeout: float) -> HaltError | None:
    """The library error for an ``sqlite3`` error (None for anything else)."""
    if not isinstance(error, sqlite3.Error):
        return None
    text = str(error)
    lowered = text.lower()
    if "not a database" in lowered:
        return StoreUnavailable(
            url,
            f"{path_in(url)} is not an SQLite database, so not a halt store; nothing was "
            "changed. Give the path of a halt store, or of a file that does not exist yet",
        )
    if "locked" in lowered or "busy" in lowered:
        return StoreUnavailable(
            url,
            f"another process kept the database locked for longer than the busy timeout "
            f"({busy_timeout:g} s); nothing of this unit of work was stored. Run it again "
            "(halt_core.storage.retrying does), or raise busy_timeout",
            retryable=True,
        )
    if "full" in lowered:
        return StoreUnavailable(
            url, f"the disk is full ({text}); nothing of this unit of work was stored. Free space"
        )
    if "closed" in lowered:
        return StoreUnavailable(url, "the store is closed; open it again with halt_core.connect()")
    if "deadlock" in lowered:  # SQLite's shared-cache mode only, but say it right if it comes
        return TransactionAborted(url, text)
    return StoreUnavailable(
        url,
        f"the database failed: {text} ({type(error).__name__}); nothing of this unit of work "
        "was stored. If it says I/O error or malformed, check the disk and the file "
        "(PRAGMA integrity_check), and restore a backup if need be",
    )


class _SqliteUnitOfWork(SqlUnitOfWork):
    store: SqliteStore
    _writing = False  # whether this unit of work began a write transaction

    def _begin(self) -> None:
        """Nothing yet: reads run without a transaction, the first write starts one."""
        self._writing = False

    def writing(self) -> None:
        if self._writing:
            self._check_still_in_transaction()
            return
        self.connection.execute("BEGIN IMMEDIATE")
        self._writing = True

    def _check_still_in_transaction(self) -> None:
        # SQLite rolls a transaction back by itself after some errors (a full disk, I/O).
        # Going on would start a new transaction and commit half of this unit of work.
        if not self.connection.in_transaction:
            raise StoreUnavailable(
                self.store.url,
                "the database rolled this unit of work back after an earlier error; nothing "
                "of it was stored. Leave the `with` block and run it again",
                retryable=True,
            )

    def _commit(self) -> None:
        if self._writing:
            self._check_still_in_transaction()
            self.connection.execute("COMMIT")
        self._writing = False

    def _rollback(self) -> None:
        self._writing = False
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    def _close(self) -> None:
        self._writing = False
        try:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
        except sqlite3.Error:
            self.store._discard(self.connection)  # cannot even roll back: never reuse it
            raise
        self.store._release(self.connection)

    def _translate(self, error: Exception) -> HaltError | None:
        return translate(error, self.store.url, self.store.busy_timeout)


class SqliteStore(Store):
    """A store in an SQLite database file.

    Each unit of work borrows a connection from a pool that grows to the number of units of
    work open at once.

    Attributes:
        path: the database file.
        synchronous: ``normal`` or ``full`` (see the module's documentation).
        busy_timeout: seconds a writer waits for another's lock.

    """

    def __init__(self, url: str, path: str, **options: Any) -> None:
        super().__init__(url, gazetteer=options.pop("gazetteer", None))
        self.synchronous = str(options.pop("synchronous", "normal")).lower()
        if self.synchronous not in _SYNCHRONOUS:
            raise StoreUnavailable(
                self.url, f"synchronous={self.synchronous!r}: give one of {', '.join(_SYNCHRONOUS)}"
            )
        self.busy_timeout = _seconds(self.url, "busy_timeout", options.pop("busy_timeout", None))
        if options:
            raise StoreUnavailable(
                self.url, f"unknown options {sorted(options)}; known: {', '.join(_OPTIONS)}"
            )
        self.path = path
        self._idle: list[sqlite3.Connection] = []
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(self.url, f"cannot create the folder for {path}: {exc}") from exc
        connection = self._acquire()
        try:
            self._version = open_database(
                connection,
                self.url,
                path,
                busy_timeout=self.busy_timeout,
                migrations=migrations(self.gazetteer),
                translate=translate,
            )
        except BaseException:
            self.close()
            raise
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

    def _discard(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            if connection in self._all:
                self._all.remove(connection)
        connection.close()

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(
                self.path,
                isolation_level=None,  # transactions are begun and ended explicitly
                check_same_thread=False,  # a pooled connection serves one unit of work at a time
                timeout=self.busy_timeout,
            )
            # Settings of this connection only: nothing here writes to the file.
            connection.execute(f"PRAGMA busy_timeout = {round(self.busy_timeout * 1000)}")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute(f"PRAGMA synchronous = {self.synchronous.upper()}")
        except sqlite3.Error as exc:
            error = translate(exc, self.url, self.busy_timeout)
            if error is None or "the database failed" in str(error):
                error = StoreUnavailable(self.url, f"cannot open {self.path}: {exc}")
            raise error from exc
        return connection


def _seconds(url: str, name: str, value: object) -> float:
    if value is None:
        return DEFAULT_BUSY_TIMEOUT
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise StoreUnavailable(url, f"{name}={value!r}: give a number of seconds from 0 to 3600")
    return seconds


def path_of(url: str) -> str | None:
    """The database path in an ``sqlite:`` URL; None for the URLs of other schemes.

    The query (``?synchronous=full``) is not part of the path. Raises
    :class:`~halt_core.storage.StoreUnavailable` for an ``sqlite:`` URL without a path.
    """
    if not url.startswith("sqlite:"):
        return None
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
    path = path.partition("?")[0]
    if path in ("", ":memory:"):
        raise StoreUnavailable(
            redact_url(url),
            "give the database file, e.g. sqlite:///halt.sqlite3 (for a store in memory, "
            "use memory://)",
        )
    return path


def path_in(url: str) -> str:
    """The path of an ``sqlite:`` URL, for messages (the URL itself if it has none)."""
    return url.removeprefix("sqlite:///").partition("?")[0] or url


def url_options(url: str) -> dict[str, str]:
    """The options in an ``sqlite:`` URL's query, e.g. ``{"synchronous": "full"}``."""
    query = url.partition("?")[2]
    options: dict[str, str] = {}
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if name in options:
            raise StoreUnavailable(redact_url(url), f"the option {name} is given twice in the URL")
        options[name] = value
    return options


@hookimpl
def halt_store_schemes() -> Iterable[str]:
    """Name the schemes this adapter opens: ``sqlite://``."""
    return ["sqlite"]


@hookimpl
def halt_open_store(url: str, options: Mapping[str, Any]) -> Store | None:
    """Open an SQLite store for an ``sqlite:`` URL (options from the URL, then keywords)."""
    path = path_of(url)
    if path is None:
        return None
    given: dict[str, Any] = url_options(url)
    for name, value in options.items():
        if name in given:
            raise StoreUnavailable(
                redact_url(url), f"the option {name} is given in the URL and as a keyword"
            )
        given[name] = value
    return SqliteStore(url, path, **given)
