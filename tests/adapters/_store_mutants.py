"""Bugs planted in the example JSON store, one at a time, for the storage kit to catch.

Each :class:`Mutant` is the store of ``examples/jsonfile_store`` with one thing done wrong, as
an adapter author might: a version not checked, a tombstone kept only in memory, a page that
repeats its boundary row. The classes here subclass the example's own; the example itself is
not changed. ``tests/adapters/test_store_kit_mutations.py`` runs the whole
:class:`~halt_adapters.testing.StoreConformance` suite against each mutant, in a process of its
own, and fails if the suite passes.

Run the suite against mutants by hand (``none`` is the store without a bug); loaded as a
plugin too (``-p``), the module stops each mutant's tests at the first failure::

    HALT_STORE_MUTANTS=none,update_ignores_version PYTHONPATH=. \
        pytest -p tests.adapters._store_mutants tests/adapters/_store_mutants.py

This module's name does not start with ``test_``, so a normal test run does not collect it.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from halt_jsonfile_store import (
    SCHEMA_VERSION,
    Data,
    JsonFileStore,
    _document,
    _entry,
    _JsonOutbox,
    _JsonRepository,
    _JsonUnitOfWork,
    _selected,
)
from hypothesis import Phase, settings

from halt_adapters.testing import StoreConformance
from halt_core.events import Event, event_from_json
from halt_core.serialization import to_json
from halt_core.storage import (
    Outbox,
    RecordKind,
    Repository,
    Row,
    Selection,
    Store,
    StoreUnavailable,
)

VARIABLE = "HALT_STORE_MUTANTS"
"""The environment variable naming the mutants the suite runs against, separated by commas."""

EVERY_TEST_VARIABLE = "HALT_STORE_MUTANT_EVERY_TEST"
"""Set to ``1`` to run every test against each mutant, to see every test that catches it."""

REPORT_VARIABLE = "HALT_STORE_MUTANT_REPORT"
"""The environment variable naming a JSON file for each mutant's failed and passed tests."""

StoredRow = tuple[uuid.UUID, int, bytes]


# -- repositories -------------------------------------------------------------------------------


class _UpdateIgnoresVersion(_JsonRepository):
    def _update(self, row: Row, expected_version: int) -> bool:
        table = self.table(writing=True)
        if str(row.id) not in table:
            return False
        table[str(row.id)] = _entry(row)  # whatever version is stored now: a lost update
        return True


class _DeleteIgnoresVersion(_JsonRepository):
    def _delete(self, id: uuid.UUID, expected_version: int) -> bool:
        stored = self.table(writing=True).pop(str(id), None)
        if stored is None:
            return False
        self.tombstones()[str(id)] = stored["version"]
        return True


class _KeepsNoTombstones(_JsonRepository):
    def tombstones(self) -> dict[str, int]:
        return {}  # a deleted id's last version is forgotten at once


class _CountsTombstones(_JsonRepository):
    def _count(self) -> int:
        data = self.json_uow.data()
        return len(data[self.kind.name]) + len(data["tombstones"][self.kind.name])


class _PageRepeatsTheBoundaryRow(_JsonRepository):
    def _page(self, after: uuid.UUID | None, limit: int) -> list[StoredRow]:
        rows = sorted(self._select(Selection()), key=lambda row: str(row[0]))
        if after is not None:
            rows = [row for row in rows if str(row[0]) >= str(after)]  # >=, not >
        return rows[:limit]


class _PageSkipsTheRowAfterTheBoundary(_JsonRepository):
    def _page(self, after: uuid.UUID | None, limit: int) -> list[StoredRow]:
        rows = sorted(self._select(Selection()), key=lambda row: str(row[0]))
        if after is not None:
            rows = [row for row in rows if str(row[0]) > str(after)][1:]
        return rows[:limit]


class _SelectDropsOpenEndedRows(_JsonRepository):
    def _select(self, selection: Selection) -> list[StoredRow]:
        rows = super()._select(selection)
        if selection.overlapping is None:
            return rows
        table = self.table()
        return [row for row in rows if table[str(row[0])]["index"]["ends"] is not None]


class _SelectReadsLevelFromTheKindColumn(_JsonRepository):
    def _select(self, selection: Selection) -> list[StoredRow]:
        if selection.level is None:
            return super()._select(selection)
        rest = attrs.evolve(selection, level=None)
        return [
            (uuid.UUID(id), entry["version"], _document(entry))
            for id, entry in self.table().items()
            if entry["index"]["kind"] == selection.level and _selected(entry["index"], rest)
        ]


# -- outboxes -----------------------------------------------------------------------------------


class _AcceptsAnEventIdTwice(_JsonOutbox):
    def _store(self, events: Sequence[Event]) -> None:
        self.json_uow.writing()["events"].extend(
            {"id": str(event.id), "published": False, "document": json.loads(to_json(event))}
            for event in events
        )


class _PendingInIdOrder(_JsonOutbox):
    def _pending(self, limit: int | None) -> list[bytes]:
        events = self.json_uow.data()["events"]
        pending = sorted((e for e in events if not e["published"]), key=lambda e: e["id"])
        return [_document(event) for event in pending[:limit]]


class _MarksPublishedOutsideTheTransaction(_JsonOutbox):
    def _mark_published(self, ids: Sequence[uuid.UUID]) -> None:
        wanted = {str(id) for id in ids}
        file = self.json_uow.file
        data = file.read()
        for event in data["events"]:
            if event["id"] in wanted:
                event["published"] = True
        file.write(data)  # at once: a rollback cannot take it back
        super()._mark_published(ids)


class _ForgetsOnlyPendingEvents(_JsonOutbox):
    def _forget(self, subjects: Sequence[uuid.UUID]) -> list[uuid.UUID]:
        wanted = {str(subject) for subject in subjects}
        events = self.json_uow.writing()["events"]
        going = [
            e["id"] for e in events if not e["published"] and str(_subject(e["document"])) in wanted
        ]
        events[:] = [e for e in events if e["id"] not in going]
        return [uuid.UUID(id) for id in going]


class _ForgetsOutsideTheTransaction(_JsonOutbox):
    def _forget(self, subjects: Sequence[uuid.UUID]) -> list[uuid.UUID]:
        going = list(super()._forget(subjects))
        gone = {str(id) for id in going}
        file = self.json_uow.file
        data = file.read()
        data["events"] = [e for e in data["events"] if e["id"] not in gone]
        file.write(data)  # at once: a rollback cannot take it back
        return going


def _subject(document: Mapping[str, Any]) -> uuid.UUID:
    return event_from_json(json.dumps(document)).subject


# -- units of work ------------------------------------------------------------------------------


class _RollbackKeepsTheWrites(_JsonUnitOfWork):
    def _rollback(self) -> None:
        self._lock.close()  # releases the lock, but keeps the changes for the next commit


class _ReadsAStaleSnapshotAfterCommit(_JsonUnitOfWork):
    def _begin(self) -> None:
        pass  # the snapshot of before the commit (or rollback) is read on


class _ChecksVersionsAgainstItsSnapshot(_JsonUnitOfWork):
    def writing(self) -> Data:
        if self._working is None:
            self._lock.enter_context(self.file.writer_lock())
            # What this unit of work read before, not what is stored now.
            self._working = copy.deepcopy(self._snapshot) if self._snapshot else self.file.read()
        return self._working


# -- stores -------------------------------------------------------------------------------------


class _KeptInMemory(JsonFileStore):
    """A store that keeps part of its data (``part`` of the file) in memory only."""

    def write(self, data: Data) -> None:
        self.kept = copy.deepcopy(self.keep(data))
        super().write(self.strip(data))

    def read(self) -> Data:
        data = super().read()
        kept = getattr(self, "kept", None)
        return self.restore(data, copy.deepcopy(kept) if kept is not None else None)

    def keep(self, data: Data) -> Any:
        raise NotImplementedError

    def strip(self, data: Data) -> Data:
        raise NotImplementedError

    def restore(self, data: Data, kept: Any) -> Data:
        raise NotImplementedError


class _TombstonesInMemory(_KeptInMemory):
    def keep(self, data: Data) -> Any:
        return data.get("tombstones", {})

    def strip(self, data: Data) -> Data:
        return {**data, "tombstones": {}}

    def restore(self, data: Data, kept: Any) -> Data:
        data["tombstones"].update(kept or {})
        return data


class _EventsInMemory(_KeptInMemory):
    def keep(self, data: Data) -> Any:
        return data.get("events", [])

    def strip(self, data: Data) -> Data:
        return {**data, "events": []}

    def restore(self, data: Data, kept: Any) -> Data:
        if kept is not None:
            data["events"] = kept
        return data


class _PublishedInMemory(_KeptInMemory):
    def keep(self, data: Data) -> Any:
        return {event["id"] for event in data.get("events", []) if event["published"]}

    def strip(self, data: Data) -> Data:
        events = [{**event, "published": False} for event in data.get("events", [])]
        return {**data, "events": events}

    def restore(self, data: Data, kept: Any) -> Data:
        for event in data["events"]:
            event["published"] = event["id"] in (kept or ())
        return data


class _IndexInMemory(_KeptInMemory):
    def keep(self, data: Data) -> Any:
        return {
            (name, id): entry["index"]
            for name, table in data.items()
            if name not in {"schema_version", "tombstones", "events"}
            for id, entry in table.items()
        }

    def strip(self, data: Data) -> Data:
        stripped = dict(data)
        for name, table in data.items():
            if name not in {"schema_version", "tombstones", "events"}:
                stripped[name] = {id: {**entry, "index": {}} for id, entry in table.items()}
        return stripped

    def restore(self, data: Data, kept: Any) -> Data:
        columns = ("kind", "status", "level", "arrondissement", "municipality")
        empty = dict.fromkeys((*columns, "starts", "ends", "owner"))
        for name, table in data.items():
            if name not in {"schema_version", "tombstones", "events"}:
                for id, entry in table.items():
                    entry["index"] = (kept or {}).get((name, id), empty)
        return data


class _WritesOnlyWhenClosed(JsonFileStore):
    def write(self, data: Data) -> None:
        if not self.path.exists():
            super().write(data)
        else:
            self.unwritten = copy.deepcopy(data)

    def read(self) -> Data:
        unwritten = getattr(self, "unwritten", None)
        return copy.deepcopy(unwritten) if unwritten is not None else super().read()

    def close(self) -> None:
        unwritten = getattr(self, "unwritten", None)
        if unwritten is not None and not self._closed:
            super().write(unwritten)
        super().close()


class _TakesANewerFileForItsOwn(JsonFileStore):
    def read(self) -> Data:
        data = json.loads(self.path.read_bytes())
        if data.get("schema_version", 0) > SCHEMA_VERSION:
            data["schema_version"] = SCHEMA_VERSION  # "migrated" down, silently
            self.path.write_text(json.dumps(data), encoding="utf-8")
        return super().read()


# -- the mutants --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Mutant:
    """The example store with one bug: which classes differ, and what is wrong.

    Attributes:
        name: the mutant's name, for ``HALT_STORE_MUTANT``.
        bug: what is wrong, in a sentence.
        store: the store class.
        unit_of_work: the unit of work class.
        repository: the repository class.
        outbox: the outbox class.

    """

    name: str
    bug: str
    store: type[JsonFileStore] = JsonFileStore
    unit_of_work: type[_JsonUnitOfWork] = _JsonUnitOfWork
    repository: type[_JsonRepository] = _JsonRepository
    outbox: type[_JsonOutbox] = _JsonOutbox

    def open(self, path: Path) -> Store:
        """Open the mutated store on the file ``path``."""
        mutant = self

        class UnitOfWork(self.unit_of_work):  # type: ignore[name-defined,misc]
            def _repository(self, kind: RecordKind[Any]) -> Repository[Any]:
                return mutant.repository(self, kind)

            def _outbox(self) -> Outbox:
                return mutant.outbox(self)

        class MutantStore(self.store):  # type: ignore[name-defined,misc]
            def unit_of_work(self) -> UnitOfWork:
                if self._closed:
                    raise StoreUnavailable(self.url, "the store is closed")
                return UnitOfWork(self)

        store: Store = MutantStore(f"jsonfile:///{path}", path)
        return store


def _mutants(*mutants: Mutant) -> Mapping[str, Mutant]:
    return {mutant.name: mutant for mutant in mutants}


MUTANTS = _mutants(
    Mutant(
        name="update_ignores_version",
        bug="_update replaces the row whatever version is stored (lost updates)",
        repository=_UpdateIgnoresVersion,
    ),
    Mutant(
        name="delete_ignores_version",
        bug="_delete deletes the row whatever version is stored",
        repository=_DeleteIgnoresVersion,
    ),
    Mutant(
        name="versions_checked_against_a_snapshot",
        bug="the first write checks versions against what this unit of work read, not the file",
        unit_of_work=_ChecksVersionsAgainstItsSnapshot,
    ),
    Mutant(
        name="add_after_delete_restarts_at_1",
        bug="deleting keeps no tombstone: an id added again starts at version 1",
        repository=_KeepsNoTombstones,
    ),
    Mutant(
        name="count_counts_tombstones",
        bug="_count counts deleted ids too",
        repository=_CountsTombstones,
    ),
    Mutant(
        name="page_repeats_the_boundary_row",
        bug="_page returns the rows from `after` on, not after it (each page repeats one)",
        repository=_PageRepeatsTheBoundaryRow,
    ),
    Mutant(
        name="page_skips_a_row_at_each_boundary",
        bug="_page drops the first row after `after`",
        repository=_PageSkipsTheRowAfterTheBoundary,
    ),
    Mutant(
        name="select_drops_open_ended_rows",
        bug="_select with a period leaves out rows without an end (ends is None)",
        repository=_SelectDropsOpenEndedRows,
    ),
    Mutant(
        name="select_reads_level_from_the_kind_column",
        bug="_select compares the level asked for with the kind column",
        repository=_SelectReadsLevelFromTheKindColumn,
    ),
    Mutant(
        name="duplicate_event_id_accepted",
        bug="_store stores an event whose id is stored already",
        outbox=_AcceptsAnEventIdTwice,
    ),
    Mutant(
        name="pending_in_id_order",
        bug="_pending returns the events in the order of their ids, not as they were added",
        outbox=_PendingInIdOrder,
    ),
    Mutant(
        name="mark_published_outside_the_transaction",
        bug="_mark_published writes the file at once: a rollback does not undo it",
        outbox=_MarksPublishedOutsideTheTransaction,
    ),
    Mutant(
        name="forget_leaves_published_events",
        bug="_forget removes the pending events of the subjects only, not the published ones",
        outbox=_ForgetsOnlyPendingEvents,
    ),
    Mutant(
        name="forget_outside_the_transaction",
        bug="_forget writes the file at once: a rollback does not undo it",
        outbox=_ForgetsOutsideTheTransaction,
    ),
    Mutant(
        name="rollback_keeps_the_writes",
        bug="_rollback releases the lock but keeps the changes, so the next commit writes them",
        unit_of_work=_RollbackKeepsTheWrites,
    ),
    Mutant(
        name="stale_snapshot_after_commit",
        bug="_begin keeps the snapshot: after a commit or rollback, reads miss newer commits",
        unit_of_work=_ReadsAStaleSnapshotAfterCommit,
    ),
    Mutant(
        name="tombstones_lost_on_reopen",
        bug="tombstones are kept in memory, not in the file: gone once the store is reopened",
        store=_TombstonesInMemory,
    ),
    Mutant(
        name="events_lost_on_reopen",
        bug="the outbox is kept in memory, not in the file: gone once the store is reopened",
        store=_EventsInMemory,
    ),
    Mutant(
        name="published_lost_on_reopen",
        bug="mark_published is kept in memory: after reopening, published events are pending",
        store=_PublishedInMemory,
    ),
    Mutant(
        name="index_lost_on_reopen",
        bug="index columns are kept in memory: after reopening, queries miss rows",
        store=_IndexInMemory,
    ),
    Mutant(
        name="commit_written_only_at_close",
        bug="commits are kept in memory and written when the store is closed",
        store=_WritesOnlyWhenClosed,
    ),
    Mutant(
        name="newer_file_taken_for_its_own",
        bug="a file from a newer version is 'migrated' down instead of refused",
        store=_TakesANewerFileForItsOwn,
    ),
)
"""Every planted bug, by name."""

WITHOUT_A_BUG = Mutant(name="none", bug="none: the example store as it is")
"""The example store through the same classes, to show that the harness itself passes."""


# -- the suite, once per chosen mutant ----------------------------------------------------------


class _MutantSuite(StoreConformance):
    """The whole storage kit, against the mutant named by the class attribute ``mutant``."""

    mutant: Mutant

    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        store = self.mutant.open(tmp_path / "halt.json")
        yield store
        with contextlib.suppress(StoreUnavailable):
            store.close()

    @pytest.fixture
    def reopen(self, tmp_path: Path) -> Callable[[], Store]:
        return lambda: self.mutant.open(tmp_path / "halt.json")

    @pytest.fixture
    def make_newer(self, tmp_path: Path) -> Callable[[], None]:
        def mark() -> None:
            path = tmp_path / "halt.json"
            data = json.loads(path.read_text(encoding="utf-8"))
            data["schema_version"] = SCHEMA_VERSION + 1
            path.write_text(json.dumps(data), encoding="utf-8")

        return mark


def _chosen() -> list[Mutant]:
    names = [n.strip() for n in os.environ.get(VARIABLE, "").split(",") if n.strip()]
    return [WITHOUT_A_BUG if name == "none" else MUTANTS[name] for name in names]


for _mutant in _chosen():  # a test class per mutant: Test_update_ignores_version, ...
    globals()[f"Test_{_mutant.name}"] = type(
        f"Test_{_mutant.name}", (_MutantSuite,), {"mutant": _mutant}
    )


# -- as a pytest plugin (-p tests.adapters._store_mutants): a class stops at its first failure --

_outcomes: dict[str, dict[str, Any]] = {}


BASELINES = frozenset({WITHOUT_A_BUG.name, "deliveries_none", "privacy_log_none"})
"""The names of the stores without a bug (this module's, ``_delivery_mutants.py``'s and
``_privacy_log_mutants.py``'s)."""


def pytest_configure(config: pytest.Config) -> None:
    """Let hypothesis stop at the first failing example it finds, without shrinking it.

    A mutant is caught by a test that fails; the smallest failing example tells nobody
    anything here, and shrinking one costs up to a minute per caught mutant.
    """
    settings.register_profile(
        "store_mutants",
        parent=settings.default,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    settings.load_profile("store_mutants")


def _outcome(item: pytest.Item) -> tuple[Any, dict[str, Any]] | None:
    """The mutant of a test (one of this module's, or of ``_delivery_mutants.py``) and its
    outcomes so far; None for a test that runs against no mutant."""
    mutant = getattr(getattr(item, "cls", None), "mutant", None)
    if mutant is None or not isinstance(getattr(mutant, "name", None), str):
        return None
    if not hasattr(mutant, "bug"):
        return None
    return mutant, _outcomes.setdefault(mutant.name, {"failed": [], "passed": 0, "skipped": 0})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run each mutant's tests last to first, to reach a failing one sooner.

    The kit's later tests (reopening, the outbox, queries on every column) look at whole
    behaviours and catch most bugs. Only the time to the first failure changes; whether the
    kit catches a mutant does not.
    """
    by_class: dict[str, list[pytest.Item]] = {}
    for item in items:
        by_class.setdefault(getattr(getattr(item, "cls", None), "__name__", ""), []).append(item)
    items[:] = [
        item
        for name, group in by_class.items()
        for item in (group if name in {"", *(f"Test_{b}" for b in BASELINES)} else group[::-1])
    ]


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip the rest of a mutant's tests once one has failed: the mutant is caught."""
    found = _outcome(item)
    every = os.environ.get(EVERY_TEST_VARIABLE) == "1"
    if found is not None and found[0].name not in BASELINES and found[1]["failed"] and not every:
        pytest.skip("the kit caught this mutant already")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Count each mutant's passed, failed and skipped tests."""
    report = yield
    found = _outcome(item)
    if found is not None:
        outcome = found[1]
        if report.failed:
            outcome["failed"].append(item.name)
        elif report.when == "call" and report.passed:
            outcome["passed"] += 1
        elif report.skipped:
            outcome["skipped"] += 1
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the outcomes to the JSON file ``HALT_STORE_MUTANT_REPORT`` names, if any."""
    path = os.environ.get(REPORT_VARIABLE)
    if path:
        Path(path).write_text(json.dumps(_outcomes, indent=1), encoding="utf-8")
