"""Daylight saving: a wall time the clocks skip is refused, one they repeat must say which.

The oracle is the Dutch rule itself, not the time zone database: summer time (+02:00) from
02:00 (winter time) on the last Sunday of March to 03:00 (summer time) on the last Sunday of
October, winter time (+01:00) otherwise.
"""

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core.errors import InvalidValue
from halt_core.model import AMSTERDAM, Session
from halt_core.model.periods import local_time
from halt_core.serialization import from_json, to_json

YEARS = range(2025, 2031)
HOUR = dt.timedelta(hours=1)
WINTER, SUMMER = dt.timedelta(hours=1), dt.timedelta(hours=2)
MONTHS = {3: "March", 10: "October"}


def last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() - 6) % 7)


def offset_of(wall: dt.datetime) -> dt.timedelta:
    """The Dutch offset of a wall time outside the two hours of a change."""
    spring = dt.datetime.combine(last_sunday(wall.year, 3), dt.time(3))
    autumn = dt.datetime.combine(last_sunday(wall.year, 10), dt.time(2))
    return SUMMER if spring <= wall < autumn else WINTER


def in_change(wall: dt.datetime) -> bool:
    return wall.date() in (last_sunday(wall.year, 3), last_sunday(wall.year, 10)) and (
        wall.hour == 2
    )


def clock(wall: dt.datetime) -> str:
    return f"{wall:%H:%M}" if wall.second == wall.microsecond == 0 else f"{wall:%H:%M:%S}"


def said_on(day: dt.date) -> str:
    return f"on {day.day} {MONTHS[day.month]} {day.year} the clocks go"


def session(start: dt.datetime, end: dt.datetime | None = None) -> Session:
    return Session(start=start, end=end or start.astimezone(dt.UTC) + HOUR, location="aula")


# -- the spring gap: refused, never moved ---------------------------------------------------------

GAP_MINUTES = [
    dt.datetime.combine(last_sunday(year, 3), dt.time(2, minute))
    for year in YEARS
    for minute in range(60)
]
FOLD_MINUTES = [
    dt.datetime.combine(last_sunday(year, 10), dt.time(2, minute))
    for year in YEARS
    for minute in range(60)
]


def gap_words(wall: dt.datetime) -> str:
    return (
        f"{said_on(wall.date())} forward from 02:00 to 03:00: {clock(wall)} does not exist in "
        f"the Netherlands; choose {clock(wall + HOUR)} (or {clock(wall - HOUR)})"
    )


def fold_words(wall: dt.datetime) -> str:
    return (
        f"{said_on(wall.date())} back from 03:00 to 02:00: {clock(wall)} happens twice in the "
        f"Netherlands; say which (fold=0: summer time, the first, {clock(wall)}+02:00; "
        f"fold=1: winter time, the second, {clock(wall)}+01:00)"
    )


def test_every_minute_of_the_spring_gaps_is_refused_by_local_time_and_the_constructor():
    for wall in GAP_MINUTES:
        for fold in (None, 0, 1):
            with pytest.raises(InvalidValue) as info:
                local_time(wall, fold=fold)
            assert (info.value.owner, info.value.field) == ("local_time", "wall")
            assert info.value.allowed == gap_words(wall)
        for fold in (0, 1):
            with pytest.raises(InvalidValue) as info:
                session(wall.replace(tzinfo=AMSTERDAM, fold=fold))
            assert (info.value.owner, info.value.field) == ("Session", "start")
            assert info.value.allowed == gap_words(wall)


@given(
    year=st.sampled_from(YEARS),
    time=st.times(min_value=dt.time(2), max_value=dt.time(2, 59, 59, 999_999)),
    fold=st.sampled_from([0, 1]),
)
def test_any_moment_of_a_spring_gap_is_refused_as_start_or_end(
    year: int, time: dt.time, fold: int
) -> None:
    wall = dt.datetime.combine(last_sunday(year, 3), time.replace(fold=0))
    gap = wall.replace(tzinfo=AMSTERDAM, fold=fold)
    earlier = dt.datetime.combine(wall.date(), dt.time(1), AMSTERDAM)
    with pytest.raises(InvalidValue, match="does not exist in the Netherlands") as info:
        Session(start=earlier, end=gap, location="aula")
    assert info.value.field == "end"
    assert info.value.allowed == gap_words(wall)
    with pytest.raises(InvalidValue, match="the clocks go forward from 02:00 to 03:00"):
        local_time(wall)


# -- the autumn fold: say which ------------------------------------------------------------------


def test_every_minute_of_the_autumn_folds_must_say_which_and_either_is_taken():
    for wall in FOLD_MINUTES:
        with pytest.raises(InvalidValue) as info:
            local_time(wall)  # not said: a naive wall time, no fold
        assert (info.value.owner, info.value.field) == ("local_time", "wall")
        assert info.value.allowed == fold_words(wall)
        first, second = session(local_time(wall, fold=0)), session(local_time(wall, fold=1))
        for built, offset in ((first, SUMMER), (second, WINTER)):
            assert built.start.replace(tzinfo=None) == wall  # the wall time, unmoved
            assert built.start.utcoffset() == offset
            assert built.start.astimezone(dt.UTC).replace(tzinfo=None) == wall - offset
        assert second.start.astimezone(dt.UTC) - first.start.astimezone(dt.UTC) == HOUR


@given(
    year=st.sampled_from(YEARS),
    time=st.times(min_value=dt.time(2), max_value=dt.time(2, 59, 59, 999_999)),
)
def test_any_moment_of_an_autumn_fold_is_refused_unsaid_and_taken_in_either_fold(
    year: int, time: dt.time
) -> None:
    wall = dt.datetime.combine(last_sunday(year, 10), time.replace(fold=0))  # fold: not said
    with pytest.raises(InvalidValue) as info:
        local_time(wall)
    assert info.value.allowed == fold_words(wall)
    # Said with the keyword, or with the wall time's own fold=1; or in the zone (PEP 495).
    said = {
        0: [local_time(wall, fold=0), wall.replace(tzinfo=AMSTERDAM)],
        1: [
            local_time(wall, fold=1),
            local_time(wall.replace(fold=1)),
            wall.replace(tzinfo=AMSTERDAM, fold=1),
        ],
    }
    instants = {}
    for fold, moments in said.items():
        offset = (SUMMER, WINTER)[fold]
        for moment in moments:
            built = session(moment)
            assert built.start.astimezone(dt.UTC).replace(tzinfo=None) == wall - offset
            assert (built.start.replace(tzinfo=None), built.start.fold) == (wall, fold)
            instants[fold] = built.start.astimezone(dt.UTC)
    assert instants[1] - instants[0] == HOUR
    # The keyword wins over the wall time's own fold.
    assert local_time(wall.replace(fold=1), fold=0).utcoffset() == SUMMER


def test_a_session_in_the_fold_keeps_its_fold_through_evolve_and_json():
    for fold in (0, 1):
        start = local_time(dt.datetime(2026, 10, 25, 2, 30), fold=fold)
        built = Session(start=start, end=start.astimezone(dt.UTC) + HOUR / 2, location="aula")
        moved = attrs.evolve(built, location="gym")  # built again from its own moments
        assert moved.start.astimezone(dt.UTC) == start.astimezone(dt.UTC)
        again = from_json(to_json(built), Session)
        assert again == built
        assert again.start.astimezone(dt.UTC) == start.astimezone(dt.UTC)


def test_stored_documents_are_never_refused_they_carry_their_offsets():
    # Written before this change, or by another tool: a document always has offsets.
    for start, end in [
        ("2026-10-25T02:30:00+02:00", "2026-10-25T02:15:00+01:00"),  # across the fold
        ("2026-10-25T02:30:00+01:00", "2026-10-25T04:00:00+01:00"),
        ("2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00"),  # across the gap
        ("2026-03-29T02:30:00+01:00", "2026-03-29T04:00:00+02:00"),  # 02:30 at +01:00 = 03:30
        ("2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z"),
    ]:
        document = json.dumps({"start": start, "end": end, "location": "aula"})
        read = from_json(document, Session)
        # In UTC: Python calls a time in a fold unequal to any time of another zone (PEP 495).
        assert read.start.astimezone(dt.UTC) == dt.datetime.fromisoformat(start)
        assert read.end.astimezone(dt.UTC) == dt.datetime.fromisoformat(end)
        assert read.start.tzinfo is AMSTERDAM


# -- everything else: taken as it is ---------------------------------------------------------


@given(
    wall=st.datetimes(
        min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2030, 12, 31, 23, 59)
    ).filter(lambda w: not in_change(w)),
    fold=st.sampled_from([None, 0, 1]),
)
def test_a_time_outside_the_changes_is_taken_unchanged(wall: dt.datetime, fold: int | None) -> None:
    expected = wall - offset_of(wall)  # the instant, in naive UTC
    moment = local_time(wall, fold=fold)
    assert moment.replace(tzinfo=None) == wall
    assert moment.astimezone(dt.UTC).replace(tzinfo=None) == expected
    built = session(wall.replace(tzinfo=AMSTERDAM, fold=fold or 0))
    assert built.start.replace(tzinfo=None) == wall
    assert built.start.astimezone(dt.UTC).replace(tzinfo=None) == expected
    assert built.start.tzinfo is AMSTERDAM


@given(
    instant=st.datetimes(
        min_value=dt.datetime(2025, 1, 1),
        max_value=dt.datetime(2030, 12, 31),
        timezones=st.just(dt.UTC),
    ),
    hours=st.sampled_from([0, 1, 2, -5]),
)
def test_a_moment_in_utc_or_at_a_fixed_offset_is_never_ambiguous(
    instant: dt.datetime, hours: int
) -> None:
    moment = instant.astimezone(dt.timezone(dt.timedelta(hours=hours)))
    built = session(moment)
    assert built.start == instant
    assert built.start.tzinfo is AMSTERDAM
    assert built.start.astimezone(dt.UTC) == instant


# -- local_time's own arguments ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("wall", "fold", "field", "message"),
    [
        (dt.datetime(2026, 7, 1, 9, tzinfo=AMSTERDAM), None, "wall", "without a time zone"),
        (dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), None, "wall", "without a time zone"),
        (dt.date(2026, 7, 1), None, "wall", "without a time zone"),
        (dt.datetime(2026, 7, 1, 9), 2, "fold", r"0 \(the first"),
        (dt.datetime(2026, 7, 1, 9), True, "fold", r"0 \(the first"),
    ],
)
def test_local_time_takes_a_naive_wall_time_and_a_fold_of_none_0_or_1(
    wall: object, fold: object, field: str, message: str
) -> None:
    with pytest.raises(InvalidValue, match=message) as info:
        local_time(wall, fold=fold)  # type: ignore[arg-type]
    assert (info.value.owner, info.value.field) == ("local_time", field)


def test_a_naive_time_given_to_a_constructor_points_to_local_time():
    with pytest.raises(InvalidValue, match=r"time zone.*local_time\(\)"):
        session(dt.datetime(2026, 7, 1, 9))
