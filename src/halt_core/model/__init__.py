"""The domain model: immutable values for Halt's collaboration network.

Every class here is a frozen, slotted attrs class. Change a value with :func:`attrs.evolve`
(or, later, a lifecycle transition), which returns a new value and runs the validators again.
Constructors reject impossible values with :class:`~halt_core.errors.InvalidValue`; rules that
relate several values live in :mod:`halt_core.rules` and report instead of raising.
"""

from halt_core.model.collaborations import (
    Agreement,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
)
from halt_core.model.forums import (
    FORUM_KINDS,
    AgendaItem,
    Cadence,
    CaseOnAgenda,
    Forum,
    ForumKind,
    ForumKindProfile,
    Frequency,
    HaltRole,
    Meeting,
    at_the_table,
)
from halt_core.model.gazetteer import Gazetteer, available_divisions
from halt_core.model.geography import (
    Area,
    AreaKind,
    Arrondissement,
    Level,
    Municipality,
    SafetyRegion,
)
from halt_core.model.interventions import (
    AgeRange,
    Audience,
    Evaluation,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Session,
    TargetGroup,
)
from halt_core.model.network import Network, Record
from halt_core.model.partners import (
    PARTNER_KINDS,
    ContactPoint,
    Partner,
    PartnerKind,
    PartnerKindProfile,
)
from halt_core.model.periods import AMSTERDAM, Period
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.model.referrals import (
    OffenceCategory,
    Outcome,
    OutcomeResult,
    Referral,
    ReferralStatus,
)
from halt_core.model.themes import ProblemArea, WorkDomain

__all__ = [
    "AMSTERDAM",
    "FORUM_KINDS",
    "PARTNER_KINDS",
    "AgeRange",
    "AgendaItem",
    "Agreement",
    "Area",
    "AreaKind",
    "Arrondissement",
    "Audience",
    "Cadence",
    "CaseOnAgenda",
    "Collaboration",
    "CollaborationKind",
    "CollaborationStatus",
    "ContactPoint",
    "Evaluation",
    "Forum",
    "ForumKind",
    "ForumKindProfile",
    "Frequency",
    "Gazetteer",
    "HaltRole",
    "Intervention",
    "InterventionKind",
    "InterventionStatus",
    "Level",
    "Meeting",
    "Municipality",
    "Network",
    "OffenceCategory",
    "Outcome",
    "OutcomeResult",
    "Partner",
    "PartnerKind",
    "PartnerKindProfile",
    "Period",
    "ProblemArea",
    "Record",
    "Referral",
    "ReferralStatus",
    "SafetyRegion",
    "Session",
    "TargetGroup",
    "WorkDomain",
    "YouthPseudonym",
    "at_the_table",
    "available_divisions",
]
