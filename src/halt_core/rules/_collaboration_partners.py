"""Collaboration rules about who takes part and who commissions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping

from halt_core.model import (
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
)
from halt_core.rules._core import (
    CheckContext,
    Severity,
    Subject,
    record_rule,
)
from halt_core.rules._shared import COLLABORATION_READS
from halt_core.rules._words import kind_words, period_words

__all__ = [
    "chain_cooperation_is_for_chain_partners",
    "collaboration_has_partner",
    "collaboration_partner_once",
    "collaboration_partners_exist",
    "collaboration_partners_not_ended",
    "commission_has_commissioner",
    "commissioner_may_commission",
]


@record_rule(
    "HC-COLLAB-001",
    Severity.ERROR,
    Subject.COLLABORATION,
    title="collaboration has a partner",
    en="Collaboration {name} lists no partner: a collaboration is Halt plus at least one partner.",
    nl="Samenwerking {name} noemt geen partner: een samenwerking is Halt plus ten minste één "
    "partner.",
    reads=COLLABORATION_READS,
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
    reads=COLLABORATION_READS,
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
    reads=COLLABORATION_READS,
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
    reads=COLLABORATION_READS,
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
    reads=COLLABORATION_READS,
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
    reads=COLLABORATION_READS,
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
    "HC-COLLAB-014",
    Severity.WARNING,
    Subject.COLLABORATION,
    title="a collaboration's partners had not ended",
    en="Collaboration {name} ({period_en}) has {role_en} {partner}, which ended on {ended}.",
    nl="Samenwerking {name} ({period_nl}) heeft {role_nl} {partner}, die eindigde op {ended}.",
    reads=COLLABORATION_READS,
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
