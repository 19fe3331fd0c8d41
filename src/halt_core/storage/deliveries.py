"""The deliveries a store keeps: one event, one notifier, one recipient, and what became of it.

The dispatcher (:mod:`halt_adapters.notify.dispatcher`) moves events from the outbox into
deliveries and sends them. The store gives it the guarantees that keep a notification from
being lost or sent twice at once:

- :meth:`Deliveries.take_events` hands each pending outbox event to one dispatcher only
  (PostgreSQL: ``FOR UPDATE SKIP LOCKED``; SQLite: under its write lock), and
  :meth:`Deliveries.add` records its deliveries in the same transaction that marks it
  published, so an event is routed once, or not at all.
- :meth:`Deliveries.claim` takes due deliveries for one dispatcher, counting the attempt and
  leasing them until a moment: no other dispatcher takes them before the lease ends. A
  dispatcher killed after sending leaves its lease to run out; the next one sends again
  (at-least-once, the event id telling receivers it is the same).
- :meth:`Deliveries.finish` records the outcome only for the dispatcher that holds the
  lease, so a late one cannot overwrite a newer attempt.

An adapter that keeps deliveries implements the primitives of :class:`Deliveries` and
returns it from :meth:`UnitOfWork._deliveries`; one that does not leaves the default, which
raises :class:`NotificationsUnsupported`.
"""

from __future__ import annotations

import abc
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from halt_core.errors import HaltError
from halt_core.events import Event, event_from_json
from halt_core.notify.deliveries import Delivery, DeliveryState

if TYPE_CHECKING:
    from halt_core.storage.unit_of_work import UnitOfWork

__all__ = ["Claimed", "Deliveries", "NotificationsUnsupported"]


class NotificationsUnsupported(HaltError):
    """The store's adapter keeps no deliveries, so notifications cannot be sent from it.

    Attributes:
        store: the store's URL, secrets hidden.

    """

    def __init__(self, store: str) -> None:
        self.store = store
        super().__init__(
            f"the store {store} keeps no deliveries, so it cannot send notifications; use "
            "SQLite, PostgreSQL or memory, or an adapter that implements "
            "halt_core.storage.Deliveries"
        )

    def in_dutch(self) -> str:
        """``de opslag ... houdt geen bezorgingen bij ...``."""
        return (
            f"de opslag {self.store} houdt geen bezorgingen bij, dus kan er geen meldingen "
            "mee versturen; gebruik SQLite, PostgreSQL of memory, of een adapter die "
            "halt_core.storage.Deliveries implementeert"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.store,))


@attrs.frozen
class Claimed:
    """A delivery a dispatcher took to send, with its event.

    Attributes:
        delivery: the delivery, its ``attempts`` counting this one.
        event: the event it delivers.

    """

    delivery: Delivery
    event: Event


class Deliveries(abc.ABC):
    """The deliveries of notifications, as one unit of work sees them.

    Times are aware datetimes; an adapter stores them in UTC. An adapter implements the
    methods whose names start with ``_``.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def take_events(self, limit: int) -> tuple[Event, ...]:
        """Take up to ``limit`` pending outbox events, oldest first, for this unit of work only.

        Until this unit of work ends, no other takes them. Record their deliveries with
        :meth:`add` and mark them published (``uow.outbox.mark_published``) before commit.
        """
        self._uow._check_open()
        with self._uow._guard():
            documents = self._take_events(limit)
        return tuple(event_from_json(doc) for doc in documents)

    def add(self, deliveries: Iterable[Delivery]) -> int:
        """Record new pending deliveries; how many were new.

        One already recorded (same event, notifier and recipient) is left as it is.
        """
        self._uow._check_open()
        with self._uow._guard():
            return self._add(list(deliveries))

    def claim(
        self,
        notifiers: Sequence[str],
        *,
        now: dt.datetime,
        lease_until: dt.datetime,
        limit: int,
        claimant: str,
    ) -> tuple[Claimed, ...]:
        """Take up to ``limit`` pending deliveries through ``notifiers`` due at ``now``.

        Each taken delivery's ``attempts`` grows by one and it is not due again until
        ``lease_until``; ``claimant`` (a token of the dispatcher's own) must be given back
        to :meth:`finish`. Oldest due first.
        """
        self._uow._check_open()
        with self._uow._guard():
            rows = self._claim(list(notifiers), now, lease_until, limit, claimant)
        return tuple(Claimed(delivery, event_from_json(document)) for delivery, document in rows)

    def finish(
        self,
        delivery: uuid.UUID,
        *,
        claimant: str,
        state: DeliveryState,
        next_attempt: dt.datetime | None = None,
        last_error: str | None = None,
        delivered_at: dt.datetime | None = None,
    ) -> bool:
        """Record the outcome of an attempt; False if ``claimant`` no longer holds it.

        ``state`` is :attr:`~DeliveryState.DELIVERED` (with ``delivered_at``),
        :attr:`~DeliveryState.PENDING` (a failure to retry at ``next_attempt``) or
        :attr:`~DeliveryState.DEAD`.
        """
        self._uow._check_open()
        with self._uow._guard():
            return self._finish(delivery, claimant, state, next_attempt, last_error, delivered_at)

    def counts(self) -> Mapping[tuple[str, DeliveryState], int]:
        """How many deliveries each notifier has in each state."""
        with self._uow._guard():
            return dict(self._counts())

    def listed(
        self, state: DeliveryState | None = None, limit: int | None = None
    ) -> tuple[Delivery, ...]:
        """Deliveries (in ``state``, if given), most recently due first."""
        with self._uow._guard():
            return tuple(self._listed(state, limit))

    def retry(self, ids: Sequence[uuid.UUID] | None, *, now: dt.datetime) -> int:
        """Send dead letters again: those with ``ids``, or all when None; how many.

        Each becomes pending, due at ``now``, with its attempts counted from 0 again.
        """
        self._uow._check_open()
        with self._uow._guard():
            return self._retry(None if ids is None else list(ids), now)

    # -- primitives ---------------------------------------------------------------------------

    @abc.abstractmethod
    def _take_events(self, limit: int) -> list[bytes]:
        """Lock and return the documents of up to ``limit`` unpublished events.

        Oldest first, skipping those another unit of work holds.
        """

    @abc.abstractmethod
    def _add(self, deliveries: list[Delivery]) -> int:
        """Insert ``deliveries``, skipping any whose (event, notifier, recipient) exists."""

    @abc.abstractmethod
    def _claim(
        self,
        notifiers: list[str],
        now: dt.datetime,
        lease_until: dt.datetime,
        limit: int,
        claimant: str,
    ) -> list[tuple[Delivery, bytes]]:
        """Claim due pending deliveries (skipping any another holds); each with its event."""

    @abc.abstractmethod
    def _finish(
        self,
        delivery: uuid.UUID,
        claimant: str,
        state: DeliveryState,
        next_attempt: dt.datetime | None,
        last_error: str | None,
        delivered_at: dt.datetime | None,
    ) -> bool:
        """Update the delivery if ``claimant`` holds it; whether it did."""

    @abc.abstractmethod
    def _counts(self) -> Iterable[tuple[tuple[str, DeliveryState], int]]:
        """Counts by (notifier, state)."""

    @abc.abstractmethod
    def _listed(self, state: DeliveryState | None, limit: int | None) -> Iterable[Delivery]:
        """Deliveries in ``state`` (all when None), most recently due first."""

    @abc.abstractmethod
    def _retry(self, ids: list[uuid.UUID] | None, now: dt.datetime) -> int:
        """Reset dead letters to pending."""

    @abc.abstractmethod
    def _forget(self, events: list[uuid.UUID]) -> list[uuid.UUID]:
        """Remove every delivery of ``events``, in any state; return the ids of those removed.

        Called by :meth:`~halt_core.storage.Outbox.forget` in the same unit of work, after it
        removed the events.
        """
