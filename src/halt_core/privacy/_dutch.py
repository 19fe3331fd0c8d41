"""Plain Dutch for a youth or a parent: dates, purposes, legal bases and field names.

The subject-access document (:mod:`halt_core.privacy.subject_access`) is read by a youth
of 12 or a parent, not by a lawyer: the words here say what a value means, not what the
code calls it. The model's own values are in :func:`halt_core.model.words.dutch`.
"""

from __future__ import annotations

import datetime as dt

from halt_core.model import AMSTERDAM
from halt_core.model.words import DUTCH_MONTHS
from halt_core.privacy.policy import LegalBasis, Purpose

__all__ = ["FIELD_WORDS", "LEGAL_BASIS_WORDS", "PURPOSE_WORDS", "day", "day_of", "field", "moment"]


PURPOSE_WORDS: dict[Purpose, str] = {
    Purpose.CASE_CONSULTATION: "om je situatie te bespreken in een overleg over jongeren "
    "(casusoverleg)",
    Purpose.REPORT_TO_REFERRER: "om wie je naar Halt stuurde te laten weten hoe het is afgelopen",
    Purpose.STATISTICS: "voor cijfers over het werk van Halt, zonder dat je erin te herkennen bent",
    Purpose.COMMISSION_REPORTING: "voor een verslag aan de organisatie die Halt een opdracht gaf",
    Purpose.SUBJECT_ACCESS: "omdat jij of je ouder vroeg wat Halt over je heeft vastgelegd",
    Purpose.OWN_USE: "voor Halt zelf, bijvoorbeeld om de gegevens over te zetten naar een "
    "nieuw systeem; er ging niets naar een andere organisatie",
}
"""Why data went out, as a youth or parent reads it."""

LEGAL_BASIS_WORDS: dict[LegalBasis, str] = {
    LegalBasis.WJSG: "de Wet justitiële en strafvorderlijke gegevens: die wet staat toe dat "
    "Halt gegevens deelt met organisaties die samen werken aan de aanpak van jeugdcriminaliteit",
    LegalBasis.PUBLIC_TASK: "de AVG (artikel 6 lid 1 onder e): Halt doet een taak van "
    "algemeen belang",
    LegalBasis.SUBJECT_ACCESS: "de AVG (artikel 15): je hebt het recht om te zien wat er over "
    "je is vastgelegd",
    LegalBasis.NONE_NEEDED: "geen wet nodig: er gingen geen gegevens mee waaraan je te "
    "herkennen bent",
}
"""The ground in law, in words."""

FIELD_WORDS: dict[str, str] = {
    "Referral": "je verwijzing",
    "Referral.id": "het nummer van je verwijzing",
    "Referral.referrer": "wie je naar Halt stuurde",
    "Referral.youth": "je kenmerk bij Halt",
    "Referral.age_at_offence": "je leeftijd toen het gebeurde",
    "Referral.offence": "wat er gebeurd is (het soort feit)",
    "Referral.offence_date": "de datum waarop het gebeurde",
    "Referral.referred_on": "de datum waarop Halt de verwijzing kreeg",
    "Referral.municipality": "de gemeente",
    "Referral.status": "hoe ver het traject is",
    "Referral.outcome": "hoe het traject is afgelopen",
    "Outcome.result": "hoe het traject is afgelopen",
    "Outcome.decided_on": "de datum waarop het traject afliep",
    "Outcome.hours": "hoeveel uur je hebt gedaan",
    "CaseOnAgenda.youth": "je kenmerk bij Halt",
    "CaseOnAgenda.municipality": "de gemeente",
    "CaseOnAgenda.referral": "het nummer van je verwijzing",
    "CaseOnAgenda.discussed_with": "met wie je situatie besproken werd",
    "Meeting.agenda": "de agenda en aantekeningen van het overleg",
    "AgendaItem.title": "een agendapunt",
    "AgendaItem.notes": "aantekeningen bij een agendapunt",
}
"""What a ``Class.field`` name of a :class:`~halt_core.privacy.log.Disclosure` means."""


def field(name: str) -> str:
    """The words for a ``Class.field`` name; the name itself when there are none."""
    return FIELD_WORDS.get(name, name)


def day(value: dt.date) -> str:
    """``3 april 2026``."""
    return f"{value.day} {DUTCH_MONTHS[value.month - 1]} {value.year}"


def day_of(value: dt.datetime) -> str:
    """The day of a moment, in Europe/Amsterdam: ``3 april 2026``."""
    return day(value.astimezone(AMSTERDAM).date())


def moment(value: dt.datetime) -> str:
    """``3 april 2026 om 14:05`` (Europe/Amsterdam)."""
    local = value.astimezone(AMSTERDAM)
    return f"{day(local.date())} om {local:%H:%M}"
