"""Lifecycles: the states a value moves through, and the only ways it may move.

Interventions, collaborations and referrals each have a status. Change it only through a
transition: a pure function that takes the value, who acts (``by``), when (``at``, a time
with a zone) and the data the step needs, and returns the new value with the
:mod:`event <halt_core.events>` that says what happened::

    intervention, event = schedule_intervention(
        intervention, sessions=[session], by="tr.jansen", at=now
    )

Nothing is changed when a transition fails, and it fails before it builds anything:

- :class:`~halt_core.errors.IllegalTransition` when the value's state does not allow the
  step (the error names the state, the step and the steps that are allowed);
- :class:`~halt_core.errors.TransitionRefused` when the step lacks data it needs, or the data
  does not fit the value (e.g. sessions outside the agreed period);
- :class:`~halt_core.errors.InvalidValue` for a blank ``by``, an ``at`` without a zone, or
  data a model constructor refuses (e.g. a reason of more than 1000 characters).

Each function is pure apart from the event's id: a fresh random
:data:`~halt_core.ids.EventId` unless you pass ``event_id``. Hand the new value and the event
together to a unit of work, which stores both at once.

The steps themselves are data, in :data:`INTERVENTION_LIFECYCLE`,
:data:`COLLABORATION_LIFECYCLE` and :data:`REFERRAL_LIFECYCLE` (each a
:class:`~halt_core.lifecycle.machine.Lifecycle`); the functions follow them and the docs draw
them (:doc:`/lifecycles`).

Meetings have no status and so no lifecycle, but changing one is told as the transitions'
changes are: :func:`~halt_core.lifecycle.meetings.plan_meeting`,
:func:`~halt_core.lifecycle.meetings.move_meeting` and
:func:`~halt_core.lifecycle.meetings.cancel_meeting` take a meeting, ``by`` and ``at`` and
return the event for the forum's members (see :mod:`halt_core.lifecycle.meetings`).

Partners have no status either: :func:`~halt_core.lifecycle.partners.end_partner` ends one
(the organisation closed, merged or stopped working with Halt) and returns
:class:`~halt_core.events.PartnerEnded`.

The legal maximum of a Halt settlement's hours is one setting,
:attr:`RuleSettings.max_settlement_hours <halt_core.rules.RuleSettings.max_settlement_hours>`
(default :data:`MAX_SETTLEMENT_HOURS`): pass the same settings to
:func:`complete_referral` and to :meth:`RuleSet.check <halt_core.rules.RuleSet.check>`.
"""

from typing import Any

from halt_core.lifecycle.collaborations import (
    COLLABORATION_LIFECYCLE,
    activate_collaboration,
    end_collaboration,
    resume_collaboration,
    suspend_collaboration,
)
from halt_core.lifecycle.interventions import (
    DROPPED_SESSIONS_KEPT,
    INTERVENTION_LIFECYCLE,
    agree_intervention,
    cancel_intervention,
    decline_intervention,
    deliver_intervention,
    evaluate_intervention,
    reschedule_intervention,
    schedule_intervention,
    start_intervention_intake,
)
from halt_core.lifecycle.machine import Lifecycle, Transition
from halt_core.lifecycle.meetings import cancel_meeting, move_meeting, plan_meeting
from halt_core.lifecycle.partners import end_partner
from halt_core.lifecycle.referrals import (
    MAX_SETTLEMENT_HOURS,
    REFERRAL_LIFECYCLE,
    complete_referral,
    make_referral_agreements,
    mark_referral_carried_out,
    refuse_referral,
    return_referral_to_referrer,
    start_referral_intake,
)

__all__ = [
    "COLLABORATION_LIFECYCLE",
    "DROPPED_SESSIONS_KEPT",
    "INTERVENTION_LIFECYCLE",
    "LIFECYCLES",
    "MAX_SETTLEMENT_HOURS",
    "REFERRAL_LIFECYCLE",
    "Lifecycle",
    "Transition",
    "activate_collaboration",
    "agree_intervention",
    "cancel_intervention",
    "cancel_meeting",
    "complete_referral",
    "decline_intervention",
    "deliver_intervention",
    "end_collaboration",
    "end_partner",
    "evaluate_intervention",
    "make_referral_agreements",
    "mark_referral_carried_out",
    "move_meeting",
    "plan_meeting",
    "refuse_referral",
    "reschedule_intervention",
    "resume_collaboration",
    "return_referral_to_referrer",
    "schedule_intervention",
    "start_intervention_intake",
    "start_referral_intake",
    "suspend_collaboration",
]

LIFECYCLES: tuple[Lifecycle[Any], ...] = (
    INTERVENTION_LIFECYCLE,
    COLLABORATION_LIFECYCLE,
    REFERRAL_LIFECYCLE,
)
"""Every lifecycle halt_core knows, for tools that list or draw them all."""
