"""The lifecycle of a collaboration: proposed, active, suspended for a while, ended.

Each function takes a :class:`~halt_core.model.Collaboration`, who acts (``by``), when
(``at``) and the data the step needs, and returns the new collaboration with the event that
says what happened. See :data:`COLLABORATION_LIFECYCLE` for the states and steps.
"""

from __future__ import annotations

import datetime as dt

import attrs

from halt_core.events import (
    CollaborationActivated,
    CollaborationEnded,
    CollaborationResumed,
    CollaborationSuspended,
)
from halt_core.ids import EventId
from halt_core.lifecycle._steps import Step, begin, given_day, given_reason
from halt_core.lifecycle.machine import Lifecycle, Transition
from halt_core.model.collaborations import Collaboration, CollaborationStatus
from halt_core.model.periods import Period

__all__ = [
    "COLLABORATION_LIFECYCLE",
    "activate_collaboration",
    "end_collaboration",
    "resume_collaboration",
    "suspend_collaboration",
]


def activate_collaboration(
    collaboration: Collaboration, *, by: str, at: dt.datetime, event_id: EventId | None = None
) -> tuple[Collaboration, CollaborationActivated]:
    """Start a proposed collaboration: the parties agreed.

    ``proposed`` to ``active``. Pass ``event_id`` for a fixed event id; a random one otherwise.
    """
    step = _begin("activate", collaboration, by, at, event_id)
    event = step.event(CollaborationActivated, collaboration)
    return attrs.evolve(collaboration, status=step.target), event


def suspend_collaboration(
    collaboration: Collaboration,
    *,
    reason: str,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Collaboration, CollaborationSuspended]:
    """Pause a running collaboration, saying why.

    ``active`` to ``suspended``. Refused without a reason; the reason travels in the event.
    """
    step = _begin("suspend", collaboration, by, at, event_id)
    event = step.event(
        CollaborationSuspended,
        collaboration,
        reason=given_reason(step, reason),
    )
    return attrs.evolve(collaboration, status=step.target), event


def resume_collaboration(
    collaboration: Collaboration, *, by: str, at: dt.datetime, event_id: EventId | None = None
) -> tuple[Collaboration, CollaborationResumed]:
    """Let a paused collaboration run again.

    ``suspended`` to ``active``.
    """
    step = _begin("resume", collaboration, by, at, event_id)
    event = step.event(CollaborationResumed, collaboration)
    return attrs.evolve(collaboration, status=step.target), event


def end_collaboration(
    collaboration: Collaboration,
    *,
    on: dt.date,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Collaboration, CollaborationEnded]:
    """End a collaboration on the day ``on``, which becomes the end of its period.

    ``proposed``, ``active`` or ``suspended`` to ``ended``. Refused when ``on`` is not a day
    or lies before the period's start.
    """
    step = _begin("end", collaboration, by, at, event_id)
    last_day = given_day(step, "on", on, "date(2025, 12, 31)")
    start = collaboration.period.start
    if last_day < start:
        raise step.refused(
            f"it would end on {last_day.isoformat()}, before its period starts on "
            f"{start.isoformat()}",
            f"end it on {start.isoformat()} or later",
        )
    event = step.event(
        CollaborationEnded,
        collaboration,
        ended_on=last_day,
    )
    period = Period(start=start, end=last_day)
    return attrs.evolve(collaboration, status=step.target, period=period), event


def _begin(
    name: str,
    collaboration: Collaboration,
    by: str,
    at: dt.datetime,
    event_id: EventId | None,
) -> Step[CollaborationStatus]:
    function = COLLABORATION_LIFECYCLE.transition(name).function.__name__
    return begin(
        COLLABORATION_LIFECYCLE,
        name,
        collaboration.status,
        collaboration.id,
        by=by,
        at=at,
        event_id=event_id,
        function=function,
    )


COLLABORATION_LIFECYCLE: Lifecycle[CollaborationStatus] = Lifecycle(
    subject="collaboration",
    states=CollaborationStatus,
    initial=CollaborationStatus.PROPOSED,
    transitions=(
        Transition(
            name="activate",
            sources=(CollaborationStatus.PROPOSED,),
            target=CollaborationStatus.ACTIVE,
            event=CollaborationActivated,
            function=activate_collaboration,
            summary="The parties agreed; the collaboration runs.",
        ),
        Transition(
            name="suspend",
            sources=(CollaborationStatus.ACTIVE,),
            target=CollaborationStatus.SUSPENDED,
            event=CollaborationSuspended,
            function=suspend_collaboration,
            needs=("reason",),
            summary="The collaboration is paused for a while.",
        ),
        Transition(
            name="resume",
            sources=(CollaborationStatus.SUSPENDED,),
            target=CollaborationStatus.ACTIVE,
            event=CollaborationResumed,
            function=resume_collaboration,
            summary="A paused collaboration runs again.",
        ),
        Transition(
            name="end",
            sources=(
                CollaborationStatus.PROPOSED,
                CollaborationStatus.ACTIVE,
                CollaborationStatus.SUSPENDED,
            ),
            target=CollaborationStatus.ENDED,
            event=CollaborationEnded,
            function=end_collaboration,
            needs=("on",),
            sets=("period",),
            summary="The collaboration is over; its period ends on the given day, not before "
            "it starts.",
        ),
    ),
)
"""How a collaboration moves from proposal to its end (see :doc:`/lifecycles`)."""
