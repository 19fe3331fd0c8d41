"""The office's own rules for requests, checked next to halt_core's built-in ones.

A tool adds its own rules to the built-in ones with :meth:`RuleSet.with_rules`, under an id
prefix of its own (here ``OFFICE-``); their messages are in English and Dutch like the
built-in ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from halt_core import Intervention, InterventionKind, InterventionStatus, Session
from halt_core.rules import CheckContext, RuleSet, Severity, Subject, default_rules, record_rule

AT_SCHOOL = frozenset({InterventionKind.INFORMATION_LESSON, InterventionKind.SCHOOL_SAFETY_ADVICE})
"""The kinds of work that happen at a school, with a class or its teachers."""
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
    if i.status is InterventionStatus.REQUESTED:
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
    if i.kind in AT_SCHOOL:
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
    if i.kind in AT_SCHOOL:
        for session in i.sessions:
            start, end = session.start, session.end  # the model keeps both in Amsterdam time
            if (
                start.time() < SCHOOL_DAY_STARTS
                or end.time() > SCHOOL_DAY_ENDS
                or end.date() != start.date()
            ):
                yield {"title": i.title, "when": _when(session)}


def office_rule_set() -> RuleSet:
    """The built-in rules and the office's own four."""
    return default_rules().with_rules(
        requested_before_sessions,
        requested_sessions_to_come,
        on_a_school_day,
        in_school_hours,
    )
