"""halt_core: one shared, correct model of Halt's collaboration network.

The public API lives here: the model (:mod:`halt_core.model`), typed ids
(:mod:`halt_core.ids`), the one converter (:mod:`halt_core.serialization`), lifecycles and
events (:mod:`halt_core.lifecycle`, :mod:`halt_core.events`), the errors
(:mod:`halt_core.errors`), and :func:`connect` to open a store. Rules are in
:mod:`halt_core.rules`, the demo generator in :mod:`halt_core.demo`, the plugin contract in
:mod:`halt_core.hookspecs`. Importing halt_core opens no file, socket or database and imports
no adapter.
"""

import importlib
from typing import TYPE_CHECKING

from halt_core.errors import *  # noqa: F403 -- every error is public API
from halt_core.errors import __all__ as _errors_all
from halt_core.ids import (
    CollaborationId,
    EventId,
    ForumId,
    InterventionId,
    MeetingId,
    PartnerId,
    ReferralId,
    SessionId,
    new_id,
    stable_id,
)
from halt_core.model import *  # noqa: F403 -- the model is the heart of the public API
from halt_core.model import __all__ as _model_all
from halt_core.serialization import SCHEMA_VERSION, from_dict, from_json, to_dict, to_json
from halt_core.service import connect

if TYPE_CHECKING:
    from halt_core.events import *  # noqa: F403 -- loaded on first use, see __getattr__
    from halt_core.lifecycle import *  # noqa: F403

# Events and lifecycles are public API too, but loaded on first use: together they are a
# third of the time `import halt_core` would take. A test keeps these lists equal to the
# modules' __all__.
_EVENTS_ALL = (
    "EVENT_TYPES",
    "CollaborationActivated",
    "CollaborationEnded",
    "CollaborationEvent",
    "CollaborationResumed",
    "CollaborationSuspended",
    "Event",
    "InterventionAgreed",
    "InterventionCancelled",
    "InterventionDeclined",
    "InterventionDelivered",
    "InterventionEvaluated",
    "InterventionEvent",
    "InterventionIntakeStarted",
    "InterventionRescheduled",
    "InterventionScheduled",
    "MeetingCancelled",
    "MeetingEvent",
    "MeetingMoved",
    "MeetingPlanned",
    "NotificationEvent",
    "NotificationParked",
    "PartnerEnded",
    "PartnerEvent",
    "ReferralAgreementsMade",
    "ReferralCarriedOut",
    "ReferralCompleted",
    "ReferralEvent",
    "ReferralIntakeStarted",
    "ReferralRefused",
    "ReferralReturned",
    "event_from_dict",
    "event_from_json",
)
_LIFECYCLE_ALL = (
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
)
_LAZY = {
    **dict.fromkeys(_EVENTS_ALL, "halt_core.events"),
    **dict.fromkeys(_LIFECYCLE_ALL, "halt_core.lifecycle"),
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'halt_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next look-up is an ordinary one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__version__ = "0.1.0.dev0"
"""The version of halt_core."""

__all__ = [
    "SCHEMA_VERSION",
    "CollaborationId",
    "EventId",
    "ForumId",
    "InterventionId",
    "MeetingId",
    "PartnerId",
    "ReferralId",
    "SessionId",
    "__version__",
    "connect",
    "from_dict",
    "from_json",
    "new_id",
    "stable_id",
    "to_dict",
    "to_json",
    *_model_all,
    *_EVENTS_ALL,
    *_LIFECYCLE_ALL,
    *_errors_all,
]
