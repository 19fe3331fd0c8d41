"""Reading any event: the classes by their type names, and a decoder that picks the class.

A document says what it is in its ``type`` key; :func:`event_from_json` and
:func:`event_from_dict` read that key and decode the rest into the class
:data:`EVENT_TYPES` names.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import msgspec

from halt_core.errors import InvalidDocument, Problem
from halt_core.errors._showing import short_repr
from halt_core.events.base import Event, _type_name
from halt_core.events.collaborations import (
    CollaborationActivated,
    CollaborationEnded,
    CollaborationResumed,
    CollaborationSuspended,
)
from halt_core.events.interventions import (
    InterventionAgreed,
    InterventionCancelled,
    InterventionDeclined,
    InterventionDelivered,
    InterventionEvaluated,
    InterventionIntakeStarted,
    InterventionRescheduled,
    InterventionScheduled,
)
from halt_core.events.meetings import MeetingCancelled, MeetingMoved, MeetingPlanned
from halt_core.events.notifications import NotificationParked
from halt_core.events.partners import PartnerEnded
from halt_core.events.referrals import (
    ReferralAgreementsMade,
    ReferralCarriedOut,
    ReferralCompleted,
    ReferralIntakeStarted,
    ReferralRefused,
    ReferralReturned,
)
from halt_core.serialization import _TOO_DEEP, _json_bytes, from_dict, from_json

__all__ = ["EVENT_TYPES", "event_from_dict", "event_from_json"]

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
            MeetingPlanned,
            MeetingMoved,
            MeetingCancelled,
            PartnerEnded,
            NotificationParked,
        )
    }
)
"""Every kind of event by its type name, e.g. ``"nl.halt.referral.completed"``."""


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
        else f"unknown event type {short_repr(type_name)}"
    )
    raise InvalidDocument("Event", [Problem("$.type", f"{found}; expected one of {known}")])
