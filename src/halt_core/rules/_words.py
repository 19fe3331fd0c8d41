"""Words for values in rule messages: English and Dutch."""

from __future__ import annotations

import enum

from halt_core.model import (
    Area,
    AreaKind,
    Audience,
    CollaborationKind,
    CollaborationStatus,
    ForumKind,
    HaltRole,
    InterventionKind,
    InterventionStatus,
    Level,
    OffenceCategory,
    PartnerKind,
    Period,
)

_NL: dict[enum.Enum, str] = {
    Level.LOCAL: "lokaal",
    Level.REGIONAL: "regionaal",
    Level.NATIONAL: "landelijk",
    AreaKind.MUNICIPALITY: "gemeente",
    AreaKind.MUNICIPALITIES: "groep gemeenten",
    AreaKind.SAFETY_REGION: "veiligheidsregio",
    AreaKind.ARRONDISSEMENT: "arrondissement",
    AreaKind.COUNTRY: "land",
    HaltRole.MEMBER: "lid",
    HaltRole.INFORMATION_SUPPLIER: "informatieleverancier",
    HaltRole.CHAIR: "voorzitter",
    HaltRole.GUEST: "gast",
    CollaborationKind.CHAIN_COOPERATION: "ketensamenwerking",
    CollaborationKind.COMMISSION: "opdracht",
    CollaborationKind.COVENANT: "convenant",
    CollaborationKind.NETWORK: "netwerk",
    CollaborationStatus.PROPOSED: "voorgesteld",
    CollaborationStatus.ACTIVE: "actief",
    CollaborationStatus.SUSPENDED: "opgeschort",
    CollaborationStatus.ENDED: "beëindigd",
    InterventionKind.INFORMATION_LESSON: "voorlichtingsles",
    InterventionKind.SCHOOL_SAFETY_ADVICE: "schoolveiligheidsadvies",
    InterventionKind.YOUTH_MEDIATION: "jongerenbemiddeling",
    InterventionKind.GUIDED_DIALOGUE: "begeleide dialoog",
    InterventionKind.SAFE_PUBLIC_TASK: "Veilige Publieke Taak",
    InterventionKind.PARENT_MEETING: "ouderbijeenkomst",
    InterventionKind.TAILORED: "maatwerk",
    InterventionStatus.REQUESTED: "aangevraagd",
    InterventionStatus.INTAKE: "in intake",
    InterventionStatus.AGREED: "afgesproken",
    InterventionStatus.SCHEDULED: "ingepland",
    InterventionStatus.DELIVERED: "uitgevoerd",
    InterventionStatus.EVALUATED: "geëvalueerd",
    InterventionStatus.DECLINED: "afgewezen",
    InterventionStatus.CANCELLED: "geannuleerd",
    Audience.PUPILS: "leerlingen",
    Audience.YOUTH_GROUP: "jeugdgroep",
    Audience.PARENTS: "ouders",
    Audience.EDUCATION_STAFF: "onderwijspersoneel",
    Audience.PROFESSIONALS: "professionals",
    Audience.OTHER: "anderen",
    OffenceCategory.SHOPLIFTING: "winkeldiefstal",
    OffenceCategory.VANDALISM: "vernieling",
    OffenceCategory.FIREWORKS: "vuurwerkovertreding",
    OffenceCategory.NUISANCE: "overlast",
    OffenceCategory.TRUANCY: "schoolverzuim",
    OffenceCategory.MINOR_THEFT: "eenvoudige diefstal",
    OffenceCategory.OTHER: "ander feit",
}


def en(value: enum.Enum) -> str:
    """The English words for an enum value: its profile's name where it has one."""
    if isinstance(value, PartnerKind | ForumKind):
        return value.profile.english_name
    return str(value.value).replace("_", " ")


def nl(value: enum.Enum) -> str:
    """The Dutch words for an enum value."""
    if isinstance(value, PartnerKind | ForumKind):
        return value.profile.dutch_name
    return _NL.get(value, str(value.value).replace("_", " "))


def area_words(area: Area) -> tuple[str, str]:
    """An area in English and in Dutch, e.g. ``("arrondissement Amsterdam", ...)``."""
    codes = ", ".join(area.codes)
    if area.kind is AreaKind.COUNTRY:
        return "the Netherlands", "Nederland"
    return f"{en(area.kind)} {codes}", f"{nl(area.kind)} {codes}"


def period_words(period: Period) -> dict[str, str]:
    """A period as ``period_en`` and ``period_nl``: ``2026-08-01 to 2027-07-31`` / ``tot``."""
    start = period.start.isoformat()
    if period.end is None:
        return {"period_en": f"{start} with no end", "period_nl": f"{start} zonder einde"}
    end = period.end.isoformat()
    return {"period_en": f"{start} to {end}", "period_nl": f"{start} tot en met {end}"}
