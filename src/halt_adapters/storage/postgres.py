"""The PostgreSQL store, for a team on a shared server (psycopg 3 with a connection pool).

URLs: ``postgresql://user:password@host:5432/database`` (``postgres://`` too), as libpq takes
them. Options: ``schema`` (a schema of its own, created when missing; default ``public``),
``pool_size`` (most connections at once; default 5), ``connect_timeout`` (seconds to wait for
the server to answer, at least 1; default: the URL's ``connect_timeout``, or else 5). Needs the
``postgresql`` extra: ``pip install "halt-core[postgresql]"``.

Opening connects once, directly, before the pool starts: a server that is not there, a wrong
password or a missing database fails at once with one
:class:`~halt_core.storage.StoreUnavailable` naming the server (host:port and database,
never the password), the driver's reason and what to check.

Documents are JSONB; new records arrive with COPY; each unit of work runs in one transaction
(READ COMMITTED), and a save's version check is done by the UPDATE itself, so two writers of
one record cannot both win.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from halt_adapters.storage._sql import (
    ROW_COLUMNS,
    Dialect,
    SqlUnitOfWork,
    schema_statements,
)
from halt_core.hookspecs import hookimpl
from halt_core.storage import SchemaTooNew, Store, StoreUnavailable, redact_url
from halt_core.storage.base import UnitOfWork

__all__ = ["SCHEMA_VERSION", "PostgresStore", "halt_open_store", "halt_store_schemes"]

SCHEMA_VERSION = 1
"""The newest schema this adapter creates and reads."""

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")

DEFAULT_CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the server to answer, unless the URL or the options say otherwise."""

_OPTIONS = ("schema", "pool_size", "connect_timeout")


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

# Each schema version's statements; index 0 brings an empty schema to version 1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (tuple(_DIALECT.schema()),)


class _PostgresUnitOfWork(SqlUnitOfWork):
    def _begin(self) -> None:
        """Nothing: psycopg begins a transaction at the first statement."""

    def _commit(self) -> None:
        self.connection.commit()

    def _rollback(self) -> None:
        self.connection.rollback()

    def _close(self) -> None:
        self.connection.rollback()
        self.store._pool.putconn(self.connection)  # type: ignore[attr-defined]


class PostgresStore(Store):
    """A store in a PostgreSQL database, in a schema of its own if asked."""

    def __init__(self, url: str, **options: Any) -> None:
        super().__init__(_safe_url(url), gazetteer=options.pop("gazetteer", None))
        psycopg, psycopg_pool = _psycopg()
        try:
            params: dict[str, Any] = psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise StoreUnavailable(self.url, f"not a PostgreSQL URL: {exc}") from exc
        schema = str(options.pop("schema", "public"))
        if not _IDENTIFIER.fullmatch(schema):
            raise StoreUnavailable(
                self.url, f"schema {schema!r}: use lower-case letters, digits and _ only"
            )
        self.schema = schema
        pool_size = int(options.pop("pool_size", 5))
        timeout = options.pop("connect_timeout", None)
        if timeout is None:
            timeout = params.get("connect_timeout") or DEFAULT_CONNECT_TIMEOUT
        try:
            connect_timeout = max(1, round(float(timeout)))
        except (TypeError, ValueError):
            raise StoreUnavailable(
                self.url, f"connect_timeout {timeout!r}: give a number of seconds"
            ) from None
        if options:
            raise StoreUnavailable(
                self.url, f"unknown options {sorted(options)}; known: {', '.join(_OPTIONS)}"
            )
        # One direct connection first: when it fails, the driver says why, at once, and no
        # pool is left retrying (and logging) in the background. It also migrates the schema.
        try:
            connection = psycopg.connect(url, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise StoreUnavailable(self.url, _cannot_connect(params, exc)) from exc
        with connection:
            try:
                self._version = _migrate(connection, self.url, schema)
            except psycopg.Error as exc:
                reason = _scrub(str(exc).strip(), params)
                raise StoreUnavailable(
                    self.url, f"cannot prepare schema {schema} at {_server(params)}: {reason}"
                ) from exc
        text_loader = psycopg.types.string.TextLoader

        def configure(connection: Any) -> None:
            # Documents come back as text, decoded by the converter, not by json.loads.
            connection.adapters.register_loader("jsonb", text_loader)
            connection.execute(f"SET search_path TO {schema}")
            connection.commit()

        self._pool = psycopg_pool.ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, pool_size),
            configure=configure,
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
            raise StoreUnavailable(self.url, reason) from exc

    @property
    def schema_version(self) -> int:
        """The schema version of the database."""
        return self._version

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work on a pooled connection."""
        try:
            connection = self._pool.getconn(timeout=30)
        except Exception as exc:
            raise StoreUnavailable(self.url, f"no connection free: {exc}") from exc
        return _PostgresUnitOfWork(self, connection, _DIALECT)

    def close(self) -> None:
        """Close the pool and its connections."""
        self._pool.close()


def _safe_url(url: str) -> str:
    """``url`` without its password, in the user part or in the query."""
    return re.sub(r"([?&]password=)[^&]*", r"\1***", redact_url(url))


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


def _migrate(connection: Any, url: str, schema: str) -> int:
    # An advisory lock, so two processes opening a new database migrate it once.
    lock = zlib.crc32(f"halt_core schema {schema}".encode())
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        connection.execute(f"SET LOCAL search_path TO {schema}")
        connection.execute("CREATE TABLE IF NOT EXISTS halt_schema (version INTEGER NOT NULL)")
        found = int(connection.execute("SELECT max(version) FROM halt_schema").fetchone()[0] or 0)
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(url, found, SCHEMA_VERSION)
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                connection.execute(statement)
            connection.execute("INSERT INTO halt_schema (version) VALUES (%s)", (version,))
    return SCHEMA_VERSION


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
