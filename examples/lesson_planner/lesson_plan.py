"""What a lesson plan is made of: the requests, the frame they fit in, and the outcome.

Plain values, without halt_core records, CSV or I/O: :func:`lesson_scheduling.plan_sessions`
turns :class:`LessonRequest` values and a :class:`PlanSettings` into a :class:`Plan`.
"""

from __future__ import annotations

import datetime as dt

import attrs

from halt_core import AMSTERDAM

__all__ = ["WEEKDAYS", "LessonRequest", "Plan", "PlanSettings", "Slot", "Unplanned"]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Weekday names for the printed plan (not locale-dependent, so the output never varies)."""


@attrs.frozen(kw_only=True)
class LessonRequest:
    """What planning needs to know about one request.

    Attributes:
        place: where the sessions are; a trainer needs travel time between two places.
        weekdays: the days the school prefers, 0 (Monday) to 4 (Friday).
        earliest: the earliest start of a session, Amsterdam wall time.
        latest: the latest end of a session.
        sessions: how many sessions, each on its own day.
        minutes: how long each session takes.

    """

    place: str
    weekdays: frozenset[int]
    earliest: dt.time
    latest: dt.time
    sessions: int
    minutes: int


@attrs.frozen(kw_only=True)
class PlanSettings:
    """The frame every plan fits in.

    Attributes:
        first_day: the first day sessions may be on.
        last_day: the last day sessions may be on.
        school_start: no session starts before this time.
        school_end: no session ends after this time.
        travel_minutes: the least time between two sessions of a trainer at different places.
        days_between: the least number of days between two sessions of one request (7: a
            lesson a week, so a class has time for the assignment in between).
        step_minutes: sessions start on multiples of this many minutes after midnight.
        closed: days without sessions (holidays, study days).

    """

    first_day: dt.date
    last_day: dt.date
    school_start: dt.time = dt.time(8, 30)
    school_end: dt.time = dt.time(15, 30)
    travel_minutes: int = 30
    days_between: int = 7
    step_minutes: int = 5
    closed: frozenset[dt.date] = frozenset()

    def school_days(self) -> list[dt.date]:
        """The days sessions may be on: Monday to Friday in the period, not closed."""
        count = (self.last_day - self.first_day).days + 1
        days = (self.first_day + dt.timedelta(days=n) for n in range(count))
        return [day for day in days if day.weekday() < 5 and day not in self.closed]


@attrs.frozen(kw_only=True)
class Slot:
    """One planned session.

    Attributes:
        request: the index of its request in the list given to
            :func:`lesson_scheduling.plan_sessions`.
        number: which session of the request it is, from 1.
        trainer: who gives it.
        place: where (the request's place).
        day: the day.
        start: when it starts, Amsterdam wall time.
        end: when it ends.

    """

    request: int
    number: int
    trainer: str
    place: str
    day: dt.date
    start: dt.time
    end: dt.time

    @property
    def starts_at(self) -> dt.datetime:
        """The start as a moment in Europe/Amsterdam."""
        return dt.datetime.combine(self.day, self.start, tzinfo=AMSTERDAM)

    @property
    def ends_at(self) -> dt.datetime:
        """The end as a moment in Europe/Amsterdam."""
        return dt.datetime.combine(self.day, self.end, tzinfo=AMSTERDAM)

    @property
    def minutes(self) -> int:
        """How long it takes, in minutes of wall time."""
        return (self.end.hour - self.start.hour) * 60 + self.end.minute - self.start.minute


@attrs.frozen(kw_only=True)
class Unplanned:
    """A request that could not be planned, and why.

    Attributes:
        request: the index of the request.
        reason: why, in a sentence that completes "it could not be planned: ...".

    """

    request: int
    reason: str


@attrs.frozen(kw_only=True)
class Plan:
    """The outcome: every request is either wholly in ``slots`` or in ``unplanned``.

    Attributes:
        slots: the planned sessions, by trainer (in the order given), day and time.
        unplanned: the requests left out, in the order given.

    """

    slots: tuple[Slot, ...]
    unplanned: tuple[Unplanned, ...]
