"""Rules about collaborations: who takes part, who commissions, where and when."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
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
from halt_core.rules._words import area_words, en, nl

__all__ = ["RULES"]


@record_rule(
    "HC-COLLAB-001",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="collaboration has a partner",
    en="Collaboration {name} lists no partner: a collaboration is Halt plus at least one partner.",
    nl="Samenwerking {name} noemt geen partner: een samenwerking is Halt plus ten minste één "
    "partner.",
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
    en="Collaboration {name} is commissioned by {partner}, a {kind_en}, which does not "
    "commission work.",
    nl="Samenwerking {name} heeft {partner} als opdrachtgever, een {kind_nl}, die geen "
    "opdrachten geeft.",
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
            "kind_en": en(commissioner.kind),
            "kind_nl": nl(commissioner.kind),
        }


@record_rule(
    "HC-COLLAB-006",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="chain cooperation is for chain partners",
    en="Chain cooperation {name} involves {partner}, a {kind_en}, which is not a partner in the "
    "youth justice chain.",
    nl="Ketensamenwerking {name} betrekt {partner}, een {kind_nl}, die geen partner in de "
    "jeugdrechtsketen is.",
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
                "kind_en": en(partner.kind),
                "kind_nl": nl(partner.kind),
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
    en="Collaboration {name} duplicates {other}: both are active {kind_en} with the same "
    "partners in overlapping periods.",
    nl="Samenwerking {name} doet {other} dubbel: beide zijn actieve {kind_nl} met dezelfde "
    "partners in overlappende perioden.",
)
def no_duplicate_active_collaborations(context: CheckContext) -> Iterator[Finding]:
    """No two active collaborations of one kind have the same partners and overlapping periods.

    Two such records are almost always the same collaboration entered twice; keeping both
    splits its agreements and meetings. Found by grouping and sorting, not by comparing every
    pair.
    """
    groups: dict[tuple[CollaborationKind, frozenset[object]], list[Collaboration]] = defaultdict(
        list
    )
    for c in context.network.collaborations:
        if c.status is CollaborationStatus.ACTIVE and c.partners:
            groups[(c.kind, frozenset(c.partners))].append(c)
    for (kind, _), members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda c: (c.period.start, str(c.id)))
        latest = members[0]  # the one reaching furthest so far
        for c in members[1:]:
            if latest.period.end is None or c.period.start <= latest.period.end:
                yield Finding(
                    subject_id=c.id,
                    related=(latest.id,),
                    values={
                        "name": c.name,
                        "other": latest.name,
                        "kind_en": en(kind),
                        "kind_nl": nl(kind),
                    },
                )
            if _reaches(c) > _reaches(latest):
                latest = c


def _reaches(c: Collaboration) -> dt.date:
    return c.period.end or dt.date.max


@network_rule(
    "HC-COLLAB-009",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="an ended collaboration plans nothing",
    en="Collaboration {name} has ended, but {what_en} on {when} is still planned.",
    nl="Samenwerking {name} is beëindigd, maar {what_nl} op {when} staat nog gepland.",
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
        if owner is not None and meeting.start > context.now and not meeting.cancelled:
            yield Finding(
                subject_id=owner,
                related=(meeting.id,),
                values={
                    "name": ended[owner].name,
                    "what_en": "a meeting",
                    "what_nl": "een overleg",
                    "when": f"{meeting.start:%Y-%m-%d %H:%M}",
                },
            )
    for intervention in context.network.interventions:
        owner_id = intervention.collaboration
        if owner_id not in ended:
            continue
        for session in intervention.sessions:
            if session.start > context.now:
                yield Finding(
                    subject_id=owner_id,
                    related=(intervention.id,),
                    values={
                        "name": ended[owner_id].name,
                        "what_en": f"a session of {intervention.title}",
                        "what_nl": f"een bijeenkomst van {intervention.title}",
                        "when": f"{session.start:%Y-%m-%d %H:%M}",
                    },
                )


@record_rule(
    "HC-COLLAB-010",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="collaboration area matches its level",
    en="Collaboration {name} works at the {level_en} level, but its area ({area_en}) is "
    "{area_level_en}.",
    nl="Samenwerking {name} werkt op {level_nl} niveau, maar het gebied ({area_nl}) is "
    "{area_level_nl}.",
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
)
"""The built-in collaboration rules."""
