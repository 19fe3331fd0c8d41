"""What the PostgreSQL driver's errors mean, in words a user can act on.

:func:`translate` makes every psycopg and pool error a library error (the unit of work's
``_translate``); :func:`cannot_connect` says why opening a store failed, naming the server but
never the password, and what to check. Moved out of :mod:`halt_adapters.storage.postgres`,
unchanged.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from halt_core.errors import AlreadyExists, HaltError, TransactionAborted
from halt_core.storage import StoreUnavailable

__all__ = [
    "POOL_WAIT",
    "cannot_connect",
    "driver_reason",
    "first_line",
    "psycopg_modules",
    "scrub",
    "server",
    "translate",
]

POOL_WAIT = 30.0
"""Seconds a new unit of work waits for a free connection when all are lent out."""


def psycopg_modules() -> Any:
    """``(psycopg, psycopg_pool)``; a clear error when the ``postgresql`` extra is missing."""
    try:
        import psycopg
        import psycopg_pool
    except ImportError as exc:  # the extra is not installed
        raise StoreUnavailable(
            "postgresql://",
            f'{exc}; install the PostgreSQL extra: pip install "halt-core[postgresql]"',
        ) from exc
    return psycopg, psycopg_pool


def translate(error: Exception, url: str, *, lock_timeout: float) -> HaltError | None:
    """The library error for a psycopg or pool error (None for anything else).

    Deadlocks and serialization failures become
    :class:`~halt_core.errors.TransactionAborted`; a lock not granted within
    ``lock_timeout``, a dropped connection and a pool with no connection free become
    retryable :class:`~halt_core.storage.StoreUnavailable`; the rest (a full disk, a
    statement that ran too long, ...) a :class:`~halt_core.storage.StoreUnavailable` that
    says what happened.
    """
    psycopg, psycopg_pool = psycopg_modules()
    errors = psycopg.errors
    reason = first_line(error)
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


def first_line(error: Exception) -> str:
    """The first line of what ``error`` says (its class name if it says nothing)."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def scrub(text: str, params: Mapping[str, Any]) -> str:
    """``text`` with the URL's password, should the driver quote it, replaced by ``***``."""
    password = params.get("password")
    return text.replace(password, "***") if password else text


def server(params: Mapping[str, Any]) -> str:
    """Where the URL points, as libpq will read it: ``host:port (database "name")``."""
    host = params.get("host") or os.environ.get("PGHOST") or "localhost"
    port = params.get("port") or os.environ.get("PGPORT") or "5432"
    user = params.get("user") or os.environ.get("PGUSER")
    database = params.get("dbname") or os.environ.get("PGDATABASE") or user
    where = f"{host}:{port}"
    return f'{where} (database "{database}")' if database else where


def driver_reason(error: Exception) -> str:
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


def cannot_connect(params: Mapping[str, Any], error: Exception) -> str:
    """Why connecting failed, and what to check, for a :class:`StoreUnavailable`."""
    reason = scrub(driver_reason(error), params)
    url = "the URL (--store, or HALT_STORE_URL)"
    if "password" in reason or "authentication" in reason or "role" in reason:
        check = f"Check the user name and password in {url}."
    elif "database" in reason and "does not exist" in reason:
        check = f"Create that database, or check its name in {url}."
    elif "resolve" in reason:
        check = f"Check the host name in {url}."
    else:
        check = f"Is the server running, and accepting TCP/IP connections there? Check {url}."
    return f"cannot connect to the PostgreSQL server at {server(params)}: {reason}. {check}"
