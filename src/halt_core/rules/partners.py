"""Rules about partners: their level, their area, how to reach them and their registry numbers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from halt_core.model import Level, Partner, PartnerKind
from halt_core.rules._core import CheckContext, Severity, Subject, record_rule
from halt_core.rules._words import area_relative_nl, area_words, en, kind_words, nl

__all__ = ["RULES"]

# The partner rules read the partner alone: an incremental check checks the changed ones.
_PARTNER_READS: tuple[Subject, ...] = ()


@record_rule(
    "HC-PARTNER-001",
    Severity.ERROR,
    Subject.PARTNER,
    title="partner area matches its level",
    en="Partner {name} works at the {level_en} level, but its area ({area_en}) is {area_level_en}.",
    nl="Partner {name} werkt op {level_nl} niveau, maar het werkgebied ({area_nl}) is "
    "{area_level_nl}.",
    reads=_PARTNER_READS,
)
def partner_area_matches_level(
    partner: Partner, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A partner's area fits its level.

    A local partner works in one municipality, a regional one in an arrondissement, a safety
    region or a set of municipalities, a national one in the whole country. A mismatch means
    one of the two is recorded wrongly, and the partner would be found in the wrong places.
    """
    if partner.area.level is not partner.level:
        area_en, area_nl = area_words(partner.area)
        yield {
            "name": partner.name,
            "level_en": en(partner.level),
            "level_nl": nl(partner.level),
            "area_en": area_en,
            "area_nl": area_nl,
            "area_level_en": en(partner.area.level),
            "area_level_nl": nl(partner.area.level),
        }


@record_rule(
    "HC-PARTNER-002",
    Severity.ERROR,
    Subject.PARTNER,
    title="partner area exists",
    en="Partner {name} works in {area_en}, which the {year} municipal division does not know.",
    nl="Partner {name} werkt in {area_nl}, {which_nl} de gemeentelijke indeling van {year} niet "
    "kent.",
    reads=_PARTNER_READS,
)
def partner_area_exists(partner: Partner, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """A partner's area names municipalities, safety regions or arrondissementen that exist.

    Municipalities merge most years; a code from an old division, or a typing error, puts the
    partner nowhere on the map, so no regional selection or rule can see it.
    """
    if context.codes(partner.area) is None:
        area_en, area_nl = area_words(partner.area)
        yield {
            "name": partner.name,
            "area_en": area_en,
            "area_nl": area_nl,
            "which_nl": area_relative_nl(partner.area),
            "year": context.gazetteer.year,
        }


@record_rule(
    "HC-PARTNER-003",
    Severity.ADVICE,
    Subject.PARTNER,
    title="partner works at a usual level for its kind",
    en="Partner {name} is {kind_en} at the {level_en} level; partners of that kind usually work "
    "at the {usual_en} level.",
    nl="Partner {name} is {kind_nl} op {level_nl} niveau; zo'n partner werkt meestal op "
    "{usual_nl} niveau.",
    reads=_PARTNER_READS,
)
def partner_level_is_usual(
    partner: Partner, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A partner works at a level that is usual for its kind.

    A school is local and a ministry national; a school recorded as national is allowed but
    most likely a mistake in the level.
    """
    usual = partner.kind.profile.usual_levels
    if partner.level not in usual:
        ordered = [level for level in Level if level in usual]
        yield {
            "name": partner.name,
            **kind_words(partner.kind),
            "level_en": en(partner.level),
            "level_nl": nl(partner.level),
            "usual_en": " or ".join(en(level) for level in ordered),
            "usual_nl": " of ".join(nl(level) for level in ordered),
        }


@record_rule(
    "HC-PARTNER-004",
    Severity.ADVICE,
    Subject.PARTNER,
    title="partner has a contact point",
    en="Partner {name} has no contact point: nobody at Halt knows how to reach it.",
    nl="Partner {name} heeft geen contactpunt: niemand bij Halt weet hoe de partner te bereiken "
    "is.",
    reads=_PARTNER_READS,
)
def partner_has_contact_point(
    partner: Partner, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A partner has at least one contact point.

    Halt's value as the connector rests on knowing whom to call; a partner without a contact
    point is a relation on paper only. A partner that ended is not called any more.
    """
    if not partner.contact_points and partner.ended_on is None:
        yield {"name": partner.name}


@record_rule(
    "HC-PARTNER-005",
    Severity.WARNING,
    Subject.PARTNER,
    title="school has a BRIN",
    en="School {name} has no BRIN: other education systems (DUO, the school's own records) "
    "cannot match it. Add its BRIN, e.g. 12AB, or 12AB01 for one location.",
    nl="School {name} heeft geen BRIN-nummer: andere onderwijssystemen (DUO, de administratie "
    "van de school) kunnen de school niet herkennen. Vul het BRIN-nummer in, bijvoorbeeld "
    "12AB, of 12AB01 voor één vestiging.",
    reads=_PARTNER_READS,
)
def school_has_brin(partner: Partner, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """A school partner carries its BRIN.

    The BRIN is how DUO and every school administration knows a school; without it, lessons
    and advice given to the school cannot be matched to the school in other systems.
    """
    if partner.kind is PartnerKind.SCHOOL and partner.brin is None:
        yield {"name": partner.name}


@record_rule(
    "HC-PARTNER-006",
    Severity.WARNING,
    Subject.PARTNER,
    title="government partner has an OIN",
    en="Partner {name} is {kind_en}, a government body, but has no OIN: messages to and "
    "from other government systems (Digikoppeling, NL GOV CloudEvents) cannot name it. Add "
    "its OIN of 20 digits.",
    nl="Partner {name} is {kind_nl}, een overheidsorganisatie, maar heeft geen OIN: "
    "berichten van en naar andere overheidssystemen (Digikoppeling, NL GOV CloudEvents) kunnen "
    "de partner niet aanduiden. Vul het OIN van 20 cijfers in.",
    reads=_PARTNER_READS,
)
def government_partner_has_oin(
    partner: Partner, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A government partner carries its OIN (organisatie-identificatienummer).

    Government systems name each other by OIN; a partner without one can be shown on a map
    but not addressed in a message to another system.
    """
    if partner.kind.profile.government and partner.oin is None:
        yield {"name": partner.name, **kind_words(partner.kind)}


@record_rule(
    "HC-PARTNER-007",
    Severity.WARNING,
    Subject.PARTNER,
    title="only a school has a BRIN",
    en="Partner {name} is {kind_en}, not a school, but has BRIN {brin}: DUO gives BRINs to "
    "schools only. Record the partner as a school, or remove the BRIN.",
    nl="Partner {name} is {kind_nl}, geen school, maar heeft BRIN-nummer {brin}: DUO geeft "
    "alleen scholen een BRIN-nummer. Leg de partner vast als school, of haal het BRIN-nummer "
    "weg.",
    reads=_PARTNER_READS,
)
def only_schools_have_brin(
    partner: Partner, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Only a school partner carries a BRIN.

    A BRIN on another partner means the kind or the number was recorded wrongly, and the
    partner would be matched to a school that it is not.
    """
    if partner.kind is not PartnerKind.SCHOOL and partner.brin is not None:
        yield {
            "name": partner.name,
            **kind_words(partner.kind),
            "brin": partner.brin,
        }


RULES = (
    partner_area_matches_level,
    partner_area_exists,
    partner_level_is_usual,
    partner_has_contact_point,
    school_has_brin,
    government_partner_has_oin,
    only_schools_have_brin,
)
"""The built-in partner rules."""
