"""The unit of work: changes committed, or rolled back, as one.

It is the one place a store's driver errors pass through: every primitive an adapter
implements is called inside :meth:`UnitOfWork._guard`, which hands a driver's exception to
the adapter's :meth:`UnitOfWork._translate` and raises the library error it names, chained to
the original. So a caller sees only :class:`~halt_core.errors.HaltError` subclasses.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import sys
import types
import uuid
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Self, TypeVar

from halt_core.errors import HaltError, UnitOfWorkClosed
from halt_core.model import (
    Collaboration,
    Forum,
    Intervention,
    Meeting,
    Network,
    Partner,
    Referral,
)
from halt_core.storage.deliveries import Deliveries, NotificationsUnsupported
from halt_core.storage.outbox import Outbox
from halt_core.storage.privacy_log import PrivacyLog, PrivacyLogUnsupported
from halt_core.storage.records import RECORD_KINDS, RecordKind
from halt_core.storage.repairs import SetAside
from halt_core.storage.repository import Repository

if TYPE_CHECKING:
    from halt_core.storage.store import Store

__all__ = ["UnitOfWork"]

_R = TypeVar("_R", Partner, Collaboration, Forum, Meeting, Intervention, Referral)


class UnitOfWork(abc.ABC):
    """Changes that are committed, or rolled back, as one.

    Use it as a context manager: the block's changes are committed when it ends normally and
    rolled back when it raises. :meth:`commit` and :meth:`rollback` may also be called inside
    the block; work after them goes on in a new transaction. A unit of work is for one thread.

    What it guarantees: the records and outbox events of one commit are stored all together
    or not at all; a save or delete lands only over the version it expects (so no update is
    lost); and the errors it raises are library errors. Those with ``retryable`` set
    (:class:`~halt_core.errors.ConcurrencyConflict`, and a
    :class:`~halt_core.errors.StoreUnavailable` for a lost connection or a lock that was not
    granted in time) go away when the whole block is run again in a new unit of work, which
    :func:`halt_core.storage.retrying` does.

    An adapter implements :meth:`_repository` and :meth:`_outbox` (the base class calls them
    once per kind of record, and once, when the unit of work is made), the transaction
    primitives :meth:`_begin`, :meth:`_commit`, :meth:`_rollback` and :meth:`_close`, and
    :meth:`_translate` for its driver's errors. An adapter whose migrations set values aside
    (see :mod:`halt_core.storage.repairs`) implements :meth:`_set_aside` too, and one that
    keeps the deliveries of notifications :meth:`_deliveries`.

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
        # The versions of the records read or written here, for saves that name none.
        # Bulk reads (Repository.iterate) add nothing, so memory stays flat.
        self._versions: dict[tuple[str, uuid.UUID], int] = {}
        # When this transaction first wrote: every row it writes carries that moment.
        self._first_write: dt.datetime | None = None
        self._open = False
        for kind in RECORD_KINDS.values():
            setattr(self, kind.name, self._repository(kind))
        self.outbox = self._outbox()
        self._deliveries_made: Deliveries | None = None
        self._privacy_log_made: PrivacyLog | None = None

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
        """Release what the unit of work holds (a connection back to its pool, a lock).

        Called once, however the unit of work ended, also after a failed rollback: give
        the connection back, or discard it when it is broken, and never keep it.
        """

    def _translate(self, error: Exception) -> HaltError | None:
        """The library error for a driver's ``error``, or None to let it pass unchanged.

        Called for every exception that is not a :class:`~halt_core.errors.HaltError`
        raised by a primitive. Map conflicts the database settled by aborting (deadlocks,
        serialization failures) to :class:`~halt_core.errors.TransactionAborted`, unique
        violations to :class:`~halt_core.errors.AlreadyExists`, and lost connections,
        timeouts, full disks and I/O errors to :class:`~halt_core.errors.StoreUnavailable`
        (``retryable=True`` where running the block again can help).
        """
        return None

    def _deliveries(self) -> Deliveries:
        """Make this unit of work's :class:`~halt_core.storage.Deliveries`.

        An adapter that keeps deliveries, so that notifications can be sent from its store,
        implements this; the default raises
        :class:`~halt_core.storage.NotificationsUnsupported`.
        """
        raise NotificationsUnsupported(self.store.url)

    def _privacy_log(self) -> PrivacyLog:
        """Make this unit of work's :class:`~halt_core.storage.PrivacyLog`.

        An adapter that keeps the privacy log (disclosures, legal holds, erasures, kept
        counts) implements this; the default raises
        :class:`~halt_core.storage.PrivacyLogUnsupported`, so nothing is disclosed from a
        store that cannot record it.
        """
        raise PrivacyLogUnsupported(self.store.url)

    def _set_aside(self) -> Sequence[SetAside]:
        """What the store's migrations set aside, oldest first; nothing by default.

        An adapter that keeps what its migrations set aside (see
        :mod:`halt_core.storage.repairs`) returns it here; a store that never set anything
        aside keeps the default.
        """
        return ()

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Run a primitive, raising what :meth:`_translate` makes of a driver's error."""
        try:
            yield
        except HaltError:
            raise
        except Exception as exc:
            error = self._translate(exc)
            if error is None:
                raise
            raise error from exc

    # -- the API ------------------------------------------------------------------------------

    def __enter__(self) -> Self:
        try:
            with self._guard():
                self._begin()
        except BaseException:
            self._close_safely()
            raise
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
                self._finish_rollback(quietly=True)
        finally:
            self._open = False
            self._close_safely()

    def commit(self) -> None:
        """Store the outbox's events, commit everything, then tell the event listeners.

        Work after it goes on in a new transaction. If committing raises, nothing was stored:
        the unit of work is rolled back. (One exception: a connection lost *during* the
        commit, a :class:`~halt_core.errors.StoreUnavailable`, cannot tell whether the
        server committed; running a read-modify-write block again is safe, as it reads anew.)
        """
        self._check_open()
        self._finish_commit()
        with self._guard():
            self._begin()

    def rollback(self) -> None:
        """Undo everything since the last commit, and forget what was read."""
        self._check_open()
        self._finish_rollback(quietly=False)
        with self._guard():
            self._begin()

    def _finish_commit(self) -> None:
        events = self.outbox.added
        try:
            with self._guard():
                if events:
                    self.outbox._store(events)
                self._commit()
        except BaseException:
            self._finish_rollback(quietly=True)
            raise
        self.outbox._added.clear()
        self._first_write = None
        if events:
            self.store._committed(events)

    def _finish_rollback(self, *, quietly: bool) -> None:
        # Quietly: another error is on its way out, and is the one that matters; a
        # connection that cannot even roll back is discarded by _close.
        try:
            with self._guard():
                self._rollback()
        except Exception:
            if not quietly:
                raise
        finally:
            self.outbox._added.clear()
            self._versions.clear()
            self._first_write = None

    def _close_safely(self) -> None:
        propagating = sys.exc_info()[1] is not None
        try:
            with self._guard():
                self._close()
        except Exception:
            if not propagating:
                raise

    def repository(self, record_type: type[_R]) -> Repository[_R]:
        """The repository for ``record_type``, e.g. ``uow.repository(Partner)``."""
        return getattr(self, RECORD_KINDS[record_type].name)  # type: ignore[no-any-return]

    def repositories(self) -> Iterator[Repository[Any]]:
        """Every repository, in the order of the network."""
        for kind in RECORD_KINDS.values():
            yield getattr(self, kind.name)

    @property
    def deliveries(self) -> Deliveries:
        """The deliveries of notifications (see :mod:`halt_core.storage.deliveries`).

        Made on first use. Raises :class:`~halt_core.storage.NotificationsUnsupported` when
        the store's adapter keeps none.
        """
        if self._deliveries_made is None:
            self._deliveries_made = self._deliveries()
        return self._deliveries_made

    @property
    def privacy_log(self) -> PrivacyLog:
        """The privacy log (see :mod:`halt_core.storage.privacy_log`).

        Made on first use. Raises :class:`~halt_core.storage.PrivacyLogUnsupported` when the
        store's adapter keeps none.
        """
        if self._privacy_log_made is None:
            self._privacy_log_made = self._privacy_log()
        return self._privacy_log_made

    def set_aside(self) -> tuple[SetAside, ...]:
        """What the store set aside when it migrated, oldest first.

        When a store written by an earlier version holds values the model now refuses (an
        e-mail address ``a..b@x.nl``, a phone number ``123456``), its migration takes them out
        of their records, so that every record loads, and keeps them here, each with its
        record, its place in the record, the value as it was and why it was refused (see
        :class:`~halt_core.storage.SetAside`). ``halt check`` lists them. Empty for a store
        that never had to; stores that keep no such list (the memory store, and adapters
        that do not implement :meth:`_set_aside`) always give an empty tuple.
        """
        self._check_open()
        with self._guard():
            return tuple(self._set_aside())

    def load_network(self) -> Network:
        """Every stored record, as one :class:`~halt_core.model.Network` snapshot."""
        return Network(**{repo.kind.name: repo.all() for repo in self.repositories()})

    def add_network(self, network: Network) -> int:
        """Add every record of ``network``; return how many. Ids must be new."""
        return sum(
            getattr(self, kind.name).add_many(getattr(network, kind.name))
            for kind in RECORD_KINDS.values()
        )

    def _written_at(self) -> dt.datetime:
        """The moment this transaction first wrote (UTC): what its rows say they changed at.

        One moment per transaction, so everything it writes reads as changed together.
        """
        if self._first_write is None:
            self._first_write = dt.datetime.now(dt.UTC)
        return self._first_write

    def _check_open(self) -> None:
        if not self._open:
            raise UnitOfWorkClosed()
