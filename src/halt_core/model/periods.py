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
    :data:`LAST_INSTANT`, and neither a wall time the clocks skip (see the module's
    *Daylight saving*; a time in the autumn fold is taken at its ``fold``). The order is
    checked on the instants: Python compares two times of one named zone by their wall
    times, without their offsets, which is wrong around the DST changes, so those are
    compared in UTC. Raises :class:`~halt_core.errors.InvalidValue` when a time is in a
    spring gap or ``end`` is not after ``start``.
    """
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

_SECOND = dt.timedelta(seconds=1)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


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


def _changing(moment: dt.datetime) -> bool:
    """Whether the wall time of ``moment`` lies in a gap or a fold of its zone."""
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def _in_gap(moment: dt.datetime) -> bool:
    """Whether the wall time of the aware ``moment`` is one its zone's clocks skip.

    PEP 495: in a gap or a fold, fold=0 takes the offset before the change and fold=1 the one
    after; the clocks skip wall times when the offset after is the larger.
    """
    before, after = moment.replace(fold=0).utcoffset(), moment.replace(fold=1).utcoffset()
    return before is not None and after is not None and before < after


def _clock_change(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The wall times the clocks go from and to at the change next to ``moment``'s wall time.

    Only for a wall time in a gap or a fold. The instant of the change lies between the two
    instants the wall time could name; it is found to the second by halving.
    """
    zone = moment.tzinfo
    before = moment.replace(fold=0).utcoffset() or dt.timedelta()
    after = moment.replace(fold=1).utcoffset() or dt.timedelta()
    wall = moment.replace(tzinfo=None, fold=0)
    low, high = sorted((wall - before, wall - after))  # naive UTC: before, and after, the change
    # Changes fall on whole seconds: search those, rounding outwards.
    whole = high.replace(microsecond=0)
    low, high = low.replace(microsecond=0), whole if whole == high else whole + _SECOND
    seconds = int((high - low).total_seconds())
    while seconds > 1:
        half = seconds // 2
        middle = low + dt.timedelta(seconds=half)
        if middle.replace(tzinfo=dt.UTC).astimezone(zone).utcoffset() == before:
            low, seconds = middle, seconds - half
        else:
            high, seconds = middle, half
    change = high  # the first second with the new offset
    return change + before, change + after


def _gap_words(moment: dt.datetime) -> str:
    """What to say of a wall time the clocks skip, and what to choose instead."""
    go_from, go_to = _clock_change(moment)
    wall = moment.replace(tzinfo=None, fold=0)
    skipped = go_to - go_from
    return (
        f"on {_day_words(go_from.date())} the clocks go forward from {_clock(go_from)} to "
        f"{_clock(go_to)}: {_clock(wall)} does not exist {_where(moment)}; choose "
        f"{_clock(wall + skipped)} (or {_clock(wall - skipped)})"
    )


def _fold_words(moment: dt.datetime) -> str:
    """What to say of a wall time the clocks go through twice, and how to say which."""
    go_from, go_to = _clock_change(moment)
    wall = moment.replace(tzinfo=None, fold=0)
    first, second = moment.replace(fold=0), moment.replace(fold=1)
    return (
        f"on {_day_words(go_from.date())} the clocks go back from {_clock(go_from)} to "
        f"{_clock(go_to)}: {_clock(wall)} happens twice {_where(moment)}; say which "
        f"(fold=0: {_season(first)}, the first, {_clock(wall)}{_offset(first)}; "
        f"fold=1: {_season(second)}, the second, {_clock(wall)}{_offset(second)})"
    )


def _day_words(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _clock(moment: dt.datetime) -> str:
    """A wall time as a clock shows it: 02:30, with seconds only when it has them."""
    spec = "minutes" if moment.second == 0 and moment.microsecond == 0 else "seconds"
    return moment.time().isoformat(timespec=spec)


def _offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta()
    sign, minutes = ("-", -offset) if offset < dt.timedelta() else ("+", offset)
    hours, rest = divmod(int(minutes.total_seconds()) // 60, 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def _season(moment: dt.datetime) -> str:
    return "summer time" if moment.dst() else "winter time"


def _where(moment: dt.datetime) -> str:
    zone = moment.tzinfo
    if zone is AMSTERDAM:
        return "in the Netherlands"
    return f"in {getattr(zone, 'key', None) or moment.tzname()}"
