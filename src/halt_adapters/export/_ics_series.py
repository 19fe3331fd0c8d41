"""How a forum's meetings lie on its cadence, as RFC 5545 recurrence sees them.

A forum that meets on a fixed cadence becomes one repeating event; each meeting on a day of
its rhythm replaces that occurrence, and the occurrences no meeting took place on are
excluded. Occurrences keep their wall time in Europe/Amsterdam across the clock changes, and
times are written to the second, in UTC where a local time would be read as another instant.
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
import itertools
from collections.abc import Iterator

import attrs

from halt_core.ids import MeetingId
from halt_core.model import AMSTERDAM, Cadence, Forum, Frequency, Meeting

__all__ = ["Series", "doubled", "later", "length", "occurrences", "series_of", "written"]


@attrs.frozen(kw_only=True)
class Series:
    """A forum's cadence laid over its meetings.

    Attributes:
        cadence: the forum's rhythm.
        until: the last moment an occurrence may start (the end of the forum's last day).
        replaced: the occurrence each meeting replaces, by meeting id.
        excluded: the occurrences up to the last meeting that no meeting replaces.

    """

    cadence: Cadence
    until: dt.datetime | None
    replaced: dict[MeetingId, dt.datetime]
    excluded: list[dt.datetime]


def series_of(forum: Forum, meetings: list[Meeting]) -> Series | None:
    """How ``forum``'s meetings (sorted by start) fit its cadence; None without a series."""
    # A series starting in the doubled hour would have to start in UTC and then repeat in
    # UTC, drifting an hour from its meetings half the year: its meetings stay single.
    if forum.cadence is None or not meetings or doubled(meetings[0].start):
        return None
    until = None
    if forum.period.end is not None:
        day_after = dt.datetime.combine(forum.period.end + dt.timedelta(days=1), dt.time())
        # RFC 5545: with a DTSTART in local time, UNTIL is given in UTC.
        until = day_after.replace(tzinfo=AMSTERDAM).astimezone(dt.UTC) - dt.timedelta(seconds=1)
        if meetings[0].start > until:
            return None
    slots = {
        slot.date(): slot
        for slot in occurrences(meetings[0].start, forum.cadence, meetings[-1].start.date())
        if until is None or slot <= until
    }
    replaced: dict[MeetingId, dt.datetime] = {}
    for meeting in meetings:
        slot = slots.pop(meeting.start.date(), None)
        if slot is not None:
            replaced[meeting.id] = slot
    return Series(
        cadence=forum.cadence, until=until, replaced=replaced, excluded=list(slots.values())
    )


def occurrences(first: dt.datetime, cadence: Cadence, last_day: dt.date) -> Iterator[dt.datetime]:
    """The starts of a cadence's occurrences from ``first`` up to ``last_day``.

    They are what RFC 5545 makes of the RRULE: occurrences keep the wall time of ``first``
    in Amsterdam across DST changes, and a monthly rule skips the months without the day of
    ``first`` (a 31st).
    """
    wall, day, interval = first.time().replace(microsecond=0), first.date(), cadence.interval
    for count in itertools.count():
        if cadence.frequency is Frequency.WEEKLY:
            date = day + dt.timedelta(weeks=count * interval)
        else:
            months = day.month - 1 + count * interval
            year, month = day.year + months // 12, months % 12 + 1
            if dt.date(year, month, 1) > last_day:
                return
            if day.day > gregorian.monthrange(year, month)[1]:
                continue
            date = dt.date(year, month, day.day)
        if date > last_day:
            return
        yield dt.datetime.combine(date, wall, AMSTERDAM)


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
