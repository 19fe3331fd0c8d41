"""The notifier contract: what a plugin implements to deliver notifications.

A notifier is opened from a URL (``log:``, ``smtp://...``, ``webhook+https://...``) by the
plugin that knows its scheme (hook ``halt_notifiers``), and is handed one
:class:`Notification` at a time by the dispatcher. It sends it, or raises
:class:`DeliveryFailed` saying whether trying again may help. The dispatcher does the rest:
which events are due, to whom, the retries and the dead letters.
"""

from __future__ import annotations

import abc
import uuid
from typing import Any

import attrs

from halt_core.errors import PHRASEBOOK, HaltError
from halt_core.events import Event
from halt_core.model._checks import check_types
from halt_core.notify.messages import Message
from halt_core.notify.recipients import Recipient

__all__ = [
    "DeliveryFailed",
    "Notification",
    "Notifier",
    "NotifierUnavailable",
]


@attrs.frozen(kw_only=True)
class Notification:
    """One event to deliver through one notifier, to one recipient or to the notifier's target.

    Attributes:
        delivery: the delivery's id (stable across attempts).
        event: the event. Its ``id`` is the idempotency key: a receiver that sees it twice
            (a dispatcher died between sending and recording) drops the second.
        recipient: the partner it goes to; None for a notifier with a target of its own.
        attempt: which attempt this is, from 1.
        message: what to say, composed for the recipient (see
            :func:`halt_core.notify.messages.compose`); None when the event has nothing
            to say to people (a notifier with a target of its own still gets it).

    """

    delivery: uuid.UUID
    event: Event
    recipient: Recipient | None = None
    attempt: int = 1
    message: Message | None = None

    def __attrs_post_init__(self) -> None:
        check_types(self)


class DeliveryFailed(HaltError):
    """A notifier could not deliver a notification.

    Attributes:
        reason: what went wrong, without secrets.
        retryable: whether a later attempt may succeed (a server down, a timeout, a 5xx or
            429 answer); False for a refusal that will not change (a 4xx answer, an address
            the mail server does not know): the delivery becomes a dead letter at once.
        retry_after: seconds the target asked to wait (``Retry-After``), if it did.

    """

    def __init__(
        self, reason: str, *, retryable: bool = True, retry_after: float | None = None
    ) -> None:
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        later = "it will be tried again" if retryable else "it will not be tried again"
        super().__init__(f"delivery failed: {reason}; {later}")

    def in_dutch(self) -> str:
        """``bezorging mislukt: ...; ze wordt opnieuw geprobeerd``."""
        later = (
            "ze wordt opnieuw geprobeerd" if self.retryable else "ze wordt niet opnieuw geprobeerd"
        )
        return f"bezorging mislukt: {PHRASEBOOK.say(self.reason)}; {later}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_delivery_failed, (self.reason, self.retryable, self.retry_after))


def _delivery_failed(reason: str, retryable: bool, retry_after: float | None) -> DeliveryFailed:
    return DeliveryFailed(reason, retryable=retryable, retry_after=retry_after)


class NotifierUnavailable(HaltError):
    """A notifier cannot be opened from its URL: the URL, a secret or the target is wrong.

    Raised before anything is claimed, so bad configuration never turns events into dead
    letters.

    Attributes:
        url: the notifier URL, secrets hidden.
        reason: what is wrong and what to do.

    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"cannot use notifier {url}: {reason}")

    def in_dutch(self) -> str:
        """``kan de notifier ... niet gebruiken: ...``."""
        return f"kan de notifier {self.url} niet gebruiken: {PHRASEBOOK.say(self.reason)}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.reason))


class Notifier(abc.ABC):
    """Delivers notifications to one kind of target; opened from a URL by its plugin.

    Subclasses set :attr:`name` and :attr:`for_partners` and implement :meth:`send`;
    :meth:`wants` and :meth:`close` have defaults. One notifier is used by one dispatcher
    thread at a time.

    Attributes:
        name: the URL it was opened with, secrets hidden (``redact_url``); it names the
            notifier in the store's deliveries, so it must stay the same between runs.
        for_partners: True when it delivers to each partner a route names (e-mail); False
            when it delivers every event once, to its own target (a webhook, the log).

    """

    name: str
    for_partners: bool = False

    def wants(self, event: Event) -> bool:
        """Whether to deliver ``event`` at all; every event by default."""
        return True

    @abc.abstractmethod
    def send(self, notification: Notification) -> None:
        """Deliver ``notification``, or raise :class:`DeliveryFailed`.

        Called outside any unit of work, with a bounded time: a notifier sets timeouts on
        whatever it waits for, well below :attr:`halt_core.notify.RetryPolicy.lease`.
        """

    def check(self) -> None:  # noqa: B027 - a notifier with no target to reach checks nothing
        """Check that the target can be reached, before anything is claimed.

        Raise :class:`NotifierUnavailable` saying what is wrong (a host that cannot be
        reached, a refused login). ``halt notify`` calls it for every notifier at start, so
        bad configuration is one clear line rather than a queue of failed attempts. The
        default checks nothing.
        """

    def close(self) -> None:  # noqa: B027 - a notifier with nothing to release needs no close
        """Release connections; the default has nothing to release."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
