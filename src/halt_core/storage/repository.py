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
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from halt_core.errors import (
    AlreadyExists,
    ConcurrencyConflict,
    DeletionRefused,
    InvalidValue,
    NotFound,
    NotLoaded,
)
from halt_core.model import (
    Collaboration,
    Forum,
    Intervention,
    Meeting,
    Partner,
    Referral,
)
from halt_core.serialization import to_json
from halt_core.storage.reading import PAGE_BYTES, Reading, StoredRow
from halt_core.storage.records import RECORD_KINDS, RecordKind
from halt_core.storage.rows import Row, Versioned

if TYPE_CHECKING:
    from halt_core.storage.unit_of_work import UnitOfWork

__all__ = ["PAGE_BYTES", "Repository", "StoredRow"]

_R = TypeVar("_R", Partner, Collaboration, Forum, Meeting, Intervention, Referral)


class Repository(Reading[_R]):
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

    # -- shared machinery -------------------------------------------------------------------

    def _not_found(self, id: uuid.UUID) -> NotFound:
        return NotFound(self._singular, id, f"no {self._singular} with that id is stored")

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
            references=self.kind.references(value),
            changed=self._uow._written_at(),
        )

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


def _kind_name(value: object) -> str:
    kind = RECORD_KINDS.get(type(value))
    return kind.name if kind else "<none: not a record>"
