"""What became of one notification: a delivery, its state, and when to try it again.

A *delivery* is one event on its way through one notifier to one recipient. It is
``pending`` until a notifier has sent it (``delivered``), or until it has failed
:attr:`RetryPolicy.max_attempts` times, or failed in a way no retry can cure (``dead``: a
dead letter, which an operator lists and retries). Between attempts it waits an exponential
backoff with jitter, so a mail server that is down for a minute is tried again soon, one that
is down for a day is not hammered, and many dispatchers do not retry in step.
"""

from __future__ import annotations

import datetime as dt
import enum
import random
import uuid

import attrs

from halt_core.errors import InvalidValue
from halt_core.model._checks import check_types, whole_number

__all__ = [
    "OWN_TARGET",
    "Delivery",
    "DeliveryState",
    "RetryPolicy",
]

OWN_TARGET = "-"
"""The recipient of a delivery through a notifier that sends every event to its own target
(a webhook, the log) rather than to a partner."""


class DeliveryState(enum.StrEnum):
    """Where a delivery stands."""

    PENDING = "pending"
    """Not sent yet: due at its next attempt (or being sent now)."""
    DELIVERED = "delivered"
    """Sent: the notifier's target accepted it."""
    DEAD = "dead"
    """Given up: failed too often, or refused for good. A dead letter, until retried."""


@attrs.frozen(kw_only=True)
class Delivery:
    """One event on its way through one notifier to one recipient, as the store keeps it.

    Attributes:
        id: the delivery's own id.
        event_id: the event it delivers; receivers use it to drop duplicates.
        event_type: the event's type name, e.g. ``nl.halt.intervention.scheduled``.
        notifier: the notifier's name: its URL without secrets.
        recipient: the id of the partner it goes to (as text), or :data:`OWN_TARGET`.
        state: where it stands.
        attempts: how many times a dispatcher has taken it to send (a crash counts too).
        next_attempt: when it is due next (while pending).
        last_error: what went wrong the last time, if anything.
        delivered_at: when it was delivered, if it was.

    """

    id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    notifier: str
    recipient: str
    state: DeliveryState = DeliveryState.PENDING
    attempts: int = attrs.field(default=0, validator=whole_number(0, 1_000_000))
    next_attempt: dt.datetime | None = None
    last_error: str | None = None
    delivered_at: dt.datetime | None = None

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How often, and how far apart, a failing delivery is tried.

    The wait before attempt *n + 1* is drawn between half and all of ``min_backoff * 2**(n-1)``
    seconds, at most ``max_backoff``: with the defaults 15 to 30 s after the first failure,
    about an hour after the eighth. A failure the target says is for good (a 4xx answer other
    than 429, an address the mail server refuses) is not retried.

    Attributes:
        max_attempts: attempts before a delivery becomes a dead letter (1 to 100).
        min_backoff: seconds to wait after the first failure (0 to 86,400; 0 retries at
            once, for tests).
        max_backoff: the longest wait, in seconds.
        lease: seconds a dispatcher holds a delivery it took to send; if it has neither
            delivered nor released it by then (it was killed), another dispatcher takes it.
            Longer than any notifier's timeout.

    """

    max_attempts: int = attrs.field(default=8, validator=whole_number(1, 100))
    min_backoff: float = 30.0
    max_backoff: float = 6 * 3600.0
    lease: float = 300.0

    def __attrs_post_init__(self) -> None:
        check_types(self)
        for name in ("min_backoff", "max_backoff", "lease"):
            value = getattr(self, name)
            if not 0 <= value <= 86_400:
                raise InvalidValue(
                    "RetryPolicy", name, value, "expected seconds from 0 to 86,400 (a day)"
                )
        if self.max_backoff < self.min_backoff:
            raise InvalidValue(
                "RetryPolicy",
                "max_backoff",
                self.max_backoff,
                f"expected at least min_backoff ({self.min_backoff:g} s)",
            )

    def backoff(self, attempts: int, rng: random.Random | None = None) -> dt.timedelta:
        """How long to wait after the ``attempts``-th failed attempt (``attempts`` >= 1)."""
        ceiling = min(self.max_backoff, self.min_backoff * 2.0 ** min(max(attempts, 1) - 1, 60))
        draw = (rng or random).random()
        return dt.timedelta(seconds=ceiling * (0.5 + draw / 2))

    def gives_up(self, attempts: int) -> bool:
        """Whether a delivery that has failed ``attempts`` times is a dead letter."""
        return attempts >= self.max_attempts
