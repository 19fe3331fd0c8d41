"""Processes that add, save, delete and add again the same few records: no stale write lands.

Each process works on a handful of shared meeting ids, in two ways: a read-modify-write in
one unit of work, run by ``retrying`` (now and then over two records, in random order, so
PostgreSQL meets deadlocks); and a read in one unit of work with the write in a later one,
by ``expected_version`` (the form shown now, submitted later), which is often stale. Every
write puts a token of its own (process, operation, attempt) in the record's location.

Each process logs every read (id, version, token seen) and every committed write (id, what,
the version it expected, the version it got, its token). Afterwards the writes of each id
must form one chain from "never stored": an add continues one past the last version (1 for a
new id, one past the tombstone for a re-add), a save replaces exactly the version before it
and a delete removes exactly the version before it, and no version is produced twice. So no
save or delete landed over a version it did not read, and no update was lost. The store must
hold the end of each chain (its version and its token); an id deleted at the end, added once
more, must continue past its last version. Every read must have seen a version and token
that a committed write produced, never one a rolled-back attempt wrote.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import attrs

import halt_core
from halt_core.errors import AlreadyExists, ConcurrencyConflict, HaltError, NotFound
from halt_core.model import Meeting
from halt_core.storage import StoreUnavailable, Versioned, retrying
from halt_core.storage.unit_of_work import UnitOfWork
from tests.reliability._processes import FORK, Backend, in_child, meeting, new_uuid, run_all
from tests.reliability.conftest import Figures

PROCESSES = 4
OPERATIONS = 500
RECORDS = 8
ATTEMPTS = 50
NAMESPACE = uuid.UUID("5e1f0000-0000-4000-8000-000000000002")

Write = list[Any]  # [id, "add" | "save" | "delete", expected version or None, version, token]
Read = list[Any]  # [id, version, token]


def _ids() -> list[uuid.UUID]:
    return [new_uuid(NAMESPACE, f"record {n}") for n in range(RECORDS)]


def _read(uow: UnitOfWork, id: uuid.UUID, reads: list[Read]) -> Versioned[Meeting] | None:
    try:
        current = uow.meetings.get_versioned(id)
    except NotFound:
        return None
    reads.append([str(id), current.version, current.value.location])
    return current


def _write(
    uow: UnitOfWork, id: uuid.UUID, current: Versioned[Meeting] | None, token: str, *, later: bool
) -> Write:
    """Add, save or delete ``id`` as ``current`` (read now, or earlier when ``later``) says."""
    if current is None:
        return [str(id), "add", None, uow.meetings.add(meeting(id, token)), token]
    expected = current.version if later else None
    if random.random() < 0.75:
        changed = attrs.evolve(current.value, location=token)
        version = uow.meetings.save(changed, expected_version=expected)
        return [str(id), "save", current.version, version, token]
    uow.meetings.delete(current.value, expected_version=expected)
    return [str(id), "delete", current.version, current.version, None]


def _mix(url: str, process: int, operations: int, seed: int, barrier: Any) -> dict[str, Any]:
    random.seed(seed)
    ids = _ids()
    writes: list[Write] = []
    reads: list[Read] = []
    outcomes: Counter[str] = Counter()
    with halt_core.connect(url) as store:
        barrier.wait(60)
        for op in range(operations):
            try:
                if random.random() < 0.6:
                    chosen = random.sample(ids, 2 if random.random() < 0.15 else 1)
                    done: list[Write] = []
                    for attempt in retrying(store, attempts=ATTEMPTS, max_delay=0.2):
                        with attempt as uow:
                            done = []
                            for id in chosen:
                                token = f"p{process}-o{op}-a{attempt.number}-{id.hex[:6]}"
                                done.append(
                                    _write(uow, id, _read(uow, id, reads), token, later=False)
                                )
                        if attempt.error is not None:
                            outcomes[f"retried after {type(attempt.error).__name__}"] += 1
                    writes.extend(done)
                else:
                    id = random.choice(ids)
                    with store.unit_of_work() as uow:
                        current = _read(uow, id, reads)
                    time.sleep(random.random() * 0.002)
                    with store.unit_of_work() as uow:
                        written = _write(uow, id, current, f"p{process}-o{op}-later", later=True)
                    writes.append(written)
                outcomes["committed"] += 1
            except (ConcurrencyConflict, NotFound, AlreadyExists) as error:
                outcomes[f"refused: {type(error).__name__}"] += 1
            except StoreUnavailable as error:
                if not error.retryable:
                    raise
                outcomes["refused: StoreUnavailable (busy)"] += 1
            except HaltError as error:
                raise AssertionError(f"an error this load should not meet: {error!r}") from error
    return {"writes": writes, "reads": reads, "outcomes": dict(outcomes)}


def _final(url: str) -> dict[str, Any]:
    """Every stored record (version, token); then each absent id added once more: its version."""
    with halt_core.connect(url) as store:
        with store.unit_of_work() as uow:
            stored = {
                str(m.id): [uow.meetings.version_of(m.id), m.location] for m in uow.meetings.all()
            }
        added_again: dict[str, int] = {}
        with store.unit_of_work() as uow:
            for id in _ids():
                if str(id) not in stored:
                    added_again[str(id)] = uow.meetings.add(meeting(id, "added once more"))
    return {"stored": stored, "added_again": added_again}


def check_history(
    ids: list[str],
    writes: list[Write],
    reads: list[Read],
    stored: dict[str, list[Any]],
    added_again: dict[str, int],
) -> list[str]:
    """What is wrong with the history the processes logged and the store ended with."""
    problems: list[str] = []
    by_id: defaultdict[str, list[Write]] = defaultdict(list)
    for write in writes:
        by_id[write[0]].append(write)
    produced: dict[tuple[str, int], str] = {}
    for id in sorted({*ids, *by_id}):
        # A delete keeps the version it removed: it comes after the write that made it.
        chain = sorted(by_id[id], key=lambda w: (w[3], w[1] == "delete"))
        present, version = False, 0
        for write in chain:
            _, what, expected, got, token = write
            if what == "add":
                follows = not present and got == version + 1
            elif what == "save":
                follows = present and expected == version and got == version + 1
            else:
                follows = present and expected == version and got == version
            if not follows:
                state = f"stored at version {version}" if present else f"absent after {version}"
                problems.append(f"{id}: {write} does not follow the record {state}")
            if what != "delete":
                if (id, got) in produced:
                    problems.append(
                        f"{id}: version {got} produced twice ({produced[id, got]}, {token})"
                    )
                produced[id, got] = token
            present, version = what != "delete", got
        if present and stored.get(id) != [version, produced.get((id, version))]:
            problems.append(f"{id}: stored {stored.get(id)}, last write made {version}")
        if not present:
            if id in stored:
                problems.append(f"{id}: stored {stored[id]}, but its last write deleted it")
            elif added_again.get(id) != version + 1:
                problems.append(
                    f"{id}: added once more at version {added_again.get(id)}, not {version + 1}"
                )
    for id, version, token in reads:
        if produced.get((id, version)) != token:
            problems.append(
                f"{id}: read version {version} with {token!r}, which no committed write made "
                f"(that version's committed token: {produced.get((id, version))!r})"
            )
    return problems


def test_check_history_finds_a_stale_write() -> None:
    id = str(_ids()[0])
    good: list[Write] = [
        [id, "add", None, 1, "a"],
        [id, "save", 1, 2, "b"],
        [id, "delete", 2, 2, None],
    ]
    assert check_history([id], good, [[id, 1, "a"]], {}, {id: 3}) == []
    lost_update: list[Write] = [*good[:2], [id, "save", 1, 2, "c"]]
    assert any(
        "produced twice" in p for p in check_history([id], lost_update, [], {id: [2, "b"]}, {})
    )
    over_deleted: list[Write] = [*good, [id, "save", 2, 3, "d"]]
    assert any(
        "does not follow" in p for p in check_history([id], over_deleted, [], {id: [3, "d"]}, {})
    )
    assert any(
        "which no committed" in p for p in check_history([id], good, [[id, 2, "x"]], {}, {id: 3})
    )
    assert any("added once more" in p for p in check_history([id], good, [], {}, {id: 1}))


def test_mixed_writers_never_land_a_stale_write(
    backend: Backend, tmp_path: Path, scale: int, figures: Figures
) -> None:
    operations = OPERATIONS * scale
    barrier = FORK.Barrier(PROCESSES)
    seed = random.randrange(2**32)
    results = run_all(
        tmp_path,
        [(_mix, (backend.url, n, operations, seed + n, barrier)) for n in range(PROCESSES)],
        timeout=600 * scale,
    )
    final = in_child(tmp_path, _final, backend.url)
    writes = [w for result in results for w in result["writes"]]
    reads = [r for result in results for r in result["reads"]]
    ids = [str(id) for id in _ids()]
    problems = check_history(ids, writes, reads, final["stored"], final["added_again"])
    assert not problems, f"seed {seed}: " + "\n".join(problems[:30])

    outcomes: Counter[str] = Counter()
    for result in results:
        outcomes.update(result["outcomes"])
    kinds = Counter(w[1] for w in writes)
    readds = sum(1 for w in writes if w[1] == "add" and w[3] > 1)
    refused = sum(n for name, n in outcomes.items() if name.startswith("refused"))
    retried = sum(n for name, n in outcomes.items() if name.startswith("retried"))
    # The load did what it is for: records deleted and added again, stale writes refused.
    assert readds > 0, kinds
    assert kinds["delete"] > 0, kinds
    assert kinds["save"] > 0, kinds
    assert refused + retried > 0, outcomes

    label = backend.label
    figures.record(f"{label}: mixed-load processes", PROCESSES)
    figures.record(f"{label}: mixed-load units of work committed", outcomes["committed"])
    figures.record(f"{label}: mixed-load adds (re-adds)", f"{kinds['add']:,} ({readds:,})")
    figures.record(f"{label}: mixed-load saves", kinds["save"])
    figures.record(f"{label}: mixed-load deletes", kinds["delete"])
    figures.record(f"{label}: mixed-load stale writes refused", refused)
    figures.record(f"{label}: mixed-load retries", retried)
    for name, count in sorted(outcomes.items()):
        if name != "committed":
            figures.record(f"{label}: mixed-load {name}", count)
    figures.record(f"{label}: mixed-load reads checked", len(reads))
