"""The storage kit's tests of the deliveries of notifications (see :mod:`halt_core.storage`).

:class:`DeliveriesConformance` is part of
:class:`~halt_adapters.testing.storage.StoreConformance`: its tests run against every store
whose adapter keeps deliveries (implements ``UnitOfWork._deliveries``), and are skipped,
saying so, for one that does not (``uow.deliveries`` raises
:class:`~halt_core.storage.NotificationsUnsupported`).

They check what :class:`~halt_core.storage.Deliveries` promises: ``take_events`` gives the
pending outbox events oldest first, and two units of work never take the same one; ``add``
records each (event, notifier, recipient) once; ``claim`` takes the due deliveries of the
notifiers asked, oldest due first (the event's order among equals), counts the attempt and
leases them; ``finish`` records an outcome for the claimant that holds the lease only;
``retry`` brings dead letters back; ``counts`` and ``listed``; forgetting an event
(``outbox.forget``) takes its deliveries in every state and the reports of those given up
on; all of it inside the unit of
work's transaction; times given in any zone come back as the same moments, in UTC; and
threads claiming at once get disjoint deliveries, each exactly once.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pytest

from halt_core.events import Event, InterventionDeclined, NotificationParked
from halt_core.ids import EventId, InterventionId, new_id
from halt_core.model import AMSTERDAM, InterventionStatus
from halt_core.notify import OWN_TARGET, Delivery, DeliveryState
from halt_core.storage import NotificationsUnsupported, Store, retrying

__all__ = ["DeliveriesConformance"]

_T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
_MINUTE = dt.timedelta(minutes=1)
_LEASE = 5 * _MINUTE


def _events(count: int) -> list[Event]:
    """``count`` events whose ids sort the other way round from the order they are made in."""
    ids = sorted((new_id(EventId) for _ in range(count)), key=str, reverse=True)
    intervention = new_id(InterventionId)
    return [
        InterventionDeclined(
            id=id,
            occurred_at=_T0,
            actor="conformance",
            intervention=intervention,
            from_status=InterventionStatus.REQUESTED,
            to_status=InterventionStatus.DECLINED,
            reason=f"nummer {n}",
        )
        for n, id in enumerate(ids)
    ]


def _delivery(
    event: Event,
    notifier: str = "log",
    recipient: str = OWN_TARGET,
    due: dt.datetime | None = _T0,
) -> Delivery:
    return Delivery(
        id=uuid.uuid4(),
        event_id=event.id,
        event_type=event.type,
        notifier=notifier,
        recipient=recipient,
        next_attempt=due,
    )


def _stored(store: Store, events: Sequence[Event], deliveries: Sequence[Delivery] = ()) -> None:
    """Commit ``events`` to the outbox, then record ``deliveries`` and publish the events."""
    with store.unit_of_work() as uow:
        uow.outbox.add(*events)
    if deliveries:
        with store.unit_of_work() as uow:
            uow.deliveries.add(deliveries)
            uow.outbox.mark_published(e.id for e in events)


def _claim(
    store: Store,
    claimant: str,
    now: dt.datetime = _T0,
    notifiers: Sequence[str] = ("log",),
    limit: int = 100,
) -> list[Delivery]:
    with store.unit_of_work() as uow:
        claimed = uow.deliveries.claim(
            notifiers, now=now, lease_until=now + _LEASE, limit=limit, claimant=claimant
        )
    return [item.delivery for item in claimed]


def _finish(store: Store, delivery: uuid.UUID, claimant: str, **outcome: Any) -> bool:
    with store.unit_of_work() as uow:
        return uow.deliveries.finish(delivery, claimant=claimant, **outcome)


def _listed(store: Store, state: DeliveryState | None = None) -> dict[uuid.UUID, Delivery]:
    with store.unit_of_work() as uow:
        return {d.id: d for d in uow.deliveries.listed(state)}


def _in_utc(moment: dt.datetime | None) -> bool:
    return moment is None or moment.utcoffset() == dt.timedelta(0)


def _run_threads(count: int, target: Callable[[int], None]) -> list[BaseException]:
    """Run ``target(n)`` in ``count`` threads at once; the errors they raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(count, timeout=30)

    def run(n: int) -> None:
        try:
            start.wait()
            target(n)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors


class DeliveriesConformance:
    """The tests of the deliveries; part of ``StoreConformance``, needing its ``store``."""

    @pytest.fixture
    def notifying(self, store: Store) -> Store:
        """The store, when its adapter keeps deliveries; the test is skipped when not."""
        try:
            with store.unit_of_work() as uow:
                uow.deliveries  # noqa: B018 (made on first use: raises when unsupported)
        except NotificationsUnsupported:
            pytest.skip(
                "this store keeps no deliveries (its adapter leaves UnitOfWork._deliveries "
                "to the default), so it sends no notifications"
            )
        return store

    # -- routing: taking events and adding deliveries -----------------------------------------

    def test_take_events_gives_the_pending_events_oldest_first(self, notifying: Store) -> None:
        """``take_events`` gives unpublished events in the order they were stored, up to limit."""
        events = _events(5)
        for batch in (events[:2], events[2:]):
            with notifying.unit_of_work() as uow:
                uow.outbox.add(*batch)
        with notifying.unit_of_work() as uow:
            uow.outbox.mark_published([events[1].id])
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.take_events(10) == (events[0], *events[2:])
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.take_events(2) == (events[0], events[2])

    def test_routing_is_one_transaction(self, notifying: Store) -> None:
        """Deliveries added and events published commit together, or roll back together."""
        events = _events(2)
        deliveries = [_delivery(e) for e in events]
        _stored(notifying, events)
        with notifying.unit_of_work() as uow:
            taken = uow.deliveries.take_events(10)
            assert uow.deliveries.add(deliveries) == 2
            uow.outbox.mark_published(e.id for e in taken)
            uow.rollback()
            assert uow.deliveries.take_events(10) == tuple(events)
        assert _listed(notifying) == {}
        with notifying.unit_of_work() as uow:
            taken = uow.deliveries.take_events(10)
            assert uow.deliveries.add(deliveries) == 2
            uow.outbox.mark_published(e.id for e in taken)
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.take_events(10) == ()
            assert uow.outbox.pending() == ()
        assert _listed(notifying) == {d.id: d for d in deliveries}

    def test_adding_a_delivery_twice_adds_it_once(self, notifying: Store) -> None:
        """``add`` counts only new (event, notifier, recipient); the stored one stays as it was."""
        (event,) = _events(1)
        first = [_delivery(event), _delivery(event, "mail", "p1"), _delivery(event, "mail", "p2")]
        _stored(notifying, [event])
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.add(first) == 3
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.add(first) == 0
            same_key = attrs.evolve(first[1], id=uuid.uuid4(), next_attempt=_T0 + _MINUTE)
            fresh = _delivery(event, "mail", "p3")
            assert uow.deliveries.add([same_key, fresh]) == 1
            assert uow.deliveries.add([]) == 0
        assert _listed(notifying) == {d.id: d for d in [*first, fresh]}

    def test_two_units_of_work_never_take_the_same_events(self, notifying: Store) -> None:
        """While one unit of work holds events it took, another takes others (or waits).

        Two threads route at once, the first holding its events a while before publishing
        them: together they take every event, and no event twice.
        """
        events = _events(6)
        _stored(notifying, events)
        first_took = threading.Event()
        taken: dict[int, tuple[Event, ...]] = {}

        def route(n: int) -> None:
            if n == 1:
                assert first_took.wait(30)
            with notifying.unit_of_work() as uow:
                mine = uow.deliveries.take_events(3 if n == 0 else 10)
                if n == 0:
                    first_took.set()
                    time.sleep(0.3)  # the other tries to take meanwhile
                uow.deliveries.add([_delivery(e) for e in mine])
                uow.outbox.mark_published(e.id for e in mine)
            taken[n] = mine

        assert _run_threads(2, route) == []
        assert taken[0] == tuple(events[:3])
        together = [e.id for e in (*taken[0], *taken[1])]
        assert sorted(together, key=str) == sorted((e.id for e in events), key=str)
        assert len(_listed(notifying)) == 6

    # -- sending: claiming and finishing ------------------------------------------------------

    def test_claiming_counts_the_attempt_and_leases_the_delivery(self, notifying: Store) -> None:
        """A claim gives the delivery with its event, attempt 1, due again at the lease's end.

        Until then no claim takes it; once the lease ran out, the next claim takes it again
        (attempt 2), as after a dispatcher that died while sending.
        """
        (event,) = _events(1)
        delivery = _delivery(event)
        _stored(notifying, [event], [delivery])
        with notifying.unit_of_work() as uow:
            (claimed,) = uow.deliveries.claim(
                ["log"], now=_T0, lease_until=_T0 + _LEASE, limit=10, claimant="A"
            )
        assert claimed.event == event
        assert claimed.delivery == attrs.evolve(delivery, attempts=1, next_attempt=_T0 + _LEASE)
        assert _listed(notifying)[delivery.id] == claimed.delivery
        assert _claim(notifying, "B", now=_T0) == []
        assert _claim(notifying, "B", now=_T0 + _LEASE - _MINUTE) == []
        (again,) = _claim(notifying, "B", now=_T0 + _LEASE)
        assert (again.attempts, again.next_attempt) == (2, _T0 + 2 * _LEASE)

    def test_a_claim_takes_due_deliveries_of_its_notifiers_in_order(self, notifying: Store) -> None:
        """A claim takes due pending deliveries of the notifiers asked, earliest due first.

        Among those due at one moment, the oldest event first; at most ``limit``.
        """
        events = _events(4)  # ids in reverse order, so the events' order is not the ids'
        ours = [
            _delivery(events[2], "a", due=_T0 - 2 * _MINUTE),
            _delivery(events[3], "a", due=_T0 - _MINUTE),
            _delivery(events[0], "a", due=_T0 - _MINUTE),
            _delivery(events[1], "a", due=_T0 - _MINUTE),
        ]
        others = [
            _delivery(events[0], "b", due=_T0 - 3 * _MINUTE),
            _delivery(events[1], "a", "later", due=_T0 + _MINUTE),
        ]
        # Ids that sort the other way round from the order of the claim, too.
        ids = sorted((uuid.uuid4() for _ in ours), key=str, reverse=True)
        for n, id in zip((0, 2, 3, 1), ids, strict=True):
            ours[n] = attrs.evolve(ours[n], id=id)
        _stored(notifying, events, [*ours, *others])
        expected = [ours[0].id, ours[2].id, ours[3].id, ours[1].id]
        assert [d.id for d in _claim(notifying, "A", notifiers=["a"], limit=2)] == expected[:2]
        assert [d.id for d in _claim(notifying, "A", notifiers=["a", "c"])] == expected[2:]
        assert _claim(notifying, "A", notifiers=["a"]) == []
        assert _claim(notifying, "A", notifiers=[]) == []
        assert [d.id for d in _claim(notifying, "A", notifiers=["b"])] == [others[0].id]

    def test_finishing_records_the_outcome(self, notifying: Store) -> None:
        """Delivered, failed (due again at ``next_attempt``) and dead are recorded as given."""
        events = _events(3)
        sent, failed, dead = [_delivery(e) for e in events]
        _stored(notifying, events, [sent, failed, dead])
        assert len(_claim(notifying, "A")) == 3
        at = _T0 + dt.timedelta(seconds=7)
        retry_at = _T0 + 30 * _MINUTE
        delivered = DeliveryState.DELIVERED
        assert _finish(notifying, sent.id, "A", state=delivered, delivered_at=at)
        assert _finish(
            notifying,
            failed.id,
            "A",
            state=DeliveryState.PENDING,
            next_attempt=retry_at,
            last_error="503 Service Unavailable",
        )
        assert _finish(notifying, dead.id, "A", state=DeliveryState.DEAD, last_error="410 Gone")
        stored = _listed(notifying)
        assert (stored[sent.id].state, stored[sent.id].delivered_at) == (delivered, at)
        assert stored[failed.id].state is DeliveryState.PENDING
        assert stored[failed.id].next_attempt == retry_at
        assert stored[failed.id].last_error == "503 Service Unavailable"
        assert (stored[dead.id].state, stored[dead.id].last_error) == (
            DeliveryState.DEAD,
            "410 Gone",
        )
        assert all(d.attempts == 1 for d in stored.values())
        assert _claim(notifying, "B", now=retry_at - _MINUTE) == []
        (again,) = _claim(notifying, "B", now=retry_at)
        assert (again.id, again.attempts) == (failed.id, 2)

    def test_a_stale_claimant_cannot_finish(self, notifying: Store) -> None:
        """An outcome from a claimant whose lease another took over is refused.

        ``finish`` returns False and changes nothing; nor can a delivery be finished twice.
        """
        (event,) = _events(1)
        delivery = _delivery(event)
        _stored(notifying, [event], [delivery])
        _claim(notifying, "A")
        (taken,) = _claim(notifying, "B", now=_T0 + _LEASE)
        delivered = DeliveryState.DELIVERED
        assert not _finish(notifying, delivery.id, "A", state=delivered, delivered_at=_T0)
        assert not _finish(notifying, delivery.id, "A", state=DeliveryState.DEAD)
        assert _listed(notifying)[delivery.id] == taken
        assert not _finish(notifying, uuid.uuid4(), "B", state=delivered, delivered_at=_T0)
        assert _finish(notifying, delivery.id, "B", state=delivered, delivered_at=_T0)
        assert not _finish(notifying, delivery.id, "B", state=DeliveryState.DEAD)
        assert _listed(notifying)[delivery.id].state is delivered

    def test_claims_and_outcomes_are_part_of_the_transaction(self, notifying: Store) -> None:
        """A claim or an outcome rolled back leaves the delivery as it was."""
        (event,) = _events(1)
        delivery = _delivery(event)
        _stored(notifying, [event], [delivery])
        with notifying.unit_of_work() as uow:
            claimed = uow.deliveries.claim(
                ["log"], now=_T0, lease_until=_T0 + _LEASE, limit=10, claimant="A"
            )
            assert len(claimed) == 1
            uow.rollback()
        assert _listed(notifying)[delivery.id] == delivery
        _claim(notifying, "A")
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.finish(delivery.id, claimant="A", state=DeliveryState.DEAD)
            uow.rollback()
        assert _listed(notifying)[delivery.id].state is DeliveryState.PENDING
        assert _finish(notifying, delivery.id, "A", state=DeliveryState.DEAD)

    # -- for the operator: retry, counts, listing ---------------------------------------------

    def test_retry_brings_dead_letters_back(self, notifying: Store) -> None:
        """``retry`` makes dead letters pending again, and leaves the rest alone.

        Retried ones are due at ``now``, their attempts from 0, claimable by anyone; it
        counts what it retried.
        """
        events = _events(4)
        first, second, sent, waiting = [_delivery(e) for e in events]
        _stored(notifying, events, [first, second, sent, waiting])
        _claim(notifying, "A", limit=3)  # first, second and sent (in the events' order)
        _finish(notifying, first.id, "A", state=DeliveryState.DEAD, last_error="kapot")
        _finish(notifying, second.id, "A", state=DeliveryState.DEAD, last_error="kapot")
        _finish(notifying, sent.id, "A", state=DeliveryState.DELIVERED, delivered_at=_T0)
        now = _T0 + dt.timedelta(hours=2)
        with notifying.unit_of_work() as uow:
            chosen = [first.id, sent.id, waiting.id, uuid.uuid4()]
            assert uow.deliveries.retry(chosen, now=now) == 1
            assert uow.deliveries.retry([], now=now) == 0
        stored = _listed(notifying)
        assert stored[first.id].state is DeliveryState.PENDING
        assert (stored[first.id].attempts, stored[first.id].next_attempt) == (0, now)
        assert stored[second.id].state is DeliveryState.DEAD
        assert stored[sent.id].state is DeliveryState.DELIVERED
        assert stored[waiting.id] == waiting
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.retry(None, now=now) == 1
            assert uow.deliveries.retry(None, now=now) == 0
        again = {d.id: d for d in _claim(notifying, "B", now=now)}
        assert set(again) == {first.id, second.id, waiting.id}
        assert again[second.id].attempts == 1
        assert _finish(notifying, second.id, "B", state=DeliveryState.DELIVERED, delivered_at=now)

    def test_counts_and_listing(self, notifying: Store) -> None:
        """``counts`` per (notifier, state); ``listed`` most recently due first.

        ``listed`` gives those in a state, when asked, and at most ``limit``.
        """
        events = _events(4)
        rows = [
            _delivery(events[0], "log", due=_T0 - 3 * _MINUTE),
            _delivery(events[1], "log", due=_T0 - 2 * _MINUTE),
            _delivery(events[2], "log", due=_T0 + _MINUTE),
            _delivery(events[3], "mail", "p1", due=_T0 - _MINUTE),
        ]
        _stored(notifying, events, rows)
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.counts() == {
                ("log", DeliveryState.PENDING): 3,
                ("mail", DeliveryState.PENDING): 1,
            }
            assert [d.id for d in uow.deliveries.listed()] == [
                rows[2].id,
                rows[3].id,
                rows[1].id,
                rows[0].id,
            ]
            assert [d.id for d in uow.deliveries.listed(limit=2)] == [rows[2].id, rows[3].id]
        (claimed,) = _claim(notifying, "A", limit=1)
        assert claimed.id == rows[0].id
        _finish(notifying, claimed.id, "A", state=DeliveryState.DEAD, last_error="weg")
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.counts() == {
                ("log", DeliveryState.PENDING): 2,
                ("log", DeliveryState.DEAD): 1,
                ("mail", DeliveryState.PENDING): 1,
            }
            (dead,) = uow.deliveries.listed(DeliveryState.DEAD)
            assert (dead.id, dead.attempts, dead.last_error) == (rows[0].id, 1, "weg")
            assert uow.deliveries.listed(DeliveryState.DELIVERED) == ()

    def test_times_come_back_as_the_same_moments_in_utc(self, notifying: Store) -> None:
        """Times given in any zone are stored as moments and read back aware, in UTC."""
        (event,) = _events(1)
        due = dt.datetime(2026, 9, 1, 11, 59, 30, 123456, tzinfo=AMSTERDAM)  # 09:59:30 UTC
        delivery = _delivery(event, due=due)
        _stored(notifying, [event], [delivery])
        (stored,) = _listed(notifying).values()
        assert stored.next_attempt == due
        assert _in_utc(stored.next_attempt)
        now = dt.datetime(2026, 9, 1, 12, 0, tzinfo=AMSTERDAM)
        with notifying.unit_of_work() as uow:
            (claimed,) = uow.deliveries.claim(
                ["log"], now=now, lease_until=now + _LEASE, limit=1, claimant="A"
            )
        assert claimed.delivery.next_attempt == now + _LEASE
        assert _in_utc(claimed.delivery.next_attempt)
        at = dt.datetime(2026, 9, 1, 12, 0, 1, tzinfo=AMSTERDAM)
        _finish(notifying, delivery.id, "A", state=DeliveryState.DELIVERED, delivered_at=at)
        (stored,) = _listed(notifying).values()
        assert stored.delivered_at == at
        assert _in_utc(stored.delivered_at)

    # -- forgetting ----------------------------------------------------------------------------

    def test_forgetting_events_takes_their_deliveries_in_any_state(self, notifying: Store) -> None:
        """``outbox.forget`` removes the deliveries of the events it removes, whatever state.

        A pending one is never claimed; a report of a delivery given up on
        (NotificationParked, about that delivery) goes too, with its own deliveries. The
        deliveries of other events stay. Rolled back, nothing went.
        """
        forgotten, other = _events(2), _events(1)
        pending, delivered = _delivery(forgotten[0]), _delivery(forgotten[1], "webhook")
        delivered = attrs.evolve(delivered, state=DeliveryState.DELIVERED, delivered_at=_T0)
        dead = attrs.evolve(_delivery(forgotten[1], "mail"), state=DeliveryState.DEAD)
        kept = _delivery(other[0])
        _stored(notifying, [*forgotten, *other], [pending, delivered, dead, kept])
        parked = NotificationParked(
            id=new_id(EventId),
            occurred_at=_T0,
            actor="conformance",
            notification=dead.id,
            event=forgotten[1].id,
            event_type=forgotten[1].type,
            notifier="mail",
            recipient=OWN_TARGET,
            attempts=3,
            reason="geweigerd",
        )
        _stored(notifying, [parked], [_delivery(parked)])
        subject = forgotten[0].subject
        with notifying.unit_of_work() as uow:
            assert uow.outbox.forget([subject]) == 3
            uow.rollback()
        assert len(_listed(notifying)) == 5
        with notifying.unit_of_work() as uow:
            assert uow.outbox.forget([subject]) == 3
        assert list(_listed(notifying)) == [kept.id]
        assert [d.id for d in _claim(notifying, "a")] == [kept.id]
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.take_events(10) == ()
            assert uow.outbox.forget([subject]) == 0

    # -- concurrency ----------------------------------------------------------------------------

    def test_threads_claiming_at_once_each_get_other_deliveries(self, notifying: Store) -> None:
        """Four threads claim and finish until nothing is due: each delivery exactly once.

        Every delivery is claimed once and delivered once, and no claim ever gives a
        delivery another holds.
        """
        events = _events(20)
        rows = [_delivery(e, "log", f"r{n}") for e in events for n in range(3)]
        _stored(notifying, events, rows)
        claims: dict[uuid.UUID, list[str]] = {}
        finished: list[uuid.UUID] = []
        lock = threading.Lock()

        def dispatch(n: int) -> None:
            me = f"dispatcher-{n}"
            for _ in range(len(rows) + 1):  # a claim that never runs dry fails, not hangs
                for attempt in retrying(notifying, attempts=10):
                    with attempt as uow:
                        claimed = uow.deliveries.claim(
                            ["log"], now=_T0, lease_until=_T0 + _LEASE, limit=4, claimant=me
                        )
                if not claimed:
                    return
                with lock:
                    for item in claimed:
                        claims.setdefault(item.delivery.id, []).append(me)
                for item in claimed:
                    for attempt in retrying(notifying, attempts=10):
                        with attempt as uow:
                            done = uow.deliveries.finish(
                                item.delivery.id,
                                claimant=me,
                                state=DeliveryState.DELIVERED,
                                delivered_at=_T0,
                            )
                    assert done, f"{me} lost its lease on {item.delivery.id}"
                    with lock:
                        finished.append(item.delivery.id)
            pytest.fail(f"{me} went on claiming after every delivery was claimed")

        assert _run_threads(4, dispatch) == []
        twice = {id: who for id, who in claims.items() if len(who) > 1}
        assert twice == {}, f"claimed by more than one: {twice}"
        assert set(claims) == {d.id for d in rows}
        assert sorted(finished, key=str) == sorted((d.id for d in rows), key=str)
        with notifying.unit_of_work() as uow:
            assert uow.deliveries.counts() == {("log", DeliveryState.DELIVERED): len(rows)}

    # -- reopening ------------------------------------------------------------------------------

    def test_deliveries_survive_reopening(
        self, notifying: Store, reopen: Callable[[], Store] | None
    ) -> None:
        """After reopening, deliveries are there as they were, and so is who holds a lease."""
        if reopen is None:
            pytest.skip("this store keeps nothing once closed (no `reopen` fixture)")
        events = _events(3)
        rows = [_delivery(e) for e in events]
        _stored(notifying, events, rows)
        _claim(notifying, "A", limit=2)
        _finish(notifying, rows[0].id, "A", state=DeliveryState.DEAD, last_error="weg")
        before = _listed(notifying)
        notifying.close()
        again = reopen()
        try:
            assert _listed(again) == before
            with again.unit_of_work() as uow:
                assert uow.deliveries.take_events(10) == ()
                assert uow.deliveries.add(rows) == 0
            assert not _finish(again, rows[1].id, "B", state=DeliveryState.DEAD)
            assert _finish(again, rows[1].id, "A", state=DeliveryState.DELIVERED, delivered_at=_T0)
            assert [d.id for d in _claim(again, "B")] == [rows[2].id]
        finally:
            again.close()
