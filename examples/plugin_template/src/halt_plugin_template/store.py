"""A halt store kept as a dict of dicts in memory and saved to a JSON file at every commit.

URLs: ``dictfile:///relative/path.json`` and ``dictfile:////absolute/path.json`` (the path
itself starts with the fourth slash). Option: ``gazetteer``.

The whole store lives in memory; a commit writes it to a temporary file beside the store's
and puts that in its place (``os.replace``), so a crash leaves the old file or the new one.
Units of work read what was last committed; the first write of one takes the writer lock and
a copy of the data, and its commit replaces the data whole. One process at a time may open a
file (a second one would not see the first's commits): use ``sqlite://`` for more.

This module is the plugin named ``plugin-template-store`` in ``pyproject.toml``: halt_core
imports it and calls :func:`halt_store_schemes` and :func:`halt_open_store`.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import os
import tempfile
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from halt_core.errors import HaltError
from halt_core.events import Event, event_from_json
from halt_core.hookspecs import hookimpl
from halt_core.model import Gazetteer
from halt_core.serialization import to_json
from halt_core.storage import (
    RECORD_KINDS,
    AlreadyExists,
    Outbox,
    RecordKind,
    Repository,
    Row,
    SchemaTooNew,
    Selection,
    Store,
    StoreUnavailable,
    UnitOfWork,
)

__all__ = ["SCHEMA_VERSION", "SCHEME", "DictFileStore", "halt_open_store", "halt_store_schemes"]

SCHEME = "dictfile"
"""The URL scheme this plugin opens stores for."""

SCHEMA_VERSION = 1
"""The newest file format this plugin writes and reads."""

WRITE_WAIT_SECONDS = 10.0
"""How long a unit of work waits for another to finish writing before it gives up."""

StoredRow = tuple[uuid.UUID, int, bytes]
"""``(id, version, document)``: what the read primitives return."""

_EQUAL_COLUMNS = ("kind", "status", "level", "arrondissement", "municipality", "owner")


@attrs.define
class _Data:
    """Everything a store holds, as the file keeps it (text, numbers, None)."""

    rows: dict[str, dict[str, dict[str, Any]]]  # kind -> id -> version, document, index
    tombstones: dict[str, dict[str, int]]  # kind -> id -> last version of a deleted id
    events: list[dict[str, Any]]  # id, published, document; oldest first

    @classmethod
    def empty(cls) -> _Data:
        names = [kind.name for kind in RECORD_KINDS.values()]
        return cls(rows={n: {} for n in names}, tombstones={n: {} for n in names}, events=[])

    def copy(self) -> _Data:
        """A copy to change: rows are replaced whole, events are copied one by one."""
        return _Data(
            rows={name: dict(table) for name, table in self.rows.items()},
            tombstones={name: dict(dead) for name, dead in self.tombstones.items()},
            events=[dict(event) for event in self.events],
        )


class DictFileStore(Store):
    """A store in one JSON file, held in memory while it is open."""

    def __init__(
        self, url: str, path: str | os.PathLike[str], *, gazetteer: Gazetteer | None = None
    ) -> None:
        super().__init__(url, gazetteer=gazetteer)
        self.path = Path(path)
        self._writer = threading.Lock()  # one unit of work writes at a time
        self._closed = False
        self._data = self._load()

    @property
    def schema_version(self) -> int:
        """The file format version this store is at."""
        return SCHEMA_VERSION

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work; StoreUnavailable once the store is closed."""
        if self._closed:
            raise StoreUnavailable(self.url, "the store is closed")
        return _UnitOfWork(self)

    def close(self) -> None:
        """Refuse new units of work (every commit is on disk already)."""
        self._closed = True

    def _load(self) -> _Data:
        """The file's data; a missing file is created, a newer one refused untouched."""
        if not self.path.exists():
            data = _Data.empty()
            self._save(data)
            return data
        try:
            stored = json.loads(self.path.read_bytes())
            found = int(stored["schema_version"])
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise StoreUnavailable(self.url, f"{self.path} is not a halt store: {exc}") from exc
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(self.url, found, SCHEMA_VERSION)
        # Migrations from older file formats go here, before the data is used.
        data = _Data.empty()
        data.rows.update(stored["rows"])
        data.tombstones.update(stored["tombstones"])
        data.events = stored["events"]
        return data

    def _save(self, data: _Data) -> None:
        """Write ``data`` to the file in one step: readers see the old file or the new one."""
        content = {"schema_version": SCHEMA_VERSION, **attrs.asdict(data)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(content, file, ensure_ascii=False)
                file.flush()
                os.fsync(file.fileno())  # on disk before it takes the old file's place
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


class _UnitOfWork(UnitOfWork):
    """Reads the data last committed; the first write takes the lock and a copy to change."""

    def __init__(self, store: DictFileStore) -> None:
        self.file = store
        self._working: _Data | None = None
        super().__init__(store)  # makes the repositories and the outbox, below

    def _repository(self, kind: RecordKind[Any]) -> Repository[Any]:
        return _Repository(self, kind)

    def _outbox(self) -> Outbox:
        return _Outbox(self)

    def data(self) -> _Data:
        """What this unit of work sees: its own changes, or the data last committed."""
        return self._working or self.file._data

    def writing(self) -> _Data:
        """The data to change; the first call waits for the writer lock and copies the data."""
        if self._working is None:
            if not self.file._writer.acquire(timeout=WRITE_WAIT_SECONDS):
                raise StoreUnavailable(
                    self.store.url,
                    f"another unit of work kept writing for more than {WRITE_WAIT_SECONDS:g} s",
                    retryable=True,
                )
            self._working = self.file._data.copy()  # taken under the lock: what is stored now
        return self._working

    # The primitives of halt_core.storage.UnitOfWork:

    def _begin(self) -> None:
        """Nothing to do: the first write takes the lock."""

    def _commit(self) -> None:
        if self._working is None:
            return
        try:
            self.file._save(self._working)  # if this raises, nothing was stored
            self.file._data = self._working  # one assignment: readers see all of it or none
        finally:
            self._release()

    def _rollback(self) -> None:
        self._release()

    def _close(self) -> None:
        self._release()

    def _translate(self, error: Exception) -> HaltError | None:
        if isinstance(error, OSError):  # a full disk, a folder that went away
            return StoreUnavailable(self.store.url, f"cannot write {self.file.path}: {error}")
        return None

    def _release(self) -> None:
        if self._working is not None:
            self._working = None
            self.file._writer.release()


class _Repository(Repository[Any]):
    """The rows of one kind: ``{id: {"version": n, "document": "...", "index": {...}}}``."""

    def __init__(self, uow: _UnitOfWork, kind: RecordKind[Any]) -> None:
        super().__init__(uow, kind)
        self.data = uow

    def table(self, *, writing: bool = False) -> dict[str, dict[str, Any]]:
        data = self.data.writing() if writing else self.data.data()
        return data.rows[self.kind.name]

    def tombstones(self) -> dict[str, int]:
        return self.data.writing().tombstones[self.kind.name]

    # The primitives of halt_core.storage.Repository:

    def _insert(self, rows: Sequence[Row]) -> Mapping[uuid.UUID, int]:
        table = self.table(writing=True)
        taken = sorted(str(row.id) for row in rows if str(row.id) in table)
        if taken:
            raise AlreadyExists(self.kind.name, taken)  # before changing anything
        dead = self.tombstones()
        again: dict[uuid.UUID, int] = {}
        for row in rows:
            last = dead.pop(str(row.id), None)
            version = row.version if last is None else last + 1  # deleted before: go on
            if last is not None:
                again[row.id] = version
            table[str(row.id)] = _entry(row, version)
        return again

    def _fetch(self, ids: Sequence[uuid.UUID]) -> list[StoredRow]:
        table = self.table()
        found = [(id, table.get(str(id))) for id in ids]
        return [(id, entry["version"], entry["document"].encode()) for id, entry in found if entry]

    def _update(self, row: Row, expected_version: int) -> bool:
        table = self.table(writing=True)
        stored = table.get(str(row.id))
        if stored is None or stored["version"] != expected_version:
            return False  # the repository raises ConcurrencyConflict or NotFound
        table[str(row.id)] = _entry(row, row.version)
        return True

    def _delete(self, id: uuid.UUID, expected_version: int) -> bool:
        table = self.table(writing=True)
        stored = table.get(str(id))
        if stored is None or stored["version"] != expected_version:
            return False
        del table[str(id)]
        self.tombstones()[str(id)] = expected_version  # so the id's versions go on
        return True

    def _select(self, selection: Selection) -> list[StoredRow]:
        # Filter on the columns compared for equality; the repository checks the period
        # (and every record, exactly) itself, so returning more rows is allowed.
        wanted = {
            column: str(value)
            for column in _EQUAL_COLUMNS
            if (value := getattr(selection, column)) is not None
        }
        return [
            (uuid.UUID(id), entry["version"], entry["document"].encode())
            for id, entry in self.table().items()
            if all(entry["index"][column] == value for column, value in wanted.items())
        ]

    def _page(self, after: uuid.UUID | None, limit: int) -> list[StoredRow]:
        # The rows after `after` in the order of their ids' text, `limit` at a time. The
        # default selects every row and sorts them for each page.
        table = self.table()
        floor = "" if after is None else str(after)
        ids = heapq.nsmallest(limit, (id for id in table if id > floor))
        return [(uuid.UUID(id), table[id]["version"], table[id]["document"].encode()) for id in ids]

    def _count(self) -> int:
        return len(self.table())


class _Outbox(Outbox):
    """The events, oldest first: ``[{"id": ..., "published": false, "document": "..."}]``."""

    def __init__(self, uow: _UnitOfWork) -> None:
        super().__init__(uow)
        self.data = uow

    # The primitives of halt_core.storage.Outbox:

    def _store(self, events: Sequence[Event]) -> None:
        stored = self.data.writing().events
        known = {event["id"] for event in stored}
        taken = sorted(str(event.id) for event in events if str(event.id) in known)
        if taken:
            raise AlreadyExists("events", taken, "each event is stored once")
        stored.extend(
            {"id": str(event.id), "published": False, "document": to_json(event).decode()}
            for event in events
        )

    def _pending(self, limit: int | None) -> list[bytes]:
        pending = [e["document"].encode() for e in self.data.data().events if not e["published"]]
        return pending[:limit]

    def _about(self, subject: uuid.UUID) -> list[bytes]:
        documents = (e["document"].encode() for e in self.data.data().events)
        return [doc for doc in documents if event_from_json(doc).subject == subject]

    def _mark_published(self, ids: Sequence[uuid.UUID]) -> None:
        wanted = {str(id) for id in ids}
        for event in self.data.writing().events:
            if event["id"] in wanted:
                event["published"] = True

    def _forget(self, subjects: Sequence[uuid.UUID]) -> list[uuid.UUID]:
        wanted = set(subjects)
        events = self.data.writing().events
        going = [e["id"] for e in events if event_from_json(e["document"]).subject in wanted]
        gone = set(going)
        events[:] = [e for e in events if e["id"] not in gone]
        return [uuid.UUID(id) for id in going]


def _entry(row: Row, version: int) -> dict[str, Any]:
    """A row as the file keeps it: index columns as text (dates in ISO 8601) or None."""
    index = attrs.asdict(row.index, recurse=False)
    return {
        "version": version,
        "document": row.document.decode(),
        "index": {column: None if value is None else str(value) for column, value in index.items()},
    }


# -- the hooks ---------------------------------------------------------------------------------


@hookimpl
def halt_store_schemes() -> Iterable[str]:
    """Name the scheme this plugin opens stores for."""
    return [SCHEME]


@hookimpl
def halt_open_store(url: str, options: Mapping[str, Any]) -> Store | None:
    """Open the store of a ``dictfile:`` URL; None for any other URL."""
    if not url.startswith(f"{SCHEME}:"):
        return None
    path = url.removeprefix(f"{SCHEME}:///")
    if path == url or not path:
        raise StoreUnavailable(
            url, f"give the file: {SCHEME}:///relative/halt.json or {SCHEME}:////abs/halt.json"
        )
    unknown = sorted(set(options) - {"gazetteer"})
    if unknown:
        raise StoreUnavailable(url, f"unknown options {unknown}; known: gazetteer")
    return DictFileStore(url, path, **options)
