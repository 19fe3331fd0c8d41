"""Processes that open a store that does not exist yet, at the same moment: all of them work.

Four processes wait at a barrier, then open the same new store (a new SQLite file, a new
PostgreSQL schema): one of them creates it, the others must wait for that or find it made,
never fail, and never make it twice. Each then adds a partner of its own; afterwards the
store holds them all, at schema version 2, with one row in its schema table per version.
Ten new stores per backend (times the --long factor).

Known bug (SQLite): now and then an opener is refused within milliseconds with "database is
locked" (``PRAGMA journal_mode = WAL`` on the new file meets another opener's lock without
waiting for the busy timeout), and the error claims the busy timeout of 10 s ran out. When
that, and only that, goes wrong, the test reports an expected failure saying how often; any
other failure fails it. Once the store waits instead, the test passes.
"""

from __future__ import annotations

import sqlite3
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

import halt_core
from halt_core.storage import StoreUnavailable
from tests.reliability._processes import FORK, Backend, in_child, new_uuid, partner, run_all
from tests.reliability.conftest import Figures

PROCESSES = 4
STORES = 10
AT_ONCE = 1.0
"""Seconds: a refusal sooner than this did not wait for the busy timeout (10 s)."""

NAMESPACE = uuid.UUID("5e1f0000-0000-4000-8000-000000000008")


def _open_and_add(url: str, number: int, barrier: Any) -> dict[str, Any]:
    barrier.wait(60)
    started = time.monotonic()
    try:
        store = halt_core.connect(url)
    except StoreUnavailable as error:
        took = time.monotonic() - started
        cause = error.__cause__
        if (
            url.startswith("sqlite:")
            and isinstance(cause, sqlite3.OperationalError)
            and "locked" in str(cause)
            and "journal_mode" in (traceback.extract_tb(cause.__traceback__)[-1].line or "")
            and took < AT_ONCE
        ):
            return {"refused_at_once": took, "error": str(error)}
        raise
    with store:
        with store.unit_of_work() as uow:
            uow.partners.add(partner(new_uuid(NAMESPACE, str(number)), f"process {number}"))
        return {"version": store.schema_version}


def _partners(url: str) -> list[str]:
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        return sorted(p.name for p in uow.partners.all())


def _schema_rows(backend: Backend) -> list[int]:
    if backend.path is not None:
        file = sqlite3.connect(backend.path)
        try:
            rows = file.execute("SELECT version FROM halt_schema").fetchall()
        finally:
            file.close()
    else:
        assert backend.server is not None
        with psycopg.connect(backend.server) as server:
            rows = server.execute(f"SELECT version FROM {backend.schema}.halt_schema").fetchall()
    return sorted(version for (version,) in rows)


def test_processes_opening_a_new_store_at_once_all_work(
    backend: Backend, tmp_path: Path, scale: int, figures: Figures
) -> None:
    stores = STORES * scale
    refused: list[dict[str, Any]] = []
    for number in range(stores):
        if backend.path is not None:
            fresh = Backend.sqlite(tmp_path / f"new-{number}.sqlite3")
        else:
            assert backend.server is not None
            assert backend.schema is not None
            fresh = Backend.postgresql(backend.server, f"{backend.schema}_{number}")
        try:
            barrier = FORK.Barrier(PROCESSES)
            results = run_all(
                tmp_path,
                [(_open_and_add, (fresh.url, n, barrier)) for n in range(PROCESSES)],
                timeout=120,
            )
            opened = [n for n, result in enumerate(results) if "version" in result]
            refused.extend(result for result in results if "refused_at_once" in result)
            assert [results[n]["version"] for n in opened] == [2] * len(opened)
            # The store is whole however many openers were refused: one more open works.
            assert in_child(tmp_path, _partners, fresh.url) == [f"process {n}" for n in opened]
            assert _schema_rows(fresh) == [1, 2]
        finally:
            if fresh.server is not None:
                with psycopg.connect(fresh.server, autocommit=True) as connection:
                    connection.execute(f"DROP SCHEMA IF EXISTS {fresh.schema} CASCADE")
    label = backend.label
    figures.record(f"{label}: new stores opened by {PROCESSES} processes at once", stores)
    if backend.path is not None:
        figures.record(f"{label}: openers of a new store refused at once (bug)", len(refused))
    if refused:
        slowest = max(r["refused_at_once"] for r in refused)
        pytest.xfail(
            f"known bug: {len(refused)} of {stores * PROCESSES} openers of a new SQLite store "
            f"were refused within {slowest * 1000:.0f} ms ('database is locked', from PRAGMA "
            f"journal_mode = WAL), not after the busy timeout; the error said: "
            f"{refused[0]['error']}"
        )
