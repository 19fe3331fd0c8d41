"""The transactional outbox: events stored in the same transaction as the records.

Events added to a unit of work's outbox are kept in memory and written at commit, together
with the records, so a record and the event about it are stored together or not at all.
After commit they wait, *pending*, until whoever delivers them marks them published.

Events are kept after they are published, but not forever: an event about a referral
carries justice data about a youth, so when the retention policy or an erasure removes the
referral, :meth:`Outbox.forget` removes the events about it too, published or pending, with
their deliveries (:meth:`Deliveries._forget <halt_core.storage.Deliveries._forget>`) and
the reports of those deliveries given up on (:class:`~halt_core.events.NotificationParked`,
whose subject is the delivery).
"""

from __future__ import annotations

import abc
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from halt_core.errors import AlreadyExists, HaltError
from halt_core.events import Event, event_from_json
from halt_core.storage.deliveries import NotificationsUnsupported

if TYPE_CHECKING:
    from halt_core.storage.unit_of_work import UnitOfWork

__all__ = ["HistoryUnsupported", "Outbox"]


class HistoryUnsupported(HaltError):
    """The store's adapter cannot read the events about one record (:meth:`Outbox.about`).

    Attributes:
        store: the store's URL, secrets hidden.

    """

    def __init__(self, store: str) -> None:
        self.store = store
        super().__init__(
            f"the store {store} cannot read the events about one record, so it shows no "
            "history; use SQLite, PostgreSQL or memory, or an adapter that implements "
            "Outbox._about"
        )

    def in_dutch(self) -> str:
        """``de opslag ... kan de gebeurtenissen van één record niet lezen ...``."""
        return (
            f"de opslag {self.store} kan de gebeurtenissen van één record niet lezen, dus "
            "toont geen geschiedenis; gebruik SQLite, PostgreSQL of memory, of een adapter "
            "die Outbox._about implementeert"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.store,))


class Outbox(abc.ABC):
    """The events a unit of work stores with its records.

    An adapter implements :meth:`_store`, :meth:`_pending`, :meth:`_mark_published` and
    :meth:`_forget`, and for :meth:`about` also :meth:`_about`.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._added: list[Event] = []

    def add(self, *events: Event) -> None:
        """Record ``events`` to be stored at commit (in this order).

        Raises :class:`AlreadyExists` for an event id added twice in this unit of work; an
        id stored by an earlier commit is refused the same way at commit, storing nothing.
        """
        self._uow._check_open()
        ids = Counter(event.id for event in (*self._added, *events))
        twice = sorted(str(id) for id, n in ids.items() if n > 1)
        if twice:
            raise AlreadyExists("events", twice, "each event is stored once; give it a new id")
        self._added.extend(events)

    @property
    def added(self) -> tuple[Event, ...]:
        """The events added in this unit of work and not yet committed."""
        return tuple(self._added)

    def pending(self, limit: int | None = None) -> tuple[Event, ...]:
        """Stored events not yet marked published, oldest first (at most ``limit``)."""
        with self._uow._guard():
            documents = self._pending(limit)
        return tuple(event_from_json(doc) for doc in documents)

    def about(self, subject: uuid.UUID) -> tuple[Event, ...]:
        """The stored events about ``subject``, oldest first, published or pending.

        A record's history as its events tell it: an intervention requested, scheduled,
        rescheduled, delivered. The events added in this unit of work and not yet committed
        are not among them (:attr:`added` has those). The SQL stores read them through an
        index on the subject (schema version 6), so the cost follows the record's history,
        not the store's size.

        Raises:
            HistoryUnsupported: when the store's adapter does not implement :meth:`_about`.

        """
        self._uow._check_open()
        with self._uow._guard():
            documents = self._about(subject)
        return tuple(event_from_json(document) for document in documents)

    def mark_published(self, ids: Iterable[uuid.UUID]) -> None:
        """Mark stored events as delivered, so :meth:`pending` no longer returns them."""
        self._uow._check_open()
        with self._uow._guard():
            self._mark_published(list(ids))

    def forget(self, subjects: Iterable[uuid.UUID]) -> int:
        """Remove every event about ``subjects``, published or pending; how many went.

        For the privacy code only (:mod:`halt_core.privacy.purging`,
        :mod:`halt_core.privacy.erasure`): an event is about the :attr:`~Event.subject` it
        names, e.g. a referral's events about the referral's id. What goes with them, in this
        unit of work's transaction:

        - the events about them added in this unit of work and not yet committed, so none
          is stored at commit (counted too);
        - their deliveries, in any state, so a pending one is never sent (when the store
          keeps deliveries);
        - the events about those deliveries (a :class:`~halt_core.events.NotificationParked`
          is about the delivery it gave up on, and may quote it), and their deliveries in
          turn.
        """
        self._uow._check_open()
        wanted = set(subjects)
        forgotten = 0
        while wanted:
            kept = [event for event in self._added if event.subject not in wanted]
            forgotten += len(self._added) - len(kept)
            self._added[:] = kept
            with self._uow._guard():
                ids = self._forget(sorted(wanted, key=str))
            forgotten += len(ids)
            wanted = set(self._forget_deliveries(ids))
        return forgotten

    def _forget_deliveries(self, events: Sequence[uuid.UUID]) -> Sequence[uuid.UUID]:
        """Remove the deliveries of ``events``; their ids (none for a store without them)."""
        if not events:
            return ()
        try:
            deliveries = self._uow.deliveries
        except NotificationsUnsupported:
            return ()
        with self._uow._guard():
            return deliveries._forget(list(events))

    # -- primitives ---------------------------------------------------------------------------

    @abc.abstractmethod
    def _store(self, events: Sequence[Event]) -> None:
        """Write ``events`` in the unit of work's transaction (called by commit).

        Raise :class:`AlreadyExists` naming any event id already stored.
        """

    @abc.abstractmethod
    def _pending(self, limit: int | None) -> list[bytes]:
        """Return the documents of unpublished events, oldest first."""

    @abc.abstractmethod
    def _mark_published(self, ids: Sequence[uuid.UUID]) -> None:
        """Mark the events with ``ids`` published."""

    def _about(self, subject: uuid.UUID) -> Sequence[bytes]:
        """Return the documents of the stored events about ``subject``, oldest first.

        Not abstract, so an adapter written before :meth:`about` keeps working; this
        default raises :class:`HistoryUnsupported`.
        """
        raise HistoryUnsupported(self._uow.store.url)

    @abc.abstractmethod
    def _forget(self, subjects: Sequence[uuid.UUID]) -> Sequence[uuid.UUID]:
        """Remove the stored events whose subject is one of ``subjects``, published or not.

        Return the ids of those removed. The subject is the one :attr:`Event.subject` gives
        (the SQL stores keep it in a column of its own, indexed). The deliveries of those
        events are not the outbox's: :meth:`forget` removes them.
        """
