"""A forum's meetings: planning, moving and cancelling one, each with its event.

Meetings have no status, so there is no lifecycle here: no state machine, no
:class:`~halt_core.errors.IllegalTransition`, nothing in :data:`~halt_core.lifecycle.LIFECYCLES`.
A stored meeting may be moved or cancelled at any time, until it is cancelled. The functions
have the shape of the transitions all the same (a value, who acts, ``by``, when, ``at``, and
an optional ``event_id``), so a tool stores a change and its event together, and the forum's
members are told of it from the outbox::

    with store.unit_of_work() as uow:
        meeting = uow.meetings.get(meeting_id)
        meeting, event = move_meeting(meeting, start=start, end=end, by="tr.jansen", at=now)
        uow.meetings.save(meeting)
        uow.outbox.add(event)

A called-off meeting is kept, marked cancelled (:attr:`~halt_core.model.Meeting.cancelled_on`,
with the reason), rather than deleted: a calendar that imported it is told under its own UID
(the calendar export writes it cancelled, or leaves it out of its forum's series, for
:data:`~halt_core.lifecycle.interventions.DROPPED_SESSIONS_KEPT` after it would have ended),
and the rules no longer count it as held. :func:`cancel_meeting` returns the marked meeting
with its event; save it over the version the event carries::

    stored = uow.meetings.get_versioned(meeting_id)
    meeting, event = cancel_meeting(
        stored.value,
        version=stored.version,
        reason="te weinig aanmeldingen",
        by="tr.jansen",
        at=now,
    )
    uow.meetings.save(meeting, expected_version=stored.version)
    uow.outbox.add(event)

A cancelled meeting is not moved, planned or cancelled again (refused); to meet after all,
plan a new meeting.

Each function raises, before it builds anything, :class:`~halt_core.errors.TransitionRefused`
for a step that lacks data or would change nothing, and
:class:`~halt_core.errors.InvalidValue` for a blank ``by``, an ``at`` without a zone, or data
:class:`~halt_core.model.Meeting` or the event refuses (an end that is not after the start).
"""

from __future__ import annotations

import datetime as dt

import attrs

from halt_core.errors import InvalidValue, TransitionRefused
from halt_core.events.meetings import MeetingCancelled, MeetingMoved, MeetingPlanned
from halt_core.ids import EventId, new_id
from halt_core.lifecycle._steps import check_actor
from halt_core.model.forums import Meeting
from halt_core.model.periods import AMSTERDAM

__all__ = ["cancel_meeting", "move_meeting", "plan_meeting"]


def plan_meeting(
    meeting: Meeting, *, by: str, at: dt.datetime, event_id: EventId | None = None
) -> tuple[Meeting, MeetingPlanned]:
    """Plan ``meeting``: the event that tells its forum's members when and where it is.

    Returns the meeting unchanged with the event; store both (``uow.meetings.add(meeting)``,
    ``uow.outbox.add(event)``). Pass ``event_id`` for a fixed event id; a random one otherwise.
    """
    event_id = _begin("plan_meeting", meeting, by, at, event_id)
    _not_cancelled(meeting, "plan")
    event = MeetingPlanned(
        id=event_id,
        occurred_at=at,
        actor=by,
        meeting=meeting.id,
        forum=meeting.forum,
        start=meeting.start,
        end=meeting.end,
        location=meeting.location,
    )
    return meeting, event


def move_meeting(
    meeting: Meeting,
    *,
    start: dt.datetime,
    end: dt.datetime,
    location: str | None = None,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Meeting, MeetingMoved]:
    """Move ``meeting`` to ``start`` to ``end``, and to ``location`` when given.

    Returns the moved meeting (its agenda and cases stay) with the event, which also carries
    the time and place before. Refused when nothing changes: the same instants (in whatever
    zone they are given) and the same place. Raises :class:`~halt_core.errors.InvalidValue`,
    as :class:`~halt_core.model.Meeting` does, when ``end`` is not after ``start`` or a time
    has no zone.
    """
    event_id = _begin("move_meeting", meeting, by, at, event_id)
    _not_cancelled(meeting, "move")
    moved = attrs.evolve(
        meeting,
        start=start,
        end=end,
        location=meeting.location if location is None else location,
    )
    if (
        _instant(moved.start) == _instant(meeting.start)
        and _instant(moved.end) == _instant(meeting.end)
        and moved.location == meeting.location
    ):
        raise _refused(
            meeting,
            "move",
            f"it already is {_moment(meeting.start)} to {_moment(meeting.end)} at "
            f"{meeting.location!r}, so nothing would move",
            "pass a start, end or location that differs from the meeting's; a meeting that "
            "stays as it is needs no move",
        )
    event = MeetingMoved(
        id=event_id,
        occurred_at=at,
        actor=by,
        meeting=meeting.id,
        forum=meeting.forum,
        start=moved.start,
        end=moved.end,
        location=moved.location,
        previous_start=meeting.start,
        previous_end=meeting.end,
        previous_location=meeting.location,
    )
    return moved, event


def cancel_meeting(
    meeting: Meeting,
    *,
    version: int,
    reason: str,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Meeting, MeetingCancelled]:
    """Call off ``meeting``, saying why: the meeting marked cancelled, and its event.

    The meeting keeps its time, place, agenda and cases, and is marked cancelled on ``at``'s
    day in Europe/Amsterdam (:attr:`~halt_core.model.Meeting.cancelled_on`) with ``reason``
    (:attr:`~halt_core.model.Meeting.cancellation_reason`). ``version`` is the stored version
    of the meeting's record, which the caller saves the marked meeting over with
    ``uow.meetings.save(meeting, expected_version=version)`` in the same unit of work (so the
    cancellation is told only if the save holds); the marked record is then ``version + 1``,
    the number calendar invitations give the cancellation, and the calendar export's
    SEQUENCE grows with it. Refused without a reason, without a version of 1 or more, or for
    a meeting already cancelled.
    """
    event_id = _begin("cancel_meeting", meeting, by, at, event_id)
    _not_cancelled(meeting, "cancel")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _refused(
            meeting,
            "cancel",
            f"no stored version of the meeting was given (got {version!r})",
            "pass version= as get_versioned(meeting.id).version gives it, and save the "
            "cancelled meeting with expected_version= the same number",
        )
    if not isinstance(reason, str) or not reason.strip():
        raise _refused(
            meeting,
            "cancel",
            f"no reason was given (got {reason!r})",
            "pass reason='...' saying why in a few words; listeners and the audit trail show it",
        )
    event = MeetingCancelled(
        id=event_id,
        occurred_at=at,
        actor=by,
        meeting=meeting.id,
        forum=meeting.forum,
        start=meeting.start,
        end=meeting.end,
        location=meeting.location,
        version=version,
        reason=reason,
    )
    # The event checked the reason's length; the meeting keeps it as the event has it.
    cancelled = attrs.evolve(
        meeting,
        cancelled_on=at.astimezone(AMSTERDAM).date(),
        cancellation_reason=event.reason,
    )
    return cancelled, event


# -- checks -------------------------------------------------------------------------------------


def _begin(
    function: str, meeting: object, by: object, at: object, event_id: EventId | None
) -> EventId:
    """The event's id, once ``meeting``, ``by`` and ``at`` are fine; raises why they are not.

    The checks of ``by`` and ``at``, and their words, are those of every transition.
    """
    if not isinstance(meeting, Meeting):
        raise InvalidValue(function, "meeting", meeting, "expected a Meeting")
    check_actor(function, by, at)
    return event_id or new_id(EventId)


def _not_cancelled(meeting: Meeting, step: str) -> None:
    """Refuses ``step`` for a meeting that was called off."""
    if meeting.cancelled_on is not None:
        raise _refused(
            meeting,
            step,
            f"it was cancelled on {meeting.cancelled_on.isoformat()}",
            "a cancelled meeting stays cancelled; plan a new meeting to meet after all",
        )


def _refused(meeting: Meeting, step: str, problem: str, hint: str) -> TransitionRefused:
    return TransitionRefused("meeting", meeting.id, step, problem, hint)


def _instant(moment: dt.datetime) -> dt.datetime:
    # Compare instants, not Amsterdam wall times: in the autumn hour that Amsterdam has twice,
    # Python calls the two equal.
    return moment.astimezone(dt.UTC)


def _moment(moment: dt.datetime) -> str:
    return moment.astimezone(AMSTERDAM).isoformat(sep=" ", timespec="minutes")
