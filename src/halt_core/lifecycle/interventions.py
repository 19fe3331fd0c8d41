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
from halt_core.ids import EventId
from halt_core.lifecycle._steps import Step, begin, given_reason
from halt_core.lifecycle.machine import Lifecycle, Transition
from halt_core.model.interventions import Evaluation, Intervention, InterventionStatus, Session
from halt_core.model.periods import AMSTERDAM, Period

__all__ = [
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
    each other, or when one lies outside the agreed period (or there is none). A session lies
    inside the period when the days it starts and ends on (in Europe/Amsterdam) both do.
    """
    step = _begin("schedule", intervention, by, at, event_id)
    planned = _plannable(step, intervention, sessions)
    event = step.event(
        InterventionScheduled,
        intervention,
        sessions=planned,
    )
    return attrs.evolve(intervention, status=step.target, sessions=planned), event


def reschedule_intervention(
    intervention: Intervention,
    *,
    sessions: Iterable[Session],
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Intervention, InterventionRescheduled]:
    """Replace the sessions of planned work by ``sessions``.

    ``scheduled`` stays ``scheduled``. Refused as :func:`schedule_intervention` is; the event
    also carries the sessions planned before.
    """
    step = _begin("reschedule", intervention, by, at, event_id)
    planned = _plannable(step, intervention, sessions)
    event = step.event(
        InterventionRescheduled,
        intervention,
        sessions=planned,
        previous_sessions=intervention.sessions,
    )
    return attrs.evolve(intervention, status=step.target, sessions=planned), event


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
            sets=("sessions",),
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
            sets=("sessions",),
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
