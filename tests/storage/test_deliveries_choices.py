"""What the built-in stores do with deliveries where the abstract contract leaves it open.

The kit (:class:`~halt_adapters.testing._deliveries.DeliveriesConformance`) checks what every
adapter must do; these are the choices of the memory, SQLite and PostgreSQL stores, the same
in all three (see :mod:`halt_adapters.storage._sql_deliveries`): a pending delivery without a
next attempt is due at once; an outcome without a next attempt keeps the one it had; listing
breaks ties by id and puts deliveries without a next attempt last; a delivery of an unknown
event is refused; a taken id is skipped; times without a zone are refused; a limit below 1
takes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import halt_core
from halt_core.errors import InvalidValue, NotFound
from halt_core.events import Event, InterventionDeclined
from halt_core.ids import EventId, InterventionId, new_id
from halt_core.model import InterventionStatus
from halt_core.notify import OWN_TARGET, Delivery, DeliveryState
from halt_core.storage import NotificationsUnsupported, Store

T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(minutes=5)


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        opened = halt_core.connect("memory://")
    elif request.param == "sqlite":
        opened = halt_core.connect(f"sqlite:///{tmp_path}/halt.sqlite3")
    else:
        url = request.getfixturevalue("postgres_url")
        opened = halt_core.connect(url, schema=request.getfixturevalue("postgres_schema"))
    yield opened
    opened.close()


def _events(count: int) -> list[Event]:
    intervention = new_id(InterventionId)
    return [
        InterventionDeclined(
            id=new_id(EventId),
            occurred_at=T0,
            actor="test",
            intervention=intervention,
            from_status=InterventionStatus.REQUESTED,
            to_status=InterventionStatus.DECLINED,
            reason=f"nummer {n}",
        )
        for n in range(count)
    ]


def _delivery(event: Event, recipient: str = OWN_TARGET, due: dt.datetime | None = T0) -> Delivery:
    return Delivery(
        id=uuid.uuid4(),
        event_id=event.id,
        event_type=event.type,
        notifier="log",
        recipient=recipient,
        next_attempt=due,
    )


def _stored(store: Store, events: list[Event], rows: list[Delivery]) -> None:
    with store.unit_of_work() as uow:
        uow.outbox.add(*events)
    with store.unit_of_work() as uow:
        assert uow.deliveries.add(rows) == len(rows)


def _claim(store: Store, claimant: str = "A", now: dt.datetime = T0, limit: int = 10) -> list[Any]:
    with store.unit_of_work() as uow:
        claimed = uow.deliveries.claim(
            ["log"], now=now, lease_until=now + LEASE, limit=limit, claimant=claimant
        )
    return [item.delivery for item in claimed]


def test_a_pending_delivery_without_a_next_attempt_is_due_at_once(store: Store) -> None:
    events = _events(2)
    timed, untimed = _delivery(events[0], due=T0 - LEASE), _delivery(events[1], due=None)
    _stored(store, events, [timed, untimed])
    assert [d.id for d in _claim(store, limit=1)] == [untimed.id]  # before the one due earlier
    assert [d.id for d in _claim(store)] == [timed.id]


def test_an_outcome_without_a_next_attempt_keeps_the_lease_it_had(store: Store) -> None:
    events = _events(3)
    rows = [_delivery(e) for e in events]
    _stored(store, events, rows)
    (first,) = _claim(store, limit=1)
    later = T0 + dt.timedelta(hours=1)
    (second,) = _claim(store, now=later, limit=1)
    with store.unit_of_work() as uow:
        assert uow.deliveries.finish(first.id, claimant="A", state=DeliveryState.DEAD)
        assert uow.deliveries.finish(
            second.id, claimant="A", state=DeliveryState.DELIVERED, delivered_at=later
        )
    (third,) = _claim(store, limit=1)
    # A failure given no next attempt is due again when its lease ends.
    with store.unit_of_work() as uow:
        assert uow.deliveries.finish(third.id, claimant="A", state=DeliveryState.PENDING)
        listed = uow.deliveries.listed()
    tied = sorted([(first.id, T0 + LEASE), (third.id, T0 + LEASE)], key=lambda p: str(p[0]))
    assert [(d.id, d.next_attempt) for d in listed] == [(second.id, later + LEASE), *tied]
    assert [d.id for d in _claim(store, now=T0 + LEASE)] == [third.id]


def test_listing_breaks_ties_by_id_and_puts_no_next_attempt_last(store: Store) -> None:
    events = _events(4)
    rows = [
        _delivery(events[0], due=None),
        _delivery(events[1], due=T0),
        _delivery(events[2], due=T0),
        _delivery(events[3], due=T0 + LEASE),
    ]
    _stored(store, events, rows)
    tied = sorted([rows[1].id, rows[2].id], key=str)
    with store.unit_of_work() as uow:
        assert [d.id for d in uow.deliveries.listed()] == [rows[3].id, *tied, rows[0].id]
        assert uow.deliveries.listed(limit=0) == ()


def test_a_delivery_of_an_event_the_outbox_does_not_hold_is_refused(store: Store) -> None:
    (event,) = _events(1)
    stranger = _events(1)[0]
    with store.unit_of_work() as uow:
        uow.outbox.add(event)
    with store.unit_of_work() as uow:
        with pytest.raises(NotFound, match=str(stranger.id)):
            uow.deliveries.add([_delivery(event), _delivery(stranger)])
        assert uow.deliveries.listed() == ()


def test_a_delivery_whose_id_is_taken_is_skipped(store: Store) -> None:
    events = _events(2)
    first = _delivery(events[0])
    _stored(store, events, [first])
    same_id = attrs.evolve(_delivery(events[1]), id=first.id)
    with store.unit_of_work() as uow:
        assert uow.deliveries.add([same_id]) == 0
        assert uow.deliveries.listed() == (first,)


@pytest.mark.parametrize(
    "call",
    [
        "claim_now",
        "claim_lease",
        "finish_next_attempt",
        "finish_delivered_at",
        "retry_now",
        "add_next_attempt",
    ],
)
def test_a_time_without_a_zone_is_refused(store: Store, call: str) -> None:
    (event,) = _events(1)
    row = _delivery(event)
    _stored(store, [event], [row])
    naive = dt.datetime(2026, 9, 1, 12, 0)
    pending, delivered = DeliveryState.PENDING, DeliveryState.DELIVERED
    with store.unit_of_work() as uow:
        d = uow.deliveries
        calls = {
            "claim_now": lambda: d.claim(["log"], now=naive, lease_until=T0, limit=1, claimant="A"),
            "claim_lease": lambda: d.claim(
                ["log"], now=T0, lease_until=naive, limit=1, claimant="A"
            ),
            "finish_next_attempt": lambda: d.finish(
                row.id, claimant="A", state=pending, next_attempt=naive
            ),
            "finish_delivered_at": lambda: d.finish(
                row.id, claimant="A", state=delivered, delivered_at=naive
            ),
            "retry_now": lambda: d.retry(None, now=naive),
            "add_next_attempt": lambda: d.add(
                [attrs.evolve(row, id=uuid.uuid4(), recipient="x", next_attempt=naive)]
            ),
        }
        with pytest.raises(InvalidValue, match="aware datetime"):
            calls[call]()


def test_a_limit_below_one_takes_nothing(store: Store) -> None:
    (event,) = _events(1)
    _stored(store, [event], [_delivery(event)])
    with store.unit_of_work() as uow:
        uow.outbox.add(*_events(1))
    with store.unit_of_work() as uow:
        assert uow.deliveries.take_events(0) == ()
        assert uow.deliveries.claim(["log"], now=T0, lease_until=T0, limit=0, claimant="A") == ()
    assert len(_claim(store)) == 1


def test_retrying_an_id_twice_counts_it_once(store: Store) -> None:
    (event,) = _events(1)
    row = _delivery(event)
    _stored(store, [event], [row])
    _claim(store)
    with store.unit_of_work() as uow:
        assert uow.deliveries.finish(row.id, claimant="A", state=DeliveryState.DEAD)
    with store.unit_of_work() as uow:
        assert uow.deliveries.retry([row.id, row.id], now=T0) == 1


def test_the_example_json_store_keeps_no_deliveries(tmp_path: Path) -> None:
    url = f"jsonfile:///{tmp_path}/halt.json"
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        with pytest.raises(NotificationsUnsupported, match="keeps no deliveries") as info:
            uow.deliveries  # noqa: B018 (made on first use)
        assert info.value.store == store.url
