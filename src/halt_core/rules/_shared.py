"""What the built-in rule modules share: what each subject's rules read, and status sets."""

from __future__ import annotations

from halt_core.ids import PartnerId
from halt_core.model import InterventionKind, InterventionStatus
from halt_core.rules._core import CheckContext, Subject

__all__ = [
    "AGREED_OR_LATER",
    "COLLABORATION_READS",
    "DONE",
    "DROPPED",
    "FORUM_READS",
    "INTERVENTION_READS",
    "LESSONS",
    "MEETING_READS",
    "PLANNED",
    "SAFETY_ADVICE",
    "SAFE_PUBLIC_TASK",
    "WITH_GROUPS",
    "named",
]

# The kinds of record each subject's rules look up (an incremental check follows them).
INTERVENTION_READS = (Subject.PARTNER, Subject.COLLABORATION)
"""An intervention's partners and commission, and the commission's commissioner."""
COLLABORATION_READS = (Subject.PARTNER,)
"""A collaboration's partners."""
FORUM_READS = (Subject.PARTNER,)
"""A forum's members."""
MEETING_READS = (Subject.FORUM, Subject.PARTNER, Subject.REFERRAL)
"""A meeting's forum, that forum's members, and the referrals and partners it names."""

DONE = frozenset({InterventionStatus.DELIVERED, InterventionStatus.EVALUATED})
"""Work that is delivered (or evaluated after)."""
PLANNED = frozenset({InterventionStatus.SCHEDULED, *DONE})
"""Work whose sessions are planned."""
AGREED_OR_LATER = frozenset({InterventionStatus.AGREED, *PLANNED})
"""Work that is agreed, or further along."""
DROPPED = frozenset({InterventionStatus.DECLINED, InterventionStatus.CANCELLED})
"""Work that will not happen."""
LESSONS = (InterventionKind.INFORMATION_LESSON,)
"""Information lessons (for ``where=``)."""
SAFETY_ADVICE = (InterventionKind.SCHOOL_SAFETY_ADVICE,)
"""School safety advice (for ``where=``)."""
SAFE_PUBLIC_TASK = (InterventionKind.SAFE_PUBLIC_TASK,)
"""Veilige Publieke Taak work (for ``where=``)."""
WITH_GROUPS = frozenset({InterventionKind.YOUTH_MEDIATION, InterventionKind.GUIDED_DIALOGUE})
"""The kinds of work done with a youth group."""


def named(partner_id: PartnerId, context: CheckContext) -> str:
    """The partner's name, or its id when the network does not have it."""
    partner = context.partner(partner_id)
    return str(partner_id) if partner is None else partner.name
