"""Events about notifications themselves: a delivery given up on.

When the dispatcher gives up on a delivery (it failed too often, or its target refused it for
good), it records a :class:`NotificationParked` in the outbox, in the transaction that parks
the delivery. The event goes out like any other, through every notifier that wants it (the
log, a webhook, an operator's mailbox), so a failed notification is never silent. A report
that itself cannot be delivered is logged and not reported again.
"""

from __future__ import annotations

import uuid
from typing import Literal

import attrs

from halt_core.events.base import Event, _family
from halt_core.model._categories import FREE_TEXT, ORGANISATIONAL
from halt_core.model._checks import text, whole_number

__all__ = ["NotificationEvent", "NotificationParked"]

_REASON = 500  # the dispatcher keeps at most this much of a failure's reason


@_family
@attrs.frozen(kw_only=True)
class NotificationEvent(Event):
    """Something that happened to a notification: one delivery of an event.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        notification: the delivery's id (see :class:`halt_core.notify.Delivery`).

    """

    notification: uuid.UUID = attrs.field(metadata=ORGANISATIONAL)

    @property
    def subject(self) -> uuid.UUID:
        """The delivery's id."""
        return self.notification


@attrs.frozen(kw_only=True)
class NotificationParked(NotificationEvent):
    """A delivery was given up on: it is a dead letter until an operator retries it.

    Attributes:
        id: the event's id.
        occurred_at: when it was parked, kept in UTC.
        actor: who parked it (``halt notify``).
        notification: the delivery's id (``halt notify retry <id>`` sends it again).
        type: ``nl.halt.notification.parked``.
        event: the id of the event it failed to deliver.
        event_type: that event's type, e.g. ``nl.halt.meeting.moved``.
        notifier: the notifier it went through, secrets hidden.
        recipient: the id of the partner it was for, or ``-`` for the notifier's own target.
        attempts: how many attempts were made.
        reason: the last failure's reason.

    """

    type: Literal["nl.halt.notification.parked"] = attrs.field(
        default="nl.halt.notification.parked", metadata=ORGANISATIONAL
    )
    event: uuid.UUID = attrs.field(metadata=ORGANISATIONAL)
    event_type: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)
    notifier: str = attrs.field(validator=text(500), metadata=ORGANISATIONAL)
    recipient: str = attrs.field(validator=text(100), metadata=ORGANISATIONAL)
    attempts: int = attrs.field(validator=whole_number(0, 1_000_000), metadata=ORGANISATIONAL)
    # Written by a system, but it may quote a target's answer, which may hold anything.
    reason: str = attrs.field(validator=text(_REASON), metadata=FREE_TEXT)
