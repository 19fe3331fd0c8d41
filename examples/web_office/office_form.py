"""The lesson request form: what it offers, and the Intervention its posted fields describe.

Building the request notes every problem at once in a :class:`~office_problems.Problems`,
each next to its field: the form's own checks first, then the model's. The rules are checked
afterwards, on the built request (see :mod:`office_requests`).

The form's own checks: a required field left empty says so ("Vul ... in; dat is
verplicht."), and a date must lie within :data:`DATE_YEARS` years of today, before or after
(so no year 1 or 9999 slips in through a typing error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs
from starlette.datastructures import FormData

from halt_core import (
    AMSTERDAM,
    AgeRange,
    Area,
    Audience,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    Intervention,
    InterventionId,
    InterventionKind,
    InterventionStatus,
    InvalidValue,
    Partner,
    PartnerKind,
    ProblemArea,
    Session,
    TargetGroup,
    new_id,
)
from halt_core.storage import UnitOfWork

from office_dutch import MONTHS_NL
from office_problems import Problems

DATE_YEARS = 2
"""How many years before or after today a date in the form may lie."""

REQUIRED = {
    "title": "Vul een titel in; die is verplicht.",
    "group_description": "Vul een omschrijving van de doelgroep in; die is verplicht.",
}
"""The text fields that must be filled in, and what to say when one is empty."""


@attrs.frozen(kw_only=True)
class Choices:
    """What the form offers to choose from, for the office's arrondissement.

    Attributes:
        schools: the schools in the arrondissement, by name.
        commissions: the running and proposed commissions there, by name.
        trainers: the trainer codes used there (a hint; other codes are allowed).

    """

    schools: tuple[Partner, ...]
    commissions: tuple[Collaboration, ...]
    trainers: tuple[str, ...]


def choices_in(uow: UnitOfWork, area: Area) -> Choices:
    """The schools, commissions and trainer codes of ``area``, read with area queries."""
    schools = uow.partners.query(kind=PartnerKind.SCHOOL, area=area)
    commissions = [
        c
        for c in uow.collaborations.query(kind=CollaborationKind.COMMISSION, area=area)
        if c.status in (CollaborationStatus.ACTIVE, CollaborationStatus.PROPOSED)
    ]
    trainers = {
        s.trainer for i in uow.interventions.query(area=area) for s in i.sessions if s.trainer
    }
    return Choices(
        schools=tuple(sorted(schools, key=lambda p: p.name)),
        commissions=tuple(sorted(commissions, key=lambda c: c.name)),
        trainers=tuple(sorted(trainers)),
    )


def date_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day a date in the form may be: :data:`DATE_YEARS` from today."""
    return _years_from(today, -DATE_YEARS), _years_from(today, DATE_YEARS)


def _years_from(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year + years, day=28)


def day_nl(day: dt.date) -> str:
    """A day in a sentence, e.g. ``"3 december 2028"``."""
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def form_defaults(today: dt.date) -> dict[str, Any]:
    """The values of an empty request form."""
    return {
        "kind": InterventionKind.INFORMATION_LESSON.value,
        "audience": Audience.PUPILS.value,
        "requested_on": today.isoformat(),
        "problem_areas": [],
    }


def form_values(form: FormData) -> dict[str, Any]:
    """What was typed into the form, to show it again (problem areas as a list)."""
    values: dict[str, Any] = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    values["problem_areas"] = [str(v) for v in form.getlist("problem_areas")]
    return values


def build_request(
    values: Mapping[str, Any], choices: Choices, problems: Problems, today: dt.date
) -> Intervention | None:
    """The intervention a submitted request form describes, or None when it cannot be built.

    Every problem found is noted in ``problems`` next to its field: empty required fields,
    unreadable fields, dates too far from ``today`` (see :func:`date_range`), and the
    model's own checks (each part is built on its own, so a bad age range and a bad session
    are both reported).
    """
    for name, message in REQUIRED.items():
        if not str(values.get(name, "")).strip():
            problems.add(name, message)
    school: Partner | None = _pick(values, "school", {str(p.id): p for p in choices.schools})
    if school is None:
        problems.add("school", "Kies de school die de les aanvraagt.")
    kind: InterventionKind | None = _pick(values, "kind", {k.value: k for k in InterventionKind})
    if kind is None:
        problems.add("kind", "Kies wat de school aanvraagt.")
    audience: Audience | None = _pick(values, "audience", {a.value: a for a in Audience})
    if audience is None:
        problems.add("audience", "Kies voor wie het is.")
    areas = {p.value: p for p in ProblemArea}
    problem_areas = frozenset(areas[v] for v in values.get("problem_areas", ()) if v in areas)
    commission: Collaboration | None = None
    if values.get("collaboration"):
        commission = _pick(values, "collaboration", {str(c.id): c for c in choices.commissions})
        if commission is None:
            problems.add("collaboration", "Kies een lopende opdracht uit de lijst, of geen.")
    requested_on = _date(values, "requested_on", problems, "de datum van de aanvraag", today)
    if requested_on is None and "requested_on" not in problems.by_field:
        problems.add("requested_on", "Vul de datum van de aanvraag in.")

    ages = _age_range(values, problems)
    size = _whole(values, "group_size")
    if isinstance(size, str):
        problems.add("group_size", "Vul het aantal leerlingen in als heel getal, bijvoorbeeld 28.")
        size = None
    target_group: TargetGroup | None = None
    if audience is not None:
        try:
            target_group = TargetGroup(
                audience=audience,
                description=str(values.get("group_description", "")),
                age_range=ages,
                size=size,
            )
        except InvalidValue as error:
            problems.add_model_error(error)
    sessions = _sessions(values, problems, today)

    if problems or school is None or kind is None or target_group is None or requested_on is None:
        _check_own_fields(values, problems)  # so every mistake shows at once
        return None
    try:
        return Intervention(
            id=new_id(InterventionId),
            kind=kind,
            title=str(values.get("title", "")),
            problem_areas=problem_areas,
            target_group=target_group,
            area=school.area,
            commissioner=school.id,
            school=school.id,
            collaboration=commission.id if commission is not None else None,
            sessions=sessions,
            status=InterventionStatus.REQUESTED,
            requested_on=requested_on,
            notes=str(values.get("notes", "")),
        )
    except InvalidValue as error:
        problems.add_model_error(error)
        return None


def _pick(values: Mapping[str, Any], name: str, options: Mapping[str, Any]) -> Any:
    """The option whose key was chosen in field ``name``, or None."""
    return options.get(str(values.get(name, "")))


def _date(
    values: Mapping[str, Any], name: str, problems: Problems, what: str, today: dt.date
) -> dt.date | None:
    """The date in field ``name``; None when it is empty, or (noted) no date or out of range."""
    text = str(values.get(name, ""))
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        problems.add(name, f"Dit is geen datum; vul {what} in als jjjj-mm-dd, bijv. 2027-03-15.")
        return None
    first, last = date_range(today)
    if not first <= day <= last:
        problems.add(
            name,
            f"Vul {what} in tussen {day_nl(first)} en {day_nl(last)}: hooguit {DATE_YEARS} "
            "jaar voor of na vandaag.",
        )
        return None
    return day


def _time(text: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        return None


def _whole(values: Mapping[str, Any], name: str) -> int | str | None:
    """The whole number in field ``name``, None when empty, or the text when it is no number."""
    text = str(values.get(name, ""))
    if not text:
        return None
    return int(text) if text.isdigit() else text


def _age_range(values: Mapping[str, Any], problems: Problems) -> AgeRange | None:
    low, high = _whole(values, "age_min"), _whole(values, "age_max")
    if low is None and high is None:
        return None
    if isinstance(low, str) or isinstance(high, str):
        problems.add("ages", "Vul de leeftijden in als hele getallen, bijvoorbeeld 11 en 12.")
        return None
    if low is None or high is None:
        problems.add("ages", "Vul beide leeftijden in, of geen van beide.")
        return None
    if high < low:  # said here: the model's message for it is about its own field names
        problems.add("ages", "De hoogste leeftijd mag niet lager zijn dan de laagste.")
        return None
    try:
        return AgeRange(minimum=low, maximum=high)
    except InvalidValue as error:
        problems.add_model_error(error)
        return None


def _sessions(values: Mapping[str, Any], problems: Problems, today: dt.date) -> tuple[Session, ...]:
    names = ("session_date", "session_start", "session_end", "session_location", "trainer")
    if not any(values.get(name) for name in names):
        return ()  # a request without a proposed date is fine: the office plans one
    day = _date(values, "session_date", problems, "de datum van de bijeenkomst", today)
    if day is None and "session_date" not in problems.by_field:
        problems.add("session_date", "Vul de datum van de voorgestelde bijeenkomst in.")
    if not str(values.get("session_location", "")).strip():
        problems.add(
            "session_location",
            "Vul de locatie van de bijeenkomst in; die is verplicht bij een voorgestelde "
            "bijeenkomst.",
        )
    start = _time(str(values.get("session_start", "")))
    end = _time(str(values.get("session_end", "")))
    changed = next(
        (said for t in (start, end) if day and t and (said := _clock_change(day, t))), None
    )
    if start is None or end is None:
        problems.add("session_time", "Vul een begin- en eindtijd in, bijvoorbeeld 10:00 en 11:30.")
    elif changed is not None:
        problems.add("session_time", changed)
        start = end = None
    elif end <= start:  # said here, not by the model, which names only its first problem
        problems.add("session_time", "De eindtijd moet na de begintijd liggen.")
        end = None
    complete = day is not None and start is not None and end is not None
    # Without a day or times, build the session on stand-ins anyway, so a bad location or
    # trainer code shows now too; only a complete session is kept.
    day, start, end = day or dt.date(2000, 1, 3), start or dt.time(10), end or dt.time(11)
    try:
        session = Session(
            start=dt.datetime.combine(day, start, tzinfo=AMSTERDAM),
            end=dt.datetime.combine(day, end, tzinfo=AMSTERDAM),
            location=str(values.get("session_location", "")),
            trainer=str(values.get("trainer", "")) or None,
        )
    except InvalidValue as error:
        problems.add_model_error(error)
        return ()
    return (session,) if complete else ()


def _clock_change(day: dt.date, time: dt.time) -> str | None:
    """What to say of ``time`` on ``day`` when the clocks skip it or pass it twice, else None.

    The form asks for Dutch wall times. In the night the clocks go forward, 02:00 to 02:59 do
    not exist; in the night they go back, they happen twice, and the form cannot say which
    is meant. A lesson is never then, so both are refused, naming the clock change (as
    :func:`halt_core.model.periods.local_time` does in the library).
    """
    wall = dt.datetime.combine(day, time)
    first, second = wall.replace(tzinfo=AMSTERDAM), wall.replace(tzinfo=AMSTERDAM, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    when = f"Op {day.day} {MONTHS_NL[day.month - 1]} {day.year}"
    skipped = first.astimezone(dt.UTC).astimezone(AMSTERDAM).replace(tzinfo=None) != wall
    if skipped:
        return (
            f"{when} gaat de klok om 02:00 een uur vooruit naar 03:00: {time:%H:%M} bestaat "
            "die nacht niet. Kies een andere tijd."
        )
    return (
        f"{when} gaat de klok om 03:00 een uur terug naar 02:00: {time:%H:%M} komt die nacht "
        "twee keer voor. Kies een andere tijd."
    )


def _check_own_fields(values: Mapping[str, Any], problems: Problems) -> None:
    # The title and notes are only checked when the Intervention is built; when something
    # else already failed, build a throwaway one so their mistakes show now, not next time.
    try:
        Intervention(
            id=new_id(InterventionId),
            kind=InterventionKind.TAILORED,
            title=str(values.get("title", "")),
            target_group=TargetGroup(audience=Audience.OTHER, description="-"),
            area=Area.country(),
            requested_on=dt.date(2000, 1, 1),
            notes=str(values.get("notes", "")),
        )
    except InvalidValue as error:
        problems.add_model_error(error)
