"""The events of a preventive intervention, one for each step of its lifecycle.

Each is returned by a transition of :mod:`halt_core.lifecycle.interventions`, next to the
intervention it changed.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

import attrs

from halt_core.errors import InvalidValue
from halt_core.events.base import _REASON_LENGTH, Event, _family
from halt_core.ids import InterventionId, SessionId
from halt_core.model._categories import FREE_TEXT, ORGANISATIONAL, PROFESSIONAL_CONTACT
from halt_core.model._checks import fail, text
from halt_core.model.interventions import (
    Evaluation,
    InterventionStatus,
    Session,
    with_session_ids,
)
from halt_core.model.periods import Period

__all__ = [
    "InterventionAgreed",
    "InterventionCancelled",
    "InterventionDeclined",
    "InterventionDelivered",
    "InterventionEvaluated",
    "InterventionEvent",
    "InterventionIntakeStarted",
    "InterventionRescheduled",
    "InterventionScheduled",
]


def _at_least_one(instance: object, attribute: Any, value: tuple[object, ...]) -> None:
    if isinstance(value, tuple) and not value:
        raise fail(instance, attribute, value, "expected at least one session")


@_family
@attrs.frozen(kw_only=True)
class InterventionEvent(Event):
    """Something that happened to a preventive intervention.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        intervention: the intervention it happened to.
        from_status: the intervention's status before.
        to_status: the intervention's status after.

    """

    intervention: InterventionId = attrs.field(metadata=ORGANISATIONAL)
    from_status: InterventionStatus = attrs.field(metadata=ORGANISATIONAL)
    to_status: InterventionStatus = attrs.field(metadata=ORGANISATIONAL)

    @property
    def subject(self) -> uuid.UUID:
        """The intervention's id."""
        return self.intervention


@attrs.frozen(kw_only=True)
class InterventionIntakeStarted(InterventionEvent):
    """Halt and the commissioning client started exploring the question.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        intervention: the intervention.
        from_status: ``requested``.
        to_status: ``intake``.
        type: ``nl.halt.intervention.intake_started``.

    """

    type: Literal["nl.halt.intervention.intake_started"] = attrs.field(
        default="nl.halt.intervention.intake_started", metadata=ORGANISATIONAL
    )


@attrs.frozen(kw_only=True)
class InterventionAgreed(InterventionEvent):
    """The work was agreed for a period.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        intervention: the intervention.
        from_status: ``intake``.
        to_status: ``agreed``.
        type: ``nl.halt.intervention.agreed``.
        period: the period agreed for the work.

    """

    type: Literal["nl.halt.intervention.agreed"] = attrs.field(
        default="nl.halt.intervention.agreed", metadata=ORGANISATIONAL
    )
    period: Period = attrs.field(metadata=ORGANISATIONAL)


@attrs.frozen(kw_only=True)
class InterventionScheduled(InterventionEvent):
    """The sessions of agreed work were planned.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        intervention: the intervention.
        from_status: ``agreed``.
        to_status: ``scheduled``.
        type: ``nl.halt.intervention.scheduled``.
        sessions: the planned sessions, at least one, each with its id (a session without
            one gets the id its intervention gives it).

    """

    type: Literal["nl.halt.intervention.scheduled"] = attrs.field(
        default="nl.halt.intervention.scheduled", metadata=ORGANISATIONAL
    )
    sessions: tuple[Session, ...] = attrs.field(
        validator=_at_least_one, metadata=PROFESSIONAL_CONTACT
    )

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _give_ids(self, "sessions")


@attrs.frozen(kw_only=True)
class InterventionRescheduled(InterventionEvent):
    """The sessions of planned work were planned again: some moved, some added, some dropped.

    A session keeps its id when it is moved, so :attr:`moved`, :attr:`added` and
    :attr:`dropped` say by id what changed between :attr:`previous_sessions` and
    :attr:`sessions`. They are worked out from those two when left out (as in events stored
    before sessions had ids); when given, they must agree with them.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        intervention: the intervention.
        from_status: ``scheduled``.
        to_status: ``scheduled``.
        type: ``nl.halt.intervention.rescheduled``.
        sessions: the sessions now planned, at least one.
        previous_sessions: the sessions planned before, so a listener can tell what moved.
        moved: the ids of sessions planned before and still planned, but changed (another
            time, place or trainer), in the order of :attr:`sessions`.
        added: the ids of the sessions planned now that were not planned before.
        dropped: the ids of the sessions planned before that are not planned any more (the
            intervention keeps them in its ``dropped_sessions``).

    """

    type: Literal["nl.halt.intervention.rescheduled"] = attrs.field(
        default="nl.halt.intervention.rescheduled", metadata=ORGANISATIONAL
    )
    sessions: tuple[Session, ...] = attrs.field(
        validator=_at_least_one, metadata=PROFESSIONAL_CONTACT
    )
    previous_sessions: tuple[Session, ...] = attrs.field(default=(), metadata=PROFESSIONAL_CONTACT)
    moved: tuple[SessionId, ...] = attrs.field(default=(), metadata=ORGANISATIONAL)
    added: tuple[SessionId, ...] = attrs.field(default=(), metadata=ORGANISATIONAL)
    dropped: tuple[SessionId, ...] = attrs.field(default=(), metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _give_ids(self, "sessions")
        _give_ids(self, "previous_sessions")
        before = {s.id: s for s in self.previous_sessions}
        now = {s.id for s in self.sessions}
        changes = {
            "moved": tuple(s.id for s in self.sessions if s.id in before and before[s.id] != s),
            "added": tuple(s.id for s in self.sessions if s.id not in before),
            "dropped": tuple(s.id for s in self.previous_sessions if s.id not in now),
        }
        if not (self.moved or self.added or self.dropped):
            for name, ids in changes.items():
                object.__setattr__(self, name, ids)
            return
        for name, ids in changes.items():
            if getattr(self, name) != ids:
                raise InvalidValue(
                    type(self).__name__,
                    name,
                    getattr(self, name),
                    f"must agree with the sessions before and after: expected {len(ids)} "
                    f"id(s), {', '.join(map(str, ids)) or 'none'}; leave it out to have it "
                    "worked out",
                )


def _give_ids(event: InterventionEvent, name: str) -> None:
    """Give the sessions in field ``name`` of ``event`` without an id theirs."""
    sessions = getattr(event, name)
    given = with_session_ids(event.intervention, sessions)
    if given is not sessions:
        object.__setattr__(event, name, given)


@attrs.frozen(kw_only=True)
class InterventionDelivered(InterventionEvent):
    """The planned sessions took place.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        intervention: the intervention.
        from_status: ``scheduled``.
        to_status: ``delivered``.
        type: ``nl.halt.intervention.delivered``.

    """

    type: Literal["nl.halt.intervention.delivered"] = attrs.field(
        default="nl.halt.intervention.delivered", metadata=ORGANISATIONAL
    )


@attrs.frozen(kw_only=True)
class InterventionEvaluated(InterventionEvent):
    """Delivered work was evaluated with the commissioning client.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        intervention: the intervention.
        from_status: ``delivered``.
        to_status: ``evaluated``.
        type: ``nl.halt.intervention.evaluated``.
        evaluation: how it went.

    """

    type: Literal["nl.halt.intervention.evaluated"] = attrs.field(
        default="nl.halt.intervention.evaluated", metadata=ORGANISATIONAL
    )
    evaluation: Evaluation = attrs.field(metadata=FREE_TEXT)


@attrs.frozen(kw_only=True)
class InterventionDeclined(InterventionEvent):
    """Halt or the client decided not to do the work.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        intervention: the intervention.
        from_status: ``requested`` or ``intake``.
        to_status: ``declined``.
        type: ``nl.halt.intervention.declined``.
        reason: why, in a few words.

    """

    type: Literal["nl.halt.intervention.declined"] = attrs.field(
        default="nl.halt.intervention.declined", metadata=ORGANISATIONAL
    )
    reason: str = attrs.field(validator=text(_REASON_LENGTH), metadata=FREE_TEXT)


@attrs.frozen(kw_only=True)
class InterventionCancelled(InterventionEvent):
    """Agreed or planned work was called off.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        intervention: the intervention.
        from_status: ``agreed`` or ``scheduled``.
        to_status: ``cancelled``.
        type: ``nl.halt.intervention.cancelled``.
        reason: why, in a few words.

    """

    type: Literal["nl.halt.intervention.cancelled"] = attrs.field(
        default="nl.halt.intervention.cancelled", metadata=ORGANISATIONAL
    )
    reason: str = attrs.field(validator=text(_REASON_LENGTH), metadata=FREE_TEXT)
