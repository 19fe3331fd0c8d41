"""The in-memory store, for tests and demos: ``memory://`` (each URL a new, empty store).

It keeps the same promises as the database stores (units of work commit or roll back as one,
versions are checked, the outbox is transactional), so code tested against it behaves the
same on SQLite or PostgreSQL. Nothing survives the process.

It keeps the deliveries of notifications too, so a dispatcher can be tried on it: taking
outbox events and claiming deliveries are writes, which queue behind the one writer's lock,
as on SQLite (see :mod:`halt_adapters.storage._memory_deliveries`). And it keeps the privacy
log (disclosures, legal holds, erasures, kept counts), whose writes are the unit of work's
like those of records (see :mod:`halt_adapters.storage._memory_privacy_log`).
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from halt_adapters.storage import _memory_reads as reads
from halt_adapters.storage._memory_deliveries import Kept, MemoryDeliveries
from halt_adapters.storage._memory_privacy_log import Entries, MemoryPrivacyLog
from halt_core.events import Event, event_from_json
from halt_core.hookspecs import hookimpl
from halt_core.serialization import to_json
from halt_core.storage import (
    RECORD_KINDS,
    AlreadyExists,
    Deliveries,
    Outbox,
    PrivacyLog,
    RecordKind,
    Repository,
    Row,
    Selection,
    Store,
    StoreUnavailable,
    UnitOfWork,
)

__all__ = ["MemoryStore", "halt_open_store", "halt_store_schemes"]

_WRITE_WAIT_SECONDS = 10.0

Table = dict[uuid.UUID, Row]


@attrs.define
class _Stored:
    tables: dict[str, Table]
    events: list[tuple[uuid.UUID, bytes, bool]]
    # The last version of every deleted id, per kind: re-adding it goes on from there.
    tombstones: dict[str, dict[uuid.UUID, int]]
    # When each of those ids was deleted, per kind: what changed_since reports as deleted.
    deleted_at: dict[str, dict[uuid.UUID, dt.datetime]] = attrs.Factory(dict)
    # Each delivery by its id, with the token of the dispatcher that claimed it last.
    deliveries: dict[uuid.UUID, Kept] = attrs.Factory(dict)
    # Disclosures, legal holds, erasures and kept counts.
    privacy: Entries = attrs.Factory(Entries)


class MemoryStore(Store):
    """A store in this process's memory."""

    def __init__(self, url: str = "memory://", **options: Any) -> None:
        super().__init__(url, gazetteer=options.pop("gazetteer", None))
        if options:
            raise StoreUnavailable(url, f"unknown options {sorted(options)}; known: gazetteer")
        names = [kind.name for kind in RECORD_KINDS.values()]
        self._data = _Stored(
            tables={name: {} for name in names},
            events=[],
            tombstones={name: {} for name in names},
            deleted_at={name: {} for name in names},
        )
        self._writer = threading.Lock()  # one unit of work writes at a time, as in SQLite
        self._closed = False

    @property
    def schema_version(self) -> int:
        """Always 1: memory has no older schemas to migrate."""
        return 1

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work."""
        if self._closed:
            raise StoreUnavailable(self.url, "the store is closed")
        return _MemoryUnitOfWork(self)

    def close(self) -> None:
        """Forget everything."""
        self._closed = True


class _MemoryUnitOfWork(UnitOfWork):
    def __init__(self, store: MemoryStore) -> None:
        self._memory = store
        self._working: _Stored | None = None  # a private copy once this unit of work writes
        super().__init__(store)

    def _repository(self, kind: RecordKind[Any]) -> Repository[Any]:
        return _MemoryRepository(self, kind)

    def _outbox(self) -> Outbox:
        return _MemoryOutbox(self)

    def _deliveries(self) -> Deliveries:
        return MemoryDeliveries(self)

    def _privacy_log(self) -> PrivacyLog:
        return MemoryPrivacyLog(self)

    def _begin(self) -> None:
        """Nothing yet: the first write takes the writer's lock and a private copy."""

    def data(self) -> _Stored:
        """What this unit of work sees: its own copy once it writes, else what is committed."""
        return self._working or self._memory._data

    def writing(self) -> _Stored:
        """Its own copy of the data, made under the writer's lock at its first write."""
        if self._working is None:
            if not self._memory._writer.acquire(timeout=_WRITE_WAIT_SECONDS):
                raise StoreUnavailable(
                    self.store.url,
                    f"another unit of work kept writing for longer than {_WRITE_WAIT_SECONDS:g} s; "
                    "nothing of this one was stored. Run it again",
                    retryable=True,
                )
            shared = self._memory._data
            self._working = _Stored(
                tables={name: dict(table) for name, table in shared.tables.items()},
                events=list(shared.events),
                tombstones={name: dict(dead) for name, dead in shared.tombstones.items()},
                deleted_at={name: dict(dead) for name, dead in shared.deleted_at.items()},
                deliveries=dict(shared.deliveries),
                privacy=shared.privacy.copy(),
            )
        return self._working

    def _commit(self) -> None:
        if self._working is not None:
            self._memory._data = self._working  # one assignment: readers see all or nothing
            self._working = None
            self._memory._writer.release()

    def _rollback(self) -> None:
        if self._working is not None:
            self._working = None
            self._memory._writer.release()

    def _close(self) -> None:
        self._rollback()


class _MemoryRepository(Repository[Any]):
    exact_selections = True  # it filters on every column of the selection

    def __init__(self, uow: _MemoryUnitOfWork, kind: RecordKind[Any]) -> None:
        super().__init__(uow, kind)
        self._mem = uow

    def _table(self, writing: bool = False) -> Table:
        data = self._mem.writing() if writing else self._mem.data()
        return data.tables[self.kind.name]

    def _insert(self, rows: Sequence[Row]) -> Mapping[uuid.UUID, int]:
        table = self._table(writing=True)
        taken = sorted(str(row.id) for row in rows if row.id in table)
        if taken:
            raise AlreadyExists(self.kind.name, taken)
        dead = self._tombstones()
        deleted_at = self._mem.writing().deleted_at[self.kind.name]
        revived: dict[uuid.UUID, int] = {}
        for row in rows:
            last = dead.pop(row.id, None)
            if last is not None:
                deleted_at.pop(row.id, None)
                row = attrs.evolve(row, version=last + 1)
                revived[row.id] = row.version
            table[row.id] = row
        return revived

    def _tombstones(self) -> dict[uuid.UUID, int]:
        return self._mem.writing().tombstones[self.kind.name]

    def _fetch(self, ids: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, int, bytes]]:
        table = self._table()
        return [(i, table[i].version, table[i].document) for i in ids if i in table]

    def _update(self, row: Row, expected_version: int) -> bool:
        table = self._table(writing=True)
        current = table.get(row.id)
        if current is None or current.version != expected_version:
            return False
        table[row.id] = row
        return True

    def _delete(self, id: uuid.UUID, expected_version: int) -> bool:
        table = self._table(writing=True)
        current = table.get(id)
        if current is None or current.version != expected_version:
            return False
        del table[id]
        self._tombstones()[id] = expected_version
        self._mem.writing().deleted_at[self.kind.name][id] = self._uow._written_at()
        return True

    def _select(self, selection: Selection) -> list[tuple[uuid.UUID, int, bytes]]:
        return reads.rows_of(row for row in self._table().values() if reads.matches(row, selection))

    def _select_page(
        self, selection: Selection, after: uuid.UUID | None, limit: int
    ) -> list[tuple[uuid.UUID, int, bytes]]:
        return reads.select_page(self._table(), selection, after, limit)

    def _page(self, after: uuid.UUID | None, limit: int) -> list[tuple[uuid.UUID, int, bytes]]:
        return reads.select_page(self._table(), Selection(), after, limit)

    def _count(self) -> int:
        return len(self._table())

    def _count_selection(self, selection: Selection) -> int | None:
        return sum(1 for row in self._table().values() if reads.matches(row, selection))

    def _referencing(self, keys: Sequence[str]) -> list[tuple[uuid.UUID, int, bytes]]:
        return reads.referencing(self._table(), keys)

    def _changed_since(self, moment: dt.datetime) -> list[tuple[uuid.UUID, bool]]:
        deleted_at = self._mem.data().deleted_at[self.kind.name]
        return reads.changed_since(self._table(), deleted_at, moment)


class _MemoryOutbox(Outbox):
    def __init__(self, uow: _MemoryUnitOfWork) -> None:
        super().__init__(uow)
        self._mem = uow

    def _store(self, events: Sequence[Event]) -> None:
        stored = self._mem.writing().events
        known = {id for id, _, _ in stored}
        taken = sorted(str(event.id) for event in events if event.id in known)
        if taken:
            raise AlreadyExists("events", taken, "each event is stored once")
        stored.extend((event.id, to_json(event), False) for event in events)

    def _pending(self, limit: int | None) -> list[bytes]:
        pending = [doc for _, doc, published in self._mem.data().events if not published]
        return pending if limit is None else pending[:limit]

    def _mark_published(self, ids: Sequence[uuid.UUID]) -> None:
        wanted = set(ids)
        events = self._mem.writing().events
        events[:] = [(i, doc, published or i in wanted) for i, doc, published in events]

    def _about(self, subject: uuid.UUID) -> list[bytes]:
        # The memory store keeps no subject beside the document: each is read to find it.
        events = self._mem.data().events
        return [doc for _, doc, _ in events if event_from_json(doc).subject == subject]

    def _forget(self, subjects: Sequence[uuid.UUID]) -> list[uuid.UUID]:
        # The memory store keeps no subject beside the document: each is read to find it.
        wanted = set(subjects)
        events = self._mem.writing().events
        going = [i for i, doc, _ in events if event_from_json(doc).subject in wanted]
        if going:
            gone = set(going)
            events[:] = [entry for entry in events if entry[0] not in gone]
        return going


@hookimpl
def halt_store_schemes() -> Iterable[str]:
    """Name the schemes this adapter opens: ``memory://``."""
    return ["memory"]


@hookimpl
def halt_open_store(url: str, options: Mapping[str, Any]) -> Store | None:
    """Open a new, empty in-memory store for a ``memory:`` URL."""
    if not url.startswith("memory:"):
        return None
    return MemoryStore(url, **dict(options))
