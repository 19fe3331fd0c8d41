"""Rules about collaborations: who takes part, who commissions, where and when."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping

from halt_core.model import (
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    Level,
)
from halt_core.rules._core import (
    CheckContext,
    Finding,
    Severity,
    Subject,
    network_rule,
    record_rule,
)
from halt_core.rules._groups import (
    duplicate_groups,
    duplicates,
    duplicates_again,
    ended_again,
    meeting_planned,
    sessions_planned,
)
from halt_core.rules._words import area_words, en, kind_words, nl, period_words

__all__ = ["RULES"]

# The kinds of record the collaboration rules look up (an incremental check follows
# them): its partners.
_COLLABORATION_READS = (Subject.PARTNER,)


@record_rule(
    "HC-COLLAB-001",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="collaboration has a partner",
    en="Collaboration {name} lists no partner: a collaboration is Halt plus at least one partner.",
    nl="Samenwerking {name} noemt geen partner: een samenwerking is Halt plus ten minste één "
    "partner.",
    reads=_COLLABORATION_READS,
)
def collaboration_has_partner(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A collaboration involves Halt and at least one partner.

    Halt is a party to every collaboration, so the partners listed are the others; with none,
    there is nobody to collaborate with.
    """
    if not c.partners:
        yield {"name": c.name}


@record_rule(
    "HC-COLLAB-002",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="no partner twice in a collaboration",
    en="Collaboration {name} lists partner {partner} {times} times.",
    nl="Samenwerking {name} noemt partner {partner} {times} keer.",
    reads=_COLLABORATION_READS,
)
def collaboration_partner_once(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Each partner takes part in a collaboration once.

    A partner listed twice is a data-entry slip that inflates counts and sends everything to
    that partner twice.
    """
    for partner_id, times in Counter(c.partners).items():
        if times > 1:
            partner = context.partner(partner_id)
            yield {
                "name": c.name,
                "partner": partner.name if partner else partner_id,
                "times": times,
            }


@record_rule(
    "HC-COLLAB-003",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="collaboration partners exist",
    en="Collaboration {name} refers to partner {partner_id} as {role_en}, but the network has no "
    "such partner.",
    nl="Samenwerking {name} verwijst naar partner {partner_id} als {role_nl}, maar het netwerk "
    "kent die partner niet.",
    reads=_COLLABORATION_READS,
)
def collaboration_partners_exist(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Every partner and the commissioner of a collaboration is a partner in the network.

    A reference to a partner that is not there (deleted, or from another network) leaves a
    collaboration with a party nobody can look up.
    """
    for partner_id in dict.fromkeys(c.partners):
        if context.partner(partner_id) is None:
            yield {
                "name": c.name,
                "partner_id": partner_id,
                "role_en": "partner",
                "role_nl": "partner",
            }
    if c.commissioner is not None and context.partner(c.commissioner) is None:
        yield {
            "name": c.name,
            "partner_id": c.commissioner,
            "role_en": "commissioner",
            "role_nl": "opdrachtgever",
        }


@record_rule(
    "HC-COLLAB-004",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="a commission has a commissioner",
    en="Commission {name} has no commissioner: name the client who asked for the work.",
    nl="Opdracht {name} heeft geen opdrachtgever: noem de partij die om het werk vroeg.",
    reads=_COLLABORATION_READS,
)
def commission_has_commissioner(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A commission has exactly one commissioner (opdrachtgever).

    A commission is work a client asks for and usually pays; without the client, nobody
    agrees the work, receives the evaluation or pays the invoice.
    """
    if c.kind is CollaborationKind.COMMISSION and c.commissioner is None:
        yield {"name": c.name}


@record_rule(
    "HC-COLLAB-005",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="commissioner may commission",
    en="Collaboration {name} is commissioned by {partner}, {kind_en}, which {does_en} not "
    "commission work.",
    nl="Samenwerking {name} heeft {partner} als opdrachtgever, {kind_nl}, {kind_which_nl} geen "
    "opdrachten {gives_nl}.",
    reads=_COLLABORATION_READS,
)
def commissioner_may_commission(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A commissioner is of a kind that may commission work.

    Municipalities, schools, ministries, businesses, safety houses and others commission
    Halt's preventive work; the police or the public prosecutor do not.
    """
    commissioner = context.partner(c.commissioner)
    if commissioner is not None and not commissioner.kind.may_commission:
        yield {
            "name": c.name,
            "partner": commissioner.name,
            **kind_words(
                commissioner.kind,
                en_verbs={"does_en": ("does", "do")},
                nl_verbs={"gives_nl": ("geeft", "geven")},
            ),
        }


@record_rule(
    "HC-COLLAB-006",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="chain cooperation is for chain partners",
    en="Chain cooperation {name} involves {partner}, {kind_en}, which {is_en} not part of the "
    "youth justice chain.",
    nl="Ketensamenwerking {name} betrekt {partner}, {kind_nl}, {kind_which_nl} niet tot de "
    "jeugdrechtsketen {belongs_nl}.",
    reads=_COLLABORATION_READS,
)
def chain_cooperation_is_for_chain_partners(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Chain cooperation involves chain partners only.

    Chain cooperation (ketensamenwerking) is the cooperation of the youth justice chain:
    police, OM, RvdK, youth care and probation, JenV, municipalities, safety houses and
    compulsory-education offices. Others work with Halt under a covenant or a network.
    """
    if c.kind is not CollaborationKind.CHAIN_COOPERATION:
        return
    for partner_id in dict.fromkeys(c.partners):
        partner = context.partner(partner_id)
        if partner is not None and not partner.kind.is_chain_partner:
            yield {
                "name": c.name,
                "partner": partner.name,
                **kind_words(
                    partner.kind,
                    en_verbs={"is_en": ("is", "are")},
                    nl_verbs={"belongs_nl": ("hoort", "horen")},
                ),
            }


@record_rule(
    "HC-COLLAB-007",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="regional collaboration stays in its area",
    en="Regional collaboration {name} covers {area_en}, but partner {partner} works in "
    "{partner_area_en}, outside it.",
    nl="Regionale samenwerking {name} beslaat {area_nl}, maar partner {partner} werkt in "
    "{partner_area_nl}, daarbuiten.",
    reads=_COLLABORATION_READS,
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


@network_rule(
    "HC-COLLAB-008",
    Severity.WARNING,
    Subject.COLLABORATION,
    title="no duplicate active collaborations",
    en="Collaboration {name} duplicates {other}: both are active, of the kind {kind_en}, with the "
    "same partners in overlapping periods.",
    nl="Samenwerking {name} doet {other} dubbel: beide zijn actief, van de soort {kind_nl}, met "
    "dezelfde partners in overlappende perioden.",
    recheck=duplicates_again,
)
def no_duplicate_active_collaborations(context: CheckContext) -> Iterator[Finding]:
    """No two active collaborations of one kind have the same partners and overlapping periods.

    Two such records are almost always the same collaboration entered twice; keeping both
    splits its agreements and meetings. Found by grouping and sorting, not by comparing every
    pair.
    """
    for key, members in duplicate_groups(context.network.collaborations).items():
        yield from duplicates(key[0], members)


@network_rule(
    "HC-COLLAB-009",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="an ended collaboration plans nothing",
    en="Collaboration {name} has ended, but {what_en} on {when} is still planned.",
    nl="Samenwerking {name} is beëindigd, maar {what_nl} op {when} staat nog gepland.",
    recheck=ended_again,
)
def ended_collaboration_plans_nothing(context: CheckContext) -> Iterator[Finding]:
    """An ended collaboration has no meetings or sessions in the future.

    When a collaboration ends, its forums stop meeting and its work stops; a planned meeting
    or session would send people to something that no longer exists. A meeting called off
    (:attr:`~halt_core.model.Meeting.cancelled`) is not planned any more.
    """
    ended = {
        c.id: c for c in context.network.collaborations if c.status is CollaborationStatus.ENDED
    }
    if not ended:
        return
    forums = {f.id: f.collaboration for f in context.network.forums if f.collaboration in ended}
    for meeting in context.network.meetings:
        owner = forums.get(meeting.forum)
        if owner is not None:
            yield from meeting_planned(context, ended[owner], meeting)
    for intervention in context.network.interventions:
        owner_id = intervention.collaboration
        if owner_id in ended:
            yield from sessions_planned(context, ended[owner_id], intervention)


@record_rule(
    "HC-COLLAB-010",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="collaboration area matches its level",
    en="Collaboration {name} works at the {level_en} level, but its area ({area_en}) is "
    "{area_level_en}.",
    nl="Samenwerking {name} werkt op {level_nl} niveau, maar het gebied ({area_nl}) is "
    "{area_level_nl}.",
    reads=_COLLABORATION_READS,
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
    reads=_COLLABORATION_READS,
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


@record_rule(
    "HC-COLLAB-012",
    Severity.WARNING,
    Subject.COLLABORATION,
    title="an active collaboration's period has not ended",
    en="Collaboration {name} is active, but its period ended on {end} (today is {today}): end "
    "it, or extend its period.",
    nl="Samenwerking {name} is actief, maar de periode ervan eindigde op {end} (vandaag is het "
    "{today}): beëindig de samenwerking, of verleng de periode.",
    reads=_COLLABORATION_READS,
)
def active_collaboration_within_period(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A collaboration that is active has not passed the end of its period.

    The period is what the parties agreed; running on past it means the collaboration was
    extended without recording it, or ended without recording that. Either way the status
    and the period tell different stories.
    """
    end = c.period.end
    if c.status is CollaborationStatus.ACTIVE and end is not None and end < context.today:
        yield {"name": c.name, "end": end.isoformat(), "today": context.today.isoformat()}


@record_rule(
    "HC-COLLAB-013",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="an ended collaboration's period has an end",
    en="Collaboration {name} has ended, but its period ({period_en}) has no end: record its "
    "last day.",
    nl="Samenwerking {name} is beëindigd, maar de periode ervan ({period_nl}) heeft geen einde: "
    "leg de laatste dag vast.",
    reads=_COLLABORATION_READS,
)
def ended_collaboration_has_period_end(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """An ended collaboration has a period with an end.

    Ending a collaboration (:func:`~halt_core.lifecycle.end_collaboration`) sets the last
    day of its period; an ended collaboration with an open period was changed past the
    lifecycle, and counts as running in every selection by period.
    """
    if c.status is CollaborationStatus.ENDED and c.period.end is None:
        yield {"name": c.name, **period_words(c.period)}


@record_rule(
    "HC-COLLAB-014",
    Severity.WARNING,
    Subject.COLLABORATION,
    title="a collaboration's partners had not ended",
    en="Collaboration {name} ({period_en}) has {role_en} {partner}, which ended on {ended}.",
    nl="Samenwerking {name} ({period_nl}) heeft {role_nl} {partner}, die eindigde op {ended}.",
    reads=_COLLABORATION_READS,
)
def collaboration_partners_not_ended(
    c: Collaboration, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """The partners and the commissioner of a collaboration had not ended while it runs.

    A partner that closed, merged or stopped working with Halt
    (:attr:`~halt_core.model.Partner.ended_on`) cannot take part after its last day: a
    collaboration still running with it, or one that started after it ended, needs the
    partner that took over its work. An ended collaboration that ran its course before the
    partner ended is history, and fine.
    """
    if c.status is CollaborationStatus.ENDED:
        reaches = c.period.start
    else:
        reaches = c.period.end or dt.date.max
    roles = [("partner", "partner", p) for p in dict.fromkeys(c.partners)]
    if c.commissioner is not None:
        roles.append(("commissioner", "opdrachtgever", c.commissioner))
    for role_en, role_nl, partner_id in roles:
        partner = context.partner(partner_id)
        if partner is not None and partner.ended_on is not None and partner.ended_by(reaches):
            yield {
                "name": c.name,
                "role_en": role_en,
                "role_nl": role_nl,
                "partner": partner.name,
                "ended": partner.ended_on.isoformat(),
                **period_words(c.period),
            }


RULES = (
    collaboration_has_partner,
    collaboration_partner_once,
    collaboration_partners_exist,
    commission_has_commissioner,
    commissioner_may_commission,
    chain_cooperation_is_for_chain_partners,
    regional_collaboration_stays_in_area,
    no_duplicate_active_collaborations,
    ended_collaboration_plans_nothing,
    collaboration_area_matches_level,
    collaboration_area_exists,
    active_collaboration_within_period,
    ended_collaboration_has_period_end,
    collaboration_partners_not_ended,
)
"""The built-in collaboration rules."""
