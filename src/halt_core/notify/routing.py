"""Who is told what: routes from events to the partners that need to know.

A :class:`Route` names the event types it handles and picks, for one event, the partners to
tell, reading the records the event is about. The built-in routes (:data:`DEFAULT_ROUTES`):

========================  ==========================================  =====================
route                     events                                      partners
========================  ==========================================  =====================
``school``                a lesson or advice planned, moved,          the intervention's
                          cancelled                                   school (else its
                                                                      commissioner)
``commissioner``          every status change of an intervention      its commissioner
``members``               a meeting planned, moved or cancelled       the forum's members
``referrer``              a referral completed, returned or refused   the referrer, as a
                                                                      reference only
========================  ==========================================  =====================

A partner named by two routes is told once. Plugins add routes with the hook
``halt_notification_routes``. Notifiers with a target of their own (a webhook, the log) get
every event once, whatever the routes say.

Routes say who is told; what each is told is the sharing policy's to decide, when the
message is composed (:func:`halt_core.notify.compose`): a referral is told as its id and
its new status, and only to whom the policy allows (under the default policy, the
referrer); a route that names anyone else gets nothing to send (see
:mod:`halt_core.notify.messages`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence

import attrs

from halt_core.events import (
    EVENT_TYPES,
    Event,
    InterventionCancelled,
    InterventionEvent,
    InterventionRescheduled,
    InterventionScheduled,
    ReferralCompleted,
    ReferralEvent,
    ReferralRefused,
    ReferralReturned,
)
from halt_core.ids import PartnerId
from halt_core.model import Forum, Intervention, InterventionKind, Partner, Referral
from halt_core.notify.recipients import Recipient
from halt_core.notify.records import Records

__all__ = [
    "DEFAULT_ROUTES",
    "PLANNED_WORK",
    "Route",
    "recipients",
]


@attrs.frozen(kw_only=True)
class Route:
    """One rule of who is told about which events.

    Attributes:
        name: a short name, also the recipient's ``reason``, e.g. ``"school"``.
        event_types: the type names of the events it handles, e.g.
            ``{"nl.halt.meeting.moved"}``; empty for every event.
        select: given an event and the records, the ids of the partners to tell.
        description: what it does, in a sentence, for the docs and ``halt notify routes``.

    """

    name: str
    event_types: frozenset[str]
    select: Callable[[Event, Records], Iterable[PartnerId]] = attrs.field(repr=False)
    description: str = ""

    def handles(self, event: Event) -> bool:
        """Whether this route is about ``event``'s type."""
        return not self.event_types or event.type in self.event_types


PLANNED_WORK = frozenset(
    {
        InterventionKind.INFORMATION_LESSON,
        InterventionKind.SCHOOL_SAFETY_ADVICE,
        InterventionKind.SAFE_PUBLIC_TASK,
    }
)
"""The kinds of intervention whose sessions a school plans in its calendar."""


def _school(event: Event, records: Records) -> Iterable[PartnerId]:
    if not isinstance(event, InterventionEvent):
        return ()
    intervention = records.find(Intervention, event.intervention)
    if intervention is None or intervention.kind not in PLANNED_WORK:
        return ()
    chosen = intervention.school or intervention.commissioner
    return (chosen,) if chosen is not None else ()


def _commissioner(event: Event, records: Records) -> Iterable[PartnerId]:
    if not isinstance(event, InterventionEvent):
        return ()
    intervention = records.find(Intervention, event.intervention)
    if intervention is None or intervention.commissioner is None:
        return ()
    return (intervention.commissioner,)


def _members(event: Event, records: Records) -> Iterable[PartnerId]:
    forum_id = getattr(event, "forum", None)  # the meeting events carry their forum
    if not isinstance(forum_id, uuid.UUID):
        return ()
    forum = records.find(Forum, forum_id)
    return forum.members if forum is not None else ()


def _referrer(event: Event, records: Records) -> Iterable[PartnerId]:
    if not isinstance(event, ReferralEvent):
        return ()
    referral = records.find(Referral, event.referral)
    return (referral.referrer,) if referral is not None else ()


def _types(*classes: type[Event]) -> frozenset[str]:
    return frozenset(name for name, cls in EVENT_TYPES.items() if cls in classes)


_MEETING_TYPES = frozenset(
    {"nl.halt.meeting.planned", "nl.halt.meeting.moved", "nl.halt.meeting.cancelled"}
)

DEFAULT_ROUTES: tuple[Route, ...] = (
    Route(
        name="school",
        event_types=_types(InterventionScheduled, InterventionRescheduled, InterventionCancelled),
        select=_school,
        description="Lessons and advice planned, moved or cancelled: the school (or, without "
        "one, the commissioner), with a calendar invitation.",
    ),
    Route(
        name="commissioner",
        event_types=frozenset(
            name for name, cls in EVENT_TYPES.items() if issubclass(cls, InterventionEvent)
        ),
        select=_commissioner,
        description="Every status change of an intervention: its commissioner.",
    ),
    Route(
        name="members",
        event_types=_MEETING_TYPES,
        select=_members,
        description="Meetings planned, moved or cancelled: the forum's members, with a "
        "calendar invitation.",
    ),
    Route(
        name="referrer",
        event_types=_types(ReferralCompleted, ReferralReturned, ReferralRefused),
        select=_referrer,
        description="A referral completed, returned or refused: the referrer, told the "
        "referral's id and status only.",
    ),
)
"""The built-in routes, in the order their reasons are listed."""


def recipients(
    event: Event, records: Records, routes: Sequence[Route] = DEFAULT_ROUTES
) -> tuple[Recipient, ...]:
    """The partners to tell about ``event``, each once, in the order the routes name them.

    A partner named by several routes is told once, its ``reason`` listing the routes
    (``"school, commissioner"``). A partner id no record has is skipped: a notification
    cannot reach it, and the rules report the dangling reference.
    """
    reasons: dict[PartnerId, list[str]] = {}
    for route in routes:
        if not route.handles(event):
            continue
        for partner_id in route.select(event, records):
            named = reasons.setdefault(partner_id, [])
            if route.name not in named:
                named.append(route.name)
    found = []
    for partner_id, why in reasons.items():
        partner = records.find(Partner, partner_id)
        if partner is None:
            continue
        email = next((c.email for c in partner.contact_points if c.email), None)
        found.append(
            Recipient(
                partner=partner.id,
                name=partner.name,
                email=email,
                language=partner.language,
                reason=", ".join(why),
            )
        )
    return tuple(found)
