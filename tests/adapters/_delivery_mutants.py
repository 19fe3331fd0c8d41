"""Bugs planted in the memory store's deliveries, one at a time, for the storage kit to catch.

The example JSON store keeps no deliveries (it leaves ``UnitOfWork._deliveries`` to its
default), so the deliveries' bugs are planted in the memory store instead: each
:class:`DeliveryMutant` is ``memory://`` with one method of
:class:`~halt_adapters.storage._memory_deliveries.MemoryDeliveries` done wrong. The tests of
:class:`~halt_adapters.testing._deliveries.DeliveriesConformance` run against each mutant,
in a process of its own, from ``tests/adapters/test_store_kit_mutations.py``, with the
plugin of ``_store_mutants.py``; each must fail for some test.

By hand (``deliveries_none`` is the memory store without a bug)::

    HALT_DELIVERY_MUTANTS=deliveries_none,finish_ignores_the_claimant PYTHONPATH=. \
        pytest -p tests.adapters._store_mutants tests/adapters/_delivery_mutants.py
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping

import attrs
import pytest

from halt_adapters.storage._memory_deliveries import Kept, MemoryDeliveries
from halt_adapters.storage.memory import MemoryStore, _MemoryUnitOfWork
from halt_adapters.testing._deliveries import DeliveriesConformance
from halt_core.notify import Delivery, DeliveryState
from halt_core.storage import Deliveries, Store, StoreUnavailable

VARIABLE = "HALT_DELIVERY_MUTANTS"
"""The environment variable naming the mutants to run against, separated by commas."""

Claims = list[tuple[Delivery, bytes]]


# -- routing ------------------------------------------------------------------------------------


class _TakesPublishedEvents(MemoryDeliveries):
    def _take_events(self, limit: int) -> list[bytes]:
        self._mem.writing()
        return [document for _, document, _ in self._mem.data().events][:limit]


class _AddsTwice(MemoryDeliveries):
    def _add(self, deliveries: list[Delivery]) -> int:
        stored = self._mem.writing().deliveries
        for delivery in deliveries:
            stored[uuid.uuid4()] = Kept(delivery)  # no look at what is stored
        return len(deliveries)


class _AddsOutsideTheTransaction(MemoryDeliveries):
    def _add(self, deliveries: list[Delivery]) -> int:
        added = super()._add(deliveries)
        committed = self._mem._memory._data.deliveries  # at once: a rollback keeps them
        committed.update(self._mem.writing().deliveries)
        return added


# -- claiming -----------------------------------------------------------------------------------


class _ClaimDoesNotLease(MemoryDeliveries):
    def _claim(
        self, notifiers: list[str], now: dt.datetime, lease: dt.datetime, limit: int, who: str
    ) -> Claims:
        claimed = super()._claim(notifiers, now, lease, limit, who)
        stored = self._mem.writing().deliveries
        for delivery, _ in claimed:  # due again at once: another claim takes it
            stored[delivery.id] = Kept(attrs.evolve(delivery, next_attempt=now), who)
        return claimed


class _ClaimCountsNoAttempt(MemoryDeliveries):
    def _claim(
        self, notifiers: list[str], now: dt.datetime, lease: dt.datetime, limit: int, who: str
    ) -> Claims:
        claimed = []
        stored = self._mem.writing().deliveries
        for delivery, document in super()._claim(notifiers, now, lease, limit, who):
            delivery = attrs.evolve(delivery, attempts=delivery.attempts - 1)
            stored[delivery.id] = Kept(delivery, who)
            claimed.append((delivery, document))
        return claimed


class _ClaimIgnoresTheNotifiers(MemoryDeliveries):
    def _claim(
        self, notifiers: list[str], now: dt.datetime, lease: dt.datetime, limit: int, who: str
    ) -> Claims:
        every = sorted({kept.delivery.notifier for kept in self._mem.data().deliveries.values()})
        return super()._claim(every or notifiers, now, lease, limit, who)


class _ClaimTakesWhatIsNotDue(MemoryDeliveries):
    def _claim(
        self, notifiers: list[str], now: dt.datetime, lease: dt.datetime, limit: int, who: str
    ) -> Claims:
        return super()._claim(notifiers, now + dt.timedelta(days=1), lease, limit, who)


class _ClaimInIdOrder(MemoryDeliveries):
    def _claim(
        self, notifiers: list[str], now: dt.datetime, lease: dt.datetime, limit: int, who: str
    ) -> Claims:
        every = super()._claim(notifiers, now, lease, 1_000_000, who)
        every.sort(key=lambda claimed: str(claimed[0].id))
        stored = self._mem.writing().deliveries
        for delivery, _ in every[limit:]:  # not taken after all
            stored[delivery.id] = Kept(
                attrs.evolve(delivery, attempts=delivery.attempts - 1, next_attempt=now)
            )
        return every[:limit]


# -- finishing ----------------------------------------------------------------------------------


class _FinishIgnoresTheClaimant(MemoryDeliveries):
    def _finish(
        self,
        delivery: uuid.UUID,
        claimant: str,
        state: DeliveryState,
        next_attempt: dt.datetime | None,
        last_error: str | None,
        delivered_at: dt.datetime | None,
    ) -> bool:
        kept = self._mem.writing().deliveries.get(delivery)
        holder = claimant if kept is None else kept.claimed_by or claimant
        return super()._finish(delivery, holder, state, next_attempt, last_error, delivered_at)


class _FinishesTwice(MemoryDeliveries):
    def _finish(
        self,
        delivery: uuid.UUID,
        claimant: str,
        state: DeliveryState,
        next_attempt: dt.datetime | None,
        last_error: str | None,
        delivered_at: dt.datetime | None,
    ) -> bool:
        stored = self._mem.writing().deliveries
        kept = stored.get(delivery)
        if kept is not None:  # as if still pending, whatever became of it
            stored[delivery] = attrs.evolve(
                kept, delivery=attrs.evolve(kept.delivery, state=DeliveryState.PENDING)
            )
        return super()._finish(delivery, claimant, state, next_attempt, last_error, delivered_at)


class _FinishesOutsideTheTransaction(MemoryDeliveries):
    def _finish(
        self,
        delivery: uuid.UUID,
        claimant: str,
        state: DeliveryState,
        next_attempt: dt.datetime | None,
        last_error: str | None,
        delivered_at: dt.datetime | None,
    ) -> bool:
        held = super()._finish(delivery, claimant, state, next_attempt, last_error, delivered_at)
        if held:  # written to what is committed at once: a rollback keeps it
            self._mem._memory._data.deliveries[delivery] = self._mem.writing().deliveries[delivery]
        return held


# -- for the operator ---------------------------------------------------------------------------


class _RetryRevivesEverything(MemoryDeliveries):
    def _retry(self, ids: list[uuid.UUID] | None, now: dt.datetime) -> int:
        stored = self._mem.writing().deliveries
        for id in list(stored if ids is None else ids):
            if id in stored:  # delivered and pending ones too
                kept = stored[id]
                stored[id] = Kept(attrs.evolve(kept.delivery, state=DeliveryState.DEAD))
        return super()._retry(ids, now)


class _RetryKeepsTheAttempts(MemoryDeliveries):
    def _retry(self, ids: list[uuid.UUID] | None, now: dt.datetime) -> int:
        stored = self._mem.writing().deliveries
        attempts = {id: kept.delivery.attempts for id, kept in stored.items()}
        retried = super()._retry(ids, now)
        for id, kept in list(stored.items()):
            stored[id] = attrs.evolve(
                kept, delivery=attrs.evolve(kept.delivery, attempts=attempts[id])
            )
        return retried


class _CountsEveryStateAsPending(MemoryDeliveries):
    def _counts(self) -> Iterable[tuple[tuple[str, DeliveryState], int]]:
        counts: dict[tuple[str, DeliveryState], int] = {}
        for (notifier, _), count in super()._counts():
            key = (notifier, DeliveryState.PENDING)
            counts[key] = counts.get(key, 0) + count
        return counts.items()


class _ListsOldestFirst(MemoryDeliveries):
    def _listed(self, state: DeliveryState | None, limit: int | None) -> Iterable[Delivery]:
        listed = list(super()._listed(state, None))[::-1]
        return listed if limit is None else listed[:limit]


class _KeepsTimesAsGiven(MemoryDeliveries):
    def _listed(self, state: DeliveryState | None, limit: int | None) -> Iterable[Delivery]:
        plus_two = dt.timezone(dt.timedelta(hours=2))  # the moment is right, the zone is not
        return [
            attrs.evolve(
                d,
                next_attempt=d.next_attempt and d.next_attempt.astimezone(plus_two),
                delivered_at=d.delivered_at and d.delivered_at.astimezone(plus_two),
            )
            for d in super()._listed(state, limit)
        ]


# -- forgetting ---------------------------------------------------------------------------------


class _ForgetsPendingDeliveriesOnly(MemoryDeliveries):
    def _forget(self, events: list[uuid.UUID]) -> list[uuid.UUID]:
        wanted = set(events)
        stored = self._mem.writing().deliveries
        going = [
            id
            for id, kept in stored.items()
            if kept.delivery.event_id in wanted and kept.delivery.state is DeliveryState.PENDING
        ]
        for id in going:
            del stored[id]
        return going


class _ForgetsNoDeliveries(MemoryDeliveries):
    def _forget(self, events: list[uuid.UUID]) -> list[uuid.UUID]:
        return []  # the events go, their deliveries stay


# -- the mutants --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DeliveryMutant:
    """The memory store with one bug in its deliveries.

    Attributes:
        name: the mutant's name, for ``HALT_DELIVERY_MUTANTS``.
        bug: what is wrong, in a sentence.
        deliveries: the deliveries class.

    """

    name: str
    bug: str
    deliveries: type[MemoryDeliveries] = MemoryDeliveries

    def open(self) -> Store:
        """A new memory store with the mutated deliveries."""
        mutant = self

        class UnitOfWork(_MemoryUnitOfWork):
            def _deliveries(self) -> Deliveries:
                return mutant.deliveries(self)

        class MutantStore(MemoryStore):
            def unit_of_work(self) -> UnitOfWork:
                if self._closed:
                    raise StoreUnavailable(self.url, "the store is closed")
                return UnitOfWork(self)

        return MutantStore()


def _mutants(*mutants: DeliveryMutant) -> Mapping[str, DeliveryMutant]:
    return {mutant.name: mutant for mutant in mutants}


def _mutant(deliveries: type[MemoryDeliveries], bug: str) -> DeliveryMutant:
    name = "deliveries" + "".join(
        f"_{c.lower()}" if c.isupper() else c for c in deliveries.__name__.lstrip("_")
    )
    return DeliveryMutant(name=name, bug=bug, deliveries=deliveries)


DELIVERY_MUTANTS = _mutants(
    _mutant(_TakesPublishedEvents, "_take_events gives published events too"),
    _mutant(_AddsTwice, "_add records a delivery again, whatever is stored"),
    _mutant(_AddsOutsideTheTransaction, "_add writes at once: a rollback does not undo it"),
    _mutant(_ClaimDoesNotLease, "_claim leaves the delivery due: the next claim takes it too"),
    _mutant(_ClaimCountsNoAttempt, "_claim does not count the attempt"),
    _mutant(_ClaimIgnoresTheNotifiers, "_claim takes the deliveries of every notifier"),
    _mutant(_ClaimTakesWhatIsNotDue, "_claim takes deliveries due up to a day after now"),
    _mutant(_ClaimInIdOrder, "_claim takes the due deliveries in id order, not the oldest due"),
    _mutant(_FinishIgnoresTheClaimant, "_finish records any claimant's outcome (lost leases)"),
    _mutant(_FinishesTwice, "_finish records an outcome over a delivery finished before"),
    _mutant(_FinishesOutsideTheTransaction, "_finish writes at once: a rollback keeps it"),
    _mutant(_RetryRevivesEverything, "_retry makes delivered and pending deliveries pending too"),
    _mutant(_RetryKeepsTheAttempts, "_retry keeps the attempts, so a retried one dies at once"),
    _mutant(_CountsEveryStateAsPending, "_counts counts every delivery as pending"),
    _mutant(_ListsOldestFirst, "_listed gives the least recently due first"),
    _mutant(_KeepsTimesAsGiven, "times come back at UTC+2, not in UTC"),
    _mutant(_ForgetsPendingDeliveriesOnly, "_forget keeps the delivered and dead deliveries"),
    _mutant(_ForgetsNoDeliveries, "_forget removes no delivery: pending ones are still sent"),
)
"""Every bug planted in the deliveries, by name."""

WITHOUT_A_BUG = DeliveryMutant(name="deliveries_none", bug="none: the memory store as it is")
"""The memory store through the same classes, to show that the harness itself passes."""


class _DeliveriesSuite(DeliveriesConformance):
    """The kit's deliveries tests, against the mutant named by the class attribute."""

    mutant: DeliveryMutant

    @pytest.fixture
    def store(self) -> Iterator[Store]:
        store = self.mutant.open()
        yield store
        store.close()

    @pytest.fixture
    def reopen(self) -> Callable[[], Store] | None:
        return None  # memory keeps nothing once closed


def _chosen() -> list[DeliveryMutant]:
    names = [n.strip() for n in os.environ.get(VARIABLE, "").split(",") if n.strip()]
    return [
        WITHOUT_A_BUG if name == WITHOUT_A_BUG.name else DELIVERY_MUTANTS[name] for name in names
    ]


for _chosen_mutant in _chosen():  # a test class per mutant: Test_deliveries_adds_twice, ...
    globals()[f"Test_{_chosen_mutant.name}"] = type(
        f"Test_{_chosen_mutant.name}", (_DeliveriesSuite,), {"mutant": _chosen_mutant}
    )
