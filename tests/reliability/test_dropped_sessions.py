"""PostgreSQL sessions dropped under the store (``pg_terminate_backend``): it carries on.

A store with a pool of two connections is used by units of work in ``retrying`` while an
admin connection terminates the store's sessions (found by their ``application_name``):

- between units of work, when the pool's connections are idle;
- inside a unit of work, after it read, before it wrote;
- inside a unit of work, after it wrote, before it committed (so the commit fails);
- at random moments, from a thread, while units of work run back to back.

Every unit of work adds one meeting of its own (if it is not there yet: a commit the server
took before the session went may have landed) and sets a tally partner, so it may safely run
again. All must succeed, each drop may cost at most one retried attempt, none may take long
(no hang waiting for a connection that is gone), the pool must never hold more than its two
sessions, and at the end every meeting is stored exactly once and the tally names the last
unit of work.

Then, as a server restart does, every session of a full pool of the default size (5) is
dropped while idle: the next unit of work must be served without waiting. (psycopg_pool's
own check waits 1, 2, 4, 8 s between dead connections, which once made it wait about 15 s;
the test records every wait the pool makes instead of timing the unit of work.)
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import psycopg
import psycopg_pool.pool
import pytest

import halt_core
from halt_core.errors import HaltError
from halt_core.storage import Attempt, Store, retrying
from tests.reliability._processes import Backend, in_child, meeting, new_uuid, partner
from tests.reliability.conftest import Figures

ROUNDS = 10
"""Drops per way of dropping (times the --long factor)."""

POOL_SIZE = 2
SLOWEST = 20.0
"""Seconds a unit of work may take, retries included, before it counts as a hang."""

NAMESPACE = uuid.UUID("5e1f0000-0000-4000-8000-000000000005")
TALLY = uuid.UUID("5e1f0000-0000-4000-8000-000000000006")


class _Load:
    """Units of work on one store, and the admin connection that drops its sessions."""

    def __init__(self, store: Store, admin: psycopg.Connection[Any], app: str) -> None:
        self.store = store
        self.admin = admin
        self.app = app
        self.done = 0
        self.dropped = 0
        self.errors: Counter[str] = Counter()
        self.slowest = 0.0
        self.most_sessions = 0
        self.phases: dict[str, dict[str, float]] = {}
        self._phase = ("", 0, 0)
        self._phase_slowest = 0.0

    def begin(self, phase: str) -> None:
        """Count drops, retries and the slowest unit of work of ``phase`` from here."""
        self._phase = (phase, self.dropped, self.retries)
        self._phase_slowest = 0.0

    def end(self) -> dict[str, float]:
        phase, dropped, retries = self._phase
        self.phases[phase] = {
            "drops": self.dropped - dropped,
            "retries": self.retries - retries,
            "slowest": self._phase_slowest,
        }
        return self.phases[phase]

    @property
    def retries(self) -> int:
        return sum(self.errors.values())

    def drop(self) -> int:
        """Terminate the store's sessions (waiting until they are gone); how many."""
        rows = self.admin.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s "
            "AND pid <> pg_backend_pid()",
            (self.app,),
        ).fetchall()
        gone = sum(1 for (ok,) in rows if ok)
        self.dropped += gone
        return gone

    def sessions(self) -> int:
        row = self.admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (self.app,)
        ).fetchone()
        assert row is not None
        count = int(row[0])
        self.most_sessions = max(self.most_sessions, count)
        return count

    def unit(self, during: Callable[[Attempt, str], None] | None = None) -> int:
        """One unit of work (retried as need be); how many attempts failed."""
        number = self.done
        id = new_uuid(NAMESPACE, f"unit {number}")
        started = time.monotonic()
        failed = 0
        for attempt in retrying(self.store, attempts=30, max_delay=0.5):
            with attempt as uow:
                if uow.meetings.find(id) is None:
                    if during is not None:
                        during(attempt, "read")
                    uow.meetings.add(meeting(id, f"unit {number}"))
                    tally = uow.partners.get(TALLY)
                    uow.partners.save(attrs.evolve(tally, name=f"unit {number}"))
                    if during is not None:
                        during(attempt, "written")
            if attempt.error is not None:
                assert isinstance(attempt.error, HaltError)
                self.errors[type(attempt.error).__name__] += 1
                failed += 1
        took = time.monotonic() - started
        self.slowest = max(self.slowest, took)
        self._phase_slowest = max(self._phase_slowest, took)
        assert took < SLOWEST, f"unit {number} took {took:.1f} s"
        self.done += 1
        return failed


def _drop_sessions(backend: Backend, rounds: int, seed: int) -> dict[str, Any]:
    assert backend.server is not None
    rng = random.Random(seed)
    app = f"halt_rel_{uuid.uuid4().hex[:8]}"
    url = backend.with_options(application_name=app, pool_size=POOL_SIZE, connect_timeout=3)
    admin = psycopg.connect(backend.server, autocommit=True, application_name=f"{app}_admin")
    with admin, halt_core.connect(url) as store:
        with store.unit_of_work() as uow:
            uow.partners.add(partner(TALLY, "no unit yet"))
        load = _Load(store, admin, app)

        # Between units of work: the pool's idle sessions go.
        load.begin("between units of work")
        for _ in range(rounds):
            load.unit()
            assert load.drop() >= 1, "no session of the store to drop"
            assert load.unit() <= 1, "one drop cost more than one retry"
            assert load.sessions() <= POOL_SIZE
        load.end()

        # Inside a unit of work: after its read, or after its writes (the commit fails).
        for moment, phase in (("read", "after a read"), ("written", "before the commit")):
            load.begin(phase)

            def drop_once(attempt: Attempt, now: str, moment: str = moment) -> None:
                if attempt.number == 1 and now == moment:
                    assert load.drop() >= 1, "the unit of work's own session was not found"

            for _ in range(rounds):
                failed = load.unit(drop_once)
                assert failed >= 1, f"dropped after {moment}, yet nothing failed"
                assert failed == 1, f"one drop after {moment} cost {failed} retries"
                assert load.sessions() <= POOL_SIZE
            load.end()

        # At random moments, from another thread, while units of work run back to back.
        load.begin("at random moments")
        stop = threading.Event()
        drops = 0

        def dropper() -> None:
            nonlocal drops
            while drops < rounds and not stop.is_set():
                time.sleep(rng.uniform(0.005, 0.05))
                drops += load.drop() > 0

        thread = threading.Thread(target=dropper, daemon=True)
        thread.start()
        deadline = time.monotonic() + 120
        try:
            while thread.is_alive() and time.monotonic() < deadline:
                load.unit()
        finally:
            stop.set()
            thread.join(30)
        assert not thread.is_alive(), "the dropping thread hangs"
        assert drops >= rounds, f"only {drops} drops at random moments in 120 s"
        for _ in range(3):
            load.unit()
        # One call may end both of the pool's sessions (one busy, one idle), and each may
        # fail an attempt; so the bound is per session ended, not per call.
        random_phase = load.end()
        assert random_phase["retries"] <= random_phase["drops"], (
            f"{random_phase['drops']} sessions ended cost {random_phase['retries']} retries"
        )
        assert load.sessions() <= POOL_SIZE

        # Every unit of work is stored once; the tally names the last.
        with store.unit_of_work() as uow:
            stored = {m.id for m in uow.meetings.all()}
            tally = uow.partners.get(TALLY).name
        wanted = {new_uuid(NAMESPACE, f"unit {n}") for n in range(load.done)}
        assert stored == wanted, f"{len(wanted - stored)} missing, {len(stored - wanted)} unknown"
        assert tally == f"unit {load.done - 1}"
    return {
        "units": load.done,
        "dropped": load.dropped,
        "errors": dict(load.errors),
        "slowest": load.slowest,
        "most_sessions": load.most_sessions,
        "phases": load.phases,
    }


def test_dropped_sessions_cost_a_retry_not_the_store(
    postgres_url: str, postgres_schema: str, tmp_path: Path, scale: int, figures: Figures
) -> None:
    backend = Backend.postgresql(postgres_url, postgres_schema)
    seed = random.randrange(2**32)
    result = in_child(tmp_path, _drop_sessions, backend, ROUNDS * scale, seed, timeout=300 * scale)
    assert result["most_sessions"] <= POOL_SIZE
    for phase, counts in result["phases"].items():
        assert counts["drops"] >= 3, f"{phase}: only {counts['drops']} sessions dropped"

    figures.record("PostgreSQL: pool size under dropped sessions", POOL_SIZE)
    figures.record("PostgreSQL: sessions dropped", result["dropped"])
    for phase, counts in result["phases"].items():
        figures.record(f"PostgreSQL: sessions dropped {phase}", counts["drops"])
        figures.record(f"PostgreSQL: retries after the drops {phase}", counts["retries"])
        figures.record(f"PostgreSQL: slowest unit of work, drops {phase} (s)", counts["slowest"])
    figures.record("PostgreSQL: units of work run among the drops", result["units"])
    figures.record(
        "PostgreSQL: attempts failed by a drop, then retried", sum(result["errors"].values())
    )
    for name, count in sorted(result["errors"].items()):
        figures.record(f"PostgreSQL: attempts after drops failed with {name}", count)
    figures.record("PostgreSQL: slowest unit of work among the drops (s)", result["slowest"])


def _after_every_session_dropped(backend: Backend, pool_size: int) -> dict[str, Any]:
    """Fill the pool, drop all its (idle) sessions as a server restart does; time what follows."""
    assert backend.server is not None
    app = f"halt_rel_{uuid.uuid4().hex[:8]}"
    url = backend.with_options(application_name=app, pool_size=pool_size)
    admin = psycopg.connect(backend.server, autocommit=True, application_name=f"{app}_admin")
    with admin, halt_core.connect(url) as store:
        with store.unit_of_work() as uow:
            uow.partners.add(partner(TALLY, "before the restart"))
        load = _Load(store, admin, app)
        units = [store.unit_of_work().__enter__() for _ in range(pool_size)]  # all lent at once
        for uow in units:
            uow.partners.get(TALLY)
        for uow in units:
            uow.__exit__(None, None, None)
        idle = load.sessions()
        dropped = load.drop()
        waits: list[float] = []
        pool_sleep = getattr(psycopg_pool.pool, "sleep")  # noqa: B009 -- its waits; not exported

        def recorded(seconds: float) -> None:
            waits.append(seconds)
            pool_sleep(seconds)

        setattr(psycopg_pool.pool, "sleep", recorded)  # noqa: B010 -- not exported
        try:
            started = time.monotonic()
            failed = load.unit()
            took = time.monotonic() - started
        finally:
            setattr(psycopg_pool.pool, "sleep", pool_sleep)  # noqa: B010 -- not exported
    return {"idle": idle, "dropped": dropped, "took": took, "failed": failed, "waits": waits}


def test_a_pool_whose_sessions_all_dropped_serves_the_next_unit_promptly(
    postgres_url: str, postgres_schema: str, tmp_path: Path, figures: Figures
) -> None:
    backend = Backend.postgresql(postgres_url, postgres_schema)
    pool_size = 5  # the default
    result = in_child(tmp_path, _after_every_session_dropped, backend, pool_size, timeout=120)
    if result["idle"] != pool_size or result["dropped"] != pool_size:
        pytest.fail(f"the pool was not full before the drop: {result}")
    figures.record(
        f"PostgreSQL: first unit of work after all {pool_size} pooled sessions dropped (s)",
        result["took"],
    )
    assert result["waits"] == [], f"the pool waited {result['waits']} s before serving it"
