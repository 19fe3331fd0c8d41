"""The model's values in words: Dutch for people at Halt, English for everyone else.

``dutch(InterventionStatus.SCHEDULED)`` is ``"ingepland"``; ``english(HaltRole.CHAIR)`` is
``"chair"``. Partner and forum kinds use the names of their profiles
(``"Raad voor de Kinderbescherming"``). The rules write their messages with these words, and
a tool can label its pages with them, so every tool names things alike.
"""

from __future__ import annotations

import enum

from halt_core.model.collaborations import CollaborationKind, CollaborationStatus
from halt_core.model.forums import ForumKind, Frequency, HaltRole
from halt_core.model.geography import AreaKind, Level
from halt_core.model.interventions import Audience, InterventionKind, InterventionStatus
from halt_core.model.partners import PartnerKind
from halt_core.model.referrals import OffenceCategory, OutcomeResult, ReferralStatus
from halt_core.model.themes import ProblemArea, WorkDomain

__all__ = ["DUTCH_MONTHS", "dutch", "english"]

DUTCH_MONTHS: tuple[str, ...] = (
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
"""The months in Dutch, January first: ``DUTCH_MONTHS[day.month - 1]``."""

# Pairs, not a dict literal: members of different StrEnums with the same value compare
# equal (OffenceCategory.VANDALISM == ProblemArea.VANDALISM), so a dict would keep one.
_PAIRS: tuple[tuple[enum.Enum, str], ...] = (
    (Level.LOCAL, "lokaal"),
    (Level.REGIONAL, "regionaal"),
    (Level.NATIONAL, "landelijk"),
    (AreaKind.MUNICIPALITY, "gemeente"),
    (AreaKind.MUNICIPALITIES, "groep gemeenten"),
    (AreaKind.SAFETY_REGION, "veiligheidsregio"),
    (AreaKind.ARRONDISSEMENT, "arrondissement"),
    (AreaKind.COUNTRY, "land"),
    (HaltRole.MEMBER, "lid"),
    (HaltRole.INFORMATION_SUPPLIER, "informatieleverancier"),
    (HaltRole.CHAIR, "voorzitter"),
    (HaltRole.GUEST, "gast"),
    (CollaborationKind.CHAIN_COOPERATION, "ketensamenwerking"),
    (CollaborationKind.COMMISSION, "opdracht"),
    (CollaborationKind.COVENANT, "convenant"),
    (CollaborationKind.NETWORK, "netwerk"),
    (CollaborationStatus.PROPOSED, "voorgesteld"),
    (CollaborationStatus.ACTIVE, "actief"),
    (CollaborationStatus.SUSPENDED, "opgeschort"),
    (CollaborationStatus.ENDED, "beëindigd"),
    (InterventionKind.INFORMATION_LESSON, "voorlichtingsles"),
    (InterventionKind.SCHOOL_SAFETY_ADVICE, "schoolveiligheidsadvies"),
    (InterventionKind.YOUTH_MEDIATION, "jongerenbemiddeling"),
    (InterventionKind.GUIDED_DIALOGUE, "begeleide dialoog"),
    (InterventionKind.SAFE_PUBLIC_TASK, "Veilige Publieke Taak"),
    (InterventionKind.PARENT_MEETING, "ouderbijeenkomst"),
    (InterventionKind.TAILORED, "maatwerk"),
    (InterventionStatus.REQUESTED, "aangevraagd"),
    (InterventionStatus.INTAKE, "in intake"),
    (InterventionStatus.AGREED, "afgesproken"),
    (InterventionStatus.SCHEDULED, "ingepland"),
    (InterventionStatus.DELIVERED, "uitgevoerd"),
    (InterventionStatus.EVALUATED, "geëvalueerd"),
    (InterventionStatus.DECLINED, "afgewezen"),
    (InterventionStatus.CANCELLED, "geannuleerd"),
    (Audience.PUPILS, "leerlingen"),
    (Audience.YOUTH_GROUP, "jeugdgroep"),
    (Audience.PARENTS, "ouders"),
    (Audience.EDUCATION_STAFF, "onderwijspersoneel"),
    (Audience.PROFESSIONALS, "professionals"),
    (Audience.OTHER, "anderen"),
    (OffenceCategory.SHOPLIFTING, "winkeldiefstal"),
    (OffenceCategory.VANDALISM, "vernieling"),
    (OffenceCategory.FIREWORKS, "vuurwerkovertreding"),
    (OffenceCategory.NUISANCE, "overlast"),
    (OffenceCategory.TRUANCY, "schoolverzuim"),
    (OffenceCategory.MINOR_THEFT, "eenvoudige diefstal"),
    (OffenceCategory.OTHER, "ander feit"),
    (ProblemArea.STREET_NUISANCE, "overlast op straat"),
    (ProblemArea.SHOPLIFTING, "winkeldiefstal"),
    (ProblemArea.FIREWORKS, "vuurwerk"),
    (ProblemArea.VANDALISM, "vandalisme"),
    (ProblemArea.AGGRESSION_AND_VIOLENCE, "agressie en geweld"),
    (ProblemArea.ONLINE_BEHAVIOUR, "online gedrag"),
    (ProblemArea.ALCOHOL_AND_DRUGS, "alcohol en drugs"),
    (ProblemArea.TRUANCY, "verzuim"),
    (ProblemArea.OTHER, "overig"),
    (WorkDomain.REPRESSIVE, "repressief"),
    (WorkDomain.PREVENTIVE, "preventief"),
    (WorkDomain.BOTH, "repressief en preventief"),
    (ReferralStatus.RECEIVED, "aangemeld"),
    (ReferralStatus.INTAKE, "intake"),
    (ReferralStatus.AGREEMENTS_MADE, "afspraken gemaakt"),
    (ReferralStatus.CARRIED_OUT, "uitgevoerd"),
    (ReferralStatus.COMPLETED, "afgerond"),
    (ReferralStatus.RETURNED, "teruggemeld"),
    (ReferralStatus.REFUSED, "geweigerd"),
    (OutcomeResult.POSITIVE, "positief"),
    (OutcomeResult.NEGATIVE, "negatief"),
    (Frequency.WEEKLY, "wekelijks"),
    (Frequency.MONTHLY, "maandelijks"),
)
_NL: dict[tuple[type[enum.Enum], enum.Enum], str] = {(type(k), k): v for k, v in _PAIRS}


def english(value: enum.Enum) -> str:
    """The English words for a value of the model's enums, in lower case where they can be."""
    if isinstance(value, PartnerKind | ForumKind):
        return value.profile.english_name
    return str(value.value).replace("_", " ")


def dutch(value: enum.Enum) -> str:
    """The Dutch words for a value of the model's enums, in lower case where they can be."""
    if isinstance(value, PartnerKind | ForumKind):
        return value.profile.dutch_name
    return _NL.get((type(value), value), str(value.value).replace("_", " "))
