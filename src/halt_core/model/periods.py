"""Dates and times: periods of days, and moments in Dutch local time.

Every moment in the model knows its time zone. Whatever zone a moment arrives in, it is kept
in :data:`AMSTERDAM` (Europe/Amsterdam), the zone Halt works in; the instant does not change,
so a value read back from JSON equals the one written.

**Daylight saving.** Twice a year a Dutch wall time does not name one instant. On the last
Sunday of March the clocks go forward from 02:00 to 03:00, so 02:30 does not exist; on the
last Sunday of October they go back from 03:00 to 02:00, so 02:30 happens twice, first in
summer time (+02:00) and then in winter time (+01:00). The model never moves a time to make
it fit:

- A wall time in the spring gap is refused, by :func:`local_time` and by every constructor
  of a value with a time slot (:func:`check_time_slot`), with an
  :class:`~halt_core.errors.InvalidValue` naming the clock change and the times to choose
  instead. Before, such a time was silently taken as the hour after (02:30 became 03:30).
- A wall time in the autumn fold must say which of the two it is. A time that did not say is
  a wall time without a time zone, a naive ``datetime`` as a person types it: turn it into a
  moment with :func:`local_time`, which refuses it in the fold unless ``fold`` is given
  (0: the first, summer time; 1: the second, winter time). A moment in
  :data:`AMSTERDAM` (or another zone with a summer time) has said already: Python's
  ``fold`` attribute (PEP 495) is the answer, its default 0 the first, and the model takes
  it as it is, so a stored moment can always be built again (``attrs.evolve``).
- A moment in UTC or at a fixed offset (``+01:00``, as every document read from JSON has)
  is never ambiguous and is taken as it is: nothing stored can be refused on reading.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs

from halt_core.errors import InvalidValue
from halt_core.model._categories import ORGANISATIONAL
from halt_core.model._checks import AWARE, check_types
from halt_core.model._daylight import _changing, _fold_words, _gap_words, _in_gap

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
    "local_time",
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
        start, end = self.start, self.end
        # Two days in order, in the years allowed: every check (check_types' too) at once.
        if (
            type(start) is _DATE
            and FIRST_DAY <= start <= LAST_DAY
            and (end is None or (type(end) is _DATE and start <= end <= LAST_DAY))
        ):
            return
        _check_period(self)

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


def _check_period(period: Period) -> None:
    """Every check of a :class:`Period`: the words for each problem."""
    check_types(period)
    if period.end is not None and period.end < period.start:
        raise InvalidValue(
            "Period", "end", period.end, f"must not be before the start {period.start.isoformat()}"
        )


def check_time_slot(instance: object, start: dt.datetime, end: dt.datetime) -> None:
    """Check that ``end`` is after ``start`` and keep both in :data:`AMSTERDAM`.

    Called from the ``__attrs_post_init__`` of values with a time slot (a session, a
    meeting); both must be dates and times with a time zone, from :data:`FIRST_INSTANT` to
    :data:`LAST_INSTANT`, and neither a wall time the clocks skip (see the module's
    *Daylight saving*; a time in the autumn fold is taken at its ``fold``). The order is
    checked on the instants: Python compares two times of one named zone by their wall
    times, without their offsets, which is wrong around the DST changes, so those are
    compared in UTC. Raises :class:`~halt_core.errors.InvalidValue` when a time is in a
    spring gap or ``end`` is not after ``start``.
    """
    # The usual slots first, in a few comparisons: times inside the years allowed, both at a
    # fixed offset (every time read from JSON) or both in AMSTERDAM (made in code). Anything
    # else, and every refusal, takes the full check below, which words each problem.
    if (
        type(start) is _DATETIME
        and type(end) is _DATETIME
        and 1970 < start.year < 2199
        and 1970 < end.year < 2199
    ):
        zone = start.tzinfo
        if type(zone) is _FIXED and type(end.tzinfo) is _FIXED:
            # No gap at a fixed offset, and Python compares two of them as instants.
            if end > start:
                object.__setattr__(instance, "start", start.astimezone(AMSTERDAM))
                object.__setattr__(instance, "end", end.astimezone(AMSTERDAM))
                return
        elif zone is AMSTERDAM and end.tzinfo is AMSTERDAM:
            if (
                not start.fold
                and not end.fold
                and end > start
                and ((day := start.toordinal()) in _QUIET_DAYS or _quiet(day))
                and ((day := end.toordinal()) in _QUIET_DAYS or _quiet(day))
            ):
                # Neither time is on a day the clocks change: each names one instant, kept
                # as it is, and wall times in order are instants in order.
                object.__setattr__(instance, "start", start)
                object.__setattr__(instance, "end", end)
                return
            start_utc, end_utc = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
            kept_start, kept_end = (
                start_utc.astimezone(AMSTERDAM),
                end_utc.astimezone(AMSTERDAM),
            )
            # A wall time the clocks skip comes back from UTC as another wall time (times
            # of one zone compare by wall time); any other comes back as it was.
            if kept_start == start and kept_end == end and end_utc > start_utc:
                object.__setattr__(instance, "start", kept_start)
                object.__setattr__(instance, "end", kept_end)
                return
    _check_time_slot_fully(instance, start, end)


_DATE = dt.date
_DATETIME = dt.datetime
_FIXED = dt.timezone

_QUIET_DAYS: set[int] = set()
# Days (by ordinal) on which AMSTERDAM's clocks do not change, as found: at most one per day of
# the years allowed.


def _quiet(day: int) -> bool:
    """Whether AMSTERDAM's offset is the same all day ``day`` (an ordinal), remembered if so.

    Then no wall time that day is skipped or happens twice. The offset is read at the day's
    midnight and the next one (a change at midnight itself puts that midnight in a gap or fold).
    """
    midnight = dt.datetime.fromordinal(day).replace(tzinfo=AMSTERDAM)
    next_midnight = dt.datetime.fromordinal(day + 1).replace(tzinfo=AMSTERDAM)
    if _changing(midnight) or midnight.utcoffset() != next_midnight.utcoffset():
        return False
    _QUIET_DAYS.add(day)
    return True


def _check_time_slot_fully(instance: object, start: dt.datetime, end: dt.datetime) -> None:
    """:func:`check_time_slot` for any values: every check, and the words for each refusal."""
    for name, moment in (("start", start), ("end", end)):
        if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
            raise InvalidValue(type(instance).__name__, name, moment, _AWARE_OR_WALL)
        if not 1970 < moment.year < 2199 and not in_instant_range(moment):  # no call if inside
            raise InvalidValue(type(instance).__name__, name, moment, _INSTANT_RANGE)
        if type(moment.tzinfo) is not dt.timezone and _in_gap(moment):  # a fixed offset: none
            raise InvalidValue(type(instance).__name__, name, moment, _gap_words(moment))
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
        # fold=1 on a wall time outside the autumn fold; going round through UTC drops it.
        return moment.astimezone(dt.UTC).astimezone(AMSTERDAM)
    return moment.astimezone(AMSTERDAM)


# -- daylight saving --------------------------------------------------------------------------

_AWARE_OR_WALL = f"{AWARE}; a wall time in the Netherlands becomes one with local_time()"

_WALL = "expected a date and time without a time zone, e.g. datetime(2026, 10, 25, 2, 30)"
_FOLD = "expected None (not said), 0 (the first of two equal wall times) or 1 (the second)"


def local_time(wall: dt.datetime, *, fold: int | None = None) -> dt.datetime:
    """The moment a wall time in the Netherlands names, in :data:`AMSTERDAM`.

    ``wall`` is a date and time without a time zone, as a person types it into a form or a
    command: ``local_time(datetime(2026, 10, 5, 9, 30))`` is 09:30 on a clock in the
    Netherlands that day. This is the one place halt_core turns such a time into a moment,
    for the model, the ``halt`` command and any other tool, so all of them refuse the same
    times with the same words (see the module's *Daylight saving*):

    - a time the clocks skip when summer time starts (02:00 to 02:59 on the last Sunday of
      March) is refused: it does not exist, and no other time is taken instead;
    - a time the clocks go through twice when summer time ends (02:00 to 02:59 on the last
      Sunday of October) is refused unless ``fold`` says which: 0 the first, in summer time
      (+02:00), 1 the second, in winter time (+01:00). A ``wall`` whose own ``fold`` is 1 has
      said the second too (0 is the default, so it says nothing); ``fold``, when given, wins;
    - any other time is that time, in :data:`AMSTERDAM`; ``fold`` changes nothing.

    Raises :class:`~halt_core.errors.InvalidValue` (owner ``"local_time"``, field
    ``"wall"``) whose ``allowed`` names the clock change in words, e.g. "on 29 March 2026
    the clocks go forward from 02:00 to 03:00: 02:30 does not exist in the Netherlands;
    choose 03:30 (or 01:30)", or (field ``"fold"``) for a ``fold`` other than None, 0 or 1.
    A time that already has a zone or an offset is refused: it names its instant already.
    """
    if not isinstance(wall, dt.datetime) or wall.tzinfo is not None:
        raise InvalidValue("local_time", "wall", wall, _WALL)
    if fold is not None and (type(fold) is not int or fold not in (0, 1)):
        raise InvalidValue("local_time", "fold", fold, _FOLD)
    said = fold if fold is not None else (1 if wall.fold == 1 else None)
    moment = wall.replace(tzinfo=AMSTERDAM, fold=said or 0)
    if not _changing(moment):
        return moment.replace(fold=0)
    if _in_gap(moment):
        raise InvalidValue("local_time", "wall", wall, _gap_words(moment))
    if said is None:
        raise InvalidValue("local_time", "wall", wall, _fold_words(moment))
    return moment
