"""Processes that open a store that does not exist yet, at the same moment: all of them work.

Four processes wait at a barrier, then open the same new store (a new SQLite file, a new
PostgreSQL schema): one of them creates it, the others must wait for that or find it made,
never fail, and never make it twice. Each then adds a partner of its own; afterwards the
store holds them all, at schema version 2, with one row in its schema table per version.
Ten new stores per backend (times the --long factor).

(SQLite answers the first switch of a new file to WAL with "database is locked" at once
when another opener holds it, without waiting for its busy timeout; the store tries the
opening again until the busy timeout runs out. This test found that.)
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import psycopg

import halt_core
from halt_adapters.storage.sqlite import SCHEMA_VERSION  # the PostgreSQL store's is the same
from tests.reliability._processes import FORK, Backend, in_child, new_uuid, partner, run_all
from tests.reliability.conftest import Figures

PROCESSES = 4
STORES = 10
AT_ONCE = 1.0
"""Seconds: a refusal sooner than this did not wait for the busy timeout (10 s)."""

NAMESPACE = uuid.UUID("5e1f0000-0000-4000-8000-000000000008")


def _open_and_add(url: str, number: int, barrier: Any) -> dict[str, Any]:
    barrier.wait(60)
    with halt_core.connect(url) as store:
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
            assert [result["version"] for result in results] == [SCHEMA_VERSION] * PROCESSES
            expected = [f"process {n}" for n in range(PROCESSES)]
            assert in_child(tmp_path, _partners, fresh.url) == expected
            assert _schema_rows(fresh) == list(range(1, SCHEMA_VERSION + 1))
        finally:
            if fresh.server is not None:
                with psycopg.connect(fresh.server, autocommit=True) as connection:
                    connection.execute(f"DROP SCHEMA IF EXISTS {fresh.schema} CASCADE")
    label = backend.label
    figures.record(f"{label}: new stores opened by {PROCESSES} processes at once", stores)
