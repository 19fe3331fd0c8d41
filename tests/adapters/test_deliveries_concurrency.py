"""Dispatchers at once on SQLite and PostgreSQL: each event routed once, each delivery sent once.

Several processes (``_dispatch_in_process.py``), each with a store of its own on one
database, route a pool of outbox events, or claim and finish a pool of deliveries, until none
is left. Every event must be routed by exactly one of them, every delivery claimed by
exactly one and finished once, and nothing lost. On PostgreSQL a unit of work that holds
events or deliveries makes another skip them rather than wait (``FOR UPDATE SKIP LOCKED``);
on SQLite it makes the other wait for the write lock.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import halt_core
from halt_core.events import Event, InterventionDeclined
from halt_core.ids import EventId, InterventionId, new_id
from halt_core.model import InterventionStatus
from halt_core.notify import OWN_TARGET, Delivery, DeliveryState
from halt_core.storage import Store, StoreUnavailable

SCRIPT = Path(__file__).with_name("_dispatch_in_process.py")
PROCESSES = 4
POOL = 300
T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(hours=1)

Opener = Callable[..., Store]


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, list[str], Opener]:
    """``(url, extra arguments of the script, opener)`` of an empty store of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/halt.sqlite3"
        return url, [], lambda **options: halt_core.connect(url, **options)
    postgres_url = request.getfixturevalue("postgres_url")
    schema = request.getfixturevalue("postgres_schema")
    return (
        postgres_url,
        [schema],
        lambda **options: halt_core.connect(postgres_url, schema=schema, **options),
    )


def _events(count: int) -> list[Event]:
    intervention = new_id(InterventionId)
    return [
        InterventionDeclined(
            id=new_id(EventId),
            occurred_at=T0,
            actor="test",
            intervention=intervention,
            from_status=InterventionStatus.REQUESTED,
            to_status=InterventionStatus.DECLINED,
            reason=f"nummer {n}",
        )
        for n in range(count)
    ]


def _delivery(event: Event, recipient: str = OWN_TARGET) -> Delivery:
    return Delivery(
        id=uuid.uuid4(),
        event_id=event.id,
        event_type=event.type,
        notifier="log",
        recipient=recipient,
        next_attempt=T0,
    )


def _run(mode: str, url: str, extra: list[str], tmp_path: Path) -> list[list[str]]:
    """Run the script in ``PROCESSES`` processes started together; each one's lines."""
    go = tmp_path / f"go-{mode}"
    runs = [
        subprocess.Popen(
            [sys.executable, str(SCRIPT), mode, url, f"{mode}-{n}", str(go), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    time.sleep(0.5)  # every process has opened its store and waits
    go.touch()
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=240)
        assert run.returncode == 0, err
        lines = out.split()
        assert out.splitlines()[-1] == "done", out
        outputs.append(out.splitlines()[:-1])
        assert lines
    return outputs


def _ids(outputs: list[list[str]], word: str) -> Counter[str]:
    return Counter(
        line.split()[1] for lines in outputs for line in lines if line.split()[0] == word
    )


def _shared_the_work(url: str, outputs: list[list[str]], word: str) -> None:
    """Print how many each process did; on PostgreSQL, more than one must have done some.

    On SQLite the one writer's lock is not fair: its busy handler lets whoever holds it take
    it again, so one process may route everything while the others wait.
    """
    done = [sum(1 for line in lines if line.startswith(word)) for lines in outputs]
    print(f"{word} per process: {done}")
    if url.startswith("postgres"):
        assert sum(1 for n in done if n) >= 2, f"only one process did any work: {done}"


def test_dispatchers_in_processes_route_each_event_once(
    backend: tuple[str, list[str], Opener], tmp_path: Path
) -> None:
    url, extra, open_store = backend
    events = _events(POOL)
    with open_store() as store, store.unit_of_work() as uow:
        uow.outbox.add(*events)
    started = time.monotonic()
    outputs = _run("route", url, extra, tmp_path)
    seconds = time.monotonic() - started
    routed = _ids(outputs, "routed")
    assert set(routed) == {str(e.id) for e in events}, "an event was not routed"
    assert max(routed.values()) == 1, "an event was routed twice"
    _shared_the_work(url, outputs, "routed")
    with open_store() as store, store.unit_of_work() as uow:
        assert uow.outbox.pending() == ()
        assert uow.deliveries.counts() == {("log", DeliveryState.PENDING): POOL}
    print(f"{PROCESSES} processes routed {POOL} events in {seconds:.2f} s")


def test_dispatchers_in_processes_claim_and_finish_each_delivery_once(
    backend: tuple[str, list[str], Opener], tmp_path: Path
) -> None:
    url, extra, open_store = backend
    events = _events(POOL // 3)
    rows = [_delivery(e, f"r{n}") for e in events for n in range(3)]
    with open_store() as store:
        with store.unit_of_work() as uow:
            uow.outbox.add(*events)
        with store.unit_of_work() as uow:
            assert uow.deliveries.add(rows) == POOL
            uow.outbox.mark_published(e.id for e in events)
    started = time.monotonic()
    outputs = _run("claim", url, extra, tmp_path)
    seconds = time.monotonic() - started
    claimed = _ids(outputs, "claimed")
    assert set(claimed) == {str(d.id) for d in rows}, "a delivery was never claimed"
    twice = {id: n for id, n in claimed.items() if n > 1}
    assert twice == {}, f"deliveries claimed by two dispatchers: {twice}"
    finished = Counter(
        (line.split()[1], line.split()[2])
        for lines in outputs
        for line in lines
        if line.startswith("finished")
    )
    assert finished == Counter({(str(d.id), "True"): 1 for d in rows})
    # Each process finished what it claimed itself.
    for lines in outputs:
        mine = {line.split()[1] for line in lines if line.startswith("claimed")}
        assert mine == {line.split()[1] for line in lines if line.startswith("finished")}
    _shared_the_work(url, outputs, "claimed")
    with open_store() as store, store.unit_of_work() as uow:
        assert uow.deliveries.counts() == {("log", DeliveryState.DELIVERED): POOL}
        assert all(d.attempts == 1 for d in uow.deliveries.listed())
    print(f"{PROCESSES} processes claimed and finished {POOL} deliveries in {seconds:.2f} s")


# -- one unit of work holds, the other: skips (PostgreSQL) or waits (SQLite) ---------------------


@pytest.fixture
def postgres(postgres_url: str, postgres_schema: str) -> Iterator[Store]:
    """A PostgreSQL store whose statements wait at most half a second for a held row."""
    store = halt_core.connect(postgres_url, schema=postgres_schema, lock_timeout=0.5)
    yield store
    store.close()


def _quick(call: Callable[[], Any]) -> Any:
    """``call()``, which must return well within the lock timeout: it skipped, not waited."""
    started = time.monotonic()
    result = call()
    assert time.monotonic() - started < 0.4
    return result


def test_postgresql_take_events_skips_the_events_another_holds(postgres: Store) -> None:
    events = _events(5)
    with postgres.unit_of_work() as uow:
        uow.outbox.add(*events)
    with postgres.unit_of_work() as first:
        held = first.deliveries.take_events(3)
        assert held == tuple(events[:3])
        with postgres.unit_of_work() as second:
            assert _quick(lambda: second.deliveries.take_events(10)) == tuple(events[3:])
            second.rollback()  # routes nothing: its events are pending again
            assert _quick(lambda: second.deliveries.take_events(10)) == tuple(events[3:])
            second.rollback()
        first.deliveries.add(_delivery(e) for e in held)
        first.outbox.mark_published(e.id for e in held)
    with postgres.unit_of_work() as third:
        assert third.deliveries.take_events(10) == tuple(events[3:])


def test_postgresql_claim_skips_the_deliveries_another_holds(postgres: Store) -> None:
    events = _events(4)
    rows = [_delivery(e) for e in events]
    with postgres.unit_of_work() as uow:
        uow.outbox.add(*events)
    with postgres.unit_of_work() as uow:
        uow.deliveries.add(rows)
    lease = T0 + LEASE
    with postgres.unit_of_work() as first:
        mine = first.deliveries.claim(["log"], now=T0, lease_until=lease, limit=2, claimant="A")
        assert [c.delivery.id for c in mine] == [d.id for d in rows[:2]]
        with postgres.unit_of_work() as second:
            theirs = _quick(
                lambda: second.deliveries.claim(
                    ["log"], now=T0, lease_until=lease, limit=10, claimant="B"
                )
            )
            assert [c.delivery.id for c in theirs] == [d.id for d in rows[2:]]
    with postgres.unit_of_work() as uow:
        holders = {d.id: d.attempts for d in uow.deliveries.listed()}
        assert holders == {d.id: 1 for d in rows}
        assert uow.deliveries.finish(rows[0].id, claimant="A", state=DeliveryState.DEAD)
        assert not uow.deliveries.finish(rows[2].id, claimant="A", state=DeliveryState.DEAD)
        assert uow.deliveries.finish(rows[2].id, claimant="B", state=DeliveryState.DEAD)


def test_sqlite_take_events_waits_for_the_writer_that_holds_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/halt.sqlite3"
    events = _events(5)
    with halt_core.connect(url, busy_timeout=0.2) as store:
        with store.unit_of_work() as uow:
            uow.outbox.add(*events)
        with store.unit_of_work() as first:
            held = first.deliveries.take_events(3)
            waiter = store.unit_of_work()
            with pytest.raises(StoreUnavailable, match="busy timeout") as info, waiter:
                waiter.deliveries.take_events(10)
            assert info.value.retryable
            first.deliveries.add(_delivery(e) for e in held)
            first.outbox.mark_published(e.id for e in held)
        with store.unit_of_work() as second:
            assert second.deliveries.take_events(10) == tuple(events[3:])
