"""Daylight saving: which wall times a zone's clocks skip or go through twice, in words.

The helpers behind :func:`~halt_core.model.periods.local_time` and
:func:`~halt_core.model.periods.check_time_slot` (see the *Daylight saving* of
:mod:`halt_core.model.periods`): they find a clock change next to a wall time and say what to
choose instead.
"""

from __future__ import annotations

import datetime as dt

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
    from halt_core.model.periods import AMSTERDAM  # periods imports this module

    zone = moment.tzinfo
    if zone is AMSTERDAM:
        return "in the Netherlands"
    return f"in {getattr(zone, 'key', None) or moment.tzname()}"
