"""A write lock held by one process: others still open the store and read, at once.

One process holds a write lock and keeps it: on SQLite a unit of work that saved and has not
committed (so it holds ``BEGIN IMMEDIATE``), or a bare connection in ``BEGIN IMMEDIATE`` or
``BEGIN EXCLUSIVE``; on PostgreSQL a unit of work holding the row it saved, or a bare
connection holding ``LOCK TABLE partners IN EXCLUSIVE MODE``. Meanwhile three other
processes each open the store with ``halt_core.connect`` and read, with a short lock timeout
(a reader that had to wait for the lock would be refused): that must succeed, and show the
committed record, not the held change. Then each tries to write with the same short timeout,
and must be refused with a retryable error after waiting that timeout: proof that the lock
was really held while they read. When the
holder lets go, the store has its change (or, for a bare connection, is as it was).
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import attrs
import psycopg
import pytest

import halt_core
from halt_core.storage import StoreUnavailable
from tests.reliability._processes import FORK, Backend, Worker, in_child, partner, run_all
from tests.reliability.conftest import Figures

READERS = 3

SHORT = 0.5
"""The lock timeout of the readers, in seconds: long for a read, short for a wait."""

RECORD = uuid.UUID("5e1f0000-0000-4000-8000-000000000007")


def _create(url: str) -> None:
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        uow.partners.add(partner(RECORD, "committed"))


def _hold(backend: Backend, how: str, ready: Any, release: Any) -> str:
    """Take the lock ``how`` says, say so, and keep it until told to let go."""
    if how == "unit of work":
        with halt_core.connect(backend.url) as store, store.unit_of_work() as uow:
            held = uow.partners.get(RECORD)
            uow.partners.save(attrs.evolve(held, name="held, then committed"))
            ready.send_bytes(b"held")
            if not release.poll(120):
                raise AssertionError("never told to let go")
        return "held, then committed"
    if backend.path is not None:
        connection = sqlite3.connect(backend.path, isolation_level=None)
        try:
            connection.execute(how)  # BEGIN IMMEDIATE or BEGIN EXCLUSIVE
            ready.send_bytes(b"held")
            if not release.poll(120):
                raise AssertionError("never told to let go")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
        return "committed"
    assert backend.server is not None
    with psycopg.connect(backend.server) as bare:
        bare.execute(f"LOCK TABLE {backend.schema}.partners IN EXCLUSIVE MODE")
        ready.send_bytes(b"held")
        if not release.poll(120):
            raise AssertionError("never told to let go")
        bare.rollback()
    return "committed"


def _open_and_read(backend: Backend, barrier: Any) -> dict[str, Any]:
    barrier.wait(60)
    short = {"busy_timeout": SHORT} if backend.path else {"lock_timeout": SHORT}
    started = time.monotonic()
    # With the short timeout: had opening or reading waited for the lock, it would fail.
    with halt_core.connect(backend.with_options(**short)) as store:
        opened = time.monotonic() - started
        with store.unit_of_work() as uow:
            name = uow.partners.get(RECORD).name
            count = uow.partners.count()
        read = time.monotonic() - started
    refused: bool | None = None
    started = time.monotonic()
    with halt_core.connect(backend.with_options(**short)) as store:
        try:
            with store.unit_of_work() as uow:
                mine = uow.partners.get(RECORD)
                uow.partners.save(attrs.evolve(mine, name="a reader wrote"))
        except StoreUnavailable as error:
            refused = error.retryable
    waited = time.monotonic() - started
    return {
        "opened": opened,
        "read": read,
        "name": name,
        "count": count,
        "refused": refused,
        "waited": waited,
    }


def _name(url: str) -> str:
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        return uow.partners.get(RECORD).name


def _readers_beside_a_held_lock(backend: Backend, how: str, folder: Path) -> list[dict[str, Any]]:
    in_child(folder, _create, backend.url)
    reader, writer = FORK.Pipe(duplex=False)
    release_reader, release_writer = FORK.Pipe(duplex=False)
    holder = Worker(folder, _hold, backend, how, writer, release_reader).start()
    try:
        if not reader.poll(30):
            holder.kill()
            holder.result()
            pytest.fail("the holder did not take the lock within 30 s")
        barrier = FORK.Barrier(READERS)
        results = run_all(folder, [(_open_and_read, (backend, barrier))] * READERS, timeout=60)
        release_writer.send_bytes(b"go")
        assert holder.join(30), "the holder did not let go"
    finally:
        holder.kill()
        for end in (reader, writer, release_reader, release_writer):
            end.close()
    kept = holder.result()
    assert in_child(folder, _name, backend.url) == kept

    for result in results:
        assert result["name"] == "committed", "a reader saw a change not committed"
        assert result["count"] == 1
        assert result["refused"] is True, "the reader's write was not refused: was the lock held?"
        assert result["waited"] >= SHORT * 0.8, f"refused without waiting: {result['waited']}"
    return results


@pytest.mark.parametrize("how", ["unit of work", "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"])
def test_sqlite_readers_open_and_read_beside_a_held_write_lock(
    how: str, tmp_path: Path, figures: Figures
) -> None:
    backend = Backend.sqlite(tmp_path / "store.sqlite3")
    results = _readers_beside_a_held_lock(backend, how, tmp_path)
    figures.record(
        f"SQLite: slowest open and read beside a held {how} (s)", max(r["read"] for r in results)
    )


@pytest.mark.parametrize("how", ["unit of work", "LOCK TABLE partners IN EXCLUSIVE MODE"])
def test_postgresql_readers_open_and_read_beside_a_held_lock(
    how: str, postgres_url: str, postgres_schema: str, tmp_path: Path, figures: Figures
) -> None:
    backend = Backend.postgresql(postgres_url, postgres_schema)
    results = _readers_beside_a_held_lock(backend, how, tmp_path)
    figures.record(
        f"PostgreSQL: slowest open and read beside a held {how.split(' IN ')[0].lower()} (s)",
        max(r["read"] for r in results),
    )
