"""The lifecycle of a referral: from received, through intake and agreements, to the outcome.

Each function takes a :class:`~halt_core.model.Referral`, who acts (``by``), when (``at``)
and the data the step needs, and returns the new referral with the event that says what
happened. See :data:`REFERRAL_LIFECYCLE` for the states and steps.
"""

from __future__ import annotations

import datetime as dt

import attrs

from halt_core.events import (
    ReferralAgreementsMade,
    ReferralCarriedOut,
    ReferralCompleted,
    ReferralIntakeStarted,
    ReferralRefused,
    ReferralReturned,
)
from halt_core.ids import EventId
from halt_core.lifecycle._steps import Step, begin, given_day, given_reason
from halt_core.lifecycle.machine import Lifecycle, Transition
from halt_core.model.referrals import Outcome, OutcomeResult, Referral, ReferralStatus
from halt_core.model.settings import MAX_SETTLEMENT_HOURS as _DEFAULT_MAX_HOURS
from halt_core.model.settings import RuleSettings

__all__ = [
    "MAX_SETTLEMENT_HOURS",
    "REFERRAL_LIFECYCLE",
    "complete_referral",
    "make_referral_agreements",
    "mark_referral_carried_out",
    "refuse_referral",
    "return_referral_to_referrer",
    "start_referral_intake",
]


# The one source of the legal maximum is RuleSettings; MAX_SETTLEMENT_HOURS is its default,
# kept here under its old name too.
MAX_SETTLEMENT_HOURS = _DEFAULT_MAX_HOURS
"""The most hours a Halt settlement may take by default (art. 77e of the Criminal Code): 20.

The default of :attr:`RuleSettings.max_settlement_hours
<halt_core.rules.RuleSettings.max_settlement_hours>`, the one place the maximum is set:
:func:`complete_referral` refuses an outcome with more hours than the settings it is given
allow, and rule HC-REFERRAL-008 reports one. Should the law change, pass settings with the
new maximum to both.
"""


def start_referral_intake(
    referral: Referral, *, by: str, at: dt.datetime, event_id: EventId | None = None
) -> tuple[Referral, ReferralIntakeStarted]:
    """Start the intake with the youth and the parents.

    ``received`` to ``intake``. Pass ``event_id`` for a fixed event id; a random one otherwise.
    """
    step = _begin("start_intake", referral, by, at, event_id)
    event = step.event(ReferralIntakeStarted, referral)
    return attrs.evolve(referral, status=step.target), event


def make_referral_agreements(
    referral: Referral, *, by: str, at: dt.datetime, event_id: EventId | None = None
) -> tuple[Referral, ReferralAgreementsMade]:
    """Record that agreements were made with the youth (apologies, repair, assignments).

    ``intake`` to ``agreements_made``.
    """
    step = _begin("make_agreements", referral, by, at, event_id)
    event = step.event(ReferralAgreementsMade, referral)
    return attrs.evolve(referral, status=step.target), event


def mark_referral_carried_out(
    referral: Referral, *, by: str, at: dt.datetime, event_id: EventId | None = None
) -> tuple[Referral, ReferralCarriedOut]:
    """Record that the youth carried out the agreements; the decision comes next.

    ``agreements_made`` to ``carried_out``.
    """
    step = _begin("mark_carried_out", referral, by, at, event_id)
    event = step.event(ReferralCarriedOut, referral)
    return attrs.evolve(referral, status=step.target), event


def complete_referral(
    referral: Referral,
    *,
    decided_on: dt.date,
    hours: int | None = None,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
    settings: RuleSettings | None = None,
) -> tuple[Referral, ReferralCompleted]:
    """Complete the settlement positively: the youth is not prosecuted.

    ``carried_out`` to ``completed``; the referral gets a positive
    :class:`~halt_core.model.Outcome` decided on ``decided_on`` with ``hours`` (optional, 0 to
    the settings' :attr:`~halt_core.rules.RuleSettings.max_settlement_hours`, by default
    :data:`MAX_SETTLEMENT_HOURS`). Pass the ``settings`` you check the network with, so the
    lifecycle refuses what the rules report. Refused when ``decided_on`` is not a day or lies
    before the referral was received, or when ``hours`` is out of range.
    """
    step = _begin("complete", referral, by, at, event_id)
    day = _decision_day(step, referral, decided_on)
    most = (settings or _DEFAULTS).max_settlement_hours
    if hours is not None and (
        not isinstance(hours, int) or isinstance(hours, bool) or not 0 <= hours <= most
    ):
        raise step.refused(
            f"hours must be a whole number from 0 to {most}, got {hours!r}",
            f"a Halt settlement takes at most {most} hours by law; pass the "
            "hours carried out, or leave hours out",
        )
    outcome = Outcome(result=OutcomeResult.POSITIVE, decided_on=day, hours=hours)
    event = step.event(
        ReferralCompleted,
        referral,
        outcome=outcome,
    )
    return attrs.evolve(referral, status=step.target, outcome=outcome), event


def return_referral_to_referrer(
    referral: Referral,
    *,
    decided_on: dt.date,
    reason: str,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Referral, ReferralReturned]:
    """End the settlement negatively: the case goes back to the referrer and the prosecutor.

    ``agreements_made`` or ``carried_out`` to ``returned``; the referral gets a negative
    :class:`~halt_core.model.Outcome` decided on ``decided_on``. Refused without a reason, or
    when ``decided_on`` is not a day or lies before the referral was received.
    """
    step = _begin("return_to_referrer", referral, by, at, event_id)
    day = _decision_day(step, referral, decided_on)
    why = given_reason(step, reason)
    outcome = Outcome(result=OutcomeResult.NEGATIVE, decided_on=day)
    event = step.event(
        ReferralReturned,
        referral,
        outcome=outcome,
        reason=why,
    )
    return attrs.evolve(referral, status=step.target, outcome=outcome), event


def refuse_referral(
    referral: Referral,
    *,
    reason: str,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Referral, ReferralRefused]:
    """Refuse a referral that does not meet the conditions of a Halt settlement.

    ``received`` or ``intake`` to ``refused``. Refused without a reason; the reason travels
    in the event.
    """
    step = _begin("refuse", referral, by, at, event_id)
    event = step.event(
        ReferralRefused,
        referral,
        reason=given_reason(step, reason),
    )
    return attrs.evolve(referral, status=step.target), event


_DEFAULTS = RuleSettings()


def _begin(
    name: str, referral: Referral, by: str, at: dt.datetime, event_id: EventId | None
) -> Step[ReferralStatus]:
    function = REFERRAL_LIFECYCLE.transition(name).function.__name__
    return begin(
        REFERRAL_LIFECYCLE,
        name,
        referral.status,
        referral.id,
        by=by,
        at=at,
        event_id=event_id,
        function=function,
    )


def _decision_day(step: Step[ReferralStatus], referral: Referral, decided_on: object) -> dt.date:
    day = given_day(step, "decided_on", decided_on, "date(2025, 6, 30)")
    if day < referral.referred_on:
        raise step.refused(
            f"it would be decided on {day.isoformat()}, before it was received on "
            f"{referral.referred_on.isoformat()}",
            f"pass decided_on={referral.referred_on.isoformat()} or later",
        )
    return day


REFERRAL_LIFECYCLE: Lifecycle[ReferralStatus] = Lifecycle(
    subject="referral",
    states=ReferralStatus,
    initial=ReferralStatus.RECEIVED,
    transitions=(
        Transition(
            name="start_intake",
            sources=(ReferralStatus.RECEIVED,),
            target=ReferralStatus.INTAKE,
            event=ReferralIntakeStarted,
            function=start_referral_intake,
            summary="The intake with the youth and the parents starts.",
        ),
        Transition(
            name="make_agreements",
            sources=(ReferralStatus.INTAKE,),
            target=ReferralStatus.AGREEMENTS_MADE,
            event=ReferralAgreementsMade,
            function=make_referral_agreements,
            summary="Agreements are made: apologies, repair of damage, learning assignments.",
        ),
        Transition(
            name="mark_carried_out",
            sources=(ReferralStatus.AGREEMENTS_MADE,),
            target=ReferralStatus.CARRIED_OUT,
            event=ReferralCarriedOut,
            function=mark_referral_carried_out,
            summary="The youth carried out the agreements.",
        ),
        Transition(
            name="complete",
            sources=(ReferralStatus.CARRIED_OUT,),
            target=ReferralStatus.COMPLETED,
            event=ReferralCompleted,
            function=complete_referral,
            needs=("decided_on",),
            sets=("outcome",),
            summary="Completed positively, with the hours carried out if known (at most the "
            f"settings' maximum, by default {MAX_SETTLEMENT_HOURS}): the youth is not prosecuted.",
        ),
        Transition(
            name="return_to_referrer",
            sources=(ReferralStatus.AGREEMENTS_MADE, ReferralStatus.CARRIED_OUT),
            target=ReferralStatus.RETURNED,
            event=ReferralReturned,
            function=return_referral_to_referrer,
            needs=("decided_on", "reason"),
            sets=("outcome",),
            summary="Completed negatively: back to the referrer and the public prosecutor.",
        ),
        Transition(
            name="refuse",
            sources=(ReferralStatus.RECEIVED, ReferralStatus.INTAKE),
            target=ReferralStatus.REFUSED,
            event=ReferralRefused,
            function=refuse_referral,
            needs=("reason",),
            summary="The referral does not meet the conditions of a Halt settlement.",
        ),
    ),
)
"""How a referral moves from its receipt to an outcome (see :doc:`/lifecycles`)."""
