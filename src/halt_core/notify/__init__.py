"""Notifications: telling the right partner, at the right time, that something changed.

The pure half of notification (the I/O is in :mod:`halt_adapters.notify`):

- :mod:`~halt_core.notify.routing`: who is told about which event (:class:`Route`,
  :data:`DEFAULT_ROUTES`, :func:`recipients`);
- :mod:`~halt_core.notify.messages`: what they are told, in Dutch or English, with calendar
  entries for invitations (:func:`compose`);
- :mod:`~halt_core.notify.deliveries`: what became of each delivery, and when to try again
  (:class:`Delivery`, :class:`RetryPolicy`);
- :mod:`~halt_core.notify.notifier`: the contract a notifier plugin implements
  (:class:`Notifier`, :class:`Notification`, :class:`DeliveryFailed`);
- :mod:`~halt_core.notify.cloudevents`: events as CloudEvents, signed.

Events reach notifiers through the store's outbox, so a notification is never lost: see the
how-to "Send notifications".
"""

from halt_core.notify.cloudevents import (
    SignatureInvalid,
    cloud_event,
    encode_cloud_event,
    sign,
    source_for_oin,
    verify_signature,
)
from halt_core.notify.deliveries import OWN_TARGET, Delivery, DeliveryState, RetryPolicy
from halt_core.notify.messages import CalendarEntry, Message, compose
from halt_core.notify.notifier import (
    DeliveryFailed,
    Notification,
    Notifier,
    NotifierUnavailable,
)
from halt_core.notify.recipients import Recipient
from halt_core.notify.records import Records
from halt_core.notify.routing import DEFAULT_ROUTES, Route, recipients

__all__ = [
    "DEFAULT_ROUTES",
    "OWN_TARGET",
    "CalendarEntry",
    "Delivery",
    "DeliveryFailed",
    "DeliveryState",
    "Message",
    "Notification",
    "Notifier",
    "NotifierUnavailable",
    "Recipient",
    "Records",
    "RetryPolicy",
    "Route",
    "SignatureInvalid",
    "cloud_event",
    "compose",
    "encode_cloud_event",
    "recipients",
    "sign",
    "source_for_oin",
    "verify_signature",
]
