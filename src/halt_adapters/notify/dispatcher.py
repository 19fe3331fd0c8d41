"""The dispatcher: takes events from the store's outbox and delivers them through notifiers.

One round (:meth:`Dispatcher.run_once`) does two things, each in short units of work:

1. **Route.** It takes the pending outbox events (no other dispatcher gets the same ones),
   decides per notifier who receives each (partners by the routes, for a notifier that
   writes to partners; its own target, for a webhook or the log) and records one pending
   delivery per (event, notifier, recipient), in the transaction that marks the events
   published. An event is routed once, or, if the dispatcher dies, not at all and again.
2. **Deliver.** It claims the deliveries that are due (leasing them, so no other dispatcher
   sends them meanwhile), composes each message from the records as they are now, as the
   sharing policy allows for its recipient, and sends it, outside any transaction. Then it
   records the outcome: delivered (with the disclosure of a message that carried data about
   a youth, in the same transaction); failed and due again after a backoff; or, after
   :attr:`RetryPolicy.max_attempts` or a refusal no retry cures, a dead letter. A dead
   letter is reported as an event of its own (``nl.halt.notification.parked``), which goes
   out through the notifiers like any other, so a failure is never silent.

A dispatcher killed between sending and recording leaves its lease to run out; the next
round sends again. Receivers drop the duplicate by the event id (the CloudEvent ``id``, the
mail's ``X-Halt-Event-Id`` and ``Message-ID``).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import secrets
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence

import attrs

from halt_adapters.notify._records import StoreRecords, can_record
from halt_core.errors import HaltError
from halt_core.events import Event, NotificationParked
from halt_core.ids import EventId
from halt_core.model import Partner
from halt_core.notify import (
    OWN_TARGET,
    Delivery,
    DeliveryFailed,
    DeliveryState,
    Notification,
    Notifier,
    Recipient,
    RetryPolicy,
    Route,
    compose,
    recipients,
)
from halt_core.notify.routing import DEFAULT_ROUTES
from halt_core.privacy.log import Disclosure
from halt_core.privacy.policy import DEFAULT_POLICY, SharingPolicy
from halt_core.storage import Store, retrying

__all__ = ["ACTOR", "FLUSH_EVERY", "FLUSH_SECONDS", "Dispatcher", "Round"]

_log = logging.getLogger("halt_adapters.notify")

ACTOR = "halt notify"
"""The actor of the events the dispatcher records itself (dead-letter reports)."""

FLUSH_EVERY = 50
"""Outcomes recorded together, at most: one transaction per this many sends."""
FLUSH_SECONDS = 5.0
"""Outcomes are recorded at least this often, however few (far inside the lease)."""

_OPERATOR_EVENTS = "nl.halt.notification."
_MAX_ERROR = 500


@attrs.frozen
class Round:
    """What one round of the dispatcher did.

    Attributes:
        routed: events taken from the outbox and routed.
        queued: deliveries recorded for them.
        delivered: deliveries sent.
        retrying: deliveries that failed and will be tried again.
        dead: deliveries given up on (dead letters) in this round.
        lost_lease: deliveries sent whose outcome was not recorded, because their lease ran
            out and another dispatcher took them (they may be sent twice; never at once).

    """

    routed: int = 0
    queued: int = 0
    delivered: int = 0
    retrying: int = 0
    dead: int = 0
    lost_lease: int = 0

    def __add__(self, other: Round) -> Round:
        return Round(
            *(a + b for a, b in zip(attrs.astuple(self), attrs.astuple(other), strict=True))
        )


@attrs.frozen
class _Outcome:
    """What became of one attempt, to be recorded."""

    delivery: Delivery
    event: Event
    state: DeliveryState
    next_attempt: dt.datetime | None = None
    last_error: str | None = None
    delivered_at: dt.datetime | None = None
    disclosure: Disclosure | None = None  # of a message with data about a youth, once sent


class Dispatcher:
    """Delivers a store's outbox through notifiers; see the module docstring.

    Args:
        store: the store whose outbox it delivers (its adapter must keep deliveries).
        notifiers: the notifiers to deliver through, each with a name of its own.
        policy: attempts and backoff.
        routes: who is told what; the built-in routes by default.
        sharing: the sharing policy that decides what a message may tell its recipient
            (:func:`halt_core.notify.compose`); the default policy by default.
        clock: the current time (aware); for tests.
        rng: the jitter's random numbers; for tests.

    """

    def __init__(
        self,
        store: Store,
        notifiers: Sequence[Notifier],
        *,
        policy: RetryPolicy | None = None,
        routes: Sequence[Route] = DEFAULT_ROUTES,
        sharing: SharingPolicy = DEFAULT_POLICY,
        clock: Callable[[], dt.datetime] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        names = Counter(n.name for n in notifiers)
        twice = [name for name, count in names.items() if count > 1]
        if twice:
            raise HaltError(f"two notifiers have the name {twice[0]}; give each notifier URL once")
        self.store = store
        self.notifiers = {n.name: n for n in notifiers}
        self.policy = policy or RetryPolicy()
        self.routes = tuple(routes)
        self.sharing = sharing
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.rng = rng or random.Random()
        self.claimant = f"dispatcher-{secrets.token_hex(8)}"

    # -- one round ----------------------------------------------------------------------------

    def run_once(self, batch: int = 100) -> Round:
        """One round: route what is new and try, once, each delivery due when it began.

        A delivery that fails in the round is due again only after its backoff, which ends
        after the round began (even with no backoff at all), so a round never tries one
        delivery twice: a receiver that is down costs one attempt per round. Dead-letter
        reports recorded in the round are routed and tried in it too. What it did.
        """
        horizon = self.clock()
        done = Round()
        while True:
            step = self.route(batch, due=horizon) + self.deliver_due(batch, now=horizon)
            done += step
            if step.routed == 0 and step.delivered + step.retrying + step.dead == 0:
                return done

    def run(
        self,
        stop: threading.Event,
        *,
        idle: float = 1.0,
        batch: int = 100,
        on_round: Callable[[Round], None] | None = None,
    ) -> Round:
        """Run rounds until ``stop`` is set, waiting ``idle`` seconds when nothing was due."""
        total = Round()
        while not stop.is_set():
            step = self.run_once(batch)
            total += step
            if on_round is not None:
                on_round(total)
            stop.wait(idle)
        return total

    def route(self, limit: int, *, due: dt.datetime | None = None) -> Round:
        """Take up to ``limit`` new outbox events and record their deliveries.

        The deliveries are due at ``due`` (default: now).
        """
        due = due or self.clock()
        for attempt in retrying(self.store, attempts=5):
            with attempt as uow:
                events = uow.deliveries.take_events(limit)
                if not events:
                    return Round()
                records = StoreRecords(uow)
                rows = [row for event in events for row in self._deliveries_of(event, records, due)]
                queued = uow.deliveries.add(rows)
                uow.outbox.mark_published(e.id for e in events)
        return Round(routed=len(events), queued=queued)

    def _deliveries_of(
        self, event: Event, records: StoreRecords, due: dt.datetime
    ) -> list[Delivery]:
        rows = []
        partners: tuple[Recipient, ...] | None = None
        for notifier in self.notifiers.values():
            if not notifier.wants(event):
                continue
            if notifier.for_partners and not event.type.startswith(_OPERATOR_EVENTS):
                if partners is None:
                    partners = recipients(event, records, self.routes)
                targets = [str(r.partner) for r in partners]
            else:
                targets = [OWN_TARGET]
            rows += [
                Delivery(
                    id=uuid.uuid4(),
                    event_id=event.id,
                    event_type=event.type,
                    notifier=notifier.name,
                    recipient=target,
                    next_attempt=due,
                )
                for target in targets
            ]
        return rows

    def deliver_due(self, limit: int, *, now: dt.datetime | None = None) -> Round:
        """Claim up to ``limit`` deliveries due at ``now`` (default: now) and send them.

        What became of them is returned.

        Outcomes are recorded in batches (every :data:`FLUSH_EVERY` sends, or sooner when
        :data:`FLUSH_SECONDS` have passed), one short transaction each, well inside the
        lease; a dispatcher killed before recording sends that batch again on its next run.
        """
        now = now or self.clock()
        lease = self.clock() + dt.timedelta(seconds=self.policy.lease)
        for attempt in retrying(self.store, attempts=5):
            with attempt as uow:
                claimed = uow.deliveries.claim(
                    list(self.notifiers),
                    now=now,
                    lease_until=lease,
                    limit=limit,
                    claimant=self.claimant,
                )
        done = Round()
        outcomes: list[_Outcome] = []
        flushed = time.monotonic()
        for item in claimed:
            outcomes.append(self._deliver(item.delivery, item.event))
            if len(outcomes) >= FLUSH_EVERY or time.monotonic() - flushed > FLUSH_SECONDS:
                done += self._record(outcomes)
                outcomes, flushed = [], time.monotonic()
        return done + self._record(outcomes)

    # -- one delivery -------------------------------------------------------------------------

    def _deliver(self, delivery: Delivery, event: Event) -> _Outcome:
        notifier = self.notifiers[delivery.notifier]
        try:
            notification = self._notification(delivery, event)
            notifier.send(notification)
        except DeliveryFailed as failed:
            return self._failed(delivery, event, failed)
        except Exception as exc:  # a notifier plugin's bug: a retryable failure, logged
            _log.exception("notifier %s failed on delivery %s", notifier.name, delivery.id)
            bug = DeliveryFailed(f"the notifier raised {type(exc).__name__}: {exc}")
            return self._failed(delivery, event, bug)
        sent = self.clock()
        disclosed = notification.message.disclosed if notification.message else None
        disclosure = None
        if disclosed is not None:
            scheme = notifier.name.partition(":")[0]
            disclosure = disclosed.disclosure(at=sent, by=ACTOR, channel=f"notification {scheme}")
        return _Outcome(
            delivery, event, DeliveryState.DELIVERED, delivered_at=sent, disclosure=disclosure
        )

    def _notification(self, delivery: Delivery, event: Event) -> Notification:
        recipient = None
        message = None
        if delivery.recipient != OWN_TARGET:
            with self.store.unit_of_work() as uow:
                records = StoreRecords(uow)
                partner = records.find(Partner, uuid.UUID(delivery.recipient))
                if partner is None:
                    raise DeliveryFailed(
                        f"partner {delivery.recipient} no longer exists", retryable=False
                    )
                email = next((c.email for c in partner.contact_points if c.email), None)
                recipient = Recipient(
                    partner=partner.id,
                    name=partner.name,
                    email=email,
                    language=partner.language,
                )
                message = compose(event, recipient, records, self.sharing)
                if message is not None and message.disclosed is not None:
                    can_record(uow)
        return Notification(
            delivery=delivery.id,
            event=event,
            recipient=recipient,
            attempt=delivery.attempts,
            message=message,
        )

    def _failed(self, delivery: Delivery, event: Event, failure: DeliveryFailed) -> _Outcome:
        """The outcome of a failed attempt: due again after a backoff, or a dead letter."""
        reason = failure.reason[:_MAX_ERROR]
        if failure.retryable and not self.policy.gives_up(delivery.attempts):
            wait = self.policy.backoff(delivery.attempts, self.rng)
            if failure.retry_after is not None:
                wait = max(wait, dt.timedelta(seconds=failure.retry_after))
            _log.info(
                "delivery %s through %s failed (attempt %d): %s",
                delivery.id,
                delivery.notifier,
                delivery.attempts,
                reason,
            )
            return _Outcome(
                delivery,
                event,
                DeliveryState.PENDING,
                next_attempt=self.clock() + wait,
                last_error=reason,
            )
        _log.warning(
            "delivery %s of %s through %s is a dead letter after %d attempt(s): %s",
            delivery.id,
            event.type,
            delivery.notifier,
            delivery.attempts,
            reason,
        )
        return _Outcome(delivery, event, DeliveryState.DEAD, last_error=reason)

    def _record(self, outcomes: Sequence[_Outcome]) -> Round:
        """Record ``outcomes`` in one unit of work; report each dead letter in the outbox."""
        if not outcomes:
            return Round()
        for attempt in retrying(self.store, attempts=5):
            with attempt as uow:
                held = []
                for outcome in outcomes:
                    kept = uow.deliveries.finish(
                        outcome.delivery.id,
                        claimant=self.claimant,
                        state=outcome.state,
                        next_attempt=outcome.next_attempt,
                        last_error=outcome.last_error,
                        delivered_at=outcome.delivered_at,
                    )
                    held.append(kept)
                    if outcome.disclosure is not None:
                        # Sent, so disclosed, whether or not the lease still held.
                        uow.privacy_log.record(outcome.disclosure)
                    if (
                        kept
                        and outcome.state is DeliveryState.DEAD
                        and not outcome.event.type.startswith(_OPERATOR_EVENTS)
                    ):
                        # Reported like any event; a report that dies itself is only logged.
                        uow.outbox.add(
                            self._parked(outcome.delivery, outcome.event, outcome.last_error or "")
                        )
        done = Round()
        for outcome, kept in zip(outcomes, held, strict=True):
            if not kept:
                _log.warning(
                    "delivery %s was sent, but its lease ran out before the outcome was "
                    "recorded; another dispatcher may send it again",
                    outcome.delivery.id,
                )
                done += Round(lost_lease=1)
            elif outcome.state is DeliveryState.DELIVERED:
                done += Round(delivered=1)
            elif outcome.state is DeliveryState.PENDING:
                done += Round(retrying=1)
            else:
                done += Round(dead=1)
        return done

    def _parked(self, delivery: Delivery, event: Event, reason: str) -> NotificationParked:
        return NotificationParked(
            id=EventId(uuid.uuid4()),
            occurred_at=self.clock(),
            actor=ACTOR,
            notification=delivery.id,
            event=event.id,
            event_type=event.type,
            notifier=delivery.notifier,
            recipient=delivery.recipient,
            attempts=delivery.attempts,
            reason=reason or "no reason was given",
        )

    def close(self) -> None:
        """Close every notifier."""
        for notifier in self.notifiers.values():
            try:
                notifier.close()
            except Exception:  # closing one must not keep the others open
                _log.exception("closing notifier %s failed", notifier.name)
