"""The Dutch words the office's pages use for the model's values, and Dutch dates.

The partner and forum kinds carry their Dutch names in the model's catalogues
(``kind.profile.dutch_name``); the other enums are named here, for these pages.
"""

from __future__ import annotations

import datetime as dt

from halt_core import (
    Audience,
    CollaborationKind,
    CollaborationStatus,
    HaltRole,
    InterventionKind,
    InterventionStatus,
    Level,
    ProblemArea,
)
from halt_core.rules import Severity

# In the order the pages list them: a regional office thinks from the region outwards.
LEVEL_NL = {Level.REGIONAL: "Regionaal", Level.LOCAL: "Lokaal", Level.NATIONAL: "Landelijk"}
ROLE_NL = {
    HaltRole.MEMBER: "lid",
    HaltRole.INFORMATION_SUPPLIER: "informatieleverancier",
    HaltRole.CHAIR: "voorzitter",
    HaltRole.GUEST: "gast",
}
COLLABORATION_KIND_NL = {
    CollaborationKind.CHAIN_COOPERATION: "ketensamenwerking",
    CollaborationKind.COMMISSION: "opdracht",
    CollaborationKind.COVENANT: "convenant",
    CollaborationKind.NETWORK: "netwerk",
}
COLLABORATION_STATUS_NL = {
    CollaborationStatus.PROPOSED: "voorgesteld",
    CollaborationStatus.ACTIVE: "actief",
    CollaborationStatus.SUSPENDED: "opgeschort",
    CollaborationStatus.ENDED: "beëindigd",
}
INTERVENTION_KIND_NL = {
    InterventionKind.INFORMATION_LESSON: "Voorlichtingsles",
    InterventionKind.SCHOOL_SAFETY_ADVICE: "Schoolveiligheidsadvies",
    InterventionKind.PARENT_MEETING: "Ouderbijeenkomst",
    InterventionKind.SAFE_PUBLIC_TASK: "Veilige Publieke Taak (onderwijspersoneel)",
    InterventionKind.TAILORED: "Maatwerk",
    InterventionKind.YOUTH_MEDIATION: "Jongerenbemiddeling",
    InterventionKind.GUIDED_DIALOGUE: "Begeleide dialoog",
}
STATUS_NL = {
    InterventionStatus.REQUESTED: "aangevraagd",
    InterventionStatus.INTAKE: "in intake",
    InterventionStatus.AGREED: "afgesproken",
    InterventionStatus.SCHEDULED: "ingepland",
    InterventionStatus.DELIVERED: "uitgevoerd",
    InterventionStatus.EVALUATED: "geëvalueerd",
    InterventionStatus.DECLINED: "afgewezen",
    InterventionStatus.CANCELLED: "geannuleerd",
}
AUDIENCE_NL = {
    Audience.PUPILS: "Leerlingen",
    Audience.PARENTS: "Ouders",
    Audience.EDUCATION_STAFF: "Onderwijspersoneel",
    Audience.PROFESSIONALS: "Professionals",
    Audience.YOUTH_GROUP: "Jeugdgroep",
    Audience.OTHER: "Anderen",
}
PROBLEM_NL = {
    ProblemArea.STREET_NUISANCE: "Overlast op straat",
    ProblemArea.SHOPLIFTING: "Winkeldiefstal",
    ProblemArea.FIREWORKS: "Vuurwerk",
    ProblemArea.VANDALISM: "Vandalisme",
    ProblemArea.AGGRESSION_AND_VIOLENCE: "Agressie en geweld",
    ProblemArea.ONLINE_BEHAVIOUR: "Online gedrag",
    ProblemArea.ALCOHOL_AND_DRUGS: "Alcohol en drugs",
    ProblemArea.TRUANCY: "Verzuim",
    ProblemArea.OTHER: "Overig",
}
SEVERITY_NL = {Severity.ERROR: "fout", Severity.WARNING: "let op", Severity.ADVICE: "advies"}
WEEKDAYS_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTHS_NL = (
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


def date_nl(day: dt.date) -> str:
    """A day the Dutch way, e.g. ``"za 5 december 2026"``."""
    return f"{WEEKDAYS_NL[day.weekday()]} {day.day} {MONTHS_NL[day.month - 1]} {day.year}"


FOR_TEMPLATES: dict[str, object] = {
    "date_nl": date_nl,
    "LEVEL_NL": LEVEL_NL,
    "ROLE_NL": ROLE_NL,
    "COLLABORATION_KIND_NL": COLLABORATION_KIND_NL,
    "COLLABORATION_STATUS_NL": COLLABORATION_STATUS_NL,
    "INTERVENTION_KIND_NL": INTERVENTION_KIND_NL,
    "STATUS_NL": STATUS_NL,
    "AUDIENCE_NL": AUDIENCE_NL,
    "PROBLEM_NL": PROBLEM_NL,
    "SEVERITY_NL": SEVERITY_NL,
}
"""The words and :func:`date_nl`, by the names the templates use them under."""
