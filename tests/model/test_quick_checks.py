"""The quick paths of the hot model checks agree with the full checks, value for value.

The values read and built most (an intervention's sessions, target group, age range, area,
period and evaluation, and every time slot) pass their checks in a few comparisons and leave
everything else to the full checks, which word each problem. These properties run both on the
same fields: the same values are kept, or the same error is raised (class, field, value, words
and the others in ``also``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from halt_core.errors import InvalidValue
from halt_core.model import (
    AMSTERDAM,
    AgeRange,
    Area,
    AreaKind,
    Audience,
    Evaluation,
    Period,
    Session,
    TargetGroup,
)
from halt_core.model._intervention_checks import (
    check_age_range,
    check_evaluation,
    check_session,
    check_target_group,
)
from halt_core.model.geography import _check_area
from halt_core.model.periods import _check_period, _check_time_slot_fully, check_time_slot


def _error(exc: InvalidValue) -> tuple[object, ...]:
    return (exc.owner, exc.field, repr(exc.value), exc.allowed)


def _outcome(check: Callable[[Any], None], cls: type, fields: dict[str, Any]) -> object:
    """What ``check`` makes of a ``cls`` holding ``fields`` (set as they are, unchecked)."""
    value: Any = object.__new__(cls)
    for name, field in fields.items():
        object.__setattr__(value, name, field)
    try:
        check(value)
    except InvalidValue as exc:
        return ("refused", _error(exc), [_error(e) for e in exc.also])
    kept = [(name, getattr(value, name)) for name in fields]
    # Times: the same instant is not enough; the zone and the fold must be the same too.
    moments = [(v.tzinfo, v.fold) for _, v in kept if isinstance(v, dt.datetime)]
    return ("kept", kept, moments)


def _same(cls: Any, full: Callable[[Any], None], **fields: Any) -> None:
    assert _outcome(cls.__attrs_post_init__, cls, fields) == _outcome(full, cls, fields)


# Values of the wrong kind or out of range, for any field.
_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 130),
    st.sampled_from(["", " \t", "x" * 201, "x" * 2001, "a\x00b", "groep\ud8008", "é", 1.5]),
    st.text(max_size=4),
)
_TEXT = st.one_of(st.sampled_from(["groep 8, OBS De Regenboog", "ouders", "één"]), _ODD)
_DAYS = st.one_of(
    st.dates(dt.date(1969, 12, 25), dt.date(2200, 1, 5)),
    st.sampled_from([dt.datetime(2025, 3, 1, 10, tzinfo=AMSTERDAM)]),
    _ODD,
)

# Near the edges of the years allowed, and around the clock changes of a few years.
_WALLS = st.one_of(
    st.datetimes(dt.datetime(1969, 12, 30), dt.datetime(2200, 1, 2)),
    st.builds(
        lambda day, minutes: dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes),
        st.sampled_from(
            [
                dt.date(year, month, day)
                for year in (1977, 1995, 2025, 2026, 2150)
                for month in (3, 4, 9, 10)
                for day in (1, 2, 3, 4, 5, 6, 7, 24, 25, 26, 27, 28, 29, 30)
            ]
        ),
        st.integers(0, 24 * 60),
    ),
)
_ZONES = st.sampled_from(
    [
        AMSTERDAM,
        dt.UTC,
        dt.timezone(dt.timedelta(hours=1)),
        dt.timezone(dt.timedelta(hours=2)),
        dt.timezone(dt.timedelta(hours=-5, minutes=-30)),
        None,
    ]
)


@st.composite
def _moments(draw: st.DrawFn) -> dt.datetime:
    wall = draw(_WALLS)
    return wall.replace(tzinfo=draw(_ZONES), fold=draw(st.sampled_from([0, 1])))


class _Slot:
    __slots__ = ("end", "start")
    start: dt.datetime
    end: dt.datetime


def _slot_outcome(check: Any, start: object, end: object) -> object:
    slot = _Slot()
    try:
        check(slot, start, end)
    except InvalidValue as exc:
        return ("refused", _error(exc))
    kept = (slot.start, slot.end)
    return ("kept", kept, [(m.tzinfo, m.fold, m.utcoffset()) for m in kept])


@given(_moments(), _moments(), st.integers(0, 3 * 60))
@example(  # across the end of summer time: the end's wall time reads earlier
    dt.datetime(2025, 10, 26, 2, 30, tzinfo=AMSTERDAM),
    dt.datetime(2025, 10, 26, 2, 15, tzinfo=AMSTERDAM, fold=1),
    0,
)
@example(  # in the spring gap
    dt.datetime(2026, 3, 29, 2, 30, tzinfo=AMSTERDAM),
    dt.datetime(2026, 3, 29, 4, 0, tzinfo=AMSTERDAM),
    0,
)
@example(  # a fold said where there is none: dropped
    dt.datetime(2026, 5, 4, 10, 0, tzinfo=AMSTERDAM, fold=1),
    dt.datetime(2026, 5, 4, 11, 0, tzinfo=AMSTERDAM),
    0,
)
def test_a_time_slot_is_checked_as_the_full_check_does(start: Any, end: Any, minutes: int) -> None:
    quick, full = check_time_slot, _check_time_slot_fully
    assert _slot_outcome(quick, start, end) == _slot_outcome(full, start, end)
    # The same start with an end a little after it, so that most slots are in order.
    if start.tzinfo is not None and 1970 < start.year < 2199:
        later = (start + dt.timedelta(minutes=minutes)).replace(fold=end.fold)
        assert _slot_outcome(quick, start, later) == _slot_outcome(full, start, later)


@given(st.one_of(st.integers(-2, 122), _ODD), st.one_of(st.integers(-2, 122), _ODD))
def test_age_ranges(low: Any, high: Any) -> None:
    _same(AgeRange, check_age_range, minimum=low, maximum=high)


@given(
    st.one_of(st.sampled_from(list(Audience)), _ODD),
    _TEXT,
    st.one_of(st.none(), st.just(AgeRange(minimum=8, maximum=12)), _ODD),
    st.one_of(st.integers(-1, 100_001), _ODD),
    st.one_of(st.booleans(), _ODD),
)
def test_target_groups(audience: Any, description: Any, ages: Any, size: Any, parents: Any) -> None:
    _same(
        TargetGroup,
        check_target_group,
        audience=audience,
        description=description,
        age_range=ages,
        size=size,
        parents_involved=parents,
    )


@given(
    st.one_of(st.sampled_from(list(AreaKind)), _ODD),
    st.one_of(
        st.lists(
            st.sampled_from(["GM0363", "GM0014", "VR13", "Amsterdam", "Den Haag", "GM363", ""]),
            max_size=3,
        ).map(tuple),
        st.just(["GM0363"]),
        _ODD,
    ),
)
def test_areas(kind: Any, codes: Any) -> None:
    _same(Area, _check_area, kind=kind, codes=codes)


@given(_DAYS, st.one_of(st.none(), _DAYS))
def test_periods(start: Any, end: Any) -> None:
    _same(Period, _check_period, start=start, end=end)


@given(_DAYS, st.one_of(st.just("Goed ontvangen."), _TEXT), st.one_of(st.integers(-1, 10), _ODD))
def test_evaluations(day: Any, summary: Any, reached: Any) -> None:
    _same(Evaluation, check_evaluation, evaluated_on=day, summary=summary, reached=reached)


@given(
    st.one_of(st.just(uuid.UUID(int=7)), _ODD),
    _moments(),
    st.integers(-30, 200),
    _TEXT,
    st.one_of(st.sampled_from(["j.devries", "HALT-0042", "j de vries", "x" * 33, "a\n"]), _ODD),
)
def test_sessions(id: Any, start: Any, minutes: int, location: Any, trainer: Any) -> None:
    end = start + dt.timedelta(minutes=minutes)
    _same(Session, check_session, id=id, start=start, end=end, location=location, trainer=trainer)


def test_an_intervention_read_checks_the_fields_check_types_would() -> None:
    # Intervention.__attrs_post_init__ writes out what check_types checks while msgspec
    # decodes (the text and the days); a field of those kinds added later must be added there.
    import attrs

    from halt_core.model import Intervention
    from halt_core.model._checks import _holds

    fields = attrs.fields(attrs.resolve_types(Intervention))
    assert [f.name for f in fields if _holds(f.type, (str, dt.date))] == [
        "title",
        "requested_on",
        "notes",
    ]


_SLOT_START = dt.datetime(2026, 5, 4, 10, 0, tzinfo=AMSTERDAM)


@given(
    st.one_of(
        st.text(alphabet="abcXYZ019._- \n\t\x00é/", max_size=40),
        st.sampled_from(["j.devries", "HALT-0042", "x" * 32, "x" * 33]),
        _ODD,
    ),
    st.one_of(st.text(alphabet="ab \t\x00é\n", max_size=6), st.just("x" * 201), _TEXT),
)
@example("j de vries", "lokaal 12")
@example("jdevries\n", "lokaal 12")
@example("j.devries", " \t")
def test_a_session_s_trainer_and_location(trainer: Any, location: Any) -> None:
    # The other fields as the usual session has them, so that these two decide.
    _same(
        Session,
        check_session,
        id=uuid.UUID(int=7),
        start=_SLOT_START,
        end=_SLOT_START + dt.timedelta(hours=1),
        location=location,
        trainer=trainer,
    )
