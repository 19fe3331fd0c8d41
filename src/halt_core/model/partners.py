"""The organisations Halt works with, and what each kind of organisation may do.

Whether a kind of partner belongs to the youth justice chain, may commission preventive
work or may refer a youth to Halt is knowledge of the model, kept in one catalogue
(:data:`PARTNER_KINDS`) rather than in every caller::

    >>> PartnerKind.POLICE.is_chain_partner, PartnerKind.SCHOOL.may_commission
    (True, True)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import PartnerId
from halt_core.model._categories import FREE_TEXT, ORGANISATIONAL, PROFESSIONAL_CONTACT
from halt_core.model._checks import check_types, fail, free_text, matches, optional, text
from halt_core.model.contacts import (
    EMAIL_ALLOWED,
    PHONE_ALLOWED,
    email_problem,
    normalise_email,
    normalise_phone,
    phone_problem,
)
from halt_core.model.geography import Area, Level
from halt_core.model.registers import (
    BRIN_ALLOWED,
    BRIN_SHAPE,
    KVK_ALLOWED,
    KVK_SHAPE,
    OIN_ALLOWED,
    OIN_SHAPE,
    brin_problem,
)

__all__ = [
    "PARTNER_KINDS",
    "ContactPoint",
    "Partner",
    "PartnerKind",
    "PartnerKindProfile",
]


class PartnerKind(enum.StrEnum):
    """Every kind of organisation in Halt's collaboration network."""

    POLICE = "police"
    """Politie: refers young offenders; chain partner."""
    SPECIAL_INVESTIGATING_OFFICERS = "special_investigating_officers"
    """An employer of BOA's (buitengewoon opsporingsambtenaren), who may refer youths."""
    MUNICIPALITY = "municipality"
    """Gemeente: chain partner and the most common commissioning client."""
    PUBLIC_PROSECUTION = "public_prosecution"
    """Openbaar Ministerie (OM): decides on prosecution, receives Halt's outcomes."""
    YOUTH_CARE = "youth_care"
    """Jeugdzorg."""
    CHILD_PROTECTION_BOARD = "child_protection_board"
    """Raad voor de Kinderbescherming (RvdK)."""
    MINISTRY_OF_JUSTICE_AND_SECURITY = "ministry_jenv"
    """Ministerie van Justitie en Veiligheid (JenV)."""
    MINISTRY_OF_THE_INTERIOR = "ministry_bzk"
    """Ministerie van Binnenlandse Zaken en Koninkrijksrelaties (BZK)."""
    MINISTRY_OF_EDUCATION = "ministry_ocw"
    """Ministerie van Onderwijs, Cultuur en Wetenschap (OCW)."""
    SAFETY_HOUSE = "safety_house"
    """Zorg- en Veiligheidshuis: regional network running case consultations."""
    SCHOOL = "school"
    """A primary or secondary school."""
    COMPULSORY_EDUCATION_OFFICE = "compulsory_education_office"
    """Leerplicht: compulsory-education officers; refer truancy cases."""
    YOUTH_PROBATION = "youth_probation"
    """Jeugdreclassering."""
    WELFARE = "welfare"
    """Welzijn / jongerenwerk: welfare and youth work."""
    BUSINESS = "business"
    """A business or business association, e.g. shopkeepers facing shoplifting."""
    OTHER = "other"
    """Any other organisation."""

    @property
    def profile(self) -> PartnerKindProfile:
        """What the model knows about this kind (see :data:`PARTNER_KINDS`)."""
        return PARTNER_KINDS[self]

    @property
    def is_chain_partner(self) -> bool:
        """Whether this kind belongs to the youth justice chain (jeugdrechtsketen)."""
        return PARTNER_KINDS[self].chain_partner

    @property
    def may_commission(self) -> bool:
        """Whether this kind may commission preventive work (be an opdrachtgever)."""
        return PARTNER_KINDS[self].may_commission

    @property
    def may_refer(self) -> bool:
        """Whether this kind may refer a youth to Halt for a Halt settlement."""
        return PARTNER_KINDS[self].may_refer


@attrs.frozen(kw_only=True)
class PartnerKindProfile:
    """What the model knows about one :class:`PartnerKind`.

    Attributes:
        dutch_name: the name Dutch colleagues use, e.g. ``"Raad voor de Kinderbescherming"``.
        english_name: the English name, e.g. ``"child protection board"``.
        chain_partner: belongs to the youth justice chain.
        may_commission: may commission preventive work.
        may_refer: may refer a youth to Halt.
        government: is a government body, which the OIN system gives an OIN; a partner of
            this kind without one is flagged by rule HC-PARTNER-006.
        usual_levels: the levels partners of this kind usually work at.

    """

    dutch_name: str = attrs.field(metadata=ORGANISATIONAL)
    english_name: str = attrs.field(metadata=ORGANISATIONAL)
    chain_partner: bool = attrs.field(default=False, metadata=ORGANISATIONAL)
    may_commission: bool = attrs.field(default=False, metadata=ORGANISATIONAL)
    may_refer: bool = attrs.field(default=False, metadata=ORGANISATIONAL)
    government: bool = attrs.field(default=False, metadata=ORGANISATIONAL)
    usual_levels: frozenset[Level] = attrs.field(default=frozenset(Level), metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        check_types(self)


_LOCAL = frozenset({Level.LOCAL})
_REGIONAL = frozenset({Level.REGIONAL})
_NATIONAL = frozenset({Level.NATIONAL})
_LOCAL_REGIONAL = frozenset({Level.LOCAL, Level.REGIONAL})
_REGIONAL_NATIONAL = frozenset({Level.REGIONAL, Level.NATIONAL})

PARTNER_KINDS: Mapping[PartnerKind, PartnerKindProfile] = MappingProxyType(
    {
        PartnerKind.POLICE: PartnerKindProfile(
            dutch_name="Politie",
            english_name="police",
            chain_partner=True,
            may_refer=True,
            government=True,
            usual_levels=frozenset(Level),
        ),
        PartnerKind.SPECIAL_INVESTIGATING_OFFICERS: PartnerKindProfile(
            dutch_name="Buitengewoon opsporingsambtenaren (BOA)",
            english_name="special investigating officers",
            may_refer=True,
            usual_levels=_LOCAL_REGIONAL,
        ),
        PartnerKind.MUNICIPALITY: PartnerKindProfile(
            dutch_name="Gemeente",
            english_name="municipality",
            chain_partner=True,
            may_commission=True,
            government=True,
            usual_levels=_LOCAL,
        ),
        PartnerKind.PUBLIC_PROSECUTION: PartnerKindProfile(
            dutch_name="Openbaar Ministerie (OM)",
            english_name="public prosecution service",
            chain_partner=True,
            government=True,
            usual_levels=_REGIONAL_NATIONAL,
        ),
        PartnerKind.YOUTH_CARE: PartnerKindProfile(
            dutch_name="Jeugdzorg",
            english_name="youth care",
            chain_partner=True,
            usual_levels=_LOCAL_REGIONAL,
        ),
        PartnerKind.CHILD_PROTECTION_BOARD: PartnerKindProfile(
            dutch_name="Raad voor de Kinderbescherming (RvdK)",
            english_name="child protection board",
            chain_partner=True,
            government=True,
            usual_levels=_REGIONAL_NATIONAL,
        ),
        PartnerKind.MINISTRY_OF_JUSTICE_AND_SECURITY: PartnerKindProfile(
            dutch_name="Ministerie van Justitie en Veiligheid (JenV)",
            english_name="ministry of Justice and Security",
            chain_partner=True,
            may_commission=True,
            government=True,
            usual_levels=_NATIONAL,
        ),
        PartnerKind.MINISTRY_OF_THE_INTERIOR: PartnerKindProfile(
            dutch_name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties (BZK)",
            english_name="ministry of the Interior",
            may_commission=True,
            government=True,
            usual_levels=_NATIONAL,
        ),
        PartnerKind.MINISTRY_OF_EDUCATION: PartnerKindProfile(
            dutch_name="Ministerie van Onderwijs, Cultuur en Wetenschap (OCW)",
            english_name="ministry of Education",
            may_commission=True,
            government=True,
            usual_levels=_NATIONAL,
        ),
        PartnerKind.SAFETY_HOUSE: PartnerKindProfile(
            dutch_name="Zorg- en Veiligheidshuis",
            english_name="safety house",
            chain_partner=True,
            may_commission=True,
            usual_levels=_REGIONAL,
        ),
        PartnerKind.SCHOOL: PartnerKindProfile(
            dutch_name="School",
            english_name="school",
            may_commission=True,
            usual_levels=_LOCAL,
        ),
        PartnerKind.COMPULSORY_EDUCATION_OFFICE: PartnerKindProfile(
            dutch_name="Leerplicht (leerplichtambtenaren)",
            english_name="compulsory-education office",
            chain_partner=True,
            may_refer=True,
            government=True,
            usual_levels=_LOCAL_REGIONAL,
        ),
        PartnerKind.YOUTH_PROBATION: PartnerKindProfile(
            dutch_name="Jeugdreclassering",
            english_name="youth probation",
            chain_partner=True,
            usual_levels=_LOCAL_REGIONAL,
        ),
        PartnerKind.WELFARE: PartnerKindProfile(
            dutch_name="Welzijn en jongerenwerk",
            english_name="welfare and youth work",
            usual_levels=_LOCAL_REGIONAL,
        ),
        PartnerKind.BUSINESS: PartnerKindProfile(
            dutch_name="Bedrijf of ondernemersvereniging",
            english_name="business",
            may_commission=True,
            usual_levels=frozenset(Level),
        ),
        PartnerKind.OTHER: PartnerKindProfile(
            dutch_name="Overig",
            english_name="other",
            may_commission=True,
            usual_levels=frozenset(Level),
        ),
    }
)
"""The catalogue: every :class:`PartnerKind` with its :class:`PartnerKindProfile`.

Chain partners, commissioners and referrers follow the domain description: chain
cooperation is for police, OM, RvdK, youth care, youth probation, JenV, municipalities,
safety houses and compulsory-education offices; municipalities, schools, ministries,
businesses, safety houses and others may commission; police, BOA's and
compulsory-education officers may refer. Police, municipalities, the OM, the RvdK, the
ministries and compulsory-education offices (municipal, or a joint body of municipalities)
are government bodies with an OIN.
"""


def _email(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is None:
        return
    problem = email_problem(value) if isinstance(value, str) else "not text"
    if problem is not None:
        raise fail(instance, attribute, value, f"{EMAIL_ALLOWED}: {problem}")


def _phone(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is None:
        return
    problem = phone_problem(value) if isinstance(value, str) else "not text"
    if problem is not None:
        raise fail(instance, attribute, value, f"{PHONE_ALLOWED}: {problem}")


def _brin(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and brin_problem(value) is not None:
        raise fail(instance, attribute, value, BRIN_ALLOWED)


@attrs.frozen(kw_only=True)
class ContactPoint:
    """How to reach a partner: a desk or a role, with an e-mail address or phone number.

    Contact points name a role ("teamleider jeugd", "front office") where they can; a person's
    name is personal data and is optional. At least one of ``email`` and ``phone`` is needed.

    Both are checked as mail servers and phone networks check them, and kept in one spelling
    (see :mod:`halt_core.model.contacts`), so the same address or number given twice in two
    spellings is equal::

        >>> ContactPoint(role="meldpunt", phone="020-123 45 67").phone
        '+31201234567'

    Attributes:
        role: what this contact point is for, e.g. ``"meldpunt jeugd"``.
        name: a contact person's name, if the partner wants one listed.
        email: an e-mail address that `email-validator` accepts (syntax only), kept in its
            normalised form: the domain in lower case, Unicode in NFC.
        phone: a phone number that `phonenumbers` finds valid, read as Dutch unless it starts
            with a country code, kept in E.164 (``+31201234567``); without an extension.
            :func:`~halt_core.model.contacts.national_phone` writes it as people read it.

    """

    role: str = attrs.field(validator=text(100), metadata=ORGANISATIONAL)  # a desk, not a person
    name: str | None = attrs.field(
        default=None, validator=optional(text(100)), metadata=PROFESSIONAL_CONTACT
    )
    email: str | None = attrs.field(
        default=None,
        validator=_email,
        metadata={**PROFESSIONAL_CONTACT, "json_schema": {"format": "idn-email", "maxLength": 254}},
    )
    phone: str | None = attrs.field(
        default=None,
        validator=_phone,
        metadata={**PROFESSIONAL_CONTACT, "json_schema": {"pattern": "^\\+[1-9][0-9]{6,14}$"}},
    )

    def __attrs_post_init__(self) -> None:
        check_types(self)
        if self.email is None and self.phone is None:
            raise InvalidValue(
                "ContactPoint", "email", None, "give an e-mail address or a phone number (or both)"
            )
        # The validators have checked them; keep the one spelling (the check remembered it).
        if self.email is not None:
            object.__setattr__(self, "email", normalise_email(self.email))
        if self.phone is not None:
            object.__setattr__(self, "phone", normalise_phone(self.phone))


@attrs.frozen(kw_only=True)
class Partner:
    """An organisation Halt works with.

    The level and the area are separate facts; that they fit each other (a local partner
    works in a municipality, a national one in the country) is checked by the rules, so a
    wrong record can still be loaded, shown and corrected.

    Attributes:
        id: the partner's id.
        name: the organisation's name, e.g. ``"Politie eenheid Amsterdam"``.
        kind: what kind of organisation it is.
        level: the level it works at.
        area: where it works.
        contact_points: how to reach it.
        notes: anything else worth knowing, free text.
        oin: its organisatie-identificatienummer (20 digits), under which other government
            systems know it; government partners have one (rule HC-PARTNER-006).
        kvk: its number in the Handelsregister of the KvK (8 digits).
        brin: for a school, its BRIN (``12AB``), optionally with the vestigingsnummer of the
            location (``12AB01``); kept with capital letters. Schools have one (rule
            HC-PARTNER-005), other partners none (rule HC-PARTNER-007).
        language: the language to write to it in: ``"nl"`` (Dutch, the default) or ``"en"``
            (English), e.g. for notifications.
        ended_on: the last day the organisation worked with Halt (it closed, merged or
            stopped the cooperation), or None while it does; set it with
            :func:`~halt_core.lifecycle.end_partner`. The record is kept, so past work still
            names it; the rules report new work with it (HC-PARTNER-008, HC-COLLAB-013,
            HC-FORUM-016, HC-INTERV-021, HC-REFERRAL-009).
        end_reason: why it ended, free text (e.g. ``"opgegaan in gemeente Dijk en Waard"``);
            required when :attr:`ended_on` is set, None otherwise. It is empty only where an
            export left free text out (:class:`~halt_core.export.FreeText`);
            :func:`~halt_core.lifecycle.end_partner` refuses a blank reason.

    Only the shape of the numbers is checked (see :mod:`halt_core.model.registers`).

    """

    id: PartnerId = attrs.field(metadata=ORGANISATIONAL)
    name: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)
    kind: PartnerKind = attrs.field(metadata=ORGANISATIONAL)
    level: Level = attrs.field(metadata=ORGANISATIONAL)
    area: Area = attrs.field(metadata=ORGANISATIONAL)
    contact_points: tuple[ContactPoint, ...] = attrs.field(
        default=(), metadata=PROFESSIONAL_CONTACT
    )
    notes: str = attrs.field(default="", validator=free_text(), metadata=FREE_TEXT)
    oin: str | None = attrs.field(
        default=None,
        validator=optional(matches(OIN_SHAPE, OIN_ALLOWED)),
        metadata={**ORGANISATIONAL, "json_schema": {"pattern": f"^{OIN_SHAPE.pattern}$"}},
    )
    kvk: str | None = attrs.field(
        default=None,
        validator=optional(matches(KVK_SHAPE, KVK_ALLOWED)),
        metadata={**ORGANISATIONAL, "json_schema": {"pattern": f"^{KVK_SHAPE.pattern}$"}},
    )
    brin: str | None = attrs.field(
        default=None,
        validator=_brin,
        metadata={**ORGANISATIONAL, "json_schema": {"pattern": f"^{BRIN_SHAPE.pattern}$"}},
    )
    language: Literal["nl", "en"] = attrs.field(default="nl", metadata=ORGANISATIONAL)
    # Documents written before partners could end have neither: a partner that has not ended.
    ended_on: dt.date | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    # Typed by whoever ended it, and may name people: free text, as long as an event's reason.
    # free_text, not text: an export that leaves free text out writes it empty.
    end_reason: str | None = attrs.field(
        default=None, validator=optional(free_text(1000)), metadata=FREE_TEXT
    )

    def __attrs_post_init__(self) -> None:
        check_types(self)
        if self.brin is not None and not self.brin.isupper():
            object.__setattr__(self, "brin", self.brin.upper())
        if self.ended_on is not None and self.end_reason is None:
            raise InvalidValue(
                "Partner",
                "end_reason",
                None,
                "a partner that ended needs a reason: say why in a few words, e.g. "
                "end_reason='opgegaan in een fusiegemeente'",
            )
        if self.ended_on is None and self.end_reason is not None:
            raise InvalidValue(
                "Partner",
                "end_reason",
                self.end_reason,
                "only a partner that ended has an end reason: give ended_on too, or leave "
                "end_reason out",
            )

    @property
    def ended(self) -> bool:
        """Whether the partner has ended (:attr:`ended_on` is set)."""
        return self.ended_on is not None

    def ended_by(self, day: dt.date) -> bool:
        """Whether the partner had ended before ``day``: it no longer worked with Halt then."""
        return self.ended_on is not None and self.ended_on < day
