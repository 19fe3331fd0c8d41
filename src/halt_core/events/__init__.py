"""Domain events: what happened in Halt's network, to which subject, when and by whom.

Every lifecycle transition (:mod:`halt_core.lifecycle`) returns one of these next to the new
value; so do the functions that plan, move and cancel a forum's meetings, which have no
lifecycle (:mod:`halt_core.lifecycle.meetings`). An event is an immutable attrs value like the
model, serialised by the one converter (:func:`~halt_core.serialization.to_json`), and carries
the data a listener needs to act on it: the sessions that were planned, the outcome that was
decided, the reason work was declined, where and when a meeting now is. Each class has a
stable type name, ``nl.halt.<subject>.<what happened>``, written into every document as
``type``; :func:`event_from_json` and :func:`event_from_dict` read that key and decode into
the right class::

    >>> from halt_core.events import EVENT_TYPES
    >>> EVENT_TYPES["nl.halt.intervention.scheduled"].__name__
    'InterventionScheduled'

The names are chosen to map onto CloudEvents later: ``type`` is the event's type,
``subject`` its :attr:`Event.subject`, ``id`` and ``time`` its :attr:`~Event.id` and
:attr:`~Event.occurred_at`.

Moments are kept in UTC: an event is a point on one time line, so two events compare and sort
by the instant they happened, also around the DST changes, where two wall times of
Europe/Amsterdam can name different instants. Whatever zone :attr:`~Event.occurred_at` arrives
in, the instant is kept and the zone becomes UTC, so a value read back from JSON equals the one
written; show it in Dutch time with ``event.occurred_at.astimezone(AMSTERDAM)``. The times an
event carries as data (a session's or a meeting's start and end) stay in Europe/Amsterdam, as
the model keeps them.

The classes are kept in one module per family of events, each with the base class of its
family: :mod:`~halt_core.events.interventions`, :mod:`~halt_core.events.collaborations`,
:mod:`~halt_core.events.referrals`, :mod:`~halt_core.events.meetings` and
:mod:`~halt_core.events.partners`; a delivery given up
on is reported by :mod:`~halt_core.events.notifications`. :class:`Event`, the
base of them all, is in :mod:`~halt_core.events.base`; :data:`EVENT_TYPES` and the functions
that read any event are in :mod:`~halt_core.events.reading`. Every name is importable from
here.
"""

from halt_core.events.base import Event
from halt_core.events.collaborations import (
    CollaborationActivated,
    CollaborationEnded,
    CollaborationEvent,
    CollaborationResumed,
    CollaborationSuspended,
)
from halt_core.events.interventions import (
    InterventionAgreed,
    InterventionCancelled,
    InterventionDeclined,
    InterventionDelivered,
    InterventionEvaluated,
    InterventionEvent,
    InterventionIntakeStarted,
    InterventionRescheduled,
    InterventionScheduled,
)
from halt_core.events.meetings import (
    MeetingCancelled,
    MeetingEvent,
    MeetingMoved,
    MeetingPlanned,
)
from halt_core.events.notifications import NotificationEvent, NotificationParked
from halt_core.events.partners import PartnerEnded, PartnerEvent
from halt_core.events.reading import EVENT_TYPES, event_from_dict, event_from_json
from halt_core.events.referrals import (
    ReferralAgreementsMade,
    ReferralCarriedOut,
    ReferralCompleted,
    ReferralEvent,
    ReferralIntakeStarted,
    ReferralRefused,
    ReferralReturned,
)

__all__ = [
    "EVENT_TYPES",
    "CollaborationActivated",
    "CollaborationEnded",
    "CollaborationEvent",
    "CollaborationResumed",
    "CollaborationSuspended",
    "Event",
    "InterventionAgreed",
    "InterventionCancelled",
    "InterventionDeclined",
    "InterventionDelivered",
    "InterventionEvaluated",
    "InterventionEvent",
    "InterventionIntakeStarted",
    "InterventionRescheduled",
    "InterventionScheduled",
    "MeetingCancelled",
    "MeetingEvent",
    "MeetingMoved",
    "MeetingPlanned",
    "NotificationEvent",
    "NotificationParked",
    "PartnerEnded",
    "PartnerEvent",
    "ReferralAgreementsMade",
    "ReferralCarriedOut",
    "ReferralCompleted",
    "ReferralEvent",
    "ReferralIntakeStarted",
    "ReferralRefused",
    "ReferralReturned",
    "event_from_dict",
    "event_from_json",
]
