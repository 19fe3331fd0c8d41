"""A small web app for one of Halt's regional offices: its network, its forums, its requests.

The office sees the partner network of its arrondissement with a picture of it, the calendar
of the forums it sits in (also as an iCalendar download), and a form to register a school's
request for a lesson. The form shows every problem at once, in Dutch, next to the field it is
about: the model's own checks (:class:`~halt_core.errors.InvalidValue`) and the rules
(:func:`halt_core.rules.default_rules` plus four of the office's own).

Run it with ``python examples/web_office/app.py`` (see the README next to this file). On the
first start it fills an empty store with the demo network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

import halt_core
from halt_core import (
    AMSTERDAM,
    AgeRange,
    Area,
    AreaKind,
    Arrondissement,
    Audience,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    ExportFailed,
    HaltError,
    HaltRole,
    Intervention,
    InterventionId,
    InterventionKind,
    InterventionStatus,
    InvalidValue,
    Level,
    Meeting,
    Network,
    NotFound,
    Partner,
    PartnerKind,
    Period,
    ProblemArea,
    Session,
    TargetGroup,
    UnknownFormat,
    new_id,
)
from halt_core.demo import generate
from halt_core.export import export
from halt_core.rules import (
    CheckContext,
    Report,
    RuleSet,
    Severity,
    Subject,
    Violation,
    default_rules,
    record_rule,
)
from halt_core.storage import Store, UnitOfWork

HERE = Path(__file__).resolve().parent
DEFAULT_STORE = f"sqlite:///{Path.cwd() / 'halt-office.sqlite3'}"
DEMO_SEED = 2024
DEMO_SIZE = 200
CALENDAR_DAYS = 90
"""How far ahead the forum calendar looks."""

# -- Dutch words for the model's values ------------------------------------------------------
# The partner and forum kinds carry their Dutch names in the model's catalogues; the other
# enums are named here, for this page.

LEVEL_NL = {Level.REGIONAL: "Regionaal", Level.LOCAL: "Lokaal", Level.NATIONAL: "Landelijk"}
ROLE_NL = {
    HaltRole.MEMBER: "lid",
    HaltRole.INFORMATION_SUPPLIER: "informatieleverancier",
    HaltRole.CHAIR: "voorzitter",
    HaltRole.GUEST: "gast",
}
COLLABORATION_KIND_NL = {
    CollaborationKind.CHAIN_COOPERATION: "ketensamenwerking",
    CollaborationKind.COMMISSION: "opdracht",
    CollaborationKind.COVENANT: "convenant",
    CollaborationKind.NETWORK: "netwerk",
}
COLLABORATION_STATUS_NL = {
    CollaborationStatus.PROPOSED: "voorgesteld",
    CollaborationStatus.ACTIVE: "actief",
    CollaborationStatus.SUSPENDED: "opgeschort",
    CollaborationStatus.ENDED: "beëindigd",
}
INTERVENTION_KIND_NL = {
    InterventionKind.INFORMATION_LESSON: "Voorlichtingsles",
    InterventionKind.SCHOOL_SAFETY_ADVICE: "Schoolveiligheidsadvies",
    InterventionKind.PARENT_MEETING: "Ouderbijeenkomst",
    InterventionKind.SAFE_PUBLIC_TASK: "Veilige Publieke Taak (onderwijspersoneel)",
    InterventionKind.TAILORED: "Maatwerk",
    InterventionKind.YOUTH_MEDIATION: "Jongerenbemiddeling",
    InterventionKind.GUIDED_DIALOGUE: "Begeleide dialoog",
}
STATUS_NL = {
    InterventionStatus.REQUESTED: "aangevraagd",
    InterventionStatus.INTAKE: "in intake",
    InterventionStatus.AGREED: "afgesproken",
    InterventionStatus.SCHEDULED: "ingepland",
    InterventionStatus.DELIVERED: "uitgevoerd",
    InterventionStatus.EVALUATED: "geëvalueerd",
    InterventionStatus.DECLINED: "afgewezen",
    InterventionStatus.CANCELLED: "geannuleerd",
}
AUDIENCE_NL = {
    Audience.PUPILS: "Leerlingen",
    Audience.PARENTS: "Ouders",
    Audience.EDUCATION_STAFF: "Onderwijspersoneel",
    Audience.PROFESSIONALS: "Professionals",
    Audience.YOUTH_GROUP: "Jeugdgroep",
    Audience.OTHER: "Anderen",
}
PROBLEM_NL = {
    ProblemArea.STREET_NUISANCE: "Overlast op straat",
    ProblemArea.SHOPLIFTING: "Winkeldiefstal",
    ProblemArea.FIREWORKS: "Vuurwerk",
    ProblemArea.VANDALISM: "Vandalisme",
    ProblemArea.AGGRESSION_AND_VIOLENCE: "Agressie en geweld",
    ProblemArea.ONLINE_BEHAVIOUR: "Online gedrag",
    ProblemArea.ALCOHOL_AND_DRUGS: "Alcohol en drugs",
    ProblemArea.TRUANCY: "Verzuim",
    ProblemArea.OTHER: "Overig",
}
SEVERITY_NL = {Severity.ERROR: "fout", Severity.WARNING: "let op", Severity.ADVICE: "advies"}
WEEKDAYS_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def date_nl(day: dt.date) -> str:
    """A day the Dutch way, e.g. ``"za 5 december 2026"``."""
    return f"{WEEKDAYS_NL[day.weekday()]} {day.day} {MONTHS_NL[day.month - 1]} {day.year}"


# -- the office's own rules ------------------------------------------------------------------
# A tool adds its own rules next to the built-in ones (RuleSet.with_rules), with its own id
# prefix; their messages are in English and Dutch like the built-in ones.

_AT_SCHOOL = frozenset({InterventionKind.INFORMATION_LESSON, InterventionKind.SCHOOL_SAFETY_ADVICE})
SCHOOL_DAY_STARTS = dt.time(8, 0)
SCHOOL_DAY_ENDS = dt.time(17, 0)


def _when(session: Session) -> str:
    return f"{session.start:%d-%m-%Y %H:%M}"


@record_rule(
    "OFFICE-INTERV-001",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="a request comes before its sessions",
    en="{title} was requested on {requested}, after its session on {when}.",
    nl="{title} is aangevraagd op {requested}, na de voorgestelde bijeenkomst op {when}.",
)
def requested_before_sessions(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A request is made before the sessions it proposes.

    A session that took place before anyone asked for it was not requested: the request
    date or the session date is mistyped.
    """
    for session in i.sessions:
        if session.start.date() < i.requested_on:
            yield {
                "title": i.title,
                "requested": f"{i.requested_on:%d-%m-%Y}",
                "when": _when(session),
            }


@record_rule(
    "OFFICE-INTERV-002",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="a request proposes sessions still to come",
    en="The proposed session of {title} on {when} lies in the past.",
    nl="De voorgestelde bijeenkomst van {title} op {when} ligt in het verleden.",
)
def requested_sessions_to_come(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A request proposes sessions that have yet to start.

    The office plans what a school asks for; a proposed date already gone cannot be planned.
    """
    if i.status is not InterventionStatus.REQUESTED:
        return
    for session in i.sessions:
        if session.start < context.now:
            yield {"title": i.title, "when": _when(session)}


@record_rule(
    "OFFICE-INTERV-003",
    Severity.WARNING,
    Subject.INTERVENTION,
    title="work at a school happens on a school day",
    en="The session of {title} on {when} is at the weekend, when schools are closed.",
    nl="De bijeenkomst van {title} op {when} valt in het weekend, als scholen dicht zijn.",
)
def on_a_school_day(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Lessons and school safety advice happen on a school day, Monday to Friday.

    The class and the teachers are there then; a session at the weekend needs the school's
    explicit agreement.
    """
    if i.kind in _AT_SCHOOL:
        for session in i.sessions:
            if session.start.weekday() >= 5:
                yield {"title": i.title, "when": _when(session)}


@record_rule(
    "OFFICE-INTERV-004",
    Severity.WARNING,
    Subject.INTERVENTION,
    title="work at a school happens in school hours",
    en="The session of {title} on {when} is outside school hours (8:00 to 17:00).",
    nl="De bijeenkomst van {title} op {when} valt buiten schooltijd (8.00 tot 17.00 uur).",
)
def in_school_hours(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Lessons and school safety advice happen in school hours, from 8:00 to 17:00.

    The class is there then; an evening session needs the school's explicit agreement.
    """
    if i.kind in _AT_SCHOOL:
        for session in i.sessions:
            start, end = session.start, session.end  # the model keeps both in Amsterdam time
            if (
                start.time() < SCHOOL_DAY_STARTS
                or end.time() > SCHOOL_DAY_ENDS
                or (end.date() != start.date())
            ):
                yield {"title": i.title, "when": _when(session)}


OFFICE_RULES = (
    requested_before_sessions,
    requested_sessions_to_come,
    on_a_school_day,
    in_school_hours,
)


def office_rules() -> RuleSet:
    """The built-in rules and the office's own."""
    return default_rules().with_rules(*OFFICE_RULES)


# -- the request form ------------------------------------------------------------------------

TOP = ""
"""The "field" of problems that concern the request as a whole: shown above the form."""

RULE_FIELDS = {
    "HC-INTERV-001": "school",
    "HC-INTERV-002": "ages",
    "HC-INTERV-003": "school",
    "HC-INTERV-004": "audience",
    "HC-INTERV-006": "audience",
    "HC-INTERV-007": "session_date",
    "HC-INTERV-008": "session_time",
    "HC-INTERV-009": "trainer",
    "HC-INTERV-014": "school",
    "HC-INTERV-016": "problem_areas",
    "OFFICE-INTERV-001": "requested_on",
    "OFFICE-INTERV-002": "session_date",
    "OFFICE-INTERV-003": "session_date",
    "OFFICE-INTERV-004": "session_time",
}
"""The form field each rule's violations are shown next to; other rules' go on top."""

# The model's errors name a class and a field (InvalidValue.owner, .field); the form says in
# Dutch what to type instead.
MODEL_FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("Intervention", "title"): ("title", "Geef de aanvraag een titel van hoogstens 200 tekens."),
    ("Intervention", "notes"): ("notes", "Een toelichting is hoogstens 2000 tekens lang."),
    ("TargetGroup", "description"): (
        "group_description",
        "Beschrijf de doelgroep in hoogstens 200 tekens, bijvoorbeeld: groep 8.",
    ),
    ("TargetGroup", "size"): (
        "group_size",
        "Het aantal leerlingen is een heel getal van 1 tot en met 100.000.",
    ),
    ("AgeRange", "minimum"): ("ages", "Een leeftijd is een heel getal van 0 tot en met 120."),
    ("AgeRange", "maximum"): ("ages", "Een leeftijd is een heel getal van 0 tot en met 120."),
    ("Session", "location"): (
        "session_location",
        "Vul een locatie in van hoogstens 200 tekens, bijvoorbeeld: lokaal 12.",
    ),
    ("Session", "trainer"): (
        "trainer",
        "Een trainer is een medewerkerscode van 1 tot 32 letters, cijfers, punten, streepjes "
        "of liggende streepjes, bijvoorbeeld halt-ams-01.",
    ),
    ("Session", "start"): ("session_time", "Vul een geldige begintijd in."),
    ("Session", "end"): ("session_time", "De eindtijd moet na de begintijd liggen."),
}


@attrs.frozen
class Message:
    """One problem shown on the form, in Dutch.

    Attributes:
        text: what is wrong and what to do.
        severity: "error" blocks saving; "warning" and "advice" do not.
        rule_id: the rule that found it, or None for the model's and the form's own checks.

    """

    text: str
    severity: Severity = Severity.ERROR
    rule_id: str | None = None

    @property
    def label(self) -> str:
        """The severity in Dutch."""
        return SEVERITY_NL[self.severity]


class Problems:
    """The problems of one submitted form, by the field they are about (:data:`TOP`: none)."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[Message]] = {}

    def add(self, field: str, message: Message | str) -> None:
        """Note ``message`` (a text is an error) about ``field``."""
        if isinstance(message, str):
            message = Message(message)
        self.by_field.setdefault(field, []).append(message)

    def add_model_error(self, error: InvalidValue) -> None:
        """Note a model error and the others it carries, each next to its form field."""
        for one in (error, *error.also):
            field, text = MODEL_FIELDS.get((one.owner, one.field), (TOP, ""))
            self.add(field, text or f"Ongeldige waarde voor {one.owner}.{one.field}.")

    def add_violation(self, violation: Violation) -> None:
        """Note a rule violation next to the field its rule is about."""
        field = RULE_FIELDS.get(violation.rule_id, TOP)
        self.add(field, Message(violation.message("nl"), violation.severity, violation.rule_id))

    @property
    def blocking(self) -> bool:
        """Whether any problem is an error (which keeps the request from being saved)."""
        return any(m.severity is Severity.ERROR for ms in self.by_field.values() for m in ms)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def count(self) -> int:
        """How many problems there are."""
        return sum(len(messages) for messages in self.by_field.values())


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


def _pick(values: Mapping[str, Any], name: str, options: Mapping[str, Any]) -> Any:
    return options.get(str(values.get(name, "")))


def _date(values: Mapping[str, Any], name: str, problems: Problems, what: str) -> dt.date | None:
    text = str(values.get(name, ""))
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.add(name, f"Dit is geen datum; vul {what} in als jjjj-mm-dd, bijv. 2027-03-15.")
        return None


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


def build_request(
    values: Mapping[str, Any], choices: Choices, problems: Problems
) -> Intervention | None:
    """The intervention a submitted request form describes, or None when it cannot be built.

    Every problem found is noted in ``problems`` next to its field: empty or unreadable
    fields, and the model's own checks (each part is built on its own, so a bad age range
    and a bad session are both reported).
    """
    schools = {str(p.id): p for p in choices.schools}
    commissions = {str(c.id): c for c in choices.commissions}
    school: Partner | None = _pick(values, "school", schools)
    if school is None:
        problems.add("school", "Kies de school die de les aanvraagt.")
    kinds = {k.value: k for k in InterventionKind}
    kind: InterventionKind | None = _pick(values, "kind", kinds)
    if kind is None:
        problems.add("kind", "Kies wat de school aanvraagt.")
    audience: Audience | None = _pick(values, "audience", {a.value: a for a in Audience})
    if audience is None:
        problems.add("audience", "Kies voor wie het is.")
    areas = {p.value: p for p in ProblemArea}
    problem_areas = frozenset(areas[v] for v in values.get("problem_areas", ()) if v in areas)
    commission: Collaboration | None = None
    if values.get("collaboration"):
        commission = _pick(values, "collaboration", commissions)
        if commission is None:
            problems.add("collaboration", "Kies een lopende opdracht uit de lijst, of geen.")
    requested_on = _date(values, "requested_on", problems, "de datum van de aanvraag")
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
    sessions = _sessions(values, problems)

    if problems or school is None or kind is None or target_group is None or requested_on is None:
        # Check the fields of the intervention itself too, so every mistake shows at once.
        _check_own_fields(values, problems)
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


def _sessions(values: Mapping[str, Any], problems: Problems) -> tuple[Session, ...]:
    names = ("session_date", "session_start", "session_end", "session_location", "trainer")
    if not any(values.get(name) for name in names):
        return ()  # a request without a proposed date is fine: the office plans one
    day = _date(values, "session_date", problems, "de datum van de bijeenkomst")
    if day is None and "session_date" not in problems.by_field:
        problems.add("session_date", "Vul de datum van de voorgestelde bijeenkomst in.")
    start = _time(str(values.get("session_start", "")))
    end = _time(str(values.get("session_end", "")))
    if start is None or end is None:
        problems.add("session_time", "Vul een begin- en eindtijd in, bijvoorbeeld 10:00 en 11:30.")
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


# -- the office: its store, its area, its pages ----------------------------------------------


class Office:
    """One regional office: its arrondissement, its store, its rules and its templates.

    Attributes:
        arrondissement: the office's arrondissement.
        area: the same, as an area.
        store: where the network is kept (opened and closed with the app).
        rules: the rules a request is checked with.
        clock: what time it is (a function, so a test could fix it).

    """

    def __init__(
        self,
        store: Store,
        arrondissement: Arrondissement,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.store = store
        self.arrondissement = arrondissement
        self.area = Area.arrondissement(arrondissement)
        self.gazetteer = store.gazetteer
        self.rules = office_rules()
        self.clock = clock or (lambda: dt.datetime.now(AMSTERDAM))
        self.templates = Jinja2Templates(directory=HERE / "templates")
        self.templates.env.globals.update(
            office=self,
            date_nl=date_nl,
            LEVEL_NL=LEVEL_NL,
            ROLE_NL=ROLE_NL,
            COLLABORATION_KIND_NL=COLLABORATION_KIND_NL,
            COLLABORATION_STATUS_NL=COLLABORATION_STATUS_NL,
            INTERVENTION_KIND_NL=INTERVENTION_KIND_NL,
            STATUS_NL=STATUS_NL,
            AUDIENCE_NL=AUDIENCE_NL,
            PROBLEM_NL=PROBLEM_NL,
            SEVERITY_NL=SEVERITY_NL,
        )

    def municipality_name(self, area: Area) -> str:
        """The name of a municipality area, or the area's kind and codes for other areas."""
        if area.kind is AreaKind.MUNICIPALITY:
            try:
                return self.gazetteer.municipality(area.codes[0]).name
            except NotFound:
                pass
        if area.kind is AreaKind.ARRONDISSEMENT:
            return f"arrondissement {area.codes[0]}"
        return str(area)

    def render(
        self, request: Request, name: str, context: dict[str, Any], status_code: int = 200
    ) -> Response:
        """The page ``name`` filled with ``context``."""
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)


def _names(
    uow: UnitOfWork, ids: Iterable[uuid.UUID], known: Mapping[uuid.UUID, Partner]
) -> dict[uuid.UUID, str]:
    """Partner names by id: from ``known``, the rest read from the store in one go."""
    wanted = [i for i in dict.fromkeys(ids) if i not in known]
    names = {i: p.name for i, p in known.items()}
    if wanted:
        try:
            found: Sequence[Partner] = uow.partners.get_many(wanted)
        except NotFound:  # a dangling reference (the rules report it): show the others
            found = [p for p in map(uow.partners.find, wanted) if p is not None]
        names.update((p.id, p.name) for p in found)
    return names


def overview_data(office: Office) -> dict[str, Any]:
    """Everything the overview page shows, read from the store with area queries."""
    now = office.clock()
    today = now.date()
    ahead = Period(start=today, end=today + dt.timedelta(days=CALENDAR_DAYS))
    with office.store.unit_of_work() as uow:
        partners = uow.partners.query(area=office.area)
        forums = sorted(uow.forums.query(area=office.area), key=lambda f: f.name)
        collaborations = uow.collaborations.query(area=office.area)
        requests = uow.interventions.query(status=InterventionStatus.REQUESTED, area=office.area)
        next_meeting: dict[uuid.UUID, Meeting] = {}
        for forum in forums:
            upcoming = [
                m for m in uow.meetings.query(owner=forum.id, period=ahead) if m.start >= now
            ]
            if upcoming:
                next_meeting[forum.id] = min(upcoming, key=lambda m: m.start)
        referenced = [m for f in forums for m in f.members]
        referenced += [c.commissioner for c in collaborations if c.commissioner is not None]
        referenced += [p for r in requests for p in (r.school, r.commissioner) if p is not None]
        names = _names(uow, referenced, {p.id: p for p in partners})

    groups: dict[Level, dict[PartnerKind, list[Partner]]] = {}
    for partner in sorted(partners, key=lambda p: (p.kind.profile.dutch_name, p.name)):
        groups.setdefault(partner.level, {}).setdefault(partner.kind, []).append(partner)
    # A regional office thinks from the region outwards.
    levels = [(level, groups[level]) for level in LEVEL_NL if level in groups]
    order = {CollaborationStatus.ACTIVE: 0, CollaborationStatus.PROPOSED: 1}
    collaborations = tuple(
        sorted(
            collaborations,
            key=lambda c: (order.get(c.status, 2), -c.period.start.toordinal(), c.name),
        )
    )
    return {
        "levels": levels,
        "partner_count": len(partners),
        "forums": forums,
        "next_meeting": next_meeting,
        "collaborations": collaborations,
        "active_count": sum(c.status is CollaborationStatus.ACTIVE for c in collaborations),
        "requests": sorted(requests, key=lambda i: (i.requested_on, i.title), reverse=True)[:8],
        "request_count": len(requests),
        "names": names,
    }


def calendar_data(office: Office) -> dict[str, Any]:
    """The meetings of the arrondissement's forums in the coming :data:`CALENDAR_DAYS` days."""
    now = office.clock()
    today = now.date()
    ahead = Period(start=today, end=today + dt.timedelta(days=CALENDAR_DAYS))
    with office.store.unit_of_work() as uow:
        forums = {f.id: f for f in uow.forums.query(area=office.area)}
        meetings = [
            m
            for forum in forums.values()
            for m in uow.meetings.query(owner=forum.id, period=ahead)
            if m.start >= now
        ]
    meetings.sort(key=lambda m: (m.start, forums[m.forum].name))
    months: dict[tuple[int, int], list[Meeting]] = {}
    for meeting in meetings:
        months.setdefault((meeting.start.year, meeting.start.month), []).append(meeting)
    return {
        "forums": sorted(forums.values(), key=lambda f: f.name),
        "by_id": forums,
        "months": [(f"{MONTHS_NL[m - 1]} {y}", ms) for (y, m), ms in months.items()],
        "meeting_count": len(meetings),
        "days": CALENDAR_DAYS,
    }


def _calendar_network(uow: UnitOfWork, area: Area) -> Network:
    """The arrondissement's forums with all their meetings, and the partners at their tables."""
    forums = uow.forums.query(area=area)
    meetings = [m for f in forums for m in uow.meetings.query(owner=f.id)]
    members = {m for f in forums for m in f.members}
    partners = [p for p in uow.partners.query(area=area) if p.id in members]
    return Network(partners=tuple(partners), forums=tuple(forums), meetings=tuple(meetings))


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


# -- routes ----------------------------------------------------------------------------------


def _office(request: Request) -> Office:
    office: Office = request.app.state.office
    return office


async def overview(request: Request) -> Response:
    """``/``: the partners, forums and collaborations of the arrondissement, with the picture."""
    office = _office(request)
    data = await run_in_threadpool(overview_data, office)
    picture = await run_in_threadpool(network_picture, office)
    return office.render(
        request, "overview.html", {**data, "picture": picture, "page": "overzicht"}
    )


@attrs.frozen
class Picture:
    """The network picture, or what to show instead.

    Attributes:
        svg: the SVG drawing, when Graphviz could draw it.
        mermaid: the Mermaid text of the network, when there is no SVG but that could be made.
        problem: why there is no drawing, in Dutch (with the error's own words).

    """

    svg: bytes | None = None
    mermaid: str | None = None
    problem: str | None = None


def network_picture(office: Office) -> Picture:
    """Draw the arrondissement's network with the svg exporter; fall back to Mermaid text."""
    settings = {
        "arrondissement": office.arrondissement.value,
        "title": f"Samenwerkingsnetwerk van Halt in arrondissement {office.arrondissement.value}",
    }
    with office.store.unit_of_work() as uow:
        try:
            out = io.BytesIO()
            export(uow, out, "svg", settings=settings)
            return Picture(svg=out.getvalue())
        except (ExportFailed, UnknownFormat) as error:
            problem = (
                "De netwerkplaat kon niet getekend worden; meestal ontbreekt Graphviz op de "
                f"server (installeer het met: apt-get install graphviz). Melding: {error}"
            )
        try:
            out = io.BytesIO()
            export(uow, out, "mermaid", settings=settings)
            return Picture(mermaid=out.getvalue().decode("utf-8"), problem=problem)
        except HaltError:
            return Picture(problem=problem)


async def network_svg(request: Request) -> Response:
    """``/network.svg``: the picture of the arrondissement's network."""
    picture = await run_in_threadpool(network_picture, _office(request))
    if picture.svg is None:
        return PlainTextResponse(picture.problem or "Geen netwerkplaat.", status_code=503)
    return Response(picture.svg, media_type="image/svg+xml")


async def forums(request: Request) -> Response:
    """``/forums``: the calendar of the forums' coming meetings."""
    office = _office(request)
    data = await run_in_threadpool(calendar_data, office)
    return office.render(request, "forums.html", {**data, "page": "forums"})


def calendar_file(office: Office, forum: uuid.UUID | None) -> tuple[bytes, str, str]:
    """The iCalendar file of every forum of the arrondissement, or of one: bytes, type, name."""
    with office.store.unit_of_work() as uow:
        network = _calendar_network(uow, office.area)
    if forum is None:
        setting, name = "all", f"overleggen-{_slug(office.arrondissement.value)}"
    else:
        found = [f for f in network.forums if f.id == forum]
        if not found:
            raise NotFound("forum", forum, "not a forum of this arrondissement")
        setting, name = f"forum:{forum}", _slug(found[0].name)
    out = io.BytesIO()
    report = export(network, out, "ics", settings={"calendar": setting})
    return out.getvalue(), report.media_type, f"{name}.ics"


async def forums_ics(request: Request) -> Response:
    """``/forums.ics`` and ``/forums/{id}.ics``: the forum calendar to subscribe to."""
    raw = request.path_params.get("forum")
    try:
        forum = uuid.UUID(raw) if raw is not None else None
    except ValueError:
        return PlainTextResponse("Onbekend overleg.", status_code=404)
    try:
        body, media_type, filename = await run_in_threadpool(calendar_file, _office(request), forum)
    except NotFound:
        return PlainTextResponse("Onbekend overleg.", status_code=404)
    except (ExportFailed, UnknownFormat) as error:
        return PlainTextResponse(f"De agenda kon niet gemaakt worden: {error}", status_code=503)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)


def _form_choices(office: Office) -> Choices:
    with office.store.unit_of_work() as uow:
        return choices_in(uow, office.area)


async def request_form(request: Request) -> Response:
    """``GET /aanvraag``: an empty form for a school's request for a lesson."""
    office = _office(request)
    choices = await run_in_threadpool(_form_choices, office)
    context = {
        "choices": choices,
        "values": form_defaults(office.clock().date()),
        "problems": Problems(),
        "page": "aanvraag",
    }
    return office.render(request, "request.html", context)


def register_request(
    office: Office, values: Mapping[str, Any]
) -> tuple[Intervention | None, Problems, Choices]:
    """Build, check and (when no error is found) store the request; return what happened.

    The request is checked as part of the whole stored network, so rules that compare
    records (a trainer booked twice, a session outside its commission's period) see the
    rest; only the violations about this request are shown. Errors keep it from being
    stored; warnings and advice do not (the confirmation page shows them).
    """
    problems = Problems()
    with office.store.unit_of_work() as uow:
        choices = choices_in(uow, office.area)
        network = uow.load_network()
        intervention = build_request(values, choices, problems)
        if intervention is None:
            return None, problems, choices
        report = office.rules.check_value(
            intervention, network, gazetteer=office.gazetteer, now=office.clock()
        )
        for violation in report:
            problems.add_violation(violation)
        if problems.blocking:
            return None, problems, choices
        uow.interventions.add(intervention)
    return intervention, problems, choices


async def submit_request(request: Request) -> Response:
    """``POST /aanvraag``: check the request; store it and show it, or show what is wrong."""
    office = _office(request)
    async with request.form() as form:
        values = form_values(form)
    saved, problems, choices = await run_in_threadpool(register_request, office, values)
    if saved is not None:
        return RedirectResponse(f"/aanvragen/{saved.id}", status_code=303)
    context = {"choices": choices, "values": values, "problems": problems, "page": "aanvraag"}
    return office.render(request, "request.html", context, status_code=422)


def stored_request(
    office: Office, id: uuid.UUID
) -> tuple[Intervention, Report, dict[uuid.UUID, str]] | None:
    """A stored request, what the rules say about it now, and the names of its partners."""
    with office.store.unit_of_work() as uow:
        network = uow.load_network()
    try:
        intervention = network.intervention(InterventionId(id))
    except NotFound:
        return None
    report = office.rules.check_value(
        intervention, network, gazetteer=office.gazetteer, now=office.clock()
    )
    names: dict[uuid.UUID, str] = {p.id: p.name for p in network.partners}
    names.update((c.id, c.name) for c in network.collaborations)
    return intervention, report, names


async def show_request(request: Request) -> Response:
    """``/aanvragen/{id}``: a stored request, with the warnings and advice the rules give."""
    office = _office(request)
    try:
        id = uuid.UUID(request.path_params["id"])
    except ValueError:
        id = None
    found = await run_in_threadpool(stored_request, office, id) if id is not None else None
    if found is None:
        return office.render(request, "missing.html", {"page": ""}, status_code=404)
    intervention, report, names = found
    context = {"i": intervention, "report": report, "names": names, "page": "aanvraag"}
    return office.render(request, "confirmation.html", context)


def create_app(
    store: Store,
    arrondissement: Arrondissement,
    *,
    clock: Callable[[], dt.datetime] | None = None,
) -> Starlette:
    """The web app of the office of ``arrondissement``, on ``store``.

    The caller opens the store and closes it once the server has stopped; the app's
    requests share it (each takes its own unit of work).
    """
    routes = [
        Route("/", overview),
        Route("/network.svg", network_svg),
        Route("/forums", forums),
        Route("/forums.ics", forums_ics),
        Route("/forums/{forum}.ics", forums_ics),
        Route("/aanvraag", request_form, methods=["GET"]),
        Route("/aanvraag", submit_request, methods=["POST"]),
        Route("/aanvragen/{id}", show_request),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.office = Office(store, arrondissement, clock)
    return app


def fill_with_demo(store: Store, today: dt.date) -> int:
    """Fill ``store`` with the demo network as of ``today`` when it holds no partner yet.

    Returns how many records were added (0 when the store already held a network).
    """
    with store.unit_of_work() as uow:
        if uow.partners.count():
            return 0
        demo = generate(seed=DEMO_SEED, size=DEMO_SIZE, as_of=today)
        return uow.add_network(demo.network)


def _arrondissement(text: str) -> Arrondissement:
    for a in Arrondissement:
        if text.casefold() in (a.value.casefold(), a.name.casefold()):
            return a
    names = ", ".join(a.value for a in Arrondissement)
    raise argparse.ArgumentTypeError(f"unknown arrondissement {text!r}; choose one of {names}")


def main(argv: Sequence[str] | None = None) -> None:
    """Fill the store with the demo network if it is empty, and serve the app on 127.0.0.1."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=8000, help="the port to serve on (8000)")
    parser.add_argument(
        "--store",
        default=os.environ.get("HALT_STORE_URL") or DEFAULT_STORE,
        help="the store URL (default: $HALT_STORE_URL, else halt-office.sqlite3 here)",
    )
    parser.add_argument(
        "--arrondissement",
        type=_arrondissement,
        default=Arrondissement.AMSTERDAM,
        help="the office's arrondissement (Amsterdam)",
    )
    args = parser.parse_args(argv)
    try:
        store = halt_core.connect(args.store)
    except HaltError as error:
        parser.exit(1, f"error: {error}\n")
    with store:
        added = fill_with_demo(store, dt.datetime.now(AMSTERDAM).date())
        if added:
            print(f"Filled {store.url} with the demo network ({added:,} records).")
        print(
            f"Halt regiokantoor {args.arrondissement.value}: http://127.0.0.1:{args.port}/ "
            "(Ctrl+C stops it)",
            flush=True,
        )
        app = create_app(store, args.arrondissement)
        uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
