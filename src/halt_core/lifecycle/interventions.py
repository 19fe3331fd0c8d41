"""The lifecycle of a preventive intervention: requested to evaluated, or declined or cancelled.

Each function takes an :class:`~halt_core.model.Intervention`, who acts (``by``), when
(``at``) and the data the step needs, and returns the new intervention with the event that
says what happened. See :data:`INTERVENTION_LIFECYCLE` for the states and steps.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

import attrs

from halt_core.events import (
    InterventionAgreed,
    InterventionCancelled,
    InterventionDeclined,
    InterventionDelivered,
    InterventionEvaluated,
    InterventionIntakeStarted,
    InterventionRescheduled,
    InterventionScheduled,
)
from halt_core.ids import EventId, SessionId
from halt_core.lifecycle._steps import Step, begin, given_reason
from halt_core.lifecycle.machine import Lifecycle, Transition
from halt_core.model.interventions import (
    Evaluation,
    Intervention,
    InterventionStatus,
    Session,
    with_session_ids,
)
from halt_core.model.periods import AMSTERDAM, Period

DROPPED_SESSIONS_KEPT = dt.timedelta(days=90)
"""How long an intervention keeps a dropped session after the session would have ended.

Planning an intervention again moves the sessions it drops to its ``dropped_sessions``, so a
calendar export can publish them as cancelled events with their old UIDs, and a calendar that
imported them removes them. Each planning (:func:`schedule_intervention`,
:func:`reschedule_intervention`) forgets the dropped sessions that ended more than this long
before it (``at``): by then every calendar that was going to update has.
"""

__all__ = [
    "DROPPED_SESSIONS_KEPT",
    "INTERVENTION_LIFECYCLE",
    "agree_intervention",
    "cancel_intervention",
    "decline_intervention",
    "deliver_intervention",
    "evaluate_intervention",
    "reschedule_intervention",
    "schedule_intervention",
    "start_intervention_intake",
]


def start_intervention_intake(
    intervention: Intervention, *, by: str, at: dt.datetime, event_id: EventId | None = None
) -> tuple[Intervention, InterventionIntakeStarted]:
    """Start exploring a requested intervention with the commissioning client.

    ``requested`` to ``intake``. Pass ``event_id`` for a fixed event id; a random one otherwise.
    """
    step = _begin("start_intake", intervention, by, at, event_id)
    event = step.event(InterventionIntakeStarted, intervention)
    return attrs.evolve(intervention, status=step.target), event


def agree_intervention(
    intervention: Intervention,
    *,
    period: Period,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Intervention, InterventionAgreed]:
    """Agree the work for ``period``, which becomes the intervention's period.

    ``intake`` to ``agreed``. Refused without a :class:`~halt_core.model.Period`.
    """
    step = _begin("agree", intervention, by, at, event_id)
    if not isinstance(period, Period):
        raise step.refused(
            f"no period was given (got {period!r})",
            "pass period=Period(start=date(...), end=date(...)), the days the work may take place",
        )
    event = step.event(
        InterventionAgreed,
        intervention,
        period=period,
    )
    return attrs.evolve(intervention, status=step.target, period=period), event


def schedule_intervention(
    intervention: Intervention,
    *,
    sessions: Iterable[Session],
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Intervention, InterventionScheduled]:
    """Plan the sessions of agreed work; they become the intervention's sessions.

    ``agreed`` to ``scheduled``. Refused without at least one session, when sessions overlap
    each other, when one lies outside the agreed period (or there is none), or when two have
    the same id. A session lies inside the period when the days it starts and ends on (in
    Europe/Amsterdam) both do. Sessions are identified as :func:`reschedule_intervention`
    says.
    """
    step = _begin("schedule", intervention, by, at, event_id)
    planned = _plannable(step, intervention, sessions)
    updated = _replanned(intervention, planned, at, status=step.target)
    event = step.event(
        InterventionScheduled,
        intervention,
        sessions=updated.sessions,
    )
    return updated, event


def reschedule_intervention(
    intervention: Intervention,
    *,
    sessions: Iterable[Session],
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Intervention, InterventionRescheduled]:
    """Plan the sessions of planned work again: ``sessions`` become its sessions.

    ``scheduled`` stays ``scheduled``. Refused as :func:`schedule_intervention` is. Each of
    ``sessions`` is identified by its id:

    - a session with the id of one planned now is that session, *moved* if its time, place
      or trainer changed: move one with ``attrs.evolve(session, start=..., end=...)``;
    - a session without an id (made with ``Session(start=..., ...)``) that starts when a
      session planned now starts, is that session (so giving the same plan again keeps every
      id); any other is *added*, and gets an id derived from the intervention and its start;
    - a session planned now that is not among ``sessions`` is *dropped*: the intervention keeps
      it in ``dropped_sessions`` (for :data:`DROPPED_SESSIONS_KEPT` after it would have
      ended), so a calendar can cancel it. A dropped session given again is planned again.

    The event carries the sessions planned before and says by id which moved, were added and
    were dropped.
    """
    step = _begin("reschedule", intervention, by, at, event_id)
    planned = _plannable(step, intervention, sessions)
    updated = _replanned(intervention, planned, at, status=step.target)
    event = step.event(
        InterventionRescheduled,
        intervention,
        sessions=updated.sessions,
        previous_sessions=intervention.sessions,
    )
    return updated, event


def deliver_intervention(
    intervention: Intervention, *, by: str, at: dt.datetime, event_id: EventId | None = None
) -> tuple[Intervention, InterventionDelivered]:
    """Record that the planned sessions took place.

    ``scheduled`` to ``delivered``. Refused while the intervention has no sessions or one of
    them ends after ``at``: delivered work has its sessions in the past.
    """
    step = _begin("deliver", intervention, by, at, event_id)
    if not intervention.sessions:
        raise step.refused(
            "it has no sessions, so nothing was delivered",
            "plan the sessions that took place with reschedule_intervention first",
        )
    last_end = _last_end(intervention.sessions)
    if last_end > at.astimezone(dt.UTC):
        raise step.refused(
            f"its last session ends {_moment(last_end)}, after {_moment(at)}: "
            "delivered work has its sessions in the past",
            "report the delivery after the last session (a later at=...), or reschedule the "
            "sessions that did not take place",
        )
    event = step.event(InterventionDelivered, intervention)
    return attrs.evolve(intervention, status=step.target), event


def evaluate_intervention(
    intervention: Intervention,
    *,
    evaluation: Evaluation,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Intervention, InterventionEvaluated]:
    """Record how delivered work went; ``evaluation`` becomes the intervention's evaluation.

    ``delivered`` to ``evaluated``. Refused without an :class:`~halt_core.model.Evaluation`,
    or when it is dated before the day the last session ended.
    """
    step = _begin("evaluate", intervention, by, at, event_id)
    if not isinstance(evaluation, Evaluation):
        raise step.refused(
            f"no evaluation was given (got {evaluation!r})",
            "pass evaluation=Evaluation(evaluated_on=date(...), summary='...')",
        )
    if intervention.sessions:
        last_day = _last_end(intervention.sessions).astimezone(AMSTERDAM).date()
        if evaluation.evaluated_on < last_day:
            raise step.refused(
                f"the evaluation is dated {evaluation.evaluated_on.isoformat()}, before the "
                f"last session on {last_day.isoformat()}",
                f"date it on {last_day.isoformat()} or later",
            )
    event = step.event(
        InterventionEvaluated,
        intervention,
        evaluation=evaluation,
    )
    return attrs.evolve(intervention, status=step.target, evaluation=evaluation), event


def decline_intervention(
    intervention: Intervention,
    *,
    reason: str,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Intervention, InterventionDeclined]:
    """Decide not to do requested work, saying why.

    ``requested`` or ``intake`` to ``declined``. Refused without a reason; the reason travels
    in the event (the intervention has no field for it).
    """
    step = _begin("decline", intervention, by, at, event_id)
    event = step.event(
        InterventionDeclined,
        intervention,
        reason=given_reason(step, reason),
    )
    return attrs.evolve(intervention, status=step.target), event


def cancel_intervention(
    intervention: Intervention,
    *,
    reason: str,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Intervention, InterventionCancelled]:
    """Call off agreed or planned work, saying why.

    ``agreed`` or ``scheduled`` to ``cancelled``. Refused without a reason; the reason
    travels in the event.
    """
    step = _begin("cancel", intervention, by, at, event_id)
    event = step.event(
        InterventionCancelled,
        intervention,
        reason=given_reason(step, reason),
    )
    return attrs.evolve(intervention, status=step.target), event


# -- checks -------------------------------------------------------------------------------------


def _begin(
    name: str,
    intervention: Intervention,
    by: str,
    at: dt.datetime,
    event_id: EventId | None,
) -> Step[InterventionStatus]:
    function = INTERVENTION_LIFECYCLE.transition(name).function.__name__
    return begin(
        INTERVENTION_LIFECYCLE,
        name,
        intervention.status,
        intervention.id,
        by=by,
        at=at,
        event_id=event_id,
        function=function,
    )


def _plannable(
    step: Step[InterventionStatus], intervention: Intervention, sessions: Iterable[Session]
) -> tuple[Session, ...]:
    """``sessions`` as a tuple, if they can be the plan of ``intervention``."""
    if isinstance(sessions, Session | str) or not isinstance(sessions, Iterable):
        raise step.refused(
            f"sessions must be a list of Session values, got {sessions!r}",
            "pass sessions=[Session(start=..., end=..., location=...), ...]",
        )
    planned = tuple(sessions)
    if not planned:
        raise step.refused(
            "no sessions were given",
            "pass sessions=[Session(start=..., end=..., location=...)], at least one",
        )
    strays = [s for s in planned if not isinstance(s, Session)]
    if strays:
        raise step.refused(
            f"sessions must be Session values, got {strays[0]!r}",
            "build each with Session(start=..., end=..., location=...)",
        )
    period = intervention.period
    if period is None:
        raise step.refused(
            "it has no agreed period to plan the sessions in",
            "give it one first (agree_intervention, or attrs.evolve(intervention, period=...))",
        )
    outside = [
        s
        for s in planned
        if not (period.contains(s.start.date()) and period.contains(s.end.date()))
    ]
    if outside:
        count = "a session lies" if len(outside) == 1 else f"{len(outside)} sessions lie"
        starts = ", ".join(_moment(s.start) for s in outside[:3])
        more = ", ..." if len(outside) > 3 else ""
        raise step.refused(
            f"{count} outside the agreed period {_days(period)}: starting {starts}{more}",
            f"plan every session within {_days(period)}, or agree a new period",
        )
    seen: set[SessionId] = set()
    for s in planned:
        if s.id.int and s.id in seen:
            raise step.refused(
                f"two sessions have the id {s.id}",
                "give each session its own id, or none to have one given (a moved session "
                "keeps the id it had; attrs.evolve(session, start=..., end=...) keeps it)",
            )
        seen.add(s.id)
    # Compare instants, not Amsterdam wall times: these differ around the DST changes.
    in_order = sorted(planned, key=lambda s: s.start.astimezone(dt.UTC))
    for earlier, later in itertools.pairwise(in_order):
        if later.start.astimezone(dt.UTC) < earlier.end.astimezone(dt.UTC):
            raise step.refused(
                f"the sessions starting {_moment(earlier.start)} and {_moment(later.start)} "
                "overlap",
                "let each session end before the next one starts",
            )
    return planned


def _replanned(
    intervention: Intervention,
    planned: tuple[Session, ...],
    at: dt.datetime,
    *,
    status: InterventionStatus,
) -> Intervention:
    """``intervention`` with ``planned`` as its sessions, each with its id, and ``status``.

    Sessions without an id that start when a current one does take its id; the others get
    new ones. Current sessions left out join ``dropped_sessions``, which forgets those that
    ended :data:`DROPPED_SESSIONS_KEPT` before ``at``.
    """
    current = intervention.sessions
    claimed = {s.id for s in planned if s.id.int}
    by_start: dict[dt.datetime, SessionId] = {}
    for session in current:
        if session.id not in claimed:
            by_start.setdefault(session.start.astimezone(dt.UTC), session.id)
    matched = []
    for session in planned:
        if not session.id.int:
            found = by_start.pop(session.start.astimezone(dt.UTC), None)
            if found is not None:
                session = attrs.evolve(session, id=found)
        matched.append(session)
    # New sessions get ids no current or dropped session has had, so none is mistaken for one.
    taken = [s.id for s in (*current, *intervention.dropped_sessions)]
    identified = with_session_ids(intervention.id, tuple(matched), taken)
    live = {s.id for s in identified}
    horizon = at.astimezone(dt.UTC) - DROPPED_SESSIONS_KEPT
    dropped = tuple(
        s
        for s in (*intervention.dropped_sessions, *(s for s in current if s.id not in live))
        if s.id not in live and s.end.astimezone(dt.UTC) >= horizon
    )
    return attrs.evolve(
        intervention, status=status, sessions=identified, dropped_sessions=_once(dropped)
    )


def _once(sessions: tuple[Session, ...]) -> tuple[Session, ...]:
    """``sessions`` with each id once: the last of a repeated id wins."""
    by_id = {s.id: s for s in sessions}
    if len(by_id) == len(sessions):
        return sessions
    return tuple(by_id.values())


def _last_end(sessions: tuple[Session, ...]) -> dt.datetime:
    return max(s.end.astimezone(dt.UTC) for s in sessions)


def _moment(moment: dt.datetime) -> str:
    return moment.astimezone(AMSTERDAM).isoformat(sep=" ", timespec="minutes")


def _days(period: Period) -> str:
    end = period.end.isoformat() if period.end is not None else "open end"
    return f"{period.start.isoformat()} to {end}"


INTERVENTION_LIFECYCLE: Lifecycle[InterventionStatus] = Lifecycle(
    subject="intervention",
    states=InterventionStatus,
    initial=InterventionStatus.REQUESTED,
    transitions=(
        Transition(
            name="start_intake",
            sources=(InterventionStatus.REQUESTED,),
            target=InterventionStatus.INTAKE,
            event=InterventionIntakeStarted,
            function=start_intervention_intake,
            summary="Halt and the commissioning client start exploring the question.",
        ),
        Transition(
            name="agree",
            sources=(InterventionStatus.INTAKE,),
            target=InterventionStatus.AGREED,
            event=InterventionAgreed,
            function=agree_intervention,
            needs=("period",),
            sets=("period",),
            summary="The work is agreed for a period.",
        ),
        Transition(
            name="schedule",
            sources=(InterventionStatus.AGREED,),
            target=InterventionStatus.SCHEDULED,
            event=InterventionScheduled,
            function=schedule_intervention,
            needs=("sessions",),
            sets=("sessions", "dropped_sessions"),
            summary="At least one session is planned, inside the agreed period and without "
            "overlaps.",
        ),
        Transition(
            name="reschedule",
            sources=(InterventionStatus.SCHEDULED,),
            target=InterventionStatus.SCHEDULED,
            event=InterventionRescheduled,
            function=reschedule_intervention,
            needs=("sessions",),
            sets=("sessions", "dropped_sessions"),
            summary="The sessions are replaced, on the same conditions as the first plan.",
        ),
        Transition(
            name="deliver",
            sources=(InterventionStatus.SCHEDULED,),
            target=InterventionStatus.DELIVERED,
            event=InterventionDelivered,
            function=deliver_intervention,
            summary="The sessions took place; refused while one still has to end.",
        ),
        Transition(
            name="evaluate",
            sources=(InterventionStatus.DELIVERED,),
            target=InterventionStatus.EVALUATED,
            event=InterventionEvaluated,
            function=evaluate_intervention,
            needs=("evaluation",),
            sets=("evaluation",),
            summary="The work is evaluated with the client, on or after the last session's day.",
        ),
        Transition(
            name="decline",
            sources=(InterventionStatus.REQUESTED, InterventionStatus.INTAKE),
            target=InterventionStatus.DECLINED,
            event=InterventionDeclined,
            function=decline_intervention,
            needs=("reason",),
            summary="Halt or the client decides not to do the work.",
        ),
        Transition(
            name="cancel",
            sources=(InterventionStatus.AGREED, InterventionStatus.SCHEDULED),
            target=InterventionStatus.CANCELLED,
            event=InterventionCancelled,
            function=cancel_intervention,
            needs=("reason",),
            summary="Agreed or planned work is called off.",
        ),
    ),
)
"""How a preventive intervention moves from request to evaluation (see :doc:`/lifecycles`)."""
