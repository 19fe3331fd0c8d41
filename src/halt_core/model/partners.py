"""The organisations Halt works with, and what each kind of organisation may do.

Whether a kind of partner belongs to the youth justice chain, may commission preventive
work or may refer a youth to Halt is knowledge of the model, kept in one catalogue
(:data:`PARTNER_KINDS`) rather than in every caller::

    >>> PartnerKind.POLICE.is_chain_partner, PartnerKind.SCHOOL.may_commission
    (True, True)
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import PartnerId
from halt_core.model._checks import check_types, free_text, matches, optional, text
from halt_core.model.geography import Area, Level

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
        usual_levels: the levels partners of this kind usually work at.

    """

    dutch_name: str
    english_name: str
    chain_partner: bool = False
    may_commission: bool = False
    may_refer: bool = False
    usual_levels: frozenset[Level] = frozenset(Level)

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
            usual_levels=_LOCAL,
        ),
        PartnerKind.PUBLIC_PROSECUTION: PartnerKindProfile(
            dutch_name="Openbaar Ministerie (OM)",
            english_name="public prosecution service",
            chain_partner=True,
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
            usual_levels=_REGIONAL_NATIONAL,
        ),
        PartnerKind.MINISTRY_OF_JUSTICE_AND_SECURITY: PartnerKindProfile(
            dutch_name="Ministerie van Justitie en Veiligheid (JenV)",
            english_name="ministry of Justice and Security",
            chain_partner=True,
            may_commission=True,
            usual_levels=_NATIONAL,
        ),
        PartnerKind.MINISTRY_OF_THE_INTERIOR: PartnerKindProfile(
            dutch_name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties (BZK)",
            english_name="ministry of the Interior",
            may_commission=True,
            usual_levels=_NATIONAL,
        ),
        PartnerKind.MINISTRY_OF_EDUCATION: PartnerKindProfile(
            dutch_name="Ministerie van Onderwijs, Cultuur en Wetenschap (OCW)",
            english_name="ministry of Education",
            may_commission=True,
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
compulsory-education officers may refer.
"""

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,19}")


@attrs.frozen(kw_only=True)
class ContactPoint:
    """How to reach a partner: a desk or a role, with an e-mail address or phone number.

    Contact points name a role ("teamleider jeugd", "front office") where they can; a person's
    name is personal data and is optional. At least one of ``email`` and ``phone`` is needed.

    Attributes:
        role: what this contact point is for, e.g. ``"meldpunt jeugd"``.
        name: a contact person's name, if the partner wants one listed.
        email: an e-mail address.
        phone: a phone number: digits, spaces, ``+``, ``-`` and brackets.

    """

    role: str = attrs.field(validator=text(100))
    name: str | None = attrs.field(default=None, validator=optional(text(100)))
    email: str | None = attrs.field(
        default=None,
        validator=optional(matches(_EMAIL, "expected an e-mail address like team@example.nl")),
    )
    phone: str | None = attrs.field(
        default=None,
        validator=optional(matches(_PHONE, "expected 6 to 20 digits, spaces, +, - or brackets")),
    )

    def __attrs_post_init__(self) -> None:
        check_types(self)
        if self.email is None and self.phone is None:
            raise InvalidValue(
                "ContactPoint", "email", None, "give an e-mail address or a phone number (or both)"
            )


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

    """

    id: PartnerId
    name: str = attrs.field(validator=text(200))
    kind: PartnerKind
    level: Level
    area: Area
    contact_points: tuple[ContactPoint, ...] = ()
    notes: str = attrs.field(default="", validator=free_text())

    def __attrs_post_init__(self) -> None:
        check_types(self)
