"""A writer killed with SIGKILL, again and again: each unit of work is all there or not at all.

One writer process at a time (a *life*) opens the store and commits batch after batch: each
unit of work adds five meetings (four in one ``add_many``, one alone), stores two outbox
events, and saves a shared tally partner naming the batch, all tagged with the life and
batch number. After a random few milliseconds the test kills it with SIGKILL, often in the
middle of a unit of work, and checks, in a new process (on PostgreSQL once the writer's
server sessions are gone: a COMMIT sent just before the kill may still land):

- on SQLite, ``PRAGMA integrity_check`` says ok;
- the store opens, and each batch of that life is wholly there (five meetings, two events)
  or wholly absent; every batch whose commit had returned is there (a killed program loses
  no commit), and at most one batch more (one whose commit was under way) is;
- the tally names the last batch that is there, at the version one save per batch and per
  check makes; the meetings number five per batch that is there, over all lives;
- no pending event comes from anywhere else;
- the store accepts a new unit of work: it marks the events published and saves the tally.

300 kills on SQLite and 100 on PostgreSQL (times the --long factor).
"""

from __future__ import annotations

import random
import signal
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import attrs
import pytest

import halt_core
from halt_core.events import Event
from tests.reliability._processes import (
    FORK,
    Backend,
    Worker,
    event,
    in_child,
    meeting,
    new_uuid,
    partner,
)
from tests.reliability.conftest import Figures

KILLS = {"sqlite": 300, "postgresql": 100}
RECORDS = 5
EVENTS = 2
MOST_DELAY = {"sqlite": 0.03, "postgresql": 0.06}
"""Seconds, at most, between the writer saying it is ready and the kill (a few batches)."""

NAMESPACE = uuid.UUID("5e1f0000-0000-4000-8000-000000000003")
TALLY = uuid.UUID("5e1f0000-0000-4000-8000-000000000004")

# Where a writer is, in memory shared with the test: the last batch whose commit returned,
# and whether it is inside a unit of work.
_COMMITTED, _INSIDE = 0, 1


def _tag(life: int, batch: int) -> str:
    return f"life {life} batch {batch}"


def _ids(life: int, batch: int) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    tag = _tag(life, batch)
    records = [new_uuid(NAMESPACE, f"{tag} record {n}") for n in range(RECORDS)]
    events = [new_uuid(NAMESPACE, f"{tag} event {n}") for n in range(EVENTS)]
    return records, events


def _create(url: str) -> None:
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        uow.partners.add(partner(TALLY, "no life yet"))


def _writer(url: str, life: int, ready: Any, progress: Any) -> None:
    progress[_COMMITTED] = -1
    with halt_core.connect(url) as store:
        ready.send_bytes(b"ready")
        deadline = time.monotonic() + 60
        batch = 0
        while time.monotonic() < deadline:
            tag = _tag(life, batch)
            records, events = _ids(life, batch)
            progress[_INSIDE] = 1
            with store.unit_of_work() as uow:
                uow.meetings.add_many(meeting(id, tag) for id in records[:-1])
                uow.outbox.add(*(event(id, records[0], tag) for id in events))
                uow.meetings.add(meeting(records[-1], tag))
                tally = uow.partners.get(TALLY)
                uow.partners.save(attrs.evolve(tally, name=tag))
            progress[_COMMITTED] = batch
            progress[_INSIDE] = 0
            batch += 1
    raise AssertionError("the writer was not killed within 60 s")


def _sessions_end(backend: Backend, app: str) -> float:
    """Wait until the killed writer's server sessions are gone; how long that took (s, or 0).

    A PostgreSQL session outlives its killed client a little: a COMMIT the client sent just
    before it died is still carried out (and waits for its WAL flush), so a batch may turn up
    some milliseconds after the kill. The batches are checked once the sessions are gone.
    """
    import psycopg

    assert backend.server is not None
    started = time.monotonic()
    with psycopg.connect(backend.server, autocommit=True) as admin:
        looks = 0
        while time.monotonic() - started < 30:
            row = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (app,)
            ).fetchone()
            if row is not None and row[0] == 0:
                return time.monotonic() - started if looks else 0.0
            looks += 1
            time.sleep(0.002)
    raise AssertionError(f"the killed writer's sessions ({app}) lived on for 30 s")


def _check(
    backend: Backend, app: str, life: int, committed: int, whole_before: int
) -> dict[str, Any]:
    """After the kill of ``life``: what is wrong, and how many of its batches are there."""
    problems: list[str] = []
    lingered = _sessions_end(backend, app) if backend.server is not None else 0.0
    if backend.path is not None:
        connection = sqlite3.connect(backend.path)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
        if verdict != [("ok",)]:
            problems.append(f"integrity_check: {verdict}")
    with halt_core.connect(backend.url) as store:
        with store.unit_of_work() as uow:
            pending: dict[uuid.UUID, Event] = {e.id: e for e in uow.outbox.pending()}
            mine: set[uuid.UUID] = set()
            whole = 0
            batch = 0
            while True:
                tag = _tag(life, batch)
                records, events = _ids(life, batch)
                found = [m for m in (uow.meetings.find(id) for id in records) if m is not None]
                there = [id for id in events if id in pending]
                if len(found) == RECORDS and len(there) == EVENTS:
                    whole += 1
                    mine.update(events)
                    tags = {m.location for m in found} | {
                        getattr(pending[i], "reason", "") for i in there
                    }
                    if tags != {tag}:
                        problems.append(f"{tag}: records or events carry another tag")
                elif found or there:
                    problems.append(
                        f"{tag} is partly stored: {len(found)} of {RECORDS} meetings, "
                        f"{len(there)} of {EVENTS} events"
                    )
                    mine.update(there)
                else:
                    break
                batch += 1
            records, events = _ids(life, batch + 1)
            if any(uow.meetings.find(id) for id in records) or any(i in pending for i in events):
                problems.append(f"{_tag(life, batch + 1)} is stored, but the batch before is not")
            if whole <= committed:
                problems.append(
                    f"batch {committed} had committed, but only {whole} batches are there"
                )
            if whole > committed + 2:
                problems.append(
                    f"{whole} batches are there, but only {committed + 1} had committed"
                )
            strays = set(pending) - mine
            if strays:
                problems.append(f"{len(strays)} pending events of no batch of this life")
            tally = uow.partners.get_versioned(TALLY)
            expected = (
                _tag(life, whole - 1)
                if whole
                else (f"checked after life {life - 1}" if life else "no life yet")
            )
            if tally.value.name != expected:
                problems.append(f"the tally names {tally.value.name!r}, not {expected!r}")
            saves = 1 + whole_before + whole + life  # added at 1; a save per batch, per check
            if tally.version != saves:
                problems.append(f"the tally is at version {tally.version}, not {saves}")
            meetings = uow.meetings.count()
            if meetings != RECORDS * (whole_before + whole):
                problems.append(f"{meetings} meetings, not {RECORDS * (whole_before + whole)}")
        # The store takes a new unit of work, and it writes.
        with store.unit_of_work() as uow:
            uow.outbox.mark_published(pending)
            current = uow.partners.get(TALLY)
            uow.partners.save(attrs.evolve(current, name=f"checked after life {life}"))
        with store.unit_of_work() as uow:
            if uow.outbox.pending():
                problems.append("events marked published are still pending")
    return {"problems": problems, "whole": whole, "lingered": lingered}


def test_killed_writers_leave_whole_units_of_work(
    backend: Backend, tmp_path: Path, scale: int, figures: Figures
) -> None:
    kills = KILLS[backend.name] * scale
    in_child(tmp_path, _create, backend.url)
    rng = random.Random()
    whole = inside = before_first = landed = 0
    lingered, outlived = 0.0, 0
    app = f"halt_rel_kill_{uuid.uuid4().hex[:8]}"
    url = backend.with_options(application_name=app) if backend.server else backend.url
    for life in range(kills):
        reader, writer = FORK.Pipe(duplex=False)
        progress = FORK.RawArray("q", 2)
        worker = Worker(tmp_path / "writers", _writer, url, life, writer, progress).start()
        try:
            if not reader.poll(30):
                worker.kill()
                worker.result()  # its traceback, if it failed
                pytest.fail(f"life {life}: the writer did not open the store within 30 s")
            time.sleep(rng.uniform(0, MOST_DELAY[backend.name]))
            worker.process.kill()
            assert worker.join(10), f"life {life}: the writer outlived SIGKILL for 10 s"
        finally:
            worker.kill()
            reader.close()
            writer.close()
        if worker.process.exitcode != -signal.SIGKILL:
            worker.result()  # fails showing why it ended on its own
            pytest.fail(f"life {life}: the writer ended with {worker.process.exitcode}")
        committed = progress[_COMMITTED]
        inside += progress[_INSIDE]
        before_first += committed < 0
        verdict = in_child(
            tmp_path / "checks", _check, backend, app, life, committed, whole, timeout=60
        )
        assert not verdict["problems"], f"life {life}: " + "; ".join(verdict["problems"])
        whole += verdict["whole"]
        landed += verdict["whole"] == committed + 2
        lingered = max(lingered, verdict["lingered"])
        outlived += verdict["lingered"] > 0

    # The kills came where they test something: mostly inside units of work.
    assert inside >= kills // 2, f"only {inside} of {kills} kills came inside a unit of work"
    label = backend.label
    figures.record(f"{label}: writers killed (SIGKILL)", kills)
    figures.record(f"{label}: kills inside a unit of work", inside)
    figures.record(f"{label}: kills before the first commit", before_first)
    figures.record(f"{label}: units stored whose commit had not returned at the kill", landed)
    figures.record(f"{label}: batches stored whole across kills", whole)
    if backend.server:
        figures.record(f"{label}: kills whose server session outlived the writer", outlived)
        figures.record(f"{label}: longest a killed writer's session lived on (s)", lingered)
