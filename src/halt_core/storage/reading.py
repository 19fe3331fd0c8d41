"""The reading half of a repository: queries, streams, references and what changed.

:class:`Reading` is the base of :class:`~halt_core.storage.Repository`. Its primitives are
what an adapter answers from its index columns; every method here turns their rows into
records, checks each one exactly, and orders them by id, so every adapter answers alike.

Reads come in two sizes. :meth:`Reading.query` answers with a tuple: for questions whose
answer fits in memory. :meth:`Reading.stream` and :meth:`Reading.iterate` read a page at a
time and hold one page, however many records match: for exports, ``--format jsonl`` and
anything else that may meet the whole country.
"""

from __future__ import annotations

import abc
import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from halt_core.errors import InvalidValue
from halt_core.model import (
    Area,
    Collaboration,
    Forum,
    Gazetteer,
    Intervention,
    Meeting,
    Partner,
    Period,
    Referral,
)
from halt_core.serialization import from_json
from halt_core.storage._criteria import EXACT_AREAS, matches, selection_of
from halt_core.storage.changes import Changed, ChangesNotKept
from halt_core.storage.records import RecordKind, trainer_key
from halt_core.storage.rows import EVERYTHING, Selection, Versioned

if TYPE_CHECKING:
    from halt_core.storage.unit_of_work import UnitOfWork

__all__ = ["PAGE_BYTES", "Reading", "StoredRow"]

_R = TypeVar("_R", Partner, Collaboration, Forum, Meeting, Intervention, Referral)

StoredRow = tuple[uuid.UUID, int, bytes]
"""``(id, version, document)``: what the read primitives return."""

PAGE_BYTES = 64 * 1024
"""About how many bytes of stored documents one page of a bulk read holds (see ``iterate``)."""

_FIRST_PAGE = 64  # rows in a bulk read's first page, before the records' size is known
_KEYS_AT_ONCE = 500  # reference keys per primitive call: a bound on one statement's size


class Reading(abc.ABC, Generic[_R]):
    """The reads of a :class:`~halt_core.storage.Repository`; see the module's docs.

    Attributes:
        kind: what the store keeps of this kind of record.

    """

    _uow: UnitOfWork
    kind: RecordKind[_R]

    exact_selections: ClassVar[bool] = False
    """Whether ``_select`` and ``_select_page`` return exactly the rows their selection
    matches on the index columns, no more. An adapter that says so (the built-in stores do;
    the conformance kit checks it) spares each record read by a query its exact check
    after decoding, except for an area the columns cannot answer (one that is neither an
    arrondissement nor a municipality)."""

    # -- primitives: an adapter implements these ------------------------------------------

    @abc.abstractmethod
    def _fetch(self, ids: Sequence[uuid.UUID]) -> list[StoredRow]:
        """Return ``(id, version, document)`` of the stored rows among ``ids``, any order."""

    @abc.abstractmethod
    def _select(self, selection: Selection) -> list[StoredRow]:
        """Return ``(id, version, document)`` of at least the rows ``selection`` matches."""

    @abc.abstractmethod
    def _count(self) -> int:
        """Return the number of rows."""

    def _page(self, after: uuid.UUID | None, limit: int) -> list[StoredRow]:
        """Up to ``limit`` rows whose ids come after ``after`` (from the first when None).

        Rows come in id order (the order of the ids' text). Adapters should override this
        with a keyed query so :meth:`iterate` reads in constant memory; this default selects
        every row and slices, which is correct but holds every document at once.
        """
        return self._select_page(EVERYTHING, after, limit)

    def _select_page(
        self, selection: Selection, after: uuid.UUID | None, limit: int
    ) -> list[StoredRow]:
        """Up to ``limit`` rows matching ``selection`` (at least), after ``after``, in id order.

        What :meth:`stream` reads with. Adapters should override this with a keyed query on
        their index columns; this default selects every matching row and slices, which is
        correct but holds every matching document at once.
        """
        rows = sorted(self._select(selection), key=lambda row: str(row[0]))
        if after is not None:
            rows = [row for row in rows if str(row[0]) > str(after)]
        return rows[:limit]

    def _referencing(self, keys: Sequence[str]) -> list[StoredRow]:
        """Return at least the rows whose ``owner`` or references hold one of ``keys``.

        ``keys`` are the texts of record ids and trainer keys
        (:func:`~halt_core.storage.trainer_key`), at most a few hundred per call.
        The references of a row are its
        :attr:`Row.references <halt_core.storage.Row.references>` as last written.
        Adapters should answer from a table of those; this default reads every row a page
        at a time and decodes each, which is correct and holds one page, but reads it all.
        """
        wanted = set(keys)
        found: list[StoredRow] = []
        for rows in self._pages(1000):
            for row, value in zip(rows, self._load(rows, remember=False), strict=True):
                if not wanted.isdisjoint(self._keys_of(value)):
                    found.append(row)
        return found

    def _referencing_ids(self, keys: Sequence[str]) -> list[uuid.UUID] | None:
        """The ids of at least the rows :meth:`_referencing` would return, or None.

        Lets :meth:`referencing` read only the documents of records its caller does not
        hold yet. Adapters that can select the ids alone (an index-only query) override
        this; the default returns None, and the rows come from :meth:`_referencing`.
        """
        return None

    def _count_selection(self, selection: Selection) -> int | None:
        """The number of rows ``selection`` matches exactly, or None to have them counted.

        Only for selections on the index columns alone (no ``overlapping`` subtleties are
        left to the repository: an adapter that compares ``starts``/``ends`` as
        :meth:`_select` does is exact). Adapters answer with one ``count(*)``; this default
        returns None, and :meth:`count` then streams the matching records and counts them.
        """
        return None

    def _changed_since(self, moment: dt.datetime) -> list[tuple[uuid.UUID, bool]]:
        """Return ``(id, deleted)`` of the rows written at or after ``moment``, any order.

        A row's moment is :attr:`Row.changed <halt_core.storage.Row.changed>` of its last
        write (a delete writes its tombstone's). Adapters that keep it override this; the
        default cannot know and raises :class:`~halt_core.storage.changes.ChangesNotKept`.
        """
        raise ChangesNotKept(self._uow.store.url)

    # -- reading ------------------------------------------------------------------------------

    def query(
        self,
        *,
        kind: object | None = None,
        status: object | None = None,
        level: object | None = None,
        area: Area | None = None,
        period: Period | None = None,
        owner: uuid.UUID | None = None,
        spanning: bool = False,
    ) -> tuple[_R, ...]:
        """The stored records matching every criterion given, ordered by id.

        ``kind``, ``status`` and ``level`` take the model's enum members; ``area`` selects
        the records whose area lies inside it (as :class:`~halt_core.model.Network` does);
        ``period`` those whose days overlap it; ``owner`` those that belong to a record (a
        forum's meetings, a commission's interventions, a referrer's referrals);
        ``spanning`` only those in no single arrondissement (national ones, those spanning
        several, and those in a place the gazetteer does not know): what a check per
        arrondissement leaves for last.
        """
        selection = self._selection(kind, status, level, area, period, owner, spanning)
        with self._uow._guard():
            rows = self._select(selection)
        values = self._load(rows)
        if self._checks_each(selection, area):
            gazetteer = self._uow.store.gazetteer
            values = [v for v in values if self._matches(v, selection, area, gazetteer)]
        return tuple(sorted(values, key=lambda v: str(v.id)))

    def stream(
        self,
        *,
        kind: object | None = None,
        status: object | None = None,
        level: object | None = None,
        area: Area | None = None,
        period: Period | None = None,
        owner: uuid.UUID | None = None,
        spanning: bool = False,
        batch_size: int = 1000,
    ) -> Iterator[_R]:
        """The records :meth:`query` would answer, in the same order, a page at a time.

        Holds one page (at most ``batch_size`` records, and about :data:`PAGE_BYTES` of
        documents), so the first record comes before the last is read and memory does not
        grow with the answer. Like :meth:`iterate`, the unit of work remembers nothing of
        what it read: save a record met here with ``expected_version=``.
        """
        selection = self._selection(kind, status, level, area, period, owner, spanning)
        gazetteer = self._uow.store.gazetteer
        check = self._checks_each(selection, area)
        for rows in self._pages(batch_size, selection):
            values = self._load(rows, remember=False)
            del rows
            for value in values:
                if not check or self._matches(value, selection, area, gazetteer):
                    yield value
            del values

    def all(self) -> tuple[_R, ...]:
        """Every stored record of this kind, ordered by id."""
        return self.query()

    def iterate(self, batch_size: int = 1000) -> Iterator[_R]:
        """Every stored record of this kind, ordered by id, read at most ``batch_size`` at a time.

        Pages also stop at about :data:`PAGE_BYTES` of stored documents (fewer records when
        they are large), and the first page is small. Unlike :meth:`all`, this holds one
        page in memory, not every record, and the unit of
        work remembers nothing of what it read: memory stays flat however large the store.
        Exports and other bulk readers use it. To change a record met here, save it with
        ``expected_version=`` (or :meth:`get` it first). Records saved or deleted by this
        unit of work while iterating show up or not depending on whether their batch was
        already read.
        """
        for rows in self._pages(batch_size):
            values = self._load(rows, remember=False)
            del rows  # the documents go before the next batch is read
            yield from values
            del values

    def iterate_versioned(self, batch_size: int = 1000) -> Iterator[Versioned[_R]]:
        """Like :meth:`iterate`, each record with the version it was read at.

        The versions come with the rows :meth:`iterate` reads anyway, so this costs no extra
        read, and, like :meth:`iterate`, the unit of work remembers nothing: memory stays flat.
        An export that tells readers what changed (a calendar's SEQUENCE) reads this way.
        """
        cls = self.kind.type
        for rows in self._pages(batch_size):
            for _, version, document in rows:
                yield Versioned(from_json(document, cls), version)
            del rows  # not held while the next batch is read

    def find_many(self, ids: Iterable[uuid.UUID]) -> tuple[_R, ...]:
        """The stored records among ``ids``, in the order given; ids not stored are left out.

        For following references that may dangle (a rule reports those): unlike
        :meth:`~halt_core.storage.Repository.get_many`, a missing id is no error.
        """
        wanted = list(dict.fromkeys(ids))
        found: dict[uuid.UUID, _R] = {v.id: v for v in self._load(self._fetch_rows(wanted))}
        return tuple(found[i] for i in wanted if i in found)

    def referencing(
        self,
        ids: Iterable[uuid.UUID] = (),
        *,
        trainers: Iterable[str] = (),
        besides: Collection[uuid.UUID] = (),
    ) -> tuple[_R, ...]:
        """The stored records that name any of ``ids``, or book any of ``trainers``; by id.

        A record names an id as its owner (a meeting's forum, an intervention's
        collaboration, a referral's referrer) or anywhere else it refers to one (a forum's
        members, a collaboration's partners, a meeting's cases, an intervention's school).
        ``trainers`` are staff codes of the trainers of an intervention's sessions. This is
        how a scoped read finds what points at the records it holds, without reading the
        rest of the store. Records whose ids are in ``besides`` (those the caller holds
        already) are left out before they are decoded.
        """
        keys = list(dict.fromkeys([*map(str, ids), *map(trainer_key, trainers)]))
        rows: dict[uuid.UUID, StoredRow] = {}
        missing: set[uuid.UUID] = set()
        for start in range(0, len(keys), _KEYS_AT_ONCE):
            chunk = keys[start : start + _KEYS_AT_ONCE]
            with self._uow._guard():
                found_ids = self._referencing_ids(chunk) if besides else None
                if found_ids is not None:
                    # Only the ids first: the documents of records held are never read.
                    missing.update(id for id in found_ids if id not in besides)
                    continue
                for row in self._referencing(chunk):
                    if row[0] not in besides:
                        rows[row[0]] = row
        if missing:
            for row in self._fetch_rows(sorted(missing - rows.keys(), key=str)):
                rows[row[0]] = row
        wanted = set(keys)
        values = self._load(rows.values())
        found = [v for v in values if not wanted.isdisjoint(self._keys_of(v))]
        return tuple(sorted(found, key=lambda v: str(v.id)))

    def changed_since(self, moment: dt.datetime) -> Changed:
        """The ids of the records of this kind added, saved or deleted at or after ``moment``.

        A record's moment is when the unit of work that wrote it wrote it (its first write),
        which can be a little before it committed: ask from a moment somewhat before the
        last time you looked. ``moment`` must carry its time zone. Raises
        :class:`~halt_core.storage.changes.ChangesNotKept` for a store whose adapter does not
        keep these moments.
        """
        if not isinstance(moment, dt.datetime) or moment.tzinfo is None:
            raise InvalidValue(
                "Repository",
                "moment",
                moment,
                "expected a datetime with its time zone, e.g. datetime.now(UTC)",
            )
        with self._uow._guard():
            rows = self._changed_since(moment)
        stored = sorted((id for id, deleted in rows if not deleted), key=str)
        deleted = sorted((id for id, deleted in rows if deleted), key=str)
        return Changed(tuple(stored), tuple(deleted))

    def count(
        self,
        *,
        kind: object | None = None,
        status: object | None = None,
        level: object | None = None,
        area: Area | None = None,
        period: Period | None = None,
        owner: uuid.UUID | None = None,
        spanning: bool = False,
    ) -> int:
        """How many records of this kind are stored; with criteria, how many :meth:`query` gives.

        Counted by the store from its index columns where they answer exactly (no criteria,
        or any of ``kind``, ``status``, ``level``, ``period``, ``owner`` with an ``area``
        that is an arrondissement or a municipality, or none); otherwise by streaming the
        matching records, holding one page at a time.
        """
        selection = self._selection(kind, status, level, area, period, owner, spanning)
        if selection == EVERYTHING and area is None:
            with self._uow._guard():
                return self._count()
        if not spanning and (area is None or area.kind in EXACT_AREAS):
            with self._uow._guard():
                counted = self._count_selection(selection)
            if counted is not None:
                return counted
        return sum(
            1
            for _ in self.stream(
                kind=kind,
                status=status,
                level=level,
                area=area,
                period=period,
                owner=owner,
                spanning=spanning,
            )
        )

    # -- shared machinery -------------------------------------------------------------------

    def _selection(
        self,
        kind: object | None,
        status: object | None,
        level: object | None,
        area: Area | None,
        period: Period | None,
        owner: uuid.UUID | None,
        spanning: bool = False,
    ) -> Selection:
        """The :class:`Selection` of a query's criteria (InvalidValue for a meeting's area)."""
        meetings = self.kind.type is Meeting
        gazetteer = self._uow.store.gazetteer
        return selection_of(kind, status, level, area, period, owner, spanning, gazetteer, meetings)

    def _checks_each(self, selection: Selection, area: Area | None) -> bool:
        """Whether each record an adapter selected must be checked against the criteria."""
        if self.exact_selections:
            return area is not None and area.kind not in EXACT_AREAS
        return selection != EVERYTHING or area is not None

    def _pages(
        self, batch_size: int, selection: Selection = EVERYTHING
    ) -> Iterator[list[StoredRow]]:
        """The stored rows in id order, at most ``batch_size`` at a time (InvalidValue if < 1).

        A page also stops near :data:`PAGE_BYTES` of stored documents: the first page is small,
        and each next page is sized from the documents the last one held. So a page of large
        records (a forum of many members, a commission listing a city's schools) holds no
        more than a page of small ones, and what a bulk read holds does not grow with the
        store, nor with how large its records happen to be.
        """
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise InvalidValue(
                "Repository", "batch_size", batch_size, "expected a whole number of 1 or more"
            )
        after: uuid.UUID | None = None
        limit = min(batch_size, _FIRST_PAGE)
        everything = selection == EVERYTHING
        while True:
            self._uow._check_open()
            with self._uow._guard():
                if everything:
                    rows = self._page(after, limit)
                else:
                    rows = self._select_page(selection, after, limit)
            if len(rows) < limit:
                yield rows
                return
            after = rows[-1][0]
            size = sum(len(document) for _, _, document in rows)
            limit = max(1, min(batch_size, limit * PAGE_BYTES // max(size, 1)))
            yield rows
            # One page at a time: this one is let go before the next is read.
            del rows

    def _keys_of(self, value: _R) -> set[str]:
        """Every reference key of ``value``: its owner's and its other references."""
        keys = set(self.kind.references(value))
        owner = self.kind.index(value, self._uow.store.gazetteer).owner
        if owner is not None:
            keys.add(str(owner))
        return keys

    @property
    def _singular(self) -> str:
        return self.kind.name.removesuffix("s")

    def _fetch_rows(self, ids: Sequence[uuid.UUID]) -> list[StoredRow]:
        with self._uow._guard():
            return self._fetch(ids)

    def _load(self, rows: Iterable[StoredRow], *, remember: bool = True) -> list[_R]:
        cls = self.kind.type
        if not remember:
            return [from_json(document, cls) for _, _, document in rows]
        versions = self._uow._versions
        name = self.kind.name
        values = []
        for id, version, document in rows:
            values.append(from_json(document, cls))
            versions.setdefault((name, id), version)  # the first read is what is held
        return values

    def _matches(
        self, value: _R, selection: Selection, area: Area | None, gazetteer: Gazetteer
    ) -> bool:
        # The adapter may have selected loosely: check the record's own index columns.
        return matches(self.kind.index(value, gazetteer), value, selection, area, gazetteer)
