"""The events of a forum's meetings: planned, moved or cancelled.

Meetings have no status, so these events, unlike those of the other families, have no
``from_status`` and ``to_status``. Each carries the forum and the meeting's time and place, so
a listener can tell the forum's members without reading the meeting, which may have changed
since. None carries the agenda or the cases on it: a case consultation's agenda names youths,
and events travel further than the records. The functions that make them are in
:mod:`halt_core.lifecycle.meetings`.

Times are kept as :class:`~halt_core.model.Meeting` keeps them: with a time zone, in
Europe/Amsterdam, from 1970 to 2199, each end after its start
(:func:`~halt_core.model.periods.check_time_slot`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

import attrs

from halt_core.errors import InvalidValue
from halt_core.events.base import _REASON_LENGTH, Event, _family
from halt_core.ids import ForumId, MeetingId
from halt_core.model._categories import FREE_TEXT, ORGANISATIONAL
from halt_core.model._checks import fail, is_whole, text
from halt_core.model.periods import check_time_slot

__all__ = [
    "MeetingCancelled",
    "MeetingEvent",
    "MeetingMoved",
    "MeetingPlanned",
]

_LOCATION_LENGTH = 200  # as Meeting.location allows
_MAX_VERSION = 2**63 - 1  # the largest version a store's 64-bit column holds


def _stored_version(instance: object, attribute: Any, value: Any) -> None:
    if not is_whole(value, 1, _MAX_VERSION):
        raise fail(
            instance,
            attribute,
            value,
            "expected the stored version of the meeting when it was called off: a whole number "
            "of 1 or more, as get_versioned() gives it",
        )


class _Slot:
    # What check_time_slot checks a moved meeting's previous time on: it writes the start
    # and end it keeps to fields of those names.
    __slots__ = ("end", "start")
    start: dt.datetime
    end: dt.datetime


def _check_previous_slot(event: Any) -> None:
    """check_time_slot for ``previous_start`` and ``previous_end``, errors naming those."""
    slot = _Slot()
    try:
        check_time_slot(slot, event.previous_start, event.previous_end)
    except InvalidValue as exc:
        owner = type(event).__name__
        raise InvalidValue(owner, f"previous_{exc.field}", exc.value, exc.allowed) from None
    object.__setattr__(event, "previous_start", slot.start)
    object.__setattr__(event, "previous_end", slot.end)


@_family
@attrs.frozen(kw_only=True)
class MeetingEvent(Event):
    """Something that happened to a meeting of a forum.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        meeting: the meeting it happened to.
        forum: the forum that meets, whose members are to be told.

    """

    meeting: MeetingId = attrs.field(metadata=ORGANISATIONAL)
    forum: ForumId = attrs.field(metadata=ORGANISATIONAL)

    @property
    def subject(self) -> uuid.UUID:
        """The meeting's id."""
        return self.meeting


@attrs.frozen(kw_only=True)
class MeetingPlanned(MeetingEvent):
    """A meeting of a forum was planned.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        meeting: the meeting.
        forum: the forum that meets.
        type: ``nl.halt.meeting.planned``.
        start: when it starts, with a time zone (kept in Europe/Amsterdam).
        end: when it ends, after the start.
        location: where, e.g. ``"Veiligheidshuis Zaanstreek, Zaandam"`` or ``"online"``.

    """

    type: Literal["nl.halt.meeting.planned"] = attrs.field(
        default="nl.halt.meeting.planned", metadata=ORGANISATIONAL
    )
    # Checked in __attrs_post_init__ with the order of the two, as Meeting does.
    start: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    end: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    location: str = attrs.field(validator=text(_LOCATION_LENGTH), metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        # Event's by name, not super(): the converter runs this on a stand-in for the class
        # to list every bad field of a document.
        Event.__attrs_post_init__(self)
        check_time_slot(self, self.start, self.end)


@attrs.frozen(kw_only=True)
class MeetingMoved(MeetingEvent):
    """A planned meeting was moved to another time or place, or both.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        meeting: the meeting.
        forum: the forum that meets.
        type: ``nl.halt.meeting.moved``.
        start: when it now starts, with a time zone (kept in Europe/Amsterdam).
        end: when it now ends, after the start.
        location: where it now is.
        previous_start: when it was to start before, so a listener can tell what moved.
        previous_end: when it was to end before, after the previous start.
        previous_location: where it was to be before.

    """

    type: Literal["nl.halt.meeting.moved"] = attrs.field(
        default="nl.halt.meeting.moved", metadata=ORGANISATIONAL
    )
    start: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    end: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    location: str = attrs.field(validator=text(_LOCATION_LENGTH), metadata=ORGANISATIONAL)
    previous_start: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    previous_end: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    previous_location: str = attrs.field(validator=text(_LOCATION_LENGTH), metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        Event.__attrs_post_init__(self)  # by name, as in MeetingPlanned
        check_time_slot(self, self.start, self.end)
        _check_previous_slot(self)


@attrs.frozen(kw_only=True)
class MeetingCancelled(MeetingEvent):
    """A planned meeting was called off, and its record marked cancelled.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        meeting: the meeting, kept, marked cancelled
            (:attr:`~halt_core.model.Meeting.cancelled_on`).
        forum: the forum that was to meet.
        type: ``nl.halt.meeting.cancelled``.
        start: when it was to start, with a time zone (kept in Europe/Amsterdam).
        end: when it was to end, after the start.
        location: where it was to be.
        version: the stored version of the meeting record when it was called off, 1 or
            more: the cancelled meeting is saved over it, as ``version + 1``, the number
            calendar invitations give the cancellation. (Before meetings were kept when
            called off, the version of the record that was deleted.)
        reason: why, in a few words.

    """

    type: Literal["nl.halt.meeting.cancelled"] = attrs.field(
        default="nl.halt.meeting.cancelled", metadata=ORGANISATIONAL
    )
    start: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    end: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    location: str = attrs.field(validator=text(_LOCATION_LENGTH), metadata=ORGANISATIONAL)
    version: int = attrs.field(validator=_stored_version, metadata=ORGANISATIONAL)
    reason: str = attrs.field(validator=text(_REASON_LENGTH), metadata=FREE_TEXT)

    def __attrs_post_init__(self) -> None:
        Event.__attrs_post_init__(self)  # by name, as in MeetingPlanned
        check_time_slot(self, self.start, self.end)
