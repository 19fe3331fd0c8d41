"""The PostgreSQL store, for a team on a shared server (psycopg 3 with a connection pool).

URLs: ``postgresql://user:password@host:5432/database`` (``postgres://`` too), as libpq takes
them. Needs the ``postgresql`` extra: ``pip install "halt-core[postgresql]"``. Options, as
``connect()`` keywords or in the URL's query (``...?lock_timeout=5&schema=halt``):

- ``schema``: a schema of its own (default ``public``), created when missing;
- ``pool_size``: most connections at once (default 5);
- ``connect_timeout``: seconds to wait for the server to answer, at least 1 (default: the
  URL's, or else 5);
- ``lock_timeout``: seconds a statement waits for a row another unit of work holds, before
  a retryable :class:`~halt_core.storage.StoreUnavailable` (default 10; 0 waits for ever);
- ``statement_timeout``: seconds one statement may run (default 300; 0 for no limit).

Opening connects once, directly, before the pool starts: a server that is not there, a wrong
password or a missing database fails at once with one
:class:`~halt_core.storage.StoreUnavailable` naming the server (host:port and database,
never the password), the driver's reason and what to check. It reads the schema version
without locking or creating anything; only when a migration is due does it take an advisory
lock and create or alter tables (the migration to schema version 3 also normalises the
contact points of stored partners, keeping what the model refuses aside: see
:mod:`halt_core.storage.repairs`; the one to version 4 adds the deliveries of notifications,
which dispatchers take with ``FOR UPDATE SKIP LOCKED``). So a role that may only read and
write the rows of an existing store (``USAGE`` on the schema; ``SELECT, INSERT, UPDATE,
DELETE`` on its tables; ``USAGE`` on its sequences) can open it.

Documents are JSONB; new records arrive with COPY; each unit of work runs in one transaction
(READ COMMITTED), and a save's version check is done by the UPDATE itself, so two writers of
one record cannot both win. The pool checks a connection before lending it and discards one
the server dropped, so a restarted server or a killed session costs one retried unit of work
at most. Every driver error becomes a library error (see :func:`translate`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import urllib.parse
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from halt_adapters.storage._migrations import (
    Step,
    repair_partners_step,
    schema_statements,
    set_aside_statements,
    tombstone_statements,
)
from halt_adapters.storage._postgres_open import migrate
from halt_adapters.storage._sql import SqlUnitOfWork
from halt_adapters.storage._sql_deliveries import deliveries_statements
from halt_adapters.storage._sql_dialect import ROW_COLUMNS, Dialect
from halt_core.errors import AlreadyExists, HaltError, TransactionAborted
from halt_core.hookspecs import hookimpl
from halt_core.storage import Store, StoreUnavailable, UnitOfWork, redact_url
from halt_core.storage.urls import redact_secrets

__all__ = ["SCHEMA_VERSION", "PostgresStore", "halt_open_store", "halt_store_schemes"]

SCHEMA_VERSION = 4
"""The newest schema this adapter creates and reads (4 added the deliveries of notifications)."""

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")

DEFAULT_CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the server to answer, unless the URL or the options say otherwise."""

DEFAULT_LOCK_TIMEOUT = 10.0
"""Seconds a statement waits for a locked row, unless the options say otherwise."""

DEFAULT_STATEMENT_TIMEOUT = 300.0
"""Seconds one statement may run, unless the options say otherwise."""

POOL_WAIT = 30.0
"""Seconds a new unit of work waits for a free connection when all are lent out."""

_OPTIONS = (
    "connect_timeout",
    "gazetteer",
    "lock_timeout",
    "pool_size",
    "schema",
    "statement_timeout",
)
_URL_OPTIONS = ("lock_timeout", "pool_size", "schema", "statement_timeout")  # not libpq's


def _psycopg() -> Any:
    try:
        import psycopg
        import psycopg_pool
    except ImportError as exc:  # the extra is not installed
        raise StoreUnavailable(
            "postgresql://",
            f'{exc}; install the PostgreSQL extra: pip install "halt-core[postgresql]"',
        ) from exc
    return psycopg, psycopg_pool


class _PostgresDialect(Dialect):
    param = "%s"

    def schema(self) -> list[str]:
        return schema_statements(
            id_type="UUID",
            date_type="DATE",
            document_type="JSONB",
            event_key="BIGSERIAL PRIMARY KEY",
            time_type="TIMESTAMPTZ",
        )

    def id_in(self, value: uuid.UUID | None) -> Any:
        return value

    def id_out(self, value: Any) -> uuid.UUID:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))

    def date_in(self, value: dt.date | None) -> Any:
        return value

    def time_in(self, value: dt.datetime | None) -> Any:
        return value

    def lock_rows(self, table: str) -> str:
        return f" FOR UPDATE OF {table} SKIP LOCKED"

    def document_in(self, value: bytes) -> Any:
        return value.decode()

    def document_out(self, value: Any) -> bytes:
        return value.encode() if isinstance(value, str) else bytes(value)

    def is_duplicate(self, error: Exception) -> bool:
        psycopg, _ = _psycopg()
        return isinstance(error, psycopg.errors.UniqueViolation)

    def insert_rows(self, cursor: Any, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        with cursor.copy(f"COPY {table} ({', '.join(ROW_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


_DIALECT = _PostgresDialect()

# Each schema version's steps; index 0 brings an empty schema to version 1.
MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    tuple(_DIALECT.schema()),
    tuple(tombstone_statements()),
    (
        *set_aside_statements(
            id_type="UUID", key_type="BIGSERIAL PRIMARY KEY", time_type="TIMESTAMPTZ"
        ),
        repair_partners_step(_DIALECT, schema_version=3),
    ),
    tuple(deliveries_statements(id_type="UUID", time_type="TIMESTAMPTZ")),
)
assert len(MIGRATIONS) == SCHEMA_VERSION


def translate(error: Exception, url: str, *, lock_timeout: float) -> HaltError | None:
    """The library error for a psycopg or pool error (None for anything else).

    Deadlocks and serialization failures become
    :class:`~halt_core.errors.TransactionAborted`; a lock not granted within
    ``lock_timeout``, a dropped connection and a pool with no connection free become
    retryable :class:`~halt_core.storage.StoreUnavailable`; the rest (a full disk, a
    statement that ran too long, ...) a :class:`~halt_core.storage.StoreUnavailable` that
    says what happened.
    """
    psycopg, psycopg_pool = _psycopg()
    errors = psycopg.errors
    reason = _first_line(error)
    if isinstance(error, (errors.DeadlockDetected, errors.SerializationFailure)):
        return TransactionAborted(url, reason)
    if isinstance(error, errors.UniqueViolation):
        detail = getattr(error.diag, "message_detail", None) or ""
        ids = re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", detail)
        table = getattr(error.diag, "table_name", None) or "records"
        return AlreadyExists(table, ids or ["(an id the database did not name)"])
    if isinstance(error, errors.LockNotAvailable):
        return StoreUnavailable(
            url,
            f"another unit of work held a row this one needed for longer than lock_timeout "
            f"({lock_timeout:g} s); nothing of this unit of work was stored. Run it again "
            "(halt_core.storage.retrying does), or raise lock_timeout",
            retryable=True,
        )
    if isinstance(error, errors.QueryCanceled):
        return StoreUnavailable(
            url,
            f"a statement ran longer than statement_timeout ({reason}); nothing of this unit "
            "of work was stored. Raise statement_timeout for bulk work, or split it",
        )
    if isinstance(error, errors.InFailedSqlTransaction):
        return StoreUnavailable(
            url,
            "an earlier error aborted this unit of work's transaction; roll it back (or leave "
            "the `with` block) and run the block again",
            retryable=True,
        )
    if isinstance(error, errors.DiskFull):
        return StoreUnavailable(url, f"the server's disk is full ({reason}); nothing was stored")
    if isinstance(error, psycopg_pool.PoolTimeout):
        return StoreUnavailable(
            url,
            f"no connection of the pool came free within {POOL_WAIT:g} s; try again, or raise "
            "pool_size",
            retryable=True,
        )
    if isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)):
        return StoreUnavailable(
            url,
            f"lost the connection to the server ({reason}); the unit of work was rolled back "
            "(had its commit been sent, it may have landed). Run it again: a new unit of "
            "work gets a new connection",
            retryable=True,
        )
    if isinstance(error, (psycopg.Error, psycopg_pool.PoolTimeout)):
        return StoreUnavailable(url, f"the database refused: {reason} ({type(error).__name__})")
    return None


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


class _PostgresUnitOfWork(SqlUnitOfWork):
    store: PostgresStore

    def _begin(self) -> None:
        """Nothing: psycopg begins a transaction at the first statement."""

    def _commit(self) -> None:
        self.connection.commit()

    def _rollback(self) -> None:
        self.connection.rollback()

    def _close(self) -> None:
        connection = self.connection
        try:
            if not connection.closed:
                connection.rollback()
        except Exception:
            connection.close()  # broken: the pool discards a closed connection
        finally:
            self.store._give_back(connection)

    def _translate(self, error: Exception) -> HaltError | None:
        return translate(error, self.store.url, lock_timeout=self.store.lock_timeout)


class PostgresStore(Store):
    """A store in a PostgreSQL database, in a schema of its own if asked."""

    def __init__(self, url: str, **options: Any) -> None:
        url, in_url = _split_url(url)
        for name, value in in_url.items():
            if name in options:
                raise StoreUnavailable(
                    _safe_url(url), f"the option {name} is given in the URL and as a keyword"
                )
            options[name] = value
        super().__init__(_safe_url(url), gazetteer=options.pop("gazetteer", None))
        psycopg, psycopg_pool = _psycopg()
        try:
            params: dict[str, Any] = psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise StoreUnavailable(
                self.url, f"not a PostgreSQL URL: {redact_secrets(str(exc), url)}"
            ) from None
        schema = str(options.pop("schema", "public"))
        if not _IDENTIFIER.fullmatch(schema):
            raise StoreUnavailable(
                self.url, f"schema {schema!r}: use lower-case letters, digits and _ only"
            )
        self.schema = schema
        pool_size = round(_number(self.url, "pool_size", options.pop("pool_size", 5), 1, 1000))
        timeout = options.pop("connect_timeout", None)
        if timeout is None:
            timeout = params.get("connect_timeout") or DEFAULT_CONNECT_TIMEOUT
        connect_timeout = max(1, round(_number(self.url, "connect_timeout", timeout, 0, 3600)))
        self.lock_timeout = _number(
            self.url, "lock_timeout", options.pop("lock_timeout", DEFAULT_LOCK_TIMEOUT), 0, 86400
        )
        self.statement_timeout = _number(
            self.url,
            "statement_timeout",
            options.pop("statement_timeout", DEFAULT_STATEMENT_TIMEOUT),
            0,
            86400,
        )
        if options:
            raise StoreUnavailable(
                self.url, f"unknown options {sorted(options)}; known: {', '.join(_OPTIONS)}"
            )
        # One direct connection first: when it fails, the driver says why, at once, and no
        # pool is left retrying (and logging) in the background. It also migrates the schema.
        try:
            connection = psycopg.connect(url, connect_timeout=connect_timeout, autocommit=True)
        except psycopg.Error as exc:
            raise StoreUnavailable(self.url, _cannot_connect(params, exc)) from None
        with connection:
            try:
                self._version = migrate(connection, self.url, schema, MIGRATIONS)
            except psycopg.Error as exc:
                reason = _scrub(str(exc).strip(), params)
                raise StoreUnavailable(
                    self.url, f"cannot prepare schema {schema} at {_server(params)}: {reason}"
                ) from exc
        self._check = psycopg_pool.ConnectionPool.check_connection
        text_loader = psycopg.types.string.TextLoader
        settings = (
            f"SET search_path TO {schema}; "
            f"SET lock_timeout = {round(self.lock_timeout * 1000)}; "
            f"SET statement_timeout = {round(self.statement_timeout * 1000)}"
        )

        def configure(connection: Any) -> None:
            # Documents come back as text, decoded by the converter, not by json.loads.
            connection.adapters.register_loader("jsonb", text_loader)
            connection.execute(settings)
            connection.commit()

        self._pool = psycopg_pool.ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            configure=configure,
            # Checked in unit_of_work(), not by the pool: the pool waits between failed checks
            # (1, 2, 4 s ...), so after a restart a pool of dead connections would stall.
            kwargs={"autocommit": False, "connect_timeout": connect_timeout},
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=2 * connect_timeout)
        except Exception as exc:
            # The server went away since the first connection: stop the pool's workers,
            # then ask once more, directly, for the reason.
            self._pool.close()
            reason = (
                f"the PostgreSQL server at {_server(params)} took one connection, but the "
                f"pool could not open its own ({_scrub(str(exc), params)}); is the server "
                "short of connections (max_connections), or going down?"
            )
            try:
                psycopg.connect(url, connect_timeout=connect_timeout).close()
            except psycopg.Error as again:
                reason = _cannot_connect(params, again)
            raise StoreUnavailable(self.url, reason) from None

    @property
    def schema_version(self) -> int:
        """The schema version of the database."""
        return self._version

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work on a pooled connection, checked before it is lent.

        A connection the server dropped (a restart, a killed session) is discarded and the
        next one tried at once: after a restart the first unit of work pays one round trip
        per dead idle connection, not a wait.
        """
        for _ in range(self._pool.max_size + 1):
            try:
                connection = self._pool.getconn(timeout=POOL_WAIT)
            except Exception as exc:
                if self._pool.closed:
                    raise StoreUnavailable(self.url, "the store is closed") from None
                raise translate(exc, self.url, lock_timeout=self.lock_timeout) or exc from exc
            if self._alive(connection):
                return _PostgresUnitOfWork(self, connection, _DIALECT)
            connection.close()  # the pool discards it and opens a new one in the background
            self._give_back(connection)
        raise StoreUnavailable(
            self.url,
            "every pooled connection was dropped by the server, and so were new ones; is the "
            "server restarting?",
            retryable=True,
        )

    def _alive(self, connection: Any) -> bool:
        try:
            self._check(connection)
        except Exception:
            return False
        return True

    def close(self) -> None:
        """Close the pool and its connections."""
        self._pool.close()

    def _give_back(self, connection: Any) -> None:
        try:
            self._pool.putconn(connection)
        except Exception:  # the pool is closed, or the connection is not its own any more
            connection.close()


def _number(url: str, name: str, value: object, low: float, high: float) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high:
        raise StoreUnavailable(url, f"{name}={value!r}: give a number from {low:g} to {high:g}")
    return number


def _split_url(url: str) -> tuple[str, dict[str, str]]:
    """``url`` without halt's own options in its query, and those options."""
    base, mark, query = url.partition("?")
    if not mark:
        return url, {}
    kept: list[str] = []
    ours: dict[str, str] = {}
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name in _URL_OPTIONS:
            ours[name] = urllib.parse.unquote(value)
        elif part:
            kept.append(part)
    return (f"{base}?{'&'.join(kept)}" if kept else base), ours


def _safe_url(url: str) -> str:
    """``url`` without its secrets, in the user part or in the query."""
    return redact_url(url)


def _scrub(text: str, params: Mapping[str, Any]) -> str:
    """``text`` with the URL's password, should the driver quote it, replaced by ``***``."""
    password = params.get("password")
    return text.replace(password, "***") if password else text


def _server(params: Mapping[str, Any]) -> str:
    """Where the URL points, as libpq will read it: ``host:port (database "name")``."""
    host = params.get("host") or os.environ.get("PGHOST") or "localhost"
    port = params.get("port") or os.environ.get("PGPORT") or "5432"
    user = params.get("user") or os.environ.get("PGUSER")
    database = params.get("dbname") or os.environ.get("PGDATABASE") or user
    where = f"{host}:{port}"
    return f'{where} (database "{database}")' if database else where


def _driver_reason(error: Exception) -> str:
    """The driver's reason, without its ``connection to server at ... failed:`` wrapping."""
    reasons: list[str] = []
    for line in str(error).splitlines():
        line = line.strip().removeprefix("- ")
        if not line or line.startswith(("Is the server running", "Multiple connection")):
            continue
        if "failed: " in line:
            line = line.rpartition("failed: ")[2]
        line = re.sub(r"^(FATAL|ERROR):\s*", "", line).strip()
        if line[1:2].islower():
            line = line[:1].lower() + line[1:]
        if line and line not in reasons:
            reasons.append(line)
    return "; ".join(reasons) or type(error).__name__


def _cannot_connect(params: Mapping[str, Any], error: Exception) -> str:
    """Why connecting failed, and what to check, for a :class:`StoreUnavailable`."""
    reason = _scrub(_driver_reason(error), params)
    url = "the URL (--store, or HALT_STORE_URL)"
    if "password" in reason or "authentication" in reason or "role" in reason:
        check = f"Check the user name and password in {url}."
    elif "database" in reason and "does not exist" in reason:
        check = f"Create that database, or check its name in {url}."
    elif "resolve" in reason:
        check = f"Check the host name in {url}."
    else:
        check = f"Is the server running, and accepting TCP/IP connections there? Check {url}."
    return f"cannot connect to the PostgreSQL server at {_server(params)}: {reason}. {check}"


@hookimpl
def halt_store_schemes() -> Iterable[str]:
    """Name the schemes this adapter opens: ``postgresql://`` (and ``postgres://``)."""
    return ["postgresql", "postgres"]


@hookimpl
def halt_open_store(url: str, options: Mapping[str, Any]) -> Store | None:
    """Open a PostgreSQL store for a ``postgresql:`` or ``postgres:`` URL."""
    if not url.startswith(("postgresql:", "postgres:")):
        return None
    return PostgresStore(url, **dict(options))
