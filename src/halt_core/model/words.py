"""The model's values in words: Dutch for people at Halt, English for everyone else.

``dutch(InterventionStatus.SCHEDULED)`` is ``"ingepland"``; ``english(HaltRole.CHAIR)`` is
``"chair"``. Partner and forum kinds use the names of their profiles
(``"Raad voor de Kinderbescherming"``). The rules write their messages with these words, and
a tool can label its pages with them, so every tool names things alike.

In running text a word needs its grammar: an article (``a``/``an``, ``een``, ``de``/``het``),
the relative pronoun that refers back to it (``die``/``dat``) and a verb that agrees with it
(singular or plural). :func:`english_noun` and :func:`dutch_noun` give a :class:`Noun` for the
kinds of partner, forum and area, which knows its gender and number and makes those forms, so a
message never reads "a police" or "gemeente GM9999, dat"::

    >>> dutch_noun(PartnerKind.PUBLIC_PROSECUTION).indefinite
    'het Openbaar Ministerie (OM)'
    >>> english_noun(PartnerKind.SAFETY_HOUSE).indefinite
    'a safety house'
    >>> dutch_noun(AreaKind.MUNICIPALITY).relative
    'die'

:func:`english_count` and :func:`dutch_count` put a number before a noun that agrees with it
(``1 youth``, ``2 youths``; ``1 jongere``, ``2 jongeren``).
"""

from __future__ import annotations

import enum
from typing import Literal

import attrs

from halt_core.model._categories import ORGANISATIONAL
from halt_core.model.collaborations import CollaborationKind, CollaborationStatus
from halt_core.model.forums import ForumKind, Frequency, HaltRole
from halt_core.model.geography import AreaKind, Level
from halt_core.model.interventions import Audience, InterventionKind, InterventionStatus
from halt_core.model.partners import PartnerKind
from halt_core.model.referrals import OffenceCategory, OutcomeResult, ReferralStatus
from halt_core.model.themes import ProblemArea, WorkDomain

__all__ = [
    "DUTCH_MONTHS",
    "Noun",
    "dutch",
    "dutch_count",
    "dutch_noun",
    "english",
    "english_count",
    "english_noun",
]

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


# -- words in running text: articles, relative pronouns, agreement -------------------------------

Article = Literal["indefinite", "definite", "none"]


@attrs.frozen(kw_only=True)
class Noun:
    """A noun as it stands in running text, with what its grammar needs.

    Attributes:
        words: the noun (with what belongs to it) as written mid-sentence, e.g. ``"gemeente"``,
            ``"Openbaar Ministerie (OM)"``.
        language: ``"en"`` or ``"nl"``.
        plural: the noun is plural (``"special investigating officers"``,
            ``"buitengewoon opsporingsambtenaren"``): no ``a``/``een``, plural verbs.
        article: how the noun is introduced when a partner or area *is* one: ``"indefinite"``
            (``a school``, ``een school``), ``"definite"`` for an institution there is one of
            (``the police``, ``het Openbaar Ministerie``), ``"none"`` for a mass noun or a
            plural (``youth care``, ``jeugdzorg``).
        neuter: for Dutch, a *het*-word (``het arrondissement``); else a *de*-word.

    """

    # Words of the catalogue, not of any record: organisational, as the kinds' profiles are.
    words: str = attrs.field(metadata=ORGANISATIONAL)
    language: Literal["en", "nl"] = attrs.field(metadata=ORGANISATIONAL)
    plural: bool = attrs.field(default=False, metadata=ORGANISATIONAL)
    article: Article = attrs.field(default="indefinite", metadata=ORGANISATIONAL)
    neuter: bool = attrs.field(default=False, metadata=ORGANISATIONAL)

    @property
    def indefinite(self) -> str:
        """The noun as introduced: ``a school``, ``an arrondissement``, ``de politie``, ..."""
        if self.article == "definite":
            return self.definite
        if self.article == "none" or self.plural:
            return self.words
        if self.language == "nl":
            return f"een {self.words}"
        return f"{_a_or_an(self.words)} {self.words}"

    @property
    def definite(self) -> str:
        """The noun with the definite article: ``the school``, ``de gemeente``, ``het OM``."""
        if self.language == "en":
            return f"the {self.words}"
        return f"{'het' if self.neuter and not self.plural else 'de'} {self.words}"

    @property
    def relative(self) -> str:
        """The relative pronoun referring back to it: ``die``/``dat`` (Dutch), ``which``."""
        if self.language == "en":
            return "which"
        return "dat" if self.neuter and not self.plural else "die"

    def verb(self, singular: str, plural: str) -> str:
        """``singular`` or ``plural``, whichever agrees with the noun."""
        return plural if self.plural else singular


_SILENT_H = ("hour", "honest", "honour")
_YOU_SOUND = ("uni", "use", "usu", "eu", "one")


def _a_or_an(words: str) -> str:
    lower = words.lower()
    if lower.startswith(_SILENT_H):
        return "an"
    if lower.startswith(_YOU_SOUND):
        return "a"
    return "an" if lower[:1] in "aeiou" else "a"


def _en(words: str, *, plural: bool = False, article: Article = "indefinite") -> Noun:
    return Noun(words=words, language="en", plural=plural, article=article)


def _nl(
    words: str, *, plural: bool = False, article: Article = "indefinite", neuter: bool = False
) -> Noun:
    return Noun(words=words, language="nl", plural=plural, article=article, neuter=neuter)


_P = PartnerKind
# By type and member, as _NL is: PartnerKind.OTHER == ForumKind.OTHER as strings.
_NOUN_PAIRS: tuple[tuple[enum.Enum, tuple[Noun, Noun]], ...] = (
    (_P.POLICE, (_en("police", article="definite"), _nl("politie", article="definite"))),
    (
        _P.SPECIAL_INVESTIGATING_OFFICERS,
        (
            _en("special investigating officers (BOA's)", plural=True),
            _nl("buitengewoon opsporingsambtenaren (boa's)", plural=True),
        ),
    ),
    (_P.MUNICIPALITY, (_en("municipality"), _nl("gemeente"))),
    (
        _P.PUBLIC_PROSECUTION,
        (
            _en("public prosecution service", article="definite"),
            _nl("Openbaar Ministerie (OM)", article="definite", neuter=True),
        ),
    ),
    (_P.YOUTH_CARE, (_en("youth care", article="none"), _nl("jeugdzorg", article="none"))),
    (
        _P.CHILD_PROTECTION_BOARD,
        (
            _en("child protection board (RvdK)", article="definite"),
            _nl("Raad voor de Kinderbescherming (RvdK)", article="definite"),
        ),
    ),
    (
        _P.MINISTRY_OF_JUSTICE_AND_SECURITY,
        (
            _en("ministry of Justice and Security (JenV)", article="definite"),
            _nl("ministerie van Justitie en Veiligheid (JenV)", article="definite", neuter=True),
        ),
    ),
    (
        _P.MINISTRY_OF_THE_INTERIOR,
        (
            _en("ministry of the Interior (BZK)", article="definite"),
            _nl(
                "ministerie van Binnenlandse Zaken en Koninkrijksrelaties (BZK)",
                article="definite",
                neuter=True,
            ),
        ),
    ),
    (
        _P.MINISTRY_OF_EDUCATION,
        (
            _en("ministry of Education (OCW)", article="definite"),
            _nl(
                "ministerie van Onderwijs, Cultuur en Wetenschap (OCW)",
                article="definite",
                neuter=True,
            ),
        ),
    ),
    (_P.SAFETY_HOUSE, (_en("safety house"), _nl("Zorg- en Veiligheidshuis", neuter=True))),
    (_P.SCHOOL, (_en("school"), _nl("school"))),
    (
        _P.COMPULSORY_EDUCATION_OFFICE,
        (
            _en("compulsory-education office"),
            _nl("leerplichtbureau", neuter=True),
        ),
    ),
    (
        _P.YOUTH_PROBATION,
        (
            _en("youth probation", article="none"),
            _nl("jeugdreclassering", article="none"),
        ),
    ),
    (
        _P.WELFARE,
        (
            _en("welfare and youth work", article="none"),
            _nl("welzijn en jongerenwerk", article="none", neuter=True),
        ),
    ),
    (_P.BUSINESS, (_en("business"), _nl("bedrijf of ondernemersvereniging", neuter=True))),
    (_P.OTHER, (_en("organisation of another kind"), _nl("organisatie van een andere soort"))),
    (
        ForumKind.AJB,
        (
            _en("arrondissement youth council (AJB)"),
            _nl("Arrondissementaal Jeugd Beraad (AJB)", neuter=True),
        ),
    ),
    (
        ForumKind.APJ,
        (
            _en("arrondissement platform on youth crime (APJ)"),
            _nl("Arrondissementaal Platform Jeugdcriminaliteit (APJ)", neuter=True),
        ),
    ),
    (
        ForumKind.JCO,
        (
            _en("justice case consultation (JCO)"),
            _nl("justitieel casusoverleg (JCO)", neuter=True),
        ),
    ),
    (
        ForumKind.SAFETY_HOUSE_CASE_CONSULTATION,
        (
            _en("safety house case consultation"),
            _nl("casusoverleg van een Zorg- en Veiligheidshuis", neuter=True),
        ),
    ),
    (
        ForumKind.LOCAL_NETWORK,
        (
            _en("local network consultation"),
            _nl("lokaal netwerkoverleg", neuter=True),
        ),
    ),
    (
        ForumKind.NATIONAL_CONSULTATION,
        (
            _en("national consultation"),
            _nl("landelijk overleg", neuter=True),
        ),
    ),
    (
        ForumKind.OTHER,
        (
            _en("forum of another kind"),
            _nl("overleg van een andere soort", neuter=True),
        ),
    ),
    (AreaKind.MUNICIPALITY, (_en("municipality"), _nl("gemeente"))),
    (AreaKind.MUNICIPALITIES, (_en("group of municipalities"), _nl("groep gemeenten"))),
    (AreaKind.SAFETY_REGION, (_en("safety region"), _nl("veiligheidsregio"))),
    (AreaKind.ARRONDISSEMENT, (_en("arrondissement"), _nl("arrondissement", neuter=True))),
    (AreaKind.COUNTRY, (_en("country"), _nl("land", neuter=True))),
)
_NOUNS: dict[tuple[type[enum.Enum], enum.Enum], tuple[Noun, Noun]] = {
    (type(k), k): v for k, v in _NOUN_PAIRS
}


def english_noun(value: PartnerKind | ForumKind | AreaKind) -> Noun:
    """The English :class:`Noun` of a kind of partner, forum or area, for running text."""
    return _NOUNS[(type(value), value)][0]


def dutch_noun(value: PartnerKind | ForumKind | AreaKind) -> Noun:
    """The Dutch :class:`Noun` of a kind of partner, forum or area, for running text."""
    return _NOUNS[(type(value), value)][1]


def english_count(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` with the noun that agrees with it: ``1 youth``, ``2 youths``, ``0 youths``."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def dutch_count(count: int, singular: str, plural: str) -> str:
    """``count`` with the Dutch noun that agrees with it: ``1 jongere``, ``2 jongeren``."""
    return f"{count} {singular if count == 1 else plural}"
