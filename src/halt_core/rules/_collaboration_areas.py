"""Collaboration rules about where: a region's area, the level, codes that exist."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from halt_core.model import (
    Collaboration,
    Level,
)
from halt_core.rules._core import (
    CheckContext,
    Severity,
    Subject,
    record_rule,
)
from halt_core.rules._shared import COLLABORATION_READS
from halt_core.rules._words import area_words, en, nl

__all__ = [
    "collaboration_area_exists",
    "collaboration_area_matches_level",
    "regional_collaboration_stays_in_area",
]


@record_rule(
    "HC-COLLAB-007",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="regional collaboration stays in its area",
    en="Regional collaboration {name} covers {area_en}, but partner {partner} works in "
    "{partner_area_en}, outside it.",
    nl="Regionale samenwerking {name} beslaat {area_nl}, maar partner {partner} werkt in "
    "{partner_area_nl}, daarbuiten.",
    reads=COLLABORATION_READS,
)
def regional_collaboration_stays_in_area(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A regional collaboration involves partners inside its area, or national ones.

    A collaboration of one arrondissement works with that arrondissement's police, OM and
    municipalities; a local partner from elsewhere in it is a wrong selection.
    """
    if c.level is not Level.REGIONAL:
        return
    area_en, area_nl = area_words(c.area)
    for partner_id in dict.fromkeys(c.partners):
        partner = context.partner(partner_id)
        if partner is None or partner.level is Level.NATIONAL:
            continue
        if context.inside(c.area, partner.area) is False:
            partner_en, partner_nl = area_words(partner.area)
            yield {
                "name": c.name,
                "area_en": area_en,
                "area_nl": area_nl,
                "partner": partner.name,
                "partner_area_en": partner_en,
                "partner_area_nl": partner_nl,
            }


@record_rule(
    "HC-COLLAB-010",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="collaboration area matches its level",
    en="Collaboration {name} works at the {level_en} level, but its area ({area_en}) is "
    "{area_level_en}.",
    nl="Samenwerking {name} werkt op {level_nl} niveau, maar het gebied ({area_nl}) is "
    "{area_level_nl}.",
    reads=COLLABORATION_READS,
)
def collaboration_area_matches_level(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A collaboration's area fits its level, as a partner's does.

    A local collaboration covers a municipality, a regional one an arrondissement, safety
    region or set of municipalities, a national one the country.
    """
    if c.area.level is not c.level:
        area_en, area_nl = area_words(c.area)
        yield {
            "name": c.name,
            "level_en": en(c.level),
            "level_nl": nl(c.level),
            "area_en": area_en,
            "area_nl": area_nl,
            "area_level_en": en(c.area.level),
            "area_level_nl": nl(c.area.level),
        }


def _unknown_area_words(codes: tuple[str, ...]) -> dict[str, str]:
    return {"codes": ", ".join(codes)}


@record_rule(
    "HC-COLLAB-011",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="collaboration area exists",
    en="Collaboration {name} covers {area_en}, but the {year} municipal division does not know "
    "{codes}: the collaboration is missing from every selection by area.",
    nl="Samenwerking {name} beslaat {area_nl}, maar de gemeentelijke indeling van {year} kent "
    "{codes} niet: de samenwerking ontbreekt in elke selectie per gebied.",
    reads=COLLABORATION_READS,
)
def collaboration_area_exists(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A collaboration's area names municipalities and safety regions that exist.

    Municipalities merge most years (GM0370 Beemster went into Purmerend in 2022); a code
    from an old division, or a typing error such as GM9999 or VR99, puts the collaboration
    nowhere on the map: it silently drops out of every query by area and no regional rule
    sees it.
    """
    unknown = context.unknown_codes(c.area)
    if unknown:
        area_en, area_nl = area_words(c.area)
        yield {
            "name": c.name,
            "area_en": area_en,
            "area_nl": area_nl,
            "year": context.gazetteer.year,
            **_unknown_area_words(unknown),
        }
