"""Intervention rules about sessions: in the period, apart, in the past, in one day, own ids."""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Iterator, Mapping

from halt_core.model import (
    AMSTERDAM,
    Intervention,
    Session,
)
from halt_core.rules._core import (
    CheckContext,
    Finding,
    Severity,
    Subject,
    network_rule,
    record_rule,
)
from halt_core.rules._groups import double_booked, trainer_again
from halt_core.rules._shared import DONE, INTERVENTION_READS, PLANNED
from halt_core.rules._words import en, nl, period_words, when

__all__ = [
    "delivered_sessions_in_past",
    "planned_work_has_sessions",
    "session_ids_unique",
    "session_within_one_day",
    "sessions_do_not_overlap",
    "sessions_inside_period",
    "trainer_in_one_place",
]


@record_rule(
    "HC-INTERV-007",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="sessions lie inside the agreed period",
    en="Session of {title} on {when} lies outside the {whose_en} period {period_en}.",
    nl="Bijeenkomst van {title} op {when} valt buiten de periode {period_nl} van de {whose_nl}.",
    reads=INTERVENTION_READS,
)
def sessions_inside_period(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Planned sessions lie inside the period agreed for the work.

    That is the intervention's own period, or else the period of the commission it belongs
    to. A session outside it is not covered by the agreement (nor paid for).
    """
    period = i.period
    whose_en, whose_nl = "agreed", "afspraak"
    if period is None:
        collaboration = context.collaboration(i.collaboration)
        if collaboration is None:
            return
        period = collaboration.period
        whose_en, whose_nl = (
            f"commission's ({collaboration.name})",
            f"opdracht ({collaboration.name})",
        )
    # period.contains inlined: it runs for every session of every intervention.
    first, last = period.start, period.end
    for session in i.sessions:
        start, end = session.start.date(), session.end.date()
        if start < first or end < first or (last is not None and (start > last or end > last)):
            yield {
                "title": i.title,
                "when": when(session),
                "whose_en": whose_en,
                "whose_nl": whose_nl,
                **period_words(period),
            }


@record_rule(
    "HC-INTERV-008",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="an intervention's sessions do not overlap",
    en="Sessions of {title} overlap: the one on {when} starts before the one on {other} ends.",
    nl="Bijeenkomsten van {title} overlappen: die op {when} begint voordat die op {other} eindigt.",
    reads=INTERVENTION_READS,
)
def sessions_do_not_overlap(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """The sessions of one intervention do not overlap each other.

    One target group cannot be in two sessions at once.
    """
    sessions = i.sessions
    if len(sessions) < 2:
        return
    instants = context.instants  # instants.of(...), without a call per moment
    times = [
        instants[moment] if not moment.fold else moment.timestamp()
        for s in sessions
        for moment in (s.start, s.end)
    ]
    # The usual case, told in C: the sessions are in order, each ending before the next
    # starts (start, end, start, end, ... never goes back), so none overlaps another.
    if all(map(operator.le, times, itertools.islice(times, 1, None))):
        return
    # Else sort by start; the place breaks ties, as a stable sort by start would.
    ordered = sorted((times[2 * n], n, times[2 * n + 1], s) for n, s in enumerate(sessions))
    _, _, latest_end, latest = ordered[0]
    for start, _, end, session in itertools.islice(ordered, 1, None):
        if start < latest_end:
            yield {"title": i.title, "when": when(session), "other": when(latest)}
        if end > latest_end:
            latest_end, latest = end, session


@network_rule(
    "HC-INTERV-009",
    Severity.WARNING,
    Subject.INTERVENTION,
    title="a trainer is in one session at a time",
    en="Trainer {trainer} has a session of {title} on {when} that overlaps a session of {other}.",
    nl="Trainer {trainer} heeft een bijeenkomst van {title} op {when} die overlapt met een "
    "bijeenkomst van {other}.",
    recheck=trainer_again,
)
def trainer_in_one_place(context: CheckContext) -> Iterator[Finding]:
    """A trainer's sessions, across all interventions, do not overlap.

    A trainer cannot give two sessions at once. Sessions of one intervention that overlap
    are HC-INTERV-008's concern and are left out here. Found by sorting each trainer's
    sessions by start, not by comparing every pair.
    """
    for trainer, schedule in context.trainer_schedules.items():
        yield from double_booked(trainer, schedule, 0, len(schedule))


@record_rule(
    "HC-INTERV-010",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="delivered work has its sessions in the past",
    en="{title} is {status_en}, but its session on {when} has not ended yet.",
    nl="{title} is {status_nl}, maar de bijeenkomst op {when} is nog niet afgelopen.",
    reads=INTERVENTION_READS,
    where={"status": DONE},
)
def delivered_sessions_in_past(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Delivered (and evaluated) work has all its sessions in the past.

    A session still to come means the work was marked delivered too early.
    """
    if i.status not in DONE:
        return
    for session in i.sessions:
        if session.end > context.now:
            yield {
                "title": i.title,
                "status_en": en(i.status),
                "status_nl": nl(i.status),
                "when": when(session),
            }


@record_rule(
    "HC-INTERV-011",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="scheduled work has sessions",
    en="{title} is {status_en} but has no sessions.",
    nl="{title} is {status_nl} maar heeft geen bijeenkomsten.",
    reads=INTERVENTION_READS,
    where={"status": PLANNED},
)
def planned_work_has_sessions(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Scheduled, delivered and evaluated work has at least one session.

    Scheduling is planning sessions; without them there is nothing to deliver.
    """
    if i.status in PLANNED and not i.sessions:
        yield {"title": i.title, "status_en": en(i.status), "status_nl": nl(i.status)}


@record_rule(
    "HC-INTERV-017",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="each session of an intervention has its own id",
    en="Sessions of {title} share the id {session_id}: {which_en}.",
    nl="Bijeenkomsten van {title} hebben hetzelfde id {session_id}: {which_nl}.",
    reads=INTERVENTION_READS,
)
def session_ids_unique(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """No two sessions of one intervention, planned or dropped, have the same id.

    A session keeps its id when it is moved, and a calendar names its event after it: two
    sessions with one id show as one event (or a dropped one cancels a planned one).
    """
    if len(i.sessions) + len(i.dropped_sessions) < 2:
        return
    ids = {s.id.int for s in i.sessions}
    ids.update(s.id.int for s in i.dropped_sessions)
    if len(ids) == len(i.sessions) + len(i.dropped_sessions):
        return  # every id once: the usual case, told by ints that hash in C
    first: dict[object, tuple[Session, bool]] = {}
    for session, dropped in (
        *((s, False) for s in i.sessions),
        *((s, True) for s in i.dropped_sessions),
    ):
        if session.id not in first:
            first[session.id] = (session, dropped)
            continue
        other, other_dropped = first[session.id]
        yield {
            "title": i.title,
            "session_id": session.id,
            "which_en": f"the {_kind_en(other_dropped)}one on {when(other)} and the "
            f"{_kind_en(dropped)}one on {when(session)}",
            "which_nl": f"{_kind_nl(other_dropped)} op {when(other)} en "
            f"{_kind_nl(dropped)} op {when(session)}",
        }


def _kind_en(dropped: bool) -> str:
    return "dropped " if dropped else ""


def _kind_nl(dropped: bool) -> str:
    return "de geschrapte" if dropped else "die"


_ONE_DAY = dt.timedelta(days=1)
_MIDNIGHT = dt.time(0, 0)


@record_rule(
    "HC-INTERV-019",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="a session ends on the day it starts",
    en="Session of {title} starts on {when} but ends on {end}: a session ends on the day it "
    "starts.",
    nl="Bijeenkomst van {title} begint op {when} maar eindigt op {end}: een bijeenkomst eindigt "
    "op de dag waarop die begint.",
    reads=INTERVENTION_READS,
)
def session_within_one_day(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A session (a lesson, a meeting with a group) ends on the day it starts.

    Sessions last hours, not days; a session that ends on a later day (in Europe/Amsterdam)
    is a typing error in its date, and it would block the trainer's and the group's calendar
    for days. Ending at midnight that night still counts as the same day.
    """
    for session in i.sessions:
        start = session.start.astimezone(AMSTERDAM)
        end = session.end.astimezone(AMSTERDAM)
        end_day, start_day = end.date(), start.date()
        if end_day == start_day:
            continue
        if end_day == start_day + _ONE_DAY and end.time() == _MIDNIGHT:
            continue
        yield {"title": i.title, "when": when(session), "end": f"{end:%Y-%m-%d %H:%M}"}
