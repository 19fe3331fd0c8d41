"""Domain events: what happened in Halt's network, to which subject, when and by whom.

Every lifecycle transition (:mod:`halt_core.lifecycle`) returns one of these next to the new
value. An event is an immutable attrs value like the model, serialised by the one converter
(:func:`~halt_core.serialization.to_json`), and carries the data a listener needs to act on
it: the sessions that were planned, the outcome that was decided, the reason work was
declined. Each class has a stable type name, ``nl.halt.<subject>.<what happened>``, written
into every document as ``type``; :func:`event_from_json` and :func:`event_from_dict` read that
key and decode into the right class::

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
written; show it in Dutch time with ``event.occurred_at.astimezone(AMSTERDAM)``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs
import msgspec

from halt_core.errors import InvalidDocument, InvalidValue, Problem, _short_repr
from halt_core.ids import CollaborationId, EventId, InterventionId, ReferralId
from halt_core.model._checks import Validator, aware_datetime, check_types, fail, text
from halt_core.model.collaborations import CollaborationStatus
from halt_core.model.interventions import Evaluation, InterventionStatus, Session
from halt_core.model.periods import Period, in_instant_range
from halt_core.model.referrals import Outcome, OutcomeResult, ReferralStatus
from halt_core.serialization import _TOO_DEEP, _json_bytes, from_dict, from_json

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

_REASON_LENGTH = 1000


def _at_least_one(instance: object, attribute: Any, value: tuple[object, ...]) -> None:
    if isinstance(value, tuple) and not value:
        raise fail(instance, attribute, value, "expected at least one session")


def _outcome_with(result: OutcomeResult) -> Validator:
    def check(instance: object, attribute: Any, value: Outcome) -> None:
        if isinstance(value, Outcome) and value.result is not result:
            raise fail(instance, attribute, value, f"expected an outcome with result {result!r}")

    return check


# -- the bases ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened in Halt's network; the base of every event.

    Not built directly: each subclass is one kind of event with its own :attr:`type`.

    Attributes:
        id: the event's id; a store keeps each event once by it.
        occurred_at: when it happened, with a time zone; kept in UTC.
        actor: who did it: a staff code or the name of a system, at most 100 characters.

    """

    id: EventId
    occurred_at: dt.datetime = attrs.field(validator=aware_datetime)
    actor: str = attrs.field(validator=text(100))

    def __attrs_post_init__(self) -> None:
        if type(self) in _ABSTRACT:
            raise TypeError(
                f"{type(self).__name__} is the base of a family of events; build one of its "
                "subclasses, e.g. InterventionScheduled, or read one with event_from_json"
            )
        check_types(self)
        if not in_instant_range(self.occurred_at):
            raise InvalidValue(
                type(self).__name__,
                "occurred_at",
                self.occurred_at,
                "expected a moment from 1970-01-01 00:00 UTC to the end of 2199-12-31 UTC",
            )
        # The instant stays; the zone becomes UTC (see the module docstring for why).
        object.__setattr__(self, "occurred_at", self.occurred_at.astimezone(dt.UTC))

    @property
    def type(self) -> str:
        """The stable type name, e.g. ``nl.halt.intervention.scheduled``.

        Every concrete event class replaces this with a field of the same name.
        """
        return _type_name(type(self))

    @property
    def subject(self) -> uuid.UUID:
        """The id of the value the event happened to (CloudEvents' ``subject``).

        Every family of events replaces this with the id of its kind of subject.
        """
        return self.id


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

    intervention: InterventionId
    from_status: InterventionStatus
    to_status: InterventionStatus

    @property
    def subject(self) -> uuid.UUID:
        """The intervention's id."""
        return self.intervention


@attrs.frozen(kw_only=True)
class CollaborationEvent(Event):
    """Something that happened to a collaboration.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        collaboration: the collaboration it happened to.
        from_status: the collaboration's status before.
        to_status: the collaboration's status after.

    """

    collaboration: CollaborationId
    from_status: CollaborationStatus
    to_status: CollaborationStatus

    @property
    def subject(self) -> uuid.UUID:
        """The collaboration's id."""
        return self.collaboration


@attrs.frozen(kw_only=True)
class ReferralEvent(Event):
    """Something that happened to a referral.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral it happened to.
        from_status: the referral's status before.
        to_status: the referral's status after.

    """

    referral: ReferralId
    from_status: ReferralStatus
    to_status: ReferralStatus

    @property
    def subject(self) -> uuid.UUID:
        """The referral's id."""
        return self.referral


# -- preventive interventions -------------------------------------------------------------------


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

    type: Literal["nl.halt.intervention.intake_started"] = "nl.halt.intervention.intake_started"


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

    type: Literal["nl.halt.intervention.agreed"] = "nl.halt.intervention.agreed"
    period: Period


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
        sessions: the planned sessions, at least one.

    """

    type: Literal["nl.halt.intervention.scheduled"] = "nl.halt.intervention.scheduled"
    sessions: tuple[Session, ...] = attrs.field(validator=_at_least_one)


@attrs.frozen(kw_only=True)
class InterventionRescheduled(InterventionEvent):
    """The sessions of planned work were replaced by new ones.

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

    """

    type: Literal["nl.halt.intervention.rescheduled"] = "nl.halt.intervention.rescheduled"
    sessions: tuple[Session, ...] = attrs.field(validator=_at_least_one)
    previous_sessions: tuple[Session, ...] = ()


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

    type: Literal["nl.halt.intervention.delivered"] = "nl.halt.intervention.delivered"


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

    type: Literal["nl.halt.intervention.evaluated"] = "nl.halt.intervention.evaluated"
    evaluation: Evaluation


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

    type: Literal["nl.halt.intervention.declined"] = "nl.halt.intervention.declined"
    reason: str = attrs.field(validator=text(_REASON_LENGTH))


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

    type: Literal["nl.halt.intervention.cancelled"] = "nl.halt.intervention.cancelled"
    reason: str = attrs.field(validator=text(_REASON_LENGTH))


# -- collaborations -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CollaborationActivated(CollaborationEvent):
    """A proposed collaboration was agreed and started running.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        collaboration: the collaboration.
        from_status: ``proposed``.
        to_status: ``active``.
        type: ``nl.halt.collaboration.activated``.

    """

    type: Literal["nl.halt.collaboration.activated"] = "nl.halt.collaboration.activated"


@attrs.frozen(kw_only=True)
class CollaborationSuspended(CollaborationEvent):
    """A running collaboration was paused.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        collaboration: the collaboration.
        from_status: ``active``.
        to_status: ``suspended``.
        type: ``nl.halt.collaboration.suspended``.
        reason: why, in a few words.

    """

    type: Literal["nl.halt.collaboration.suspended"] = "nl.halt.collaboration.suspended"
    reason: str = attrs.field(validator=text(_REASON_LENGTH))


@attrs.frozen(kw_only=True)
class CollaborationResumed(CollaborationEvent):
    """A paused collaboration runs again.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        collaboration: the collaboration.
        from_status: ``suspended``.
        to_status: ``active``.
        type: ``nl.halt.collaboration.resumed``.

    """

    type: Literal["nl.halt.collaboration.resumed"] = "nl.halt.collaboration.resumed"


@attrs.frozen(kw_only=True)
class CollaborationEnded(CollaborationEvent):
    """A collaboration is over.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        collaboration: the collaboration.
        from_status: ``proposed``, ``active`` or ``suspended``.
        to_status: ``ended``.
        type: ``nl.halt.collaboration.ended``.
        ended_on: its last day, now the end of its period.

    """

    type: Literal["nl.halt.collaboration.ended"] = "nl.halt.collaboration.ended"
    ended_on: dt.date


# -- referrals ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReferralIntakeStarted(ReferralEvent):
    """The intake with the youth and the parents started.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``received``.
        to_status: ``intake``.
        type: ``nl.halt.referral.intake_started``.

    """

    type: Literal["nl.halt.referral.intake_started"] = "nl.halt.referral.intake_started"


@attrs.frozen(kw_only=True)
class ReferralAgreementsMade(ReferralEvent):
    """Agreements were made with the youth: apologies, repair of damage, assignments.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``intake``.
        to_status: ``agreements_made``.
        type: ``nl.halt.referral.agreements_made``.

    """

    type: Literal["nl.halt.referral.agreements_made"] = "nl.halt.referral.agreements_made"


@attrs.frozen(kw_only=True)
class ReferralCarriedOut(ReferralEvent):
    """The youth carried out the agreements; the decision is next.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``agreements_made``.
        to_status: ``carried_out``.
        type: ``nl.halt.referral.carried_out``.

    """

    type: Literal["nl.halt.referral.carried_out"] = "nl.halt.referral.carried_out"


@attrs.frozen(kw_only=True)
class ReferralCompleted(ReferralEvent):
    """The Halt settlement ended positively: the youth is not prosecuted.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``carried_out``.
        to_status: ``completed``.
        type: ``nl.halt.referral.completed``.
        outcome: the positive outcome, as the public prosecutor is to be told.

    """

    type: Literal["nl.halt.referral.completed"] = "nl.halt.referral.completed"
    outcome: Outcome = attrs.field(validator=_outcome_with(OutcomeResult.POSITIVE))


@attrs.frozen(kw_only=True)
class ReferralReturned(ReferralEvent):
    """The Halt settlement ended negatively: back to the referrer and the public prosecutor.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``agreements_made`` or ``carried_out``.
        to_status: ``returned``.
        type: ``nl.halt.referral.returned``.
        outcome: the negative outcome.
        reason: why it was returned, in a few words.

    """

    type: Literal["nl.halt.referral.returned"] = "nl.halt.referral.returned"
    outcome: Outcome = attrs.field(validator=_outcome_with(OutcomeResult.NEGATIVE))
    reason: str = attrs.field(validator=text(_REASON_LENGTH))


@attrs.frozen(kw_only=True)
class ReferralRefused(ReferralEvent):
    """The referral did not meet the conditions of a Halt settlement.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``received`` or ``intake``.
        to_status: ``refused``.
        type: ``nl.halt.referral.refused``.
        reason: which condition it did not meet, in a few words.

    """

    type: Literal["nl.halt.referral.refused"] = "nl.halt.referral.refused"
    reason: str = attrs.field(validator=text(_REASON_LENGTH))


_ABSTRACT: frozenset[type[Event]] = frozenset(
    {Event, InterventionEvent, CollaborationEvent, ReferralEvent}
)


def _type_name(cls: type[Event]) -> str:
    default = attrs.fields_dict(cls)["type"].default
    assert isinstance(default, str)  # every concrete event spells its name as the default
    return default


EVENT_TYPES: Mapping[str, type[Event]] = MappingProxyType(
    {
        _type_name(cls): cls
        for cls in (
            InterventionIntakeStarted,
            InterventionAgreed,
            InterventionScheduled,
            InterventionRescheduled,
            InterventionDelivered,
            InterventionEvaluated,
            InterventionDeclined,
            InterventionCancelled,
            CollaborationActivated,
            CollaborationSuspended,
            CollaborationResumed,
            CollaborationEnded,
            ReferralIntakeStarted,
            ReferralAgreementsMade,
            ReferralCarriedOut,
            ReferralCompleted,
            ReferralReturned,
            ReferralRefused,
        )
    }
)
"""Every kind of event by its type name, e.g. ``"nl.halt.referral.completed"``."""


# -- reading any event --------------------------------------------------------------------------


class _Head(msgspec.Struct):
    # Reads only the type of a JSON event; msgspec skips the other keys.
    type: Any = None


_HEAD = msgspec.json.Decoder(_Head)


def event_from_json(data: bytes | bytearray | memoryview | str) -> Event:
    """Decode a JSON event of any kind, choosing the class by its ``type`` key.

    Raises :class:`~halt_core.errors.InvalidDocument` when the data is not JSON, not an
    object, has no known ``type`` (the error lists the known ones), or is not a valid event
    of its type (the error lists every bad path, as :func:`~halt_core.serialization.from_json`
    does).
    """
    raw = data if type(data) is bytes else _json_bytes(data, Event)
    try:
        head = _HEAD.decode(raw)  # reads only the type, skipping the rest
    except msgspec.ValidationError:  # valid JSON, but not an object (a subclass: first)
        raise InvalidDocument("Event", [_NOT_AN_OBJECT]) from None
    except msgspec.DecodeError as exc:
        raise InvalidDocument("Event", [Problem("$", f"not valid JSON: {exc}")]) from None
    except RecursionError:  # msgspec guards its recursion while it skips
        raise InvalidDocument("Event", [_TOO_DEEP]) from None
    return from_json(raw, _class_of(head.type))


def event_from_dict(data: Any) -> Event:
    """Build an event of any kind from JSON-safe ``data``, choosing the class by its ``type``.

    Raises :class:`~halt_core.errors.InvalidDocument` as :func:`event_from_json` does.
    """
    if not isinstance(data, Mapping):
        raise InvalidDocument("Event", [_NOT_AN_OBJECT])
    return from_dict(data, _class_of(data.get("type")))


_NOT_AN_OBJECT = Problem("$", "expected an object with a 'type', like the output of to_json(event)")


def _class_of(type_name: object) -> type[Event]:
    cls = EVENT_TYPES.get(type_name) if isinstance(type_name, str) else None
    if cls is not None:
        return cls
    known = ", ".join(repr(name) for name in EVENT_TYPES)
    found = (
        "required field missing"
        if type_name is None
        else f"unknown event type {_short_repr(type_name)}"
    )
    raise InvalidDocument("Event", [Problem("$.type", f"{found}; expected one of {known}")])
