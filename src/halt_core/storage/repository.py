"""The records of one kind inside a unit of work: what callers use, what adapters implement.

Adapters implement the *primitives* (the abstract methods, each one statement or so);
everything else (documents, index columns, version checks, the deletion policy, exact
selection by area, error messages) is done here once, so every adapter behaves the same.

Versions are the store's answer to lost updates. A record is stored at version 1, and every
save replaces version *n* by *n + 1* only if *n* is still what is stored. The version the save
expects comes from the read in the same unit of work, or is given explicitly
(``expected_version=``) by a caller that read it earlier, elsewhere. Versions never repeat
for an id: one deleted and added again goes on counting, so a version read before the
deletion never matches the new record.
"""

from __future__ import annotations

import abc
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from halt_core.errors import (
    AlreadyExists,
    ConcurrencyConflict,
    DeletionRefused,
    InvalidValue,
    NotFound,
    NotLoaded,
)
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
from halt_core.serialization import from_json, to_json
from halt_core.storage.records import RECORD_KINDS, Index, RecordKind
from halt_core.storage.rows import EVERYTHING, Row, Selection, Versioned

if TYPE_CHECKING:
    from halt_core.storage.unit_of_work import UnitOfWork

__all__ = ["PAGE_BYTES", "Repository"]

_R = TypeVar("_R", Partner, Collaboration, Forum, Meeting, Intervention, Referral)

StoredRow = tuple[uuid.UUID, int, bytes]
"""``(id, version, document)``: what the read primitives return."""

PAGE_BYTES = 64 * 1024
"""About how many bytes of stored documents one page of a bulk read holds (see ``iterate``)."""

_FIRST_PAGE = 64  # rows in a bulk read's first page, before the records' size is known


class Repository(abc.ABC, Generic[_R]):
    """The records of one kind inside a unit of work.

    Adapters implement the primitives (the abstract methods); callers use the rest.

    Attributes:
        kind: what the store keeps of this kind of record.

    """

    def __init__(self, uow: UnitOfWork, kind: RecordKind[_R]) -> None:
        self._uow = uow
        self.kind: RecordKind[_R] = kind

    # -- primitives: an adapter implements these ------------------------------------------

    @abc.abstractmethod
    def _insert(self, rows: Sequence[Row]) -> Mapping[uuid.UUID, int]:
        """Insert new rows, each given at version 1; all of them or, raising, none.

        An id that was stored and deleted before goes on from the version it was deleted
        at: store its row at that version + 1, and return those ids with the versions they
        got (an empty mapping when every id is new). Raise :class:`AlreadyExists` naming
        the ids stored now.
        """

    @abc.abstractmethod
    def _fetch(self, ids: Sequence[uuid.UUID]) -> list[StoredRow]:
        """Return ``(id, version, document)`` of the stored rows among ``ids``, any order."""

    @abc.abstractmethod
    def _update(self, row: Row, expected_version: int) -> bool:
        """Replace the row with ``row.id`` if its version is ``expected_version``.

        Return False, changing nothing, when there is no such row or its version differs.
        """

    @abc.abstractmethod
    def _delete(self, id: uuid.UUID, expected_version: int) -> bool:
        """Delete the row with ``id`` if its version is ``expected_version``; False if not.

        Keep the id's last version (a tombstone: the id and ``expected_version``, not the
        document), so that adding the id again continues at ``expected_version + 1``.
        """

    @abc.abstractmethod
    def _select(self, selection: Selection) -> list[StoredRow]:
        """Return ``(id, version, document)`` of at least the rows ``selection`` matches."""

    def _page(self, after: uuid.UUID | None, limit: int) -> list[StoredRow]:
        """Up to ``limit`` rows whose ids come after ``after`` (from the first when None).

        Rows come in id order (the order of the ids' text). Adapters should override this
        with a keyed query so :meth:`iterate` reads in constant memory; this default selects
        every row and slices, which is correct but holds every document at once.
        """
        rows = sorted(self._select(EVERYTHING), key=lambda row: str(row[0]))
        if after is not None:
            rows = [row for row in rows if str(row[0]) > str(after)]
        return rows[:limit]

    @abc.abstractmethod
    def _count(self) -> int:
        """Return the number of rows."""

    # -- adding and reading -------------------------------------------------------------------

    def add(self, value: _R) -> int:
        """Store a new record; return its version.

        That is 1 for a new id, and one more than the last version for an id that was
        deleted before. Raises :class:`AlreadyExists` if the id is stored now.
        """
        self._uow._check_open()
        row = self._row(value, 1)
        with self._uow._guard():
            again = self._insert((row,))
        version = again.get(row.id, 1)
        self._uow._versions[(self.kind.name, row.id)] = version
        return version

    def add_many(self, values: Iterable[_R]) -> int:
        """Store new records in one go (see :meth:`add`); return how many.

        Raises :class:`AlreadyExists` naming the ids already stored (or given twice), and
        stores none of them.
        """
        self._uow._check_open()
        rows = [self._row(value, 1) for value in values]
        ids = [row.id for row in rows]
        if len(set(ids)) != len(ids):
            twice = sorted(str(i) for i, n in Counter(ids).items() if n > 1)
            raise AlreadyExists(self.kind.name, twice, "each id may be added once")
        with self._uow._guard():
            again = self._insert(rows)
        versions = self._uow._versions
        name = self.kind.name
        for id in ids:
            versions[(name, id)] = 1
        for id, version in again.items():
            versions[(name, id)] = version
        return len(rows)

    def get(self, id: uuid.UUID) -> _R:
        """The record with ``id``; :class:`~halt_core.errors.NotFound` if none is stored."""
        found = self.find(id)
        if found is None:
            raise self._not_found(id)
        return found

    def find(self, id: uuid.UUID) -> _R | None:
        """The record with ``id``, or None when none is stored."""
        rows = self._load(self._fetch_rows((id,)))
        return rows[0] if rows else None

    def get_versioned(self, id: uuid.UUID) -> Versioned[_R]:
        """The record with ``id`` and its stored version, to save later with that version.

        For changes that span units of work (a form shown now, submitted minutes later):
        keep ``version`` and pass it back as ``save(changed, expected_version=version)``.
        Raises :class:`~halt_core.errors.NotFound` if no record has that id.
        """
        rows = self._fetch_rows((id,))
        if not rows:
            raise self._not_found(id)
        (value,) = self._load(rows)
        return Versioned(value, rows[0][1])

    def get_many(self, ids: Iterable[uuid.UUID]) -> tuple[_R, ...]:
        """The records with ``ids``, in that order; :class:`NotFound` naming every missing id."""
        wanted = list(ids)
        found = self._load(self._fetch_rows(list(dict.fromkeys(wanted))))
        by_id: dict[uuid.UUID, _R] = {value.id: value for value in found}
        missing = [str(i) for i in wanted if i not in by_id]
        if missing:
            raise NotFound(self._singular, ", ".join(missing), "none stored with these ids")
        return tuple(by_id[i] for i in wanted)

    def version_of(self, id: uuid.UUID) -> int:
        """The version of the record with ``id`` as read in this unit of work (or stored)."""
        known = self._uow._versions.get((self.kind.name, id))
        if known is not None:
            return known
        rows = self._fetch_rows((id,))
        if not rows:
            raise self._not_found(id)
        return rows[0][1]

    # -- changing -----------------------------------------------------------------------------

    def save(self, value: _R, *, expected_version: int | None = None) -> int:
        """Store a changed record over the version it was read at; return its new version.

        Without ``expected_version`` the record must have been read (or added) in this unit
        of work: the version read then is the one saved over (:class:`NotLoaded` if it was
        not). With it, the record need not have been read here: the save succeeds only if
        the stored version is ``expected_version`` (see :meth:`get_versioned`).

        Raises :class:`ConcurrencyConflict` when someone else saved it in the meantime (or
        deleted it and added it again), and :class:`~halt_core.errors.NotFound` when it is
        not stored. Either way nothing was written.
        """
        self._uow._check_open()
        expected = self._expected_version(value.id, expected_version)
        row = self._row(value, expected + 1)
        with self._uow._guard():
            updated = self._update(row, expected)
        if not updated:
            self._conflict(value.id, expected)
        self._uow._versions[(self.kind.name, value.id)] = expected + 1
        return expected + 1

    def delete(self, value: _R, *, expected_version: int | None = None) -> None:
        """Delete a record where the domain allows it.

        ``expected_version`` works as for :meth:`save`. Raises :class:`DeletionRefused`
        saying why when the domain does not allow it (e.g. agreed work is cancelled, not
        deleted), and :class:`ConcurrencyConflict` when the stored record changed since the
        version read or given. The id's versions go on should it be added again.
        """
        self._remove(value, expected_version, privacy=False)

    def _erase_for_privacy(self, value: _R, *, expected_version: int | None = None) -> None:
        """Delete a referral that :meth:`delete` refuses, for the privacy rules only.

        Referrals are never deleted one by one; they go when their retention period ends
        (:func:`halt_core.privacy.purging.apply`) or when the youth asks for erasure
        (:func:`halt_core.privacy.erasure.erase_youth`). Those two call this, and each
        leaves its trace in the same unit of work: counts kept for statistics, and an
        :class:`~halt_core.privacy.log.Erasure`. It is not part of the API, no adapter
        implements it (it uses :meth:`_delete`, with the same version checks as
        :meth:`delete`), and a test fails when any other module calls it. Only referrals:
        every other kind goes through :meth:`delete`.
        """
        if self.kind.type is not Referral:
            raise DeletionRefused(
                self._singular,
                value.id,
                "only referrals are erased for the privacy rules; delete other records with "
                "delete()",
            )
        self._remove(value, expected_version, privacy=True)

    def _remove(self, value: _R, expected_version: int | None, *, privacy: bool) -> None:
        self._uow._check_open()
        key = (self.kind.name, value.id)
        read_here = self._uow._versions.get(key)
        if expected_version is None and read_here is not None:
            stored, expected = value, read_here  # the version check below guards the rest
        else:
            current = self.get_versioned(value.id)
            expected = self._expected_version(value.id, expected_version)
            if current.version != expected:
                raise ConcurrencyConflict(self._singular, value.id, expected, current.version)
            stored = current.value
        reason = self.kind.deletable(stored)
        if reason is not None and not privacy:
            raise DeletionRefused(self._singular, value.id, reason)
        with self._uow._guard():
            deleted = self._delete(value.id, expected)
        if not deleted:
            self._conflict(value.id, expected)
        self._uow._versions.pop(key, None)

    # -- querying -------------------------------------------------------------------------------

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
        with self._uow._guard():
            rows = self._select(selection)
        values = self._load(rows)
        if selection != EVERYTHING or area is not None:
            values = [v for v in values if self._matches(v, selection, area, gazetteer)]
        return tuple(sorted(values, key=lambda v: str(v.id)))

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

    def _pages(self, batch_size: int) -> Iterator[list[StoredRow]]:
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
        while True:
            self._uow._check_open()
            with self._uow._guard():
                rows = self._page(after, limit)
            if len(rows) < limit:
                yield rows
                return
            after = rows[-1][0]
            size = sum(len(document) for _, _, document in rows)
            limit = max(1, min(batch_size, limit * PAGE_BYTES // max(size, 1)))
            yield rows
            # One page at a time: this one is let go before the next is read.
            del rows

    def count(self) -> int:
        """How many records of this kind are stored."""
        with self._uow._guard():
            return self._count()

    # -- shared machinery -------------------------------------------------------------------

    @property
    def _singular(self) -> str:
        return self.kind.name.removesuffix("s")

    def _not_found(self, id: uuid.UUID) -> NotFound:
        return NotFound(self._singular, id, f"no {self._singular} with that id is stored")

    def _fetch_rows(self, ids: Sequence[uuid.UUID]) -> list[StoredRow]:
        with self._uow._guard():
            return self._fetch(ids)

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

    def _expected_version(self, id: uuid.UUID, given: int | None) -> int:
        if given is not None:
            if isinstance(given, bool) or not isinstance(given, int) or given < 1:
                raise InvalidValue(
                    "Repository",
                    "expected_version",
                    given,
                    "expected a version number of 1 or more, as get_versioned() gives it",
                )
            return given
        known = self._uow._versions.get((self.kind.name, id))
        if known is None:
            raise NotLoaded(self._singular, id)
        return known

    def _conflict(self, id: uuid.UUID, expected: int) -> None:
        rows = self._fetch_rows((id,))
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
