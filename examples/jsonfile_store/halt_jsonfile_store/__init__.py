"""A halt store kept in one JSON file: ``jsonfile:///path/to/store.json``.

This is an example of a third-party storage plugin for halt_core, written against halt_core's
public API only. It subclasses the contract in :mod:`halt_core.storage` and implements
its primitives; halt_core does the rest (documents, index columns, version numbers, the
deletion policy, queries). ``halt_adapters.testing.StoreConformance`` proves it keeps the
contract's promises.

URLs: ``jsonfile:///relative/path.json`` and ``jsonfile:////absolute/path.json`` (four
slashes: the path itself starts with one). Options: ``lock_timeout`` (seconds a writer waits
for another; default 10) and ``gazetteer``.

How it works:

- The file is one JSON object: ``"schema_version"``, a key per kind of record holding
  ``{id: {"version": n, "document": {...}, "index": {...}}}``, ``"tombstones"`` (per kind,
  the last version of each deleted id, so that re-adding it goes on counting),
  ``"events"`` (the outbox) and ``"set_aside"`` (what migrations took out of records).
- Each entry also keeps ``"changed"``, when it was last written (the row's
  :attr:`~halt_core.storage.Row.changed`, ISO 8601 in UTC), and ``"deleted_at"`` keeps when
  each tombstone was made, per kind: so
  :meth:`~halt_core.storage.Repository.changed_since` can say what changed since a moment.
  An entry written before the plugin kept it has no ``"changed"`` and counts as changed:
  when it is not known, saying "changed" is the safe answer.
- Opening a file of an older format migrates it, under the writer lock, and writes it back
  once. Format 3 normalised the contact points of stored partners with
  :func:`halt_core.storage.repair_partner_document`, keeping what the model refuses in
  ``"set_aside"``, which :meth:`~halt_core.storage.UnitOfWork.set_aside` lists.
- A unit of work reads the file once, at its first read, and keeps that snapshot.
- Its first write takes the writer lock (a thread lock, then ``fcntl.flock`` on a sibling
  ``.lock`` file, so writers queue across threads and processes), and reads the file anew:
  versions are checked against what is stored now, so a stale save is a conflict.
- Commit writes the whole file to a temporary file in the same folder, fsyncs it and
  ``os.replace``-s the old one: readers see the old file or the new one, never half of one.
  Rollback forgets the changes. Either releases the lock.

It needs a POSIX system (``fcntl``), and suits small stores: every commit rewrites the file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

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
    SetAside,
    Store,
    StoreUnavailable,
    UnitOfWork,
    repair_partner_document,
)

__all__ = ["SCHEMA_VERSION", "JsonFileStore", "halt_open_store", "halt_store_schemes"]

SCHEMA_VERSION = 3
"""The newest file format this plugin writes and reads.

2 added ``"tombstones"``; 3 added ``"set_aside"``, and repaired stored contact points.
"""

Data = dict[str, Any]
"""The content of a store file, as :func:`json.load` gives it."""


# -- the store ----------------------------------------------------------------------------------


class JsonFileStore(Store):
    """A store in one JSON file, with a ``.lock`` file beside it that serialises writers."""

    def __init__(
        self,
        url: str,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float = 10.0,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        super().__init__(url, gazetteer=gazetteer)
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self._threads = threading.Lock()  # one writer at a time among this process's threads
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(url, f"cannot create the folder of {self.path}: {exc}") from exc
        # Migration on open: create a missing file; read() refuses one from a newer plugin
        # and brings an older one up to date, which is written back here, once, under the
        # lock (so what the migration set aside is kept once).
        with self.writer_lock():
            if not self.path.exists():
                self.write({"schema_version": SCHEMA_VERSION})
            data = self.read()
            if self.stored_version() < SCHEMA_VERSION:
                self.write(data)

    @property
    def schema_version(self) -> int:
        """The file format version: files of older versions are migrated on open."""
        return SCHEMA_VERSION

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work."""
        if self._closed:
            raise StoreUnavailable(self.url, "the store is closed")
        return _JsonUnitOfWork(self)

    def close(self) -> None:
        """Refuse new units of work (the store holds nothing open between them)."""
        self._closed = True

    def read(self) -> Data:
        """The file's content in the newest format, with every table present."""
        data, found = self._load()
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(self.url, found, SCHEMA_VERSION)
        # Older file formats are migrated here, before use: version 1 had no tombstones;
        # version 2 held contact points the model now refuses, or spells differently.
        tombstones = data.setdefault("tombstones", {})
        deleted_at = data.setdefault("deleted_at", {})  # added within format 3: optional
        for kind in RECORD_KINDS.values():
            data.setdefault(kind.name, {})
            tombstones.setdefault(kind.name, {})
            deleted_at.setdefault(kind.name, {})
        data.setdefault("events", [])
        data.setdefault("set_aside", [])
        if found < 3:
            _repair_partners(data, schema_version=3)
        data["schema_version"] = SCHEMA_VERSION
        return data

    def stored_version(self) -> int:
        """The format version the file is stored in (older ones are migrated on open)."""
        return self._load()[1]

    def _load(self) -> tuple[Data, int]:
        try:
            data: Data = json.loads(self.path.read_bytes())
            found = int(data["schema_version"])
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise StoreUnavailable(self.url, f"{self.path} is not a halt store: {exc}") from exc
        return data, found

    def write(self, data: Data) -> None:
        """Replace the file with ``data`` in one step: readers see the old or the new file."""
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False, indent=1)
                file.flush()
                os.fsync(file.fileno())  # the data is on disk before the file is replaced
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # and so is the replacement itself
        finally:
            os.close(folder)

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the right to write: first among this process's threads, then among processes.

        Raises :class:`~halt_core.storage.StoreUnavailable` after ``lock_timeout`` seconds.
        The operating system releases an ``flock`` when its process ends, so a crashed
        writer never leaves the store locked.
        """
        deadline = time.monotonic() + self.lock_timeout
        if not self._threads.acquire(timeout=self.lock_timeout):
            raise StoreUnavailable(
                self.url, "another unit of work kept writing for too long", retryable=True
            )
        try:
            with open(self.lock_path, "ab") as lock_file:
                while True:
                    try:
                        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise StoreUnavailable(
                                self.url,
                                f"another writer kept {self.lock_path} for too long",
                                retryable=True,
                            ) from None
                        time.sleep(0.005)
                yield  # closing the lock file releases the flock
        finally:
            self._threads.release()


# -- a unit of work -------------------------------------------------------------------------------


class _JsonUnitOfWork(UnitOfWork):
    def __init__(self, store: JsonFileStore) -> None:
        self.file = store
        self._snapshot: Data | None = None  # the file as first read, while only reading
        self._working: Data | None = None  # the file as changed here, while holding the lock
        self._lock = contextlib.ExitStack()
        super().__init__(store)  # makes the repositories and the outbox, below

    def _repository(self, kind: RecordKind[Any]) -> Repository[Any]:
        return _JsonRepository(self, kind)

    def _outbox(self) -> Outbox:
        return _JsonOutbox(self)

    def data(self) -> Data:
        """What this unit of work sees: its own changes, or else the file as first read."""
        if self._working is not None:
            return self._working
        if self._snapshot is None:
            self._snapshot = self.file.read()
        return self._snapshot

    def writing(self) -> Data:
        """The data to change; the first call takes the writer lock and reads the file anew."""
        if self._working is None:
            self._lock.enter_context(self.file.writer_lock())
            self._working = self.file.read()
        return self._working

    # The primitives of halt_core.storage.UnitOfWork:

    def _begin(self) -> None:
        self._snapshot = None  # the next read sees the latest commit

    def _commit(self) -> None:
        try:
            if self._working is not None:
                self.file.write(self._working)
        finally:
            self._release()

    def _rollback(self) -> None:
        self._release()

    def _close(self) -> None:
        self._release()

    def _set_aside(self) -> Sequence[SetAside]:
        return [_set_aside_of(entry) for entry in self.data()["set_aside"]]

    def _release(self) -> None:
        self._working = None
        self._lock.close()


# -- repositories and the outbox ------------------------------------------------------------------


class _JsonRepository(Repository[Any]):
    def __init__(self, uow: _JsonUnitOfWork, kind: RecordKind[Any]) -> None:
        super().__init__(uow, kind)
        self.json_uow = uow

    def table(self, *, writing: bool = False) -> dict[str, Any]:
        data = self.json_uow.writing() if writing else self.json_uow.data()
        table: dict[str, Any] = data[self.kind.name]
        return table

    # The primitives of halt_core.storage.Repository:

    def _insert(self, rows: Sequence[Row]) -> Mapping[uuid.UUID, int]:
        table = self.table(writing=True)
        taken = sorted(str(row.id) for row in rows if str(row.id) in table)
        if taken:
            raise AlreadyExists(self.kind.name, taken)  # before changing anything
        dead = self.tombstones()
        revived: dict[uuid.UUID, int] = {}
        for row in rows:
            last = dead.pop(str(row.id), None)
            self.deleted_at().pop(str(row.id), None)
            if last is not None:  # deleted before: its versions go on
                row = attrs.evolve(row, version=last + 1)
                revived[row.id] = row.version
            table[str(row.id)] = _entry(row)
        return revived

    def tombstones(self) -> dict[str, int]:
        """The last version of each deleted id of this kind (for writing)."""
        dead: dict[str, int] = self.json_uow.writing()["tombstones"][self.kind.name]
        return dead

    def deleted_at(self) -> dict[str, str]:
        """When each deleted id of this kind was deleted, ISO 8601 (for writing)."""
        when: dict[str, str] = self.json_uow.writing()["deleted_at"][self.kind.name]
        return when

    def _fetch(self, ids: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, int, bytes]]:
        table = self.table()
        found = [(id, table.get(str(id))) for id in ids]
        return [(id, entry["version"], _document(entry)) for id, entry in found if entry]

    def _update(self, row: Row, expected_version: int) -> bool:
        table = self.table(writing=True)
        stored = table.get(str(row.id))
        if stored is None or stored["version"] != expected_version:
            return False  # the repository turns this into ConcurrencyConflict or NotFound
        table[str(row.id)] = _entry(row)
        return True

    def _delete(self, id: uuid.UUID, expected_version: int) -> bool:
        table = self.table(writing=True)
        stored = table.get(str(id))
        if stored is None or stored["version"] != expected_version:
            return False
        del table[str(id)]
        self.tombstones()[str(id)] = expected_version
        # The tombstone's moment: the unit of work's, as its other writes carry.
        self.deleted_at()[str(id)] = _moment(self._uow._written_at())
        return True

    def _select(self, selection: Selection) -> list[tuple[uuid.UUID, int, bytes]]:
        return [
            (uuid.UUID(id), entry["version"], _document(entry))
            for id, entry in self.table().items()
            if _selected(entry["index"], selection)
        ]

    def _count(self) -> int:
        return len(self.table())

    def _changed_since(self, moment: datetime) -> list[tuple[uuid.UUID, bool]]:
        # Optional: without it, changed_since raises ChangesNotKept. ISO 8601 text in UTC
        # with microseconds compares as the moments do; an entry without "changed" counts.
        since = _moment(moment)
        data = self.json_uow.data()
        found = [
            (uuid.UUID(id), False)
            for id, entry in data[self.kind.name].items()
            if entry.get("changed", since) >= since
        ]
        deleted = data["deleted_at"][self.kind.name]
        found += [(uuid.UUID(id), True) for id, when in deleted.items() if when >= since]
        return found


class _JsonOutbox(Outbox):
    def __init__(self, uow: _JsonUnitOfWork) -> None:
        super().__init__(uow)
        self.json_uow = uow

    # The primitives of halt_core.storage.Outbox:

    def _store(self, events: Sequence[Event]) -> None:
        stored = self.json_uow.writing()["events"]
        known = {event["id"] for event in stored}
        taken = sorted(str(event.id) for event in events if str(event.id) in known)
        if taken:
            raise AlreadyExists("events", taken, "each event is stored once")
        stored.extend(
            {"id": str(event.id), "published": False, "document": json.loads(to_json(event))}
            for event in events
        )

    def _pending(self, limit: int | None) -> list[bytes]:
        pending = [event for event in self.json_uow.data()["events"] if not event["published"]]
        return [_document(event) for event in pending[:limit]]

    def _about(self, subject: uuid.UUID) -> list[bytes]:
        documents = (_document(event) for event in self.json_uow.data()["events"])
        return [doc for doc in documents if event_from_json(doc).subject == subject]

    def _mark_published(self, ids: Sequence[uuid.UUID]) -> None:
        wanted = {str(id) for id in ids}
        for event in self.json_uow.writing()["events"]:
            if event["id"] in wanted:
                event["published"] = True

    def _forget(self, subjects: Sequence[uuid.UUID]) -> list[uuid.UUID]:
        wanted = set(subjects)
        events = self.json_uow.writing()["events"]
        going = [e["id"] for e in events if event_from_json(_document(e)).subject in wanted]
        gone = set(going)
        events[:] = [e for e in events if e["id"] not in gone]
        return [uuid.UUID(id) for id in going]


# -- rows as JSON ---------------------------------------------------------------------------------


def _entry(row: Row) -> dict[str, Any]:
    """A row as the file keeps it: the document as a JSON object, readable in the file."""
    index = attrs.asdict(row.index, recurse=False)
    return {
        "version": row.version,
        "document": json.loads(row.document),
        # Index columns are text, dates (ISO 8601, so they compare as text) or ids.
        "index": {column: None if v is None else str(v) for column, v in index.items()},
        "changed": _moment(row.changed or datetime.now(UTC)),
    }


def _moment(moment: datetime) -> str:
    """``moment`` as fixed-width ISO 8601 text in UTC, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _document(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry["document"], ensure_ascii=False).encode()


def _repair_partners(data: Data, *, schema_version: int) -> None:
    """Normalise every stored partner's contact points; keep what the model refuses aside.

    A repaired record keeps its version: a migration is not an edit, so a client holding the
    version it read before may still save over it.
    """
    at = datetime.now(UTC)
    for id, entry in data["partners"].items():
        repaired, found = repair_partner_document(
            entry["document"], schema_version=schema_version, at=at, record_id=uuid.UUID(id)
        )
        entry["document"] = repaired
        data["set_aside"].extend(_set_aside_entry(item) for item in found)


def _set_aside_entry(item: SetAside) -> dict[str, Any]:
    """What a migration set aside, as the file keeps it."""
    entry = attrs.asdict(item, recurse=False)
    return {**entry, "record_id": str(item.record_id), "at": item.at.isoformat()}


def _set_aside_of(entry: dict[str, Any]) -> SetAside:
    """An entry of ``"set_aside"`` as a :class:`~halt_core.storage.SetAside`."""
    return SetAside(
        **{
            **entry,
            "record_id": uuid.UUID(entry["record_id"]),
            "at": datetime.fromisoformat(entry["at"]),
        }
    )


def _selected(index: dict[str, str | None], selection: Selection) -> bool:
    """Whether a row's index columns match ``selection`` (the repository checks exactly)."""
    for column in ("kind", "status", "level", "arrondissement", "municipality", "owner"):
        wanted = getattr(selection, column)
        if wanted is not None and index[column] != str(wanted):
            return False
    period = selection.overlapping
    if period is None:
        return True
    starts, ends = index["starts"], index["ends"]
    return (
        starts is not None
        and (ends is None or ends >= period.start.isoformat())
        and (period.end is None or starts <= period.end.isoformat())
    )


# -- the hooks --------------------------------------------------------------------------------


@hookimpl
def halt_store_schemes() -> Iterable[str]:
    """Name the scheme this plugin opens stores for: ``jsonfile://``."""
    return ["jsonfile"]


@hookimpl
def halt_open_store(url: str, options: Mapping[str, Any]) -> Store | None:
    """Open the store of a ``jsonfile:`` URL; None for other URLs."""
    if not url.startswith("jsonfile:"):
        return None
    path = url.removeprefix("jsonfile:///") if url.startswith("jsonfile:///") else ""
    if not path:
        raise StoreUnavailable(
            url, "give the file: jsonfile:///relative/halt.json or jsonfile:////abs/halt.json"
        )
    unknown = sorted(set(options) - {"lock_timeout", "gazetteer"})
    if unknown:
        raise StoreUnavailable(url, f"unknown options {unknown}; known: lock_timeout, gazetteer")
    return JsonFileStore(url, path, **options)
