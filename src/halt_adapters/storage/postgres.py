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
which dispatchers take with ``FOR UPDATE SKIP LOCKED``; the one to version 5 the privacy
log, whose kept counts add up in place with ``INSERT ... ON CONFLICT DO UPDATE``; the one to
version 7 each row's ``changed`` moment and the references tables, filled by decoding every
live record: see :mod:`halt_adapters.storage._sql_refs`). So a role
that may only read and write the rows of an existing store (``USAGE`` on the schema;
``SELECT, INSERT, UPDATE, DELETE`` on its tables; ``USAGE`` on its sequences) can open it.

Documents are JSONB; new records (and their references) arrive with COPY, each converted while
the ones before it are on their way (see :mod:`halt_adapters.storage._postgres_copy`); each
unit of work runs in one transaction (READ COMMITTED), and a save's version check is done by
the UPDATE itself, so two writers of one record cannot both win. The pool checks a connection
before lending it and discards one the server dropped, so a restarted server or a killed
session costs one retried unit of work at most. Every driver error becomes a library error (see
:func:`halt_adapters.storage._postgres_errors.translate`).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from halt_adapters.storage._migrations import (
    Step,
    events_by_subject_statements,
    repair_partners_step,
    schema_statements,
    set_aside_statements,
    tombstone_statements,
)
from halt_adapters.storage._postgres_copy import copy_rows
from halt_adapters.storage._postgres_errors import (
    POOL_WAIT,
    cannot_connect,
    psycopg_modules,
    scrub,
    server,
    translate,
)
from halt_adapters.storage._postgres_open import migrate
from halt_adapters.storage._sql import SqlUnitOfWork
from halt_adapters.storage._sql_deliveries import deliveries_statements
from halt_adapters.storage._sql_dialect import Dialect
from halt_adapters.storage._sql_privacy_log import privacy_log_statements
from halt_adapters.storage._sql_refs import refill_step, refs_statements
from halt_core.errors import HaltError
from halt_core.hookspecs import hookimpl
from halt_core.model import Gazetteer
from halt_core.storage import Row, Store, StoreUnavailable, UnitOfWork, redact_url
from halt_core.storage.urls import redact_secrets

__all__ = ["SCHEMA_VERSION", "PostgresStore", "halt_open_store", "halt_store_schemes"]

SCHEMA_VERSION = 7
"""The newest schema this adapter creates and reads (7 added references and ``changed``)."""

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")

DEFAULT_CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the server to answer, unless the URL or the options say otherwise."""

DEFAULT_LOCK_TIMEOUT = 10.0
"""Seconds a statement waits for a locked row, unless the options say otherwise."""

DEFAULT_STATEMENT_TIMEOUT = 300.0
"""Seconds one statement may run, unless the options say otherwise."""

_OPTIONS = (
    "connect_timeout",
    "gazetteer",
    "lock_timeout",
    "pool_size",
    "schema",
    "statement_timeout",
)
_URL_OPTIONS = ("lock_timeout", "pool_size", "schema", "statement_timeout")  # not libpq's


class _PostgresDialect(Dialect):
    param = "%s"
    streams_inserts = True

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
        psycopg, _ = psycopg_modules()
        return isinstance(error, psycopg.errors.UniqueViolation)

    def insert_records(self, cursor: Any, table: str, rows: Iterable[Row]) -> None:
        copy_rows(cursor, table, rows)


_DIALECT = _PostgresDialect()


def migrations(gazetteer: Gazetteer | None = None) -> tuple[tuple[Step, ...], ...]:
    """Each schema version's steps (index 0: to version 1); version 7's use ``gazetteer``."""
    return (
        tuple(_DIALECT.schema()),
        tuple(tombstone_statements()),
        (
            *set_aside_statements(
                id_type="UUID", key_type="BIGSERIAL PRIMARY KEY", time_type="TIMESTAMPTZ"
            ),
            repair_partners_step(_DIALECT, schema_version=3),
        ),
        tuple(deliveries_statements(id_type="UUID", time_type="TIMESTAMPTZ")),
        tuple(
            privacy_log_statements(id_type="UUID", time_type="TIMESTAMPTZ", document_type="JSONB")
        ),
        tuple(events_by_subject_statements()),
        (*refs_statements(id_type="UUID"), refill_step(_DIALECT, gazetteer)),
    )


MIGRATIONS = migrations()
assert len(MIGRATIONS) == SCHEMA_VERSION


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
        psycopg, psycopg_pool = psycopg_modules()
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
            raise StoreUnavailable(self.url, cannot_connect(params, exc)) from None
        with connection:
            try:
                self._version = migrate(connection, self.url, schema, migrations(self.gazetteer))
            except psycopg.Error as exc:
                reason = scrub(str(exc).strip(), params)
                raise StoreUnavailable(
                    self.url, f"cannot prepare schema {schema} at {server(params)}: {reason}"
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
                f"the PostgreSQL server at {server(params)} took one connection, but the "
                f"pool could not open its own ({scrub(str(exc), params)}); is the server "
                "short of connections (max_connections), or going down?"
            )
            try:
                psycopg.connect(url, connect_timeout=connect_timeout).close()
            except psycopg.Error as again:
                reason = cannot_connect(params, again)
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
