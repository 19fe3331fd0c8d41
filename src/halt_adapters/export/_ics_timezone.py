"""Europe/Amsterdam as a VTIMEZONE every calendar client reads right (RFC 5545, 3.6.5).

The zone is written as Outlook and Google write it: one DAYLIGHT and one STANDARD component,
each repeating yearly by RRULE (summer time from the last Sunday of March at 02:00 local,
winter time from the last Sunday of October at 03:00 local, the EU rules since 1996). Lists
of change dates (RDATE) are avoided: vobject keeps only the first date of a list, and
Outlook is known to dislike them.

Only events before 1996 need more: the Netherlands changed back in September from 1981 to
1995 and kept no summer time before 1977. Each change before 1996 the events reach is then a
component of its own, with one DTSTART and no RRULE or RDATE, which every reader takes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from halt_core.model import AMSTERDAM

if TYPE_CHECKING:
    from icalendar import Component, Timezone

__all__ = ["ZONE", "vtimezone"]

ZONE = "Europe/Amsterdam"
"""The TZID every local time in the calendar refers to."""

_WINTER = dt.timedelta(hours=1)
_SUMMER = dt.timedelta(hours=2)
# The first year of the rules the two RRULE components describe.
_EU_RULES = 1996
# (DTSTART in the local time before the change, offset before, offset after, RRULE by month).
_DAYLIGHT = (dt.datetime(1981, 3, 29, 2), _WINTER, _SUMMER, 3)
_STANDARD = (dt.datetime(1996, 10, 27, 3), _SUMMER, _WINTER, 10)


def vtimezone(first_year: int) -> Timezone:
    """The VTIMEZONE of Europe/Amsterdam for events from ``first_year`` on.

    From 1996 on, two components repeating yearly; each change before 1996 from
    ``first_year`` on a component of its own.
    """
    from icalendar import Timezone

    zone = Timezone()
    zone.add("tzid", ZONE)
    zone.add("x-lic-location", ZONE)
    if first_year < _EU_RULES:
        _before_the_eu_rules(zone, first_year)
        daylight = (dt.datetime(_EU_RULES, 3, 31, 2), _WINTER, _SUMMER, 3)
    else:
        daylight = _DAYLIGHT
    _repeating(zone, "DAYLIGHT", *daylight)
    _repeating(zone, "STANDARD", *_STANDARD)
    return zone


def _repeating(
    zone: Timezone,
    kind: str,
    start: dt.datetime,
    before: dt.timedelta,
    after: dt.timedelta,
    month: int,
) -> None:
    from icalendar import vRecur

    part = _part(kind, start, before, after)
    part.add("rrule", vRecur(freq="YEARLY", bymonth=month, byday="-1SU"))
    zone.add_component(part)


def _before_the_eu_rules(zone: Timezone, first_year: int) -> None:
    """Every change from ``first_year`` up to 1996, one component each, as zoneinfo has it."""
    # Winter time from the start, for readers that need an offset before the first change.
    opening = dt.datetime(min(first_year, 1970), 1, 1)
    zone.add_component(_part("STANDARD", opening, _WINTER, _WINTER))
    day = dt.datetime(max(first_year, 1970), 1, 1, tzinfo=dt.UTC)
    last = dt.datetime(_EU_RULES, 1, 1, tzinfo=dt.UTC)
    hour = dt.timedelta(hours=1)
    offset = day.astimezone(AMSTERDAM).utcoffset()
    # The changes are on the hour: step through the hours, cheaply, by first finding the days.
    while day < last:
        following = day + dt.timedelta(days=1)
        if following.astimezone(AMSTERDAM).utcoffset() == offset:
            day = following
            continue
        moment = day
        while (now := (moment + hour).astimezone(AMSTERDAM).utcoffset()) == offset:
            moment += hour
        moment += hour
        assert offset is not None
        assert now is not None
        kind = "DAYLIGHT" if now > _WINTER else "STANDARD"
        local = (moment + offset).replace(tzinfo=None)
        zone.add_component(_part(kind, local, offset, now))
        offset = now
        day = following


def _part(kind: str, start: dt.datetime, before: dt.timedelta, after: dt.timedelta) -> Component:
    from icalendar import TimezoneDaylight, TimezoneStandard

    part = TimezoneDaylight() if kind == "DAYLIGHT" else TimezoneStandard()
    part.add("tzname", "CEST" if after > _WINTER else "CET")
    part.add("dtstart", start)
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    return part
