"""How a forum's meetings lie on its cadence, as RFC 5545 recurrence sees them.

A forum that meets on a fixed cadence becomes one repeating event. Its rhythm is the one
most of its meetings keep: the weekday and wall time (weekly), or the n-th weekday of the
month and wall time (monthly, e.g. "every second Thursday"), so a series falls on a weekend
only when the forum's meetings do. Each meeting is laid on an occurrence (a slot): the one on
its day, or else the nearest free one within half a period, so a meeting moved off its slot
overrides that occurrence (RECURRENCE-ID) rather than leaving the series. The series runs from
the first slot a meeting holds to the last (UNTIL), never past the forum's last day, and the
slots in between that no meeting holds are excluded (EXDATE). Occurrences keep their wall time
in Europe/Amsterdam across the clock changes, and times are written to the second, in UTC
where a local time would be read as another instant.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import attrs

from halt_core.ids import MeetingId
from halt_core.model import AMSTERDAM, Cadence, Forum, Frequency, Meeting

__all__ = ["Rhythm", "Series", "doubled", "later", "length", "series_of", "written"]

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@attrs.frozen(kw_only=True)
class Rhythm:
    """When a series' occurrences fall: a cadence pinned to a weekday and a wall time.

    Attributes:
        cadence: the forum's cadence.
        weekday: the day of the week (0 is Monday).
        week: for a monthly rhythm, which of the month's ``weekday``s: 1 to 4, or -1 for the
            last; None for a weekly one.
        wall: the wall time in Europe/Amsterdam, to the second.
        phase: which weeks or months of the interval (weeks since 1 January 1 or months
            since January of year 0, modulo the interval).

    """

    cadence: Cadence
    weekday: int
    week: int | None
    wall: dt.time
    phase: int

    @classmethod
    def of(cls, cadence: Cadence, moment: dt.datetime) -> Rhythm:
        """The rhythm of ``cadence`` that has an occurrence at ``moment``."""
        day, interval = moment.date(), cadence.interval
        wall = moment.time().replace(microsecond=0, tzinfo=None, fold=0)
        if cadence.frequency is Frequency.WEEKLY:
            phase = (day.toordinal() - day.weekday()) // 7 % interval
            return cls(cadence=cadence, weekday=day.weekday(), week=None, wall=wall, phase=phase)
        nth = (day.day - 1) // 7 + 1
        week = -1 if nth == 5 else nth
        phase = (day.year * 12 + day.month - 1) % interval
        return cls(cadence=cadence, weekday=day.weekday(), week=week, wall=wall, phase=phase)

    def rule(self) -> dict[str, Any]:
        """The RRULE parts of this rhythm, without its end."""
        parts: dict[str, Any] = {"freq": self.cadence.frequency.value.upper()}
        parts["interval"] = self.cadence.interval
        if self.week is not None:
            parts["byday"] = f"{self.week}{_DAYS[self.weekday]}"
        return parts

    def days(self, since: dt.date, until: dt.date) -> Iterator[dt.date]:
        """The days of this rhythm's occurrences from ``since`` up to ``until``."""
        interval = self.cadence.interval
        if self.week is None:
            monday = since - dt.timedelta(days=since.weekday())
            weeks = (monday.toordinal() // 7 - self.phase) % interval
            day = monday + dt.timedelta(weeks=(interval - weeks) % interval, days=self.weekday)
            while day <= until:
                if day >= since:
                    yield day
                day += dt.timedelta(weeks=interval)
            return
        months = since.year * 12 + since.month - 1
        months += (self.phase - months) % interval
        while True:
            year, month = divmod(months, 12)
            day = self._in_month(year, month + 1)
            if day > until and dt.date(year, month + 1, 1) > until:
                return
            if since <= day <= until:
                yield day
            months += interval

    def _in_month(self, year: int, month: int) -> dt.date:
        assert self.week is not None
        if self.week > 0:
            first = dt.date(year, month, 1)
            ahead = (self.weekday - first.weekday()) % 7
            return first + dt.timedelta(days=ahead + 7 * (self.week - 1))
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        last = following - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - self.weekday) % 7)

    @property
    def reach(self) -> dt.timedelta:
        """How far off its slot a meeting may lie and still hold it: under half a period."""
        days = 7 if self.week is None else 28
        return dt.timedelta(days=(days * self.cadence.interval - 1) // 2)


@attrs.frozen(kw_only=True)
class Series:
    """A forum's cadence laid over its meetings.

    Attributes:
        rhythm: when its occurrences fall.
        start: its first occurrence (DTSTART), the first slot a meeting holds.
        until: its last occurrence, the last slot a meeting holds (UNTIL).
        replaced: the occurrence each meeting of the series overrides, by meeting id.
        excluded: the occurrences between ``start`` and ``until`` no meeting holds.

    """

    rhythm: Rhythm
    start: dt.datetime
    until: dt.datetime
    replaced: dict[MeetingId, dt.datetime]
    excluded: list[dt.datetime]

    def rule(self) -> dict[str, Any]:
        """The series' RRULE: its rhythm, until its last occurrence (in UTC, RFC 5545)."""
        return {**self.rhythm.rule(), "until": self.until.astimezone(dt.UTC)}


def series_of(forum: Forum, meetings: list[Meeting]) -> Series | None:
    """How ``forum``'s meetings (sorted by start) fit its cadence; None without a series."""
    if forum.cadence is None or not meetings:
        return None
    rhythm = _rhythm(forum.cadence, meetings)
    last_day = meetings[-1].start.date() + rhythm.reach
    if forum.period.end is not None:
        last_day = min(last_day, forum.period.end)
    slots = {
        day: dt.datetime.combine(day, rhythm.wall, AMSTERDAM)
        for day in rhythm.days(meetings[0].start.date() - rhythm.reach, last_day)
    }
    held = _lay(meetings, sorted(slots), rhythm.reach)
    if not held:
        return None
    first, last = min(held.values()), max(held.values())
    # A series starting in the doubled hour would have to start in UTC and then repeat in
    # UTC, drifting an hour from its meetings half the year: its meetings stay single.
    if doubled(slots[first]):
        return None
    taken = set(held.values())
    return Series(
        rhythm=rhythm,
        start=slots[first],
        until=slots[last],
        replaced={meeting: slots[day] for meeting, day in held.items()},
        excluded=[slots[day] for day in sorted(slots) if first < day < last and day not in taken],
    )


def _rhythm(cadence: Cadence, meetings: list[Meeting]) -> Rhythm:
    """The rhythm most of ``meetings`` keep (on a tie, the one of the earliest of them)."""
    kept = Counter(Rhythm.of(cadence, meeting.start) for meeting in meetings)
    order = {rhythm: -n for n, rhythm in reversed(list(enumerate(kept)))}
    return max(kept, key=lambda rhythm: (kept[rhythm], order[rhythm]))


def _lay(
    meetings: list[Meeting], days: list[dt.date], reach: dt.timedelta
) -> dict[MeetingId, dt.date]:
    """The slot (by day) each meeting holds: its own day's, else the nearest free one in reach.

    A meeting on a slot's day holds it first; the others, in order, take the nearest free
    slot no further than ``reach`` (the earlier of two as near); the rest hold none.
    """
    free = set(days)
    held: dict[MeetingId, dt.date] = {}
    moved = []
    for meeting in meetings:
        day = meeting.start.date()
        if day in free:
            free.discard(day)
            held[meeting.id] = day
        else:
            moved.append(meeting)
    for meeting in moved:
        day = meeting.start.date()
        near = [d for d in free if abs(d - day) <= reach]
        if near:
            slot = min(near, key=lambda d: (abs(d - day), d))
            free.discard(slot)
            held[meeting.id] = slot
    return held


def later(moment: dt.datetime, duration: dt.timedelta) -> dt.datetime:
    """``duration`` after ``moment`` in elapsed time (Python adds wall time within a zone)."""
    return (moment.astimezone(dt.UTC) + duration).astimezone(AMSTERDAM)


def length(meeting: Meeting) -> dt.timedelta:
    """How long ``meeting`` takes in elapsed time (Python subtracts wall times in a zone)."""
    return meeting.end.astimezone(dt.UTC) - meeting.start.astimezone(dt.UTC)


def doubled(moment: dt.datetime) -> bool:
    """Whether ``moment`` falls in the second run of the hour the clocks go back."""
    return bool(moment.fold) and moment.replace(fold=0).utcoffset() != moment.utcoffset()


def written(moment: dt.datetime, *, up: bool = False) -> dt.datetime:
    """``moment`` as an event writes it: to the second, in local time or in UTC.

    iCalendar times have no fractions: starts are cut to the second, ends (``up``) rounded
    up, so an event never ends before it starts. Read back, a local time in the hour the
    clocks go back means its first run (RFC 5545, 3.3.5), so a moment in the second run is
    written in UTC to keep its instant.
    """
    if moment.microsecond:
        moment = later(moment.replace(microsecond=0), dt.timedelta(seconds=up))
    return moment.astimezone(dt.UTC) if doubled(moment) else moment
