"""The storage contract: stores, units of work, repositories and the outbox.

halt_core does no I/O; an adapter does. An adapter subclasses :class:`Store`,
:class:`UnitOfWork` and :class:`Repository` and implements their few abstract methods (the
*primitives*: insert rows, fetch rows, update one row if its version matches, delete, select
by index columns, keep events). Everything else (conversion to and from documents, index
columns, version checks, the deletion policy, exact selection by area, error messages) is
done here, once, so every adapter behaves the same and the conformance suite
(:mod:`halt_adapters.testing`) can prove it.

Using a store::

    with store.unit_of_work() as uow:
        lesson = uow.interventions.get(lesson_id)
        planned, event = schedule_intervention(lesson, sessions, by="tr-07", at=now)
        uow.interventions.save(planned)
        uow.outbox.add(event)
    # committed here; an exception in the block rolls everything back
"""

from __future__ import annotations

import abc
import types
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, Self, TypeVar

import attrs

from halt_core.errors import (
    AlreadyExists,
    ConcurrencyConflict,
    DeletionRefused,
    InvalidValue,
    NotFound,
    NotLoaded,
    UnitOfWorkClosed,
)
from halt_core.events import Event, event_from_json
from halt_core.model import (
    Area,
    Collaboration,
    Forum,
    Gazetteer,
    Intervention,
    Meeting,
    Network,
    Partner,
    Period,
    Referral,
)
from halt_core.serialization import from_json, to_json
from halt_core.storage.records import RECORD_KINDS, Index, RecordKind

__all__ = ["Outbox", "Repository", "Row", "Selection", "Store", "UnitOfWork", "redact_url"]

_R = TypeVar("_R", Partner, Collaboration, Forum, Meeting, Intervention, Referral)


@attrs.frozen(kw_only=True)
class Row:
    """One record as an adapter stores it.

    Attributes:
        id: the record's id.
        version: its version: 1 when added, one more on every save.
        document: the converter's JSON of the record (UTF-8 bytes).
        index: the index columns.

    """

    id: uuid.UUID
    version: int
    document: bytes
    index: Index


@attrs.frozen(kw_only=True)
class Selection:
    """What :meth:`Repository.query` asks an adapter for, in index columns.

    An adapter returns at least the rows that match (it may return more: the repository
    checks every record exactly after decoding it). Every criterion that is None matches all.

    Attributes:
        kind: rows with this kind.
        status: rows with this status.
        level: rows with this level.
        arrondissement: rows with this arrondissement.
        municipality: rows with this municipality.
        owner: rows with this owner.
        overlapping: rows whose ``starts``..``ends`` overlaps this period (rows without a
            ``starts`` do not match; a row without ``ends`` is open-ended).

    """

    kind: str | None = None
    status: str | None = None
    level: str | None = None
    arrondissement: str | None = None
    municipality: str | None = None
    owner: uuid.UUID | None = None
    overlapping: Period | None = None


class Repository(abc.ABC, Generic[_R]):
    """The records of one kind inside a unit of work.

    Adapters implement the primitives (the abstract methods); callers use the rest.
    """

    def __init__(self, uow: UnitOfWork, kind: RecordKind[_R]) -> None:
        self._uow = uow
        self.kind: RecordKind[_R] = kind

    # -- primitives: an adapter implements these ------------------------------------------

    @abc.abstractmethod
    def _insert(self, rows: Sequence[Row]) -> None:
        """Insert new rows; raise :class:`AlreadyExists` naming any id already stored."""

    @abc.abstractmethod
    def _fetch(self, ids: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, int, bytes]]:
        """Return ``(id, version, document)`` of the stored rows among ``ids``, any order."""

    @abc.abstractmethod
    def _update(self, row: Row, expected_version: int) -> bool:
        """Replace the row with ``row.id`` if its version is ``expected_version``.

        Return False, changing nothing, when there is no such row or its version differs.
        """

    @abc.abstractmethod
    def _delete(self, id: uuid.UUID, expected_version: int) -> bool:
        """Delete the row with ``id`` if its version is ``expected_version``; False if not."""

    @abc.abstractmethod
    def _select(self, selection: Selection) -> list[tuple[uuid.UUID, int, bytes]]:
        """Return ``(id, version, document)`` of at least the rows ``selection`` matches."""

    def _page(self, after: uuid.UUID | None, limit: int) -> list[tuple[uuid.UUID, int, bytes]]:
        """Up to ``limit`` rows whose ids come after ``after`` (from the first when None).

        Rows come in id order (the order of the ids' text). Adapters should override this
        with a keyed query so :meth:`iterate` reads in constant memory; this default selects
        every row and slices, which is correct but holds every document at once.
        """
        rows = sorted(self._select(_EVERYTHING), key=lambda row: str(row[0]))
        if after is not None:
            rows = [row for row in rows if str(row[0]) > str(after)]
        return rows[:limit]

    @abc.abstractmethod
    def _count(self) -> int:
        """Return the number of rows."""

    # -- the API ----------------------------------------------------------------------------

    def add(self, value: _R) -> None:
        """Store a new record (version 1); :class:`AlreadyExists` if its id is taken."""
        self.add_many((value,))

    def add_many(self, values: Iterable[_R]) -> int:
        """Store new records in one go (version 1 each); return how many.

        Raises :class:`AlreadyExists` naming the ids already stored (or given twice), and
        stores none of them.
        """
        self._uow._check_open()
        rows = [self._row(value, 1) for value in values]
        ids = [row.id for row in rows]
        if len(set(ids)) != len(ids):
            twice = sorted(str(i) for i, n in Counter(ids).items() if n > 1)
            raise AlreadyExists(self.kind.name, twice, "each id may be added once")
        self._insert(rows)
        versions = self._uow._versions
        for row in rows:
            versions[(self.kind.name, row.id)] = 1
        return len(rows)

    def get(self, id: uuid.UUID) -> _R:
        """The record with ``id``; :class:`~halt_core.errors.NotFound` if none is stored."""
        found = self.find(id)
        if found is None:
            raise NotFound(self._singular, id, f"no {self._singular} with that id is stored")
        return found

    def find(self, id: uuid.UUID) -> _R | None:
        """The record with ``id``, or None when none is stored."""
        rows = self._load(self._fetch((id,)))
        return rows[0] if rows else None

    def get_many(self, ids: Iterable[uuid.UUID]) -> tuple[_R, ...]:
        """The records with ``ids``, in that order; :class:`NotFound` naming every missing id."""
        wanted = list(ids)
        found = self._load(self._fetch(list(dict.fromkeys(wanted))))
        by_id: dict[uuid.UUID, _R] = {value.id: value for value in found}
        missing = [str(i) for i in wanted if i not in by_id]
        if missing:
            raise NotFound(self._singular, ", ".join(missing), "none stored with these ids")
        return tuple(by_id[i] for i in wanted)

    def save(self, value: _R) -> int:
        """Store a changed record; return its new version.

        The record must have been read (or added) in this unit of work: its version then is
        the one saved over. Raises :class:`ConcurrencyConflict` when someone else saved it in
        the meantime, :class:`NotLoaded` when it was not read here, and
        :class:`~halt_core.errors.NotFound` when it is not stored.
        """
        self._uow._check_open()
        expected = self._expected_version(value.id)
        row = self._row(value, expected + 1)
        if not self._update(row, expected):
            self._conflict(value.id, expected)
        self._uow._versions[(self.kind.name, value.id)] = expected + 1
        return expected + 1

    def delete(self, value: _R) -> None:
        """Delete a record where the domain allows it.

        Raises :class:`DeletionRefused` saying why when it does not (e.g. agreed work is
        cancelled, not deleted), and :class:`ConcurrencyConflict` when the stored record
        changed since it was read here.
        """
        self._uow._check_open()
        stored = (
            self.get(value.id) if (self.kind.name, value.id) not in self._uow._versions else value
        )
        reason = self.kind.deletable(stored)
        if reason is not None:
            raise DeletionRefused(self._singular, value.id, reason)
        expected = self._expected_version(value.id)
        if not self._delete(value.id, expected):
            self._conflict(value.id, expected)
        del self._uow._versions[(self.kind.name, value.id)]

    def version_of(self, id: uuid.UUID) -> int:
        """The version of the record with ``id`` as read in this unit of work (or stored)."""
        known = self._uow._versions.get((self.kind.name, id))
        if known is not None:
            return known
        rows = self._fetch((id,))
        if not rows:
            raise NotFound(self._singular, id, f"no {self._singular} with that id is stored")
        return rows[0][1]

    def query(
        self,
        *,
        kind: object | None = None,
        status: object | None = None,
        level: object | None = None,
        area: Area | None = None,
        period: Period | None = None,
        owner: uuid.UUID | None = None,
    ) -> tuple[_R, ...]:
        """The stored records matching every criterion given, ordered by id.

        ``kind``, ``status`` and ``level`` take the model's enum members; ``area`` selects
        the records whose area lies inside it (as :class:`~halt_core.model.Network` does);
        ``period`` those whose days overlap it; ``owner`` those that belong to a record (a
        forum's meetings, a commission's interventions, a referrer's referrals).
        """
        gazetteer = self._uow.store.gazetteer
        arrondissement = None
        if area is not None and self.kind.type is Meeting:
            raise InvalidValue(
                "Repository",
                "area",
                area,
                "meetings have no area of their own: query by owner (the forum) instead",
            )
        if area is not None:
            touched = gazetteer.arrondissements_of(area)  # NotFound for an unknown area
            if len(touched) == 1:
                arrondissement = next(iter(touched)).value
        selection = Selection(
            kind=_value(kind),
            status=_value(status),
            level=_value(level),
            arrondissement=arrondissement,
            owner=owner,
            overlapping=period,
        )
        values = self._load(self._select(selection))
        if selection != _EVERYTHING or area is not None:
            values = [v for v in values if self._matches(v, selection, area, gazetteer)]
        return tuple(sorted(values, key=lambda v: str(v.id)))

    def all(self) -> tuple[_R, ...]:
        """Every stored record of this kind, ordered by id."""
        return self.query()

    def iterate(self, batch_size: int = 1000) -> Iterator[_R]:
        """Every stored record of this kind, ordered by id, read ``batch_size`` at a time.

        Unlike :meth:`all`, this holds one batch in memory, not every record: exports and
        other bulk readers use it. Records saved or deleted by this unit of work while
        iterating show up or not depending on whether their batch was already read.
        """
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise InvalidValue(
                "Repository", "batch_size", batch_size, "expected a whole number of 1 or more"
            )
        after: uuid.UUID | None = None
        while True:
            self._uow._check_open()
            rows = self._page(after, batch_size)
            yield from self._load(rows)
            if len(rows) < batch_size:
                return
            after = rows[-1][0]

    def count(self) -> int:
        """How many records of this kind are stored."""
        return self._count()

    # -- shared machinery -------------------------------------------------------------------

    @property
    def _singular(self) -> str:
        return self.kind.name.removesuffix("s")

    def _row(self, value: _R, version: int) -> Row:
        if type(value) is not self.kind.type:
            raise InvalidValue(
                "Repository",
                self.kind.name,
                value,
                f"this repository stores {self.kind.type.__name__} values, not "
                f"{type(value).__name__}; use uow.{_kind_name(value)}",
            )
        return Row(
            id=value.id,
            version=version,
            document=to_json(value),
            index=self.kind.index(value, self._uow.store.gazetteer),
        )

    def _load(self, rows: Iterable[tuple[uuid.UUID, int, bytes]]) -> list[_R]:
        versions = self._uow._versions
        name = self.kind.name
        cls = self.kind.type
        values = []
        for id, version, document in rows:
            values.append(from_json(document, cls))
            versions.setdefault((name, id), version)
        return values

    def _expected_version(self, id: uuid.UUID) -> int:
        known = self._uow._versions.get((self.kind.name, id))
        if known is None:
            raise NotLoaded(self._singular, id)
        return known

    def _conflict(self, id: uuid.UUID, expected: int) -> None:
        rows = self._fetch((id,))
        if not rows:
            raise NotFound(self._singular, id, "it was deleted since it was read")
        raise ConcurrencyConflict(self._singular, id, expected, rows[0][1])

    def _matches(
        self, value: _R, selection: Selection, area: Area | None, gazetteer: Gazetteer
    ) -> bool:
        index = self.kind.index(value, gazetteer)  # the adapter may have selected loosely
        for column in ("kind", "status", "level", "owner"):
            wanted = getattr(selection, column)
            if wanted is not None and getattr(index, column) != wanted:
                return False
        if selection.overlapping is not None and not _overlaps(index, selection.overlapping):
            return False
        if area is not None:
            inner = _area_of(value)
            if not gazetteer.knows(inner) or not gazetteer.contains(area, inner):
                return False
        return True


_EVERYTHING = Selection()


def _kind_name(value: object) -> str:
    kind = RECORD_KINDS.get(type(value))
    return kind.name if kind else "<none: not a record>"


def _value(member: object | None) -> str | None:
    if member is None:
        return None
    return str(getattr(member, "value", member))


def _overlaps(index: Index, period: Period) -> bool:
    if index.starts is None:
        return False
    ends_after_start = index.ends is None or index.ends >= period.start
    return ends_after_start and (period.end is None or index.starts <= period.end)


def _area_of(value: Any) -> Area:
    if isinstance(value, Referral):
        return Area.municipality(value.municipality)
    return value.area  # type: ignore[no-any-return]


class Outbox(abc.ABC):
    """The events a unit of work stores with its records (the transactional outbox).

    Events added are kept in memory and written at commit, in the same transaction as the
    records, so a record and the event about it are stored together or not at all.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._added: list[Event] = []

    def add(self, *events: Event) -> None:
        """Record ``events`` to be stored at commit (in this order)."""
        self._uow._check_open()
        self._added.extend(events)

    @property
    def added(self) -> tuple[Event, ...]:
        """The events added in this unit of work and not yet committed."""
        return tuple(self._added)

    def pending(self, limit: int | None = None) -> tuple[Event, ...]:
        """Stored events not yet marked published, oldest first (at most ``limit``)."""
        return tuple(event_from_json(doc) for doc in self._pending(limit))

    def mark_published(self, ids: Iterable[uuid.UUID]) -> None:
        """Mark stored events as delivered, so :meth:`pending` no longer returns them."""
        self._uow._check_open()
        self._mark_published(list(ids))

    # -- primitives ---------------------------------------------------------------------------

    @abc.abstractmethod
    def _store(self, events: Sequence[Event]) -> None:
        """Write ``events`` in the unit of work's transaction (called by commit)."""

    @abc.abstractmethod
    def _pending(self, limit: int | None) -> list[bytes]:
        """Return the documents of unpublished events, oldest first."""

    @abc.abstractmethod
    def _mark_published(self, ids: Sequence[uuid.UUID]) -> None:
        """Mark the events with ``ids`` published."""


class UnitOfWork(abc.ABC):
    """Changes that are committed, or rolled back, as one.

    Use it as a context manager: the block's changes are committed when it ends normally and
    rolled back when it raises. :meth:`commit` and :meth:`rollback` may also be called inside
    the block; work after them goes on in a new transaction. A unit of work is for one thread.

    An adapter implements :meth:`_repository` and :meth:`_outbox` (the base class calls them
    once per kind of record, and once, when the unit of work is made) and the transaction
    primitives :meth:`_begin`, :meth:`_commit`, :meth:`_rollback` and :meth:`_close`.

    Attributes:
        store: the store it belongs to.
        partners: the partners.
        collaborations: the collaborations.
        forums: the forums.
        meetings: the meetings.
        interventions: the preventive interventions.
        referrals: the referrals.
        outbox: the events stored with the records.

    """

    partners: Repository[Partner]
    collaborations: Repository[Collaboration]
    forums: Repository[Forum]
    meetings: Repository[Meeting]
    interventions: Repository[Intervention]
    referrals: Repository[Referral]
    outbox: Outbox

    def __init__(self, store: Store) -> None:
        self.store = store
        self._versions: dict[tuple[str, uuid.UUID], int] = {}
        self._open = False
        for kind in RECORD_KINDS.values():
            setattr(self, kind.name, self._repository(kind))
        self.outbox = self._outbox()

    # -- what an adapter implements -----------------------------------------------------------

    @abc.abstractmethod
    def _repository(self, kind: RecordKind[Any]) -> Repository[Any]:
        """Make this unit of work's repository for ``kind``."""

    @abc.abstractmethod
    def _outbox(self) -> Outbox:
        """Make this unit of work's outbox."""

    @abc.abstractmethod
    def _begin(self) -> None:
        """Start a transaction (at the start, and again after a commit or rollback)."""

    @abc.abstractmethod
    def _commit(self) -> None:
        """Commit the transaction. If it raises, nothing of it may have been stored."""

    @abc.abstractmethod
    def _rollback(self) -> None:
        """Roll the transaction back."""

    @abc.abstractmethod
    def _close(self) -> None:
        """Release what the unit of work holds (a connection back to its pool, a lock)."""

    # -- the API ------------------------------------------------------------------------------

    def __enter__(self) -> Self:
        self._begin()
        self._open = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: types.TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self._finish_commit()
            else:
                self._finish_rollback()
        finally:
            self._open = False
            self._close()

    def commit(self) -> None:
        """Store the outbox's events, commit everything, then tell the event listeners.

        Work after it goes on in a new transaction. If committing raises, nothing was stored:
        the unit of work is rolled back.
        """
        self._check_open()
        self._finish_commit()
        self._begin()

    def rollback(self) -> None:
        """Undo everything since the last commit, and forget what was read."""
        self._check_open()
        self._finish_rollback()
        self._begin()

    def _finish_commit(self) -> None:
        events = self.outbox.added
        try:
            if events:
                self.outbox._store(events)
            self._commit()
        except BaseException:
            self._finish_rollback()
            raise
        self.outbox._added.clear()
        if events:
            self.store._committed(events)

    def _finish_rollback(self) -> None:
        self._rollback()
        self.outbox._added.clear()
        self._versions.clear()

    def repository(self, record_type: type[_R]) -> Repository[_R]:
        """The repository for ``record_type``, e.g. ``uow.repository(Partner)``."""
        return getattr(self, RECORD_KINDS[record_type].name)  # type: ignore[no-any-return]

    def repositories(self) -> Iterator[Repository[Any]]:
        """Every repository, in the order of the network."""
        for kind in RECORD_KINDS.values():
            yield getattr(self, kind.name)

    def load_network(self) -> Network:
        """Every stored record, as one :class:`~halt_core.model.Network` snapshot."""
        return Network(**{repo.kind.name: repo.all() for repo in self.repositories()})

    def add_network(self, network: Network) -> int:
        """Add every record of ``network``; return how many. Ids must be new."""
        return sum(
            getattr(self, kind.name).add_many(getattr(network, kind.name))
            for kind in RECORD_KINDS.values()
        )

    def _check_open(self) -> None:
        if not self._open:
            raise UnitOfWorkClosed()


class Store(abc.ABC):
    """A place where a network is kept: opened from a URL by :func:`halt_core.connect`.

    A store is safe to share between threads; each thread takes its own unit of work.
    Close it when done (or use it as a context manager).

    Adapters call ``super().__init__(url, ...)`` and leave ``_on_commit`` alone: the plugin
    manager sets it to tell the ``halt_events_committed`` listeners.

    Attributes:
        url: the URL it was opened from, its password replaced by ``***``.
        gazetteer: the municipal division index columns are computed with.

    """

    def __init__(
        self,
        url: str,
        *,
        gazetteer: Gazetteer | None = None,
        on_commit: Callable[[Sequence[Event]], None] | None = None,
    ) -> None:
        self.url = redact_url(url)
        self.gazetteer = gazetteer or Gazetteer.load()
        self._on_commit = on_commit

    @abc.abstractmethod
    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work; use it in a ``with`` block."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close the store and release its connections; closing twice is harmless."""

    @property
    @abc.abstractmethod
    def schema_version(self) -> int:
        """The version of the storage schema the store is at."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"

    def _committed(self, events: Sequence[Event]) -> None:
        if self._on_commit is not None:
            self._on_commit(events)


def redact_url(url: str) -> str:
    """``url`` with its password replaced by ``***``, for messages and logs."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    if ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
