"""Rules about partners: their level, their area and how to reach them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from halt_core.model import Level, Partner
from halt_core.rules._core import CheckContext, Severity, Subject, record_rule
from halt_core.rules._words import area_words, en, nl

__all__ = ["RULES"]


@record_rule(
    "HC-PARTNER-001",
    Severity.ERROR,
    Subject.PARTNER,
    title="partner area matches its level",
    en="Partner {name} works at the {level_en} level, but its area ({area_en}) is {area_level_en}.",
    nl="Partner {name} werkt op {level_nl} niveau, maar het werkgebied ({area_nl}) is "
    "{area_level_nl}.",
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
    nl="Partner {name} werkt in {area_nl}, dat de gemeentelijke indeling van {year} niet kent.",
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
            "year": context.gazetteer.year,
        }


@record_rule(
    "HC-PARTNER-003",
    Severity.ADVICE,
    Subject.PARTNER,
    title="partner works at a usual level for its kind",
    en="Partner {name} is a {kind_en} at the {level_en} level; {kind_en} partners usually work "
    "at the {usual_en} level.",
    nl="Partner {name} is een {kind_nl} op {level_nl} niveau; zo'n partner werkt meestal op "
    "{usual_nl} niveau.",
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
            "kind_en": en(partner.kind),
            "kind_nl": nl(partner.kind),
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
)
def partner_has_contact_point(
    partner: Partner, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A partner has at least one contact point.

    Halt's value as the connector rests on knowing whom to call; a partner without a contact
    point is a relation on paper only.
    """
    if not partner.contact_points:
        yield {"name": partner.name}


RULES = (
    partner_area_matches_level,
    partner_area_exists,
    partner_level_is_usual,
    partner_has_contact_point,
)
"""The built-in partner rules."""
