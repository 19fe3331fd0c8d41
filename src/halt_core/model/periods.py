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

__all__ = ["AMSTERDAM", "Period", "check_time_slot"]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
"""The time zone of every moment in the model."""


@attrs.frozen(kw_only=True)
class Period:
    """A span of whole days: from ``start`` up to and including ``end``.

    An open-ended period has no end. A one-day period starts and ends on the same day.

    Attributes:
        start: the first day.
        end: the last day, or None while the period has no end yet.

    """

    start: dt.date
    end: dt.date | None = None

    def __attrs_post_init__(self) -> None:
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
    meeting); both must be dates and times with a time zone. The order is checked on the
    instants: Python compares two times of one named zone by their wall times, without their
    offsets, which is wrong around the DST changes, so those are compared in UTC. Raises
    :class:`~halt_core.errors.InvalidValue` when ``end`` is not after ``start``.
    """
    for name, moment in (("start", start), ("end", end)):
        if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
            raise InvalidValue(type(instance).__name__, name, moment, _AWARE)
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


_AWARE = (
    "expected a date and time with a time zone, e.g. datetime(2025, 3, 1, 10, 0, tzinfo=AMSTERDAM)"
)


def _in_amsterdam(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is AMSTERDAM:
        # astimezone() to the zone a moment already has changes nothing, which would keep a
        # wall time from the spring DST gap; going round through UTC makes it the real one.
        return moment.astimezone(dt.UTC).astimezone(AMSTERDAM)
    return moment.astimezone(AMSTERDAM)
