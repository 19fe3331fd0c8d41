"""Dates and times: periods of days, and moments in Dutch local time.

Every moment in the model knows its time zone. Whatever zone a moment arrives in, it is kept
in :data:`AMSTERDAM` (Europe/Amsterdam), the zone Halt works in; the instant does not change,
so a value read back from JSON equals the one written.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs

from halt_core.errors import InvalidValue
from halt_core.model._categories import ORGANISATIONAL
from halt_core.model._checks import AWARE, check_types

__all__ = [
    "AMSTERDAM",
    "FIRST_DAY",
    "FIRST_INSTANT",
    "LAST_DAY",
    "LAST_INSTANT",
    "Period",
    "check_time_slot",
    "in_day_range",
    "in_instant_range",
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
"""The time zone of every moment in the model."""

FIRST_DAY = dt.date(1970, 1, 1)
"""The first day a date in the model may be.

Every date and moment in the model lies in the years 1970 to 2199; constructors and the
converter refuse others with :class:`~halt_core.errors.InvalidValue` or
:class:`~halt_core.errors.InvalidDocument`. Before 1970 the time zone database is not
authoritative, and before July 1937 Europe/Amsterdam was 19 minutes and 32 seconds ahead of
UTC, an offset ISO 8601 text cannot write, so such a moment would not read back as it was
written; at the far end (year 1 or 9999) the date arithmetic of the rules and the conversions
between zones overflow. Halt's work lies well inside.
"""

LAST_DAY = dt.date(2199, 12, 31)
"""The last day a date in the model may be (see :data:`FIRST_DAY`)."""

FIRST_INSTANT = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""The first moment a date and time in the model may be: 1970-01-01 00:00 UTC."""

LAST_INSTANT = dt.datetime(2199, 12, 31, 23, 59, 59, 999_999, tzinfo=dt.UTC)
"""The last moment a date and time in the model may be: the end of 2199-12-31, UTC."""

_INSTANT_RANGE = "expected a moment from 1970-01-01 00:00 UTC to the end of 2199-12-31 UTC"


def in_day_range(day: dt.date) -> bool:
    """Whether ``day`` lies from :data:`FIRST_DAY` to :data:`LAST_DAY`."""
    return FIRST_DAY <= day <= LAST_DAY


def in_instant_range(moment: dt.datetime) -> bool:
    """Whether the aware ``moment`` lies from :data:`FIRST_INSTANT` to :data:`LAST_INSTANT`.

    The year is looked at first, so a moment in year 1 or 9999 is refused without the
    arithmetic that would overflow.
    """
    year = moment.year
    if FIRST_INSTANT.year < year < LAST_INSTANT.year:  # a whole year inside: nothing to compare
        return True
    # A year at an edge, by the offset: compare the instants (no overflow this near them).
    return (
        FIRST_INSTANT.year - 1 <= year <= LAST_INSTANT.year + 1
        and FIRST_INSTANT <= moment <= LAST_INSTANT
    )


@attrs.frozen(kw_only=True)
class Period:
    """A span of whole days: from ``start`` up to and including ``end``.

    An open-ended period has no end. A one-day period starts and ends on the same day.

    Attributes:
        start: the first day.
        end: the last day, or None while the period has no end yet.

    """

    start: dt.date = attrs.field(metadata=ORGANISATIONAL)
    end: dt.date | None = attrs.field(default=None, metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        check_types(self)
        if self.end is not None and self.end < self.start:
            raise InvalidValue(
                "Period", "end", self.end, f"must not be before the start {self.start.isoformat()}"
            )

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies in this period."""
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, other: Period) -> bool:
        """Whether this period and ``other`` share at least one day."""
        return (self.end is None or other.start <= self.end) and (
            other.end is None or self.start <= other.end
        )

    def covers(self, other: Period) -> bool:
        """Whether ``other`` lies wholly inside this period."""
        if not self.contains(other.start):
            return False
        if other.end is None:
            return self.end is None
        return self.contains(other.end)


def check_time_slot(instance: object, start: dt.datetime, end: dt.datetime) -> None:
    """Check that ``end`` is after ``start`` and keep both in :data:`AMSTERDAM`.

    Called from the ``__attrs_post_init__`` of values with a time slot (a session, a
    meeting); both must be dates and times with a time zone, from :data:`FIRST_INSTANT` to
    :data:`LAST_INSTANT`. The order is checked on the
    instants: Python compares two times of one named zone by their wall times, without their
    offsets, which is wrong around the DST changes, so those are compared in UTC. Raises
    :class:`~halt_core.errors.InvalidValue` when ``end`` is not after ``start``.
    """
    for name, moment in (("start", start), ("end", end)):
        if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
            raise InvalidValue(type(instance).__name__, name, moment, AWARE)
        if not 1970 < moment.year < 2199 and not in_instant_range(moment):  # no call if inside
            raise InvalidValue(type(instance).__name__, name, moment, _INSTANT_RANGE)
    zone = start.tzinfo
    if zone is end.tzinfo and type(zone) is not dt.timezone:
        start_utc, end_utc = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
        ordered = end_utc > start_utc
        start, end = start_utc.astimezone(AMSTERDAM), end_utc.astimezone(AMSTERDAM)
    else:  # fixed offsets or two different zones: Python compares the instants
        ordered = end > start
        start, end = _in_amsterdam(start), _in_amsterdam(end)
    if not ordered:
        raise InvalidValue(
            type(instance).__name__, "end", end, f"must be after the start {start.isoformat()}"
        )
    object.__setattr__(instance, "start", start)
    object.__setattr__(instance, "end", end)


def _in_amsterdam(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is AMSTERDAM:
        # astimezone() to the zone a moment already has changes nothing, which would keep a
        # wall time from the spring DST gap; going round through UTC makes it the real one.
        return moment.astimezone(dt.UTC).astimezone(AMSTERDAM)
    return moment.astimezone(AMSTERDAM)
