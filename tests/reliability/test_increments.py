"""Processes that all increment one counter, each increment a read-modify-write in `retrying`.

Four processes do 500 increments each (times the --long factor) of a counter kept in a
partner's name, ``teller N``. Every increment reads the partner, adds one, and saves it over
the version it read; when another process saved first, the save raises a retryable conflict
and ``retrying`` runs the block again. No increment may be lost or doubled: the counter ends
at exactly processes x increments, every value from 1 to that total is written by exactly one
increment, and the partner's version is one per save. Only library errors may be seen.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import attrs

import halt_core
from halt_core.storage import retrying
from tests.reliability._processes import FORK, Backend, in_child, partner, run_all
from tests.reliability.conftest import Figures

PROCESSES = 4
INCREMENTS = 500
ATTEMPTS = 200
"""Attempts per increment: generous, as four processes hammer one record without pause."""

COUNTER = uuid.UUID("5e1f0000-0000-4000-8000-000000000001")


def _create(url: str) -> None:
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        uow.partners.add(partner(COUNTER, "teller 0"))


def _increment(url: str, count: int, barrier: Any) -> dict[str, Any]:
    errors: Counter[str] = Counter()
    values: list[int] = []
    most = 0
    with halt_core.connect(url) as store:
        barrier.wait(60)
        for _ in range(count):
            value = 0
            for attempt in retrying(store, attempts=ATTEMPTS, max_delay=0.2):
                with attempt as uow:
                    counter = uow.partners.get(COUNTER)
                    value = int(counter.name.removeprefix("teller ")) + 1
                    uow.partners.save(attrs.evolve(counter, name=f"teller {value}"))
                if attempt.error is not None:  # retrying swallows library errors only
                    errors[type(attempt.error).__name__] += 1
                most = max(most, attempt.number)
            values.append(value)
    return {"values": values, "errors": dict(errors), "most_attempts": most}


def _read(url: str) -> dict[str, Any]:
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        stored = uow.partners.get_versioned(COUNTER)
        return {"name": stored.value.name, "version": stored.version}


def test_conflicting_increments_all_land_exactly_once(
    backend: Backend, tmp_path: Path, scale: int, figures: Figures
) -> None:
    increments = INCREMENTS * scale
    total = PROCESSES * increments
    in_child(tmp_path, _create, backend.url)
    barrier = FORK.Barrier(PROCESSES)
    started = time.monotonic()
    results = run_all(
        tmp_path,
        [(_increment, (backend.url, increments, barrier))] * PROCESSES,
        timeout=600 * scale,
    )
    took = time.monotonic() - started
    final = in_child(tmp_path, _read, backend.url)

    values = sorted(v for result in results for v in result["values"])
    doubled = [v for v, n in Counter(values).items() if n > 1]
    assert not doubled, f"values written by more than one increment: {doubled[:20]}"
    assert values == list(range(1, total + 1)), "an increment was lost"
    assert final == {"name": f"teller {total}", "version": total + 1}

    errors: Counter[str] = Counter()
    for result in results:
        errors.update(result["errors"])
    label = backend.label
    figures.record(f"{label}: increment processes", PROCESSES)
    figures.record(f"{label}: increments committed", total)
    figures.record(f"{label}: increment retries (conflicts and busy)", sum(errors.values()))
    for name, count in sorted(errors.items()):
        figures.record(f"{label}: increment retries after {name}", count)
    figures.record(
        f"{label}: most attempts one increment took", max(r["most_attempts"] for r in results)
    )
    figures.record(f"{label}: increments per second", total / took)
