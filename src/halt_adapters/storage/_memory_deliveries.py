"""The deliveries of notifications in the memory store.

They live beside the records and the outbox, in the store's data, and change the way records
do: taking outbox events, adding, claiming, finishing and retrying deliveries are writes,
made on the unit of work's own copy under the store's one writer's lock and published whole
at commit. So two dispatchers queue, as on SQLite: the second takes events and claims
deliveries only after the first committed, and sees what it did. Counting and listing read
what is committed, without the lock.

The choices the abstract contract leaves open are those of the SQL stores (see
:mod:`halt_adapters.storage._sql_deliveries`): a pending delivery without ``next_attempt``
is due at once; a finish without ``next_attempt`` keeps the one it had; a delivery of an
event the outbox does not hold is refused; one whose id is taken is skipped.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from halt_adapters.storage._moments import utc, utc_or_none
from halt_core.errors import NotFound
from halt_core.notify.deliveries import Delivery, DeliveryState
from halt_core.storage import Deliveries

if TYPE_CHECKING:
    from halt_adapters.storage.memory import _MemoryUnitOfWork

__all__ = ["Kept", "MemoryDeliveries"]

_FAR_PAST = dt.datetime.min.replace(tzinfo=dt.UTC)


@attrs.frozen
class Kept:
    """A delivery as the memory store keeps it.

    Attributes:
        delivery: the delivery, its times in UTC.
        claimed_by: the token of the dispatcher that claimed it last, if any.

    """

    delivery: Delivery
    claimed_by: str | None = None


def _in_utc(delivery: Delivery) -> Delivery:
    return attrs.evolve(
        delivery,
        next_attempt=utc_or_none(delivery.next_attempt, "Delivery", "next_attempt"),
        delivered_at=utc_or_none(delivery.delivered_at, "Delivery", "delivered_at"),
    )


class MemoryDeliveries(Deliveries):
    """The deliveries of one memory unit of work."""

    def __init__(self, uow: _MemoryUnitOfWork) -> None:
        super().__init__(uow)
        self._mem = uow

    def _take_events(self, limit: int) -> list[bytes]:
        if limit < 1:
            return []
        events = self._mem.writing().events
        return [document for _, document, published in events if not published][:limit]

    def _add(self, deliveries: list[Delivery]) -> int:
        if not deliveries:
            return 0
        fresh = [_in_utc(delivery) for delivery in deliveries]
        data = self._mem.writing()
        known = {id for id, _, _ in data.events}
        missing = sorted({d.event_id for d in fresh} - known, key=str)
        if missing:
            raise NotFound(
                "event",
                missing[0],
                "a delivery is of an event stored in the outbox (take_events gives them)",
            )
        stored = data.deliveries
        keys = {_key(kept.delivery) for kept in stored.values()}
        added = 0
        for delivery in fresh:
            if delivery.id in stored or _key(delivery) in keys:
                continue
            stored[delivery.id] = Kept(delivery)
            keys.add(_key(delivery))
            added += 1
        return added

    def _claim(
        self,
        notifiers: list[str],
        now: dt.datetime,
        lease_until: dt.datetime,
        limit: int,
        claimant: str,
    ) -> list[tuple[Delivery, bytes]]:
        now = utc(now, "Deliveries.claim", "now")
        lease_until = utc(lease_until, "Deliveries.claim", "lease_until")
        if not notifiers or limit < 1:
            return []
        data = self._mem.writing()
        events = {id: (seq, document) for seq, (id, document, _) in enumerate(data.events)}
        wanted = set(notifiers)
        due = [
            kept.delivery
            for kept in data.deliveries.values()
            if kept.delivery.state is DeliveryState.PENDING
            and kept.delivery.notifier in wanted
            and (kept.delivery.next_attempt is None or kept.delivery.next_attempt <= now)
            and kept.delivery.event_id in events
        ]
        due.sort(key=lambda d: (d.next_attempt or _FAR_PAST, events[d.event_id][0]))
        claimed = []
        for delivery in due[:limit]:
            taken = attrs.evolve(delivery, attempts=delivery.attempts + 1, next_attempt=lease_until)
            data.deliveries[taken.id] = Kept(taken, claimant)
            claimed.append((taken, events[taken.event_id][1]))
        return claimed

    def _finish(
        self,
        delivery: uuid.UUID,
        claimant: str,
        state: DeliveryState,
        next_attempt: dt.datetime | None,
        last_error: str | None,
        delivered_at: dt.datetime | None,
    ) -> bool:
        next_attempt = utc_or_none(next_attempt, "Deliveries.finish", "next_attempt")
        delivered_at = utc_or_none(delivered_at, "Deliveries.finish", "delivered_at")
        data = self._mem.writing()
        kept = data.deliveries.get(delivery)
        if (
            kept is None
            or kept.claimed_by != claimant
            or kept.delivery.state is not DeliveryState.PENDING
        ):
            return False
        data.deliveries[delivery] = Kept(
            attrs.evolve(
                kept.delivery,
                state=DeliveryState(state),
                next_attempt=kept.delivery.next_attempt if next_attempt is None else next_attempt,
                last_error=last_error,
                delivered_at=delivered_at,
            ),
            claimant,
        )
        return True

    def _counts(self) -> Iterable[tuple[tuple[str, DeliveryState], int]]:
        counts: dict[tuple[str, DeliveryState], int] = {}
        for kept in self._mem.data().deliveries.values():
            key = (kept.delivery.notifier, kept.delivery.state)
            counts[key] = counts.get(key, 0) + 1
        return counts.items()

    def _listed(self, state: DeliveryState | None, limit: int | None) -> Iterable[Delivery]:
        found = sorted(
            (
                kept.delivery
                for kept in self._mem.data().deliveries.values()
                if state is None or kept.delivery.state is state
            ),
            key=lambda d: str(d.id),
        )
        # Most recently due first, those without a next attempt last; by id among equals.
        timed = sorted(
            (d for d in found if d.next_attempt is not None),
            key=lambda d: d.next_attempt or _FAR_PAST,
            reverse=True,  # a stable sort, also reversed: equal ones stay in id order
        )
        listed = timed + [d for d in found if d.next_attempt is None]
        return listed if limit is None else listed[: max(limit, 0)]

    def _retry(self, ids: list[uuid.UUID] | None, now: dt.datetime) -> int:
        now = utc(now, "Deliveries.retry", "now")
        if ids is not None and not ids:
            return 0
        data = self._mem.writing()
        chosen = data.deliveries.keys() if ids is None else set(ids)
        retried = 0
        for id in list(chosen):
            kept = data.deliveries.get(id)
            if kept is None or kept.delivery.state is not DeliveryState.DEAD:
                continue
            again = attrs.evolve(
                kept.delivery, state=DeliveryState.PENDING, attempts=0, next_attempt=now
            )
            data.deliveries[id] = Kept(again)
            retried += 1
        return retried

    def _forget(self, events: list[uuid.UUID]) -> list[uuid.UUID]:
        wanted = set(events)
        stored = self._mem.writing().deliveries
        going = [id for id, kept in stored.items() if kept.delivery.event_id in wanted]
        for id in going:
            del stored[id]
        return going


def _key(delivery: Delivery) -> tuple[uuid.UUID, str, str]:
    return (delivery.event_id, delivery.notifier, delivery.recipient)
