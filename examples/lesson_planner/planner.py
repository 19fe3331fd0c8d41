r"""Plan schools' requests for Halt lessons over a team of trainers, and write the calendars.

Run it from the root of the repository once halt-core is installed with its ``ics`` extra::

    python examples/lesson_planner/planner.py examples/lesson_planner/requests.csv \
        --trainers "Anouk,Bram,Chris" --from 2026-10-05 --weeks 6 --out calendars/

It reads the requests (one CSV row each, see README.md), plans every session inside school
hours on the school's preferred weekdays without booking a trainer twice, moves each planned
request through its lifecycle to *scheduled*, lets the rules check the result, prints the plan
per trainer and writes one iCalendar file per school. The same input gives the same output,
calendar UIDs included, so a school that imports its calendar again gets no duplicates.

The planning itself is :func:`plan_sessions`: a pure function of the requests, the trainers
and :class:`PlanSettings`, without halt_core records or I/O.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import attrs

from halt_core import (
    AMSTERDAM,
    AgeRange,
    Area,
    Audience,
    ContactPoint,
    EventId,
    Gazetteer,
    HaltError,
    Intervention,
    InterventionId,
    InterventionKind,
    InvalidValue,
    Level,
    Network,
    NotFound,
    Partner,
    PartnerId,
    PartnerKind,
    Period,
    ProblemArea,
    Session,
    TargetGroup,
    stable_id,
)
from halt_core.export import export
from halt_core.lifecycle import (
    agree_intervention,
    schedule_intervention,
    start_intervention_intake,
)
from halt_core.rules import Report, default_rules

__all__ = [
    "LessonRequest",
    "Plan",
    "PlanSettings",
    "RequestRow",
    "RowError",
    "Slot",
    "Unplanned",
    "build_network",
    "main",
    "plan_sessions",
    "read_requests",
]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Weekday names for the printed plan (not locale-dependent, so the output never varies)."""


# -- the pure planner ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LessonRequest:
    """What planning needs to know about one request.

    Attributes:
        place: where the sessions are; a trainer needs travel time between two places.
        weekdays: the days the school prefers, 0 (Monday) to 4 (Friday).
        earliest: the earliest start of a session, Amsterdam wall time.
        latest: the latest end of a session.
        sessions: how many sessions, each on its own day.
        minutes: how long each session takes.

    """

    place: str
    weekdays: frozenset[int]
    earliest: dt.time
    latest: dt.time
    sessions: int
    minutes: int


@attrs.frozen(kw_only=True)
class PlanSettings:
    """The frame every plan fits in.

    Attributes:
        first_day: the first day sessions may be on.
        last_day: the last day sessions may be on.
        school_start: no session starts before this time.
        school_end: no session ends after this time.
        travel_minutes: the least time between two sessions of a trainer at different places.
        days_between: the least number of days between two sessions of one request (7: a
            lesson a week, so a class has time for the assignment in between).
        step_minutes: sessions start on multiples of this many minutes after midnight.
        closed: days without sessions (holidays, study days).

    """

    first_day: dt.date
    last_day: dt.date
    school_start: dt.time = dt.time(8, 30)
    school_end: dt.time = dt.time(15, 30)
    travel_minutes: int = 30
    days_between: int = 7
    step_minutes: int = 5
    closed: frozenset[dt.date] = frozenset()

    def school_days(self) -> list[dt.date]:
        """The days sessions may be on: Monday to Friday in the period, not closed."""
        count = (self.last_day - self.first_day).days + 1
        days = (self.first_day + dt.timedelta(days=n) for n in range(count))
        return [day for day in days if day.weekday() < 5 and day not in self.closed]


@attrs.frozen(kw_only=True)
class Slot:
    """One planned session.

    Attributes:
        request: the index of its request in the list given to :func:`plan_sessions`.
        number: which session of the request it is, from 1.
        trainer: who gives it.
        place: where (the request's place).
        day: the day.
        start: when it starts, Amsterdam wall time.
        end: when it ends.

    """

    request: int
    number: int
    trainer: str
    place: str
    day: dt.date
    start: dt.time
    end: dt.time

    @property
    def starts_at(self) -> dt.datetime:
        """The start as a moment in Europe/Amsterdam."""
        return dt.datetime.combine(self.day, self.start, tzinfo=AMSTERDAM)

    @property
    def ends_at(self) -> dt.datetime:
        """The end as a moment in Europe/Amsterdam."""
        return dt.datetime.combine(self.day, self.end, tzinfo=AMSTERDAM)


@attrs.frozen(kw_only=True)
class Unplanned:
    """A request that could not be planned, and why.

    Attributes:
        request: the index of the request.
        reason: why, in a sentence that completes "it could not be planned: ...".

    """

    request: int
    reason: str


@attrs.frozen(kw_only=True)
class Plan:
    """The outcome: every request is either wholly in ``slots`` or in ``unplanned``.

    Attributes:
        slots: the planned sessions, by trainer (in the order given), day and time.
        unplanned: the requests left out, in the order given.

    """

    slots: tuple[Slot, ...]
    unplanned: tuple[Unplanned, ...]


def plan_sessions(
    requests: Sequence[LessonRequest], trainers: Sequence[str], settings: PlanSettings
) -> Plan:
    """Plan all sessions of each request with one trainer, or report why that is impossible.

    Every session lies on one of the request's weekdays in the period, inside both its own
    times and school hours; sessions of one request are ``days_between`` days apart and given
    by one trainer (the class gets to know them); a trainer's sessions on a day leave
    ``travel_minutes`` between different places. A request is planned whole or not at all.

    Greedy, hardest request first (fewest possible start times per session); each request
    goes to the trainer who can finish it earliest, the least busy one on a tie. Pure and
    deterministic: the same arguments give the same plan.
    """
    days = settings.school_days()
    booked: dict[str, list[Slot]] = {trainer: [] for trainer in trainers}
    load = dict.fromkeys(trainers, 0)
    unplanned: list[Unplanned] = []

    def freedom(index: int) -> float:
        request = requests[index]
        low, high = _window(request, settings)
        starts = max(0, (high - low - request.minutes) // settings.step_minutes + 1)
        usable = sum(1 for day in days if day.weekday() in request.weekdays)
        return usable * starts / max(1, request.sessions)

    for index in sorted(range(len(requests)), key=lambda i: (freedom(i), i)):
        request = requests[index]
        reason = _impossible(request, trainers, days, settings)
        if reason is not None:
            unplanned.append(Unplanned(request=index, reason=reason))
            continue
        best: tuple[tuple[dt.date, int, int], list[Slot]] | None = None
        most = 0
        for position, trainer in enumerate(trainers):
            slots = _fit(index, request, trainer, booked[trainer], days, settings)
            if len(slots) < request.sessions:
                most = max(most, len(slots))
                continue
            key = (slots[-1].day, load[trainer], position)
            if best is None or key < best[0]:
                best = (key, slots)
        if best is None:
            unplanned.append(
                Unplanned(
                    request=index,
                    reason=f"the trainers are booked: at most {most} of its "
                    f"{request.sessions} sessions fit with one trainer",
                )
            )
            continue
        slots = best[1]
        booked[slots[0].trainer].extend(slots)
        load[slots[0].trainer] += request.minutes * request.sessions
    order = {trainer: position for position, trainer in enumerate(trainers)}
    every = sorted(
        (slot for slots in booked.values() for slot in slots),
        key=lambda s: (order[s.trainer], s.day, s.start, s.request),
    )
    return Plan(slots=tuple(every), unplanned=tuple(sorted(unplanned, key=lambda u: u.request)))


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def _window(request: LessonRequest, settings: PlanSettings) -> tuple[int, int]:
    """The request's own times within school hours, in minutes after midnight."""
    low = max(_minutes(request.earliest), _minutes(settings.school_start))
    high = min(_minutes(request.latest), _minutes(settings.school_end))
    return low, high


def _impossible(
    request: LessonRequest,
    trainers: Sequence[str],
    days: Sequence[dt.date],
    settings: PlanSettings,
) -> str | None:
    """Why ``request`` cannot be planned whatever the trainers do, or None."""
    school = f"{settings.school_start:%H:%M}-{settings.school_end:%H:%M}"
    own = f"{request.earliest:%H:%M}-{request.latest:%H:%M}"
    if _minutes(request.latest) - _minutes(request.earliest) < request.minutes:
        return f"a {request.minutes}-minute session does not fit in its times {own}"
    low, high = _window(request, settings)
    if high <= low:
        return f"its times {own} lie outside school hours {school}"
    # Sessions start on the step grid, so the first possible start may be after ``low``.
    if math.ceil(low / settings.step_minutes) * settings.step_minutes + request.minutes > high:
        return (
            f"a {request.minutes}-minute session does not fit in its times {own} within "
            f"school hours {school}"
        )
    usable = [day for day in days if day.weekday() in request.weekdays]
    names = "/".join(WEEKDAYS[n] for n in sorted(request.weekdays)) or "no weekday"
    if not usable:
        return f"the period has no school day on its weekdays ({names})"
    fits = len(_spaced(usable, settings.days_between))
    if fits < request.sessions:
        return (
            f"only {fits} of its {request.sessions} sessions fit on {names} in the period, "
            f"{settings.days_between} days apart"
        )
    if not trainers:
        return "there are no trainers"
    return None


def _spaced(days: Iterable[dt.date], gap: int) -> list[dt.date]:
    """The earliest days, in order, at least ``gap`` days apart."""
    chosen: list[dt.date] = []
    for day in days:
        if not chosen or (day - chosen[-1]).days >= gap:
            chosen.append(day)
    return chosen


def _fit(
    index: int,
    request: LessonRequest,
    trainer: str,
    booked: Sequence[Slot],
    days: Sequence[dt.date],
    settings: PlanSettings,
) -> list[Slot]:
    """The earliest sessions of ``request`` that ``trainer`` can give, up to all of them.

    Taking the earliest possible day each time fits the most sessions: a day's availability
    does not depend on the request's other sessions, only on the ones already booked.
    """
    slots: list[Slot] = []
    for day in days:
        if day.weekday() not in request.weekdays:
            continue
        if slots and (day - slots[-1].day).days < settings.days_between:
            continue
        start = _earliest_start(request, [s for s in booked if s.day == day], settings)
        if start is None:
            continue
        slots.append(
            Slot(
                request=index,
                number=len(slots) + 1,
                trainer=trainer,
                place=request.place,
                day=day,
                start=_clock(start),
                end=_clock(start + request.minutes),
            )
        )
        if len(slots) == request.sessions:
            break
    return slots


def _earliest_start(
    request: LessonRequest, that_day: Sequence[Slot], settings: PlanSettings
) -> int | None:
    """The earliest start on the step grid that keeps clear of the trainer's other sessions."""
    low, high = _window(request, settings)
    step = settings.step_minutes
    start = math.ceil(low / step) * step
    while start + request.minutes <= high:
        end = start + request.minutes
        clash = None
        for other in that_day:
            gap = 0 if other.place == request.place else settings.travel_minutes
            if start < _minutes(other.end) + gap and _minutes(other.start) < end + gap:
                clash = other
                break
        if clash is None:
            return start
        # Jump past the clash rather than trying every step in between.
        gap = 0 if clash.place == request.place else settings.travel_minutes
        start = max(start + step, math.ceil((_minutes(clash.end) + gap) / step) * step)
    return None


# -- reading the requests -----------------------------------------------------------------------

COLUMNS = {
    "school": "the school's name, e.g. OBS De Regenboog",
    "gemeente": "its municipality in CBS spelling, e.g. Amsterdam or 's-Gravenhage",
    "soort": "voorlichtingsles, ouderbijeenkomst, vpt or schoolveiligheidsadvies",
    "thema": "the problem area, e.g. vuurwerk, winkeldiefstal, online gedrag",
    "groep": "the group, e.g. groep 8 or klas 2b",
    "leeftijd": "the pupils' ages, e.g. 11-12 (needed for a voorlichtingsles)",
    "leerlingen": "how many take part (may be empty)",
    "dagen": "preferred weekdays, e.g. ma wo vr",
    "van": "earliest start, HH:MM (empty: school hours)",
    "tot": "latest end, HH:MM (empty: school hours)",
    "lessen": "how many sessions, 1 to 10",
    "duur": "minutes per session, 15 to 240",
    "locatie": "where in the school, e.g. lokaal 12 or aula",
    "contact": "the school's e-mail address for Halt (may be empty)",
}
"""The CSV's columns (Dutch headers, as the schools' request form has them) and their meaning."""

OPTIONAL = frozenset({"leeftijd", "leerlingen", "van", "tot", "contact"})
"""Columns whose values may be empty (the header must still name them)."""

KINDS = {
    "voorlichtingsles": (InterventionKind.INFORMATION_LESSON, Audience.PUPILS, "Voorlichtingsles"),
    "ouderbijeenkomst": (InterventionKind.PARENT_MEETING, Audience.PARENTS, "Ouderbijeenkomst"),
    "ouderavond": (InterventionKind.PARENT_MEETING, Audience.PARENTS, "Ouderavond"),
    "vpt": (InterventionKind.SAFE_PUBLIC_TASK, Audience.EDUCATION_STAFF, "VPT-training"),
    "schoolveiligheidsadvies": (
        InterventionKind.SCHOOL_SAFETY_ADVICE,
        Audience.EDUCATION_STAFF,
        "Schoolveiligheidsadvies",
    ),
}
"""The words of the ``soort`` column: the kind of work, who it is for, and its title word."""

THEMES = {
    "vuurwerk": ProblemArea.FIREWORKS,
    "winkeldiefstal": ProblemArea.SHOPLIFTING,
    "vandalisme": ProblemArea.VANDALISM,
    "overlast": ProblemArea.STREET_NUISANCE,
    "online gedrag": ProblemArea.ONLINE_BEHAVIOUR,
    "alcohol en drugs": ProblemArea.ALCOHOL_AND_DRUGS,
    "agressie en geweld": ProblemArea.AGGRESSION_AND_VIOLENCE,
    "verzuim": ProblemArea.TRUANCY,
    "overig": ProblemArea.OTHER,
}
"""The words of the ``thema`` column and the problem areas they name."""

_DAYS = {
    **{short: n for n, short in enumerate(("ma", "di", "wo", "do", "vr"))},
    **{
        name: n for n, name in enumerate(("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"))
    },
}
_WEEKEND = frozenset({"za", "zo", "zaterdag", "zondag"})
_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")
_AGES = re.compile(r"([0-9]{1,2})(?:\s*-\s*([0-9]{1,2}))?")
_T = TypeVar("_T")


@attrs.frozen(kw_only=True)
class RowError:
    """A CSV row (or the header) that cannot be read: where, and what is wrong.

    Attributes:
        source: the file's name as given.
        line: the line it ends on, from 1.
        column: the column, or None for the row as a whole.
        message: what is wrong and what to write instead.

    """

    source: str
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"column '{self.column}': " if self.column else ""
        return f"{self.source}:{self.line}: {where}{self.message}"


@attrs.frozen(kw_only=True)
class RequestRow:
    """One school request as read from the CSV: the records it becomes and what to plan.

    Attributes:
        line: the CSV line it ends on.
        school: the school as a partner (the contact point from this row only).
        intervention: the requested work, status requested, no sessions yet.
        location: where in the school the sessions are (e.g. ``lokaal 12``).
        request: what the planner needs.

    """

    line: int
    school: Partner
    intervention: Intervention
    location: str
    request: LessonRequest


def read_requests(
    text: str, *, source: str, requested_on: dt.date, gazetteer: Gazetteer | None = None
) -> tuple[list[RequestRow], list[RowError]]:
    """Read the requests CSV ``text``; return the rows read and an error per bad row.

    ``source`` names the file in errors. Semicolons work as the separator too (as a Dutch
    Excel writes CSV). Ids are derived from the row's content (school, municipality, kind,
    theme, group), not its line, so the same request keeps its ids after the file is edited.
    """
    gazetteer = gazetteer or Gazetteer.load()
    if not text.strip():
        message = f"is empty; the first line names the columns: {', '.join(COLUMNS)}"
        return [], [RowError(source=source, line=1, column=None, message=message)]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    twice = [name for name, count in Counter(header).items() if count > 1]
    if missing or unknown or twice:
        if missing:
            what = f"missing column '{missing[0]}' ({COLUMNS[missing[0]]})"
        else:
            what = f"unknown column '{unknown[0]}'" if unknown else f"column '{twice[0]}' twice"
        return [], [
            RowError(
                source=source,
                line=1,
                column=None,
                message=f"{what}; the header must name: {', '.join(COLUMNS)}",
            )
        ]
    rows: list[RequestRow] = []
    errors: list[RowError] = []
    seen: Counter[tuple[str, ...]] = Counter()
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a NUL byte: the rest of the file cannot be trusted
            errors.append(
                RowError(source=source, line=reader.line_num, column=None, message=str(exc))
            )
            break
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue  # blank lines, often at the end of an exported sheet
        if len(values) != len(header):
            errors.append(
                RowError(
                    source=source,
                    line=line,
                    column=None,
                    message=f"has {len(values)} values for {len(header)} columns; "
                    "quote a value that contains the separator",
                )
            )
            continue
        cells = {name: value.strip() for name, value in zip(header, values, strict=True)}
        try:
            rows.append(_row(cells, line, seen, requested_on, gazetteer))
        except _BadCell as bad:
            errors.append(RowError(source=source, line=line, column=bad.column, message=bad.text))
    if not rows and not errors:
        errors.append(RowError(source=source, line=1, column=None, message="has no requests"))
    return rows, errors


class _BadCell(Exception):
    def __init__(self, column: str, text: str) -> None:
        super().__init__(text)
        self.column = column
        self.text = text


def _row(
    cells: dict[str, str],
    line: int,
    seen: Counter[tuple[str, ...]],
    requested_on: dt.date,
    gazetteer: Gazetteer,
) -> RequestRow:
    for name in COLUMNS:
        if name not in OPTIONAL and not cells[name]:
            raise _BadCell(name, f"is empty; write {COLUMNS[name]}")
    school_name = _text(cells, "school", 100)
    group = _text(cells, "groep", 100)
    location = _text(cells, "locatie", 90)
    try:
        municipality = gazetteer.find(cells["gemeente"])
    except NotFound:
        raise _BadCell(
            "gemeente",
            f"{cells['gemeente']!r} is not a municipality of {gazetteer.year}; "
            "use the CBS spelling, e.g. 's-Gravenhage, Súdwest-Fryslân",
        ) from None
    kind, audience, word = _choice(cells, "soort", KINDS)
    theme = _choice(cells, "thema", THEMES)
    ages = _ages(cells["leeftijd"])
    pupils = _whole(cells, "leerlingen", 1, 1000) if cells["leerlingen"] else None
    weekdays = _weekdays(cells["dagen"])
    earliest = _time(cells, "van") if cells["van"] else dt.time(0, 0)
    latest = _time(cells, "tot") if cells["tot"] else dt.time(23, 59)
    if latest <= earliest:
        raise _BadCell("tot", f"{latest:%H:%M} is not after van {earliest:%H:%M}")
    sessions = _whole(cells, "lessen", 1, 10)
    minutes = _whole(cells, "duur", 15, 240)
    contacts: tuple[ContactPoint, ...] = ()
    if cells["contact"]:
        try:
            contacts = (ContactPoint(role="aanvragen Halt-lessen", email=cells["contact"]),)
        except InvalidValue as exc:
            raise _BadCell("contact", f"{cells['contact']!r}: {exc.allowed}") from None

    school_key = (municipality.code, school_name.casefold())
    school = Partner(
        id=stable_id(PartnerId, "lesson-planner", *school_key),
        name=school_name,
        kind=PartnerKind.SCHOOL,
        level=Level.LOCAL,
        area=Area.municipality(municipality.code),
        contact_points=contacts,
    )
    # Two identical requests of one school (two classes both called "groep 8"?) still get
    # different ids: the n-th occurrence is part of the id.
    key = (*school_key, kind.value, theme.value, group.casefold())
    seen[key] += 1
    intervention = Intervention(
        id=stable_id(InterventionId, "lesson-planner", *key, str(seen[key])),
        kind=kind,
        title=f"{word} {' '.join(cells['thema'].lower().split())} {group}",
        problem_areas=frozenset({theme}),
        target_group=TargetGroup(
            audience=audience,
            description=f"{group}, {school_name}",
            age_range=ages,
            size=pupils,
            parents_involved=audience is Audience.PARENTS,
        ),
        area=school.area,
        commissioner=school.id,
        school=school.id,
        requested_on=requested_on,
    )
    request = LessonRequest(
        place=str(school.id),
        weekdays=weekdays,
        earliest=earliest,
        latest=latest,
        sessions=sessions,
        minutes=minutes,
    )
    return RequestRow(
        line=line, school=school, intervention=intervention, location=location, request=request
    )


def _text(cells: dict[str, str], column: str, longest: int) -> str:
    value = " ".join(cells[column].split())
    if len(value) > longest:
        raise _BadCell(column, f"is {len(value)} characters long; at most {longest} fit")
    return value


def _choice(cells: dict[str, str], column: str, words: dict[str, _T]) -> _T:
    word = " ".join(cells[column].lower().split())
    if word not in words:
        raise _BadCell(column, f"{cells[column]!r} is not one of: {', '.join(words)}")
    return words[word]


def _whole(cells: dict[str, str], column: str, low: int, high: int) -> int:
    value = cells[column]
    if not value.isdigit() or not low <= int(value) <= high:
        raise _BadCell(column, f"{value!r} is not a whole number from {low} to {high}")
    return int(value)


def _time(cells: dict[str, str], column: str) -> dt.time:
    found = _TIME.fullmatch(cells[column])
    if found is None:
        raise _BadCell(column, f"{cells[column]!r} is not a time; write HH:MM, e.g. 08:30")
    return dt.time(int(found[1]), int(found[2]))


def _ages(value: str) -> AgeRange | None:
    if not value:
        return None
    found = _AGES.fullmatch(value)
    if found is None:
        raise _BadCell("leeftijd", f"{value!r} is not an age range; write e.g. 11-12 or 12")
    low = int(found[1])
    high = int(found[2]) if found[2] else low
    try:
        return AgeRange(minimum=low, maximum=high)
    except InvalidValue as exc:
        raise _BadCell("leeftijd", f"{value!r}: {exc.allowed}") from None


def _weekdays(value: str) -> frozenset[int]:
    words = [word for word in re.split(r"[^a-z]+", value.lower()) if word]
    weekend = [word for word in words if word in _WEEKEND]
    if weekend:
        raise _BadCell("dagen", f"{weekend[0]!r}: lessons are on school days, ma to vr")
    wrong = [word for word in words if word not in _DAYS]
    if wrong or not words:
        shown = repr(wrong[0]) if wrong else repr(value)
        raise _BadCell("dagen", f"{shown} is not a weekday; write e.g. 'ma wo vr'")
    return frozenset(_DAYS[word] for word in words)


# -- from a plan to records ---------------------------------------------------------------------

PLANNER = "lesplanner"
"""Who acts in the lifecycle steps the planner takes (the ``by`` of the events)."""


def build_network(
    rows: Sequence[RequestRow], plan: Plan, settings: PlanSettings, at: dt.datetime
) -> Network:
    """The schools and the requests as a network, the planned ones scheduled.

    A planned request goes through its lifecycle (intake, agreed for the planning period,
    scheduled with its sessions) at ``at``; an unplanned one stays requested, for a person to
    look at. Each school is one partner with the contact points of all its rows.
    """
    schools: dict[PartnerId, Partner] = {}
    for row in rows:
        known = schools.get(row.school.id)
        if known is None:
            schools[row.school.id] = row.school
        else:
            contacts = dict.fromkeys((*known.contact_points, *row.school.contact_points))
            schools[row.school.id] = attrs.evolve(known, contact_points=tuple(contacts))
    by_request: dict[int, list[Slot]] = {}
    for slot in plan.slots:
        by_request.setdefault(slot.request, []).append(slot)
    period = Period(start=settings.first_day, end=settings.last_day)
    interventions = []
    for index, row in enumerate(rows):
        intervention = row.intervention
        slots = sorted(by_request.get(index, ()), key=lambda s: s.number)
        if slots:
            sessions = [
                Session(
                    start=slot.starts_at,
                    end=slot.ends_at,
                    location=f"{row.school.name}, {row.location}",
                    trainer=slot.trainer,
                )
                for slot in slots
            ]
            # Fixed event ids keep a re-run's events equal too, not only its records.
            base = str(intervention.id)
            intervention, _ = start_intervention_intake(
                intervention, by=PLANNER, at=at, event_id=stable_id(EventId, base, "intake")
            )
            intervention, _ = agree_intervention(
                intervention,
                period=period,
                by=PLANNER,
                at=at,
                event_id=stable_id(EventId, base, "agree"),
            )
            intervention, _ = schedule_intervention(
                intervention,
                sessions=sessions,
                by=PLANNER,
                at=at,
                event_id=stable_id(EventId, base, "schedule"),
            )
        interventions.append(intervention)
    return Network.empty().with_records([*schools.values(), *interventions])


def slug(name: str) -> str:
    """``name`` as a file name: lowercase ASCII letters and digits joined by hyphens."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "school"


def calendar_names(schools: Sequence[Partner], gazetteer: Gazetteer) -> dict[PartnerId, str]:
    """A file name per school: ``<school-slug>.ics``, with the municipality when names clash."""
    schools = list({school.id: school for school in schools}.values())
    counts = Counter(slug(school.name) for school in schools)
    names: dict[PartnerId, str] = {}
    for school in schools:
        name = slug(school.name)
        if counts[name] > 1:
            name += "-" + slug(gazetteer.municipality(school.area.codes[0]).name)
        # Names differing only in punctuation can still clash: number them.
        taken = set(names.values())
        unique, n = name, 1
        while f"{unique}.ics" in taken:
            n += 1
            unique = f"{name}-{n}"
        names[school.id] = f"{unique}.ics"
    return names


def school_calendars(
    network: Network, at: dt.datetime, gazetteer: Gazetteer
) -> dict[str, tuple[Partner, bytes]]:
    """The iCalendar file of each school with planned sessions, by file name.

    Made in memory through the ``ics`` exporter (``calendar=partner:<id>``), so a failing
    export leaves no half-written folder behind.
    """
    with_sessions = {i.school for i in network.interventions if i.sessions}
    schools = [p for p in network.partners if p.id in with_sessions]
    names = calendar_names(schools, gazetteer)
    calendars = {}
    for school in sorted(schools, key=lambda p: names[p.id]):
        stream = io.BytesIO()
        export(
            network,
            stream,
            "ics",
            settings={"calendar": f"partner:{school.id}"},
            generated_at=at,
            gazetteer=gazetteer,
        )
        calendars[names[school.id]] = (school, stream.getvalue())
    return calendars


# -- the program --------------------------------------------------------------------------------


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-10-05") from None


def _trainers(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    bad = [name for name in names if not re.fullmatch(r"[A-Za-z0-9._-]{1,32}", name)]
    if bad:
        raise argparse.ArgumentTypeError(
            f"{bad[0]!r} is not a trainer code: 1 to 32 letters, digits, '.', '_' or '-'"
        )
    if not names or len(set(names)) < len(names):
        raise argparse.ArgumentTypeError("give one or more different codes, e.g. 'Anouk,Bram'")
    return names


def _hours(value: str) -> tuple[dt.time, dt.time]:
    found = re.fullmatch(r"(\d{1,2}[:.]\d{2})-(\d{1,2}[:.]\d{2})", value)
    if found is None or not all(_TIME.fullmatch(part) for part in found.groups()):
        raise argparse.ArgumentTypeError(f"{value!r} is not like 08:30-15:30")
    start, end = (_clock_of(part) for part in found.groups())
    if end <= start:
        raise argparse.ArgumentTypeError(f"{value!r} ends before it starts")
    return start, end


def _clock_of(value: str) -> dt.time:
    hours, minutes = re.split("[:.]", value)
    return dt.time(int(hours), int(minutes))


def _closed(value: str) -> list[dt.date]:
    first, _, last = value.partition(":")
    start, end = _day(first), _day(last or first)
    if end < start:
        raise argparse.ArgumentTypeError(f"{value!r} ends before it starts")
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def _count(low: int, high: int) -> Callable[[str], int]:
    def count(value: str) -> int:
        if not value.isdigit() or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(
                f"{value!r} is not a whole number from {low} to {high}"
            )
        return int(value)

    return count


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner.py",
        description="Plan schools' requests for Halt lessons and write their calendars.",
    )
    parser.add_argument("requests", type=Path, help="the requests CSV (see README.md)")
    parser.add_argument(
        "--trainers", type=_trainers, required=True, help="trainer codes, e.g. 'Anouk,Bram,Chris'"
    )
    parser.add_argument(
        "--from",
        dest="first_day",
        type=_day,
        required=True,
        metavar="DAY",
        help="first day, e.g. 2026-10-05",
    )
    parser.add_argument(
        "--weeks", type=_count(1, 52), default=6, metavar="N", help="how many weeks (6)"
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for the .ics files")
    parser.add_argument(
        "--school-hours",
        type=_hours,
        default=(dt.time(8, 30), dt.time(15, 30)),
        metavar="HH:MM-HH:MM",
        help="when sessions may be (08:30-15:30, Europe/Amsterdam)",
    )
    parser.add_argument(
        "--travel",
        type=_count(0, 240),
        default=30,
        metavar="MINUTES",
        help="least time between a trainer's sessions at different schools (30)",
    )
    parser.add_argument(
        "--days-between",
        type=_count(0, 28),
        default=7,
        metavar="DAYS",
        help="least days between two sessions of one request (7: weekly)",
    )
    parser.add_argument(
        "--closed",
        type=_closed,
        action="append",
        default=[],
        metavar="DAY[:DAY]",
        help="days without sessions, e.g. a holiday 2026-10-17:2026-10-25 (repeatable)",
    )
    parser.add_argument(
        "--planned-on",
        type=_day,
        metavar="DAY",
        help="the day the plan is made, stamped on records and calendars (the day before --from)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the planner with command-line arguments ``argv``; return the exit code.

    0 when the plan is made (requests that could not be planned are reported, not failed),
    2 for bad arguments or a bad CSV (then nothing is written), 1 when the calendars cannot
    be written.
    """
    args = _parser().parse_args(argv)
    school_start, school_end = args.school_hours
    settings = PlanSettings(
        first_day=args.first_day,
        last_day=args.first_day + dt.timedelta(weeks=args.weeks, days=-1),
        school_start=school_start,
        school_end=school_end,
        travel_minutes=args.travel,
        days_between=args.days_between,
        closed=frozenset(day for days in args.closed for day in days),
    )
    planned_on = args.planned_on or args.first_day - dt.timedelta(days=1)
    # A fixed moment, not the clock: it is the events' time and the calendars' DTSTAMP.
    at = dt.datetime.combine(planned_on, dt.time(12, 0), tzinfo=AMSTERDAM)
    gazetteer = Gazetteer.load()
    try:
        text = args.requests.read_text(encoding="utf-8-sig")  # -sig: Excel starts with a BOM
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.requests}: cannot read it: {exc}", file=sys.stderr)
        return 2
    rows, errors = read_requests(
        text, source=str(args.requests), requested_on=planned_on, gazetteer=gazetteer
    )
    if errors:
        for error in errors:
            print(error, file=sys.stderr)
        return 2

    plan = plan_sessions([row.request for row in rows], args.trainers, settings)
    network = build_network(rows, plan, settings, at)
    report = default_rules().check(network, now=at, gazetteer=gazetteer)
    try:
        calendars = school_calendars(network, at, gazetteer)
        args.out.mkdir(parents=True, exist_ok=True)
        for name, (_, content) in calendars.items():
            (args.out / name).write_bytes(content)
    except (HaltError, OSError) as exc:
        print(f"cannot write the calendars: {exc}", file=sys.stderr)
        return 1
    _print_plan(rows, plan, args.trainers, settings, gazetteer)
    _print_report(report, network)
    print(f"\nCalendars in {args.out}:")
    for name, (school, _) in calendars.items():
        sessions = sum(len(i.sessions) for i in network.interventions if i.school == school.id)
        print(f"  {name:<40} {sessions:>2} session(s)  {_school(school, gazetteer)}")
    return 0


def _school(school: Partner, gazetteer: Gazetteer) -> str:
    return f"{school.name} ({gazetteer.municipality(school.area.codes[0]).name})"


def _print_plan(
    rows: Sequence[RequestRow],
    plan: Plan,
    trainers: Sequence[str],
    settings: PlanSettings,
    gazetteer: Gazetteer,
) -> None:
    planned = len(rows) - len(plan.unplanned)
    print(
        f"Lesson plan {settings.first_day} to {settings.last_day}, school hours "
        f"{settings.school_start:%H:%M}-{settings.school_end:%H:%M}: {planned} of {len(rows)} "
        f"requests planned, {len(plan.slots)} sessions."
    )
    for trainer in trainers:
        slots = [slot for slot in plan.slots if slot.trainer == trainer]
        busy = sum(_minutes(s.end) - _minutes(s.start) for s in slots)
        print(f"\n{trainer}: {len(slots)} session(s), {busy // 60} h {busy % 60:02d} min")
        for slot in slots:
            row = rows[slot.request]
            print(
                f"  {WEEKDAYS[slot.day.weekday()]} {slot.day}  {slot.start:%H:%M}-{slot.end:%H:%M}"
                f"  {_school(row.school, gazetteer)}, {row.location}: {row.intervention.title}"
                f" ({slot.number}/{row.request.sessions})"
            )
    if plan.unplanned:
        print(f"\nNot planned ({len(plan.unplanned)}):")
        for left in plan.unplanned:
            row = rows[left.request]
            print(
                f"  line {row.line}: {row.intervention.title}, {_school(row.school, gazetteer)}: "
                f"{left.reason}"
            )


def _print_report(report: Report, network: Network) -> None:
    counts = f"{len(network.interventions)} requests of {len(network.partners)} schools"
    if not report:
        print(f"\nRules: no violations in {counts}.")
        return
    print(f"\nRules: {len(report)} violation(s) in {counts}:")
    for violation in report:
        print(f"  {violation.severity.value:<7} {violation.rule_id}  {violation.message('en')}")


if __name__ == "__main__":
    sys.exit(main())
