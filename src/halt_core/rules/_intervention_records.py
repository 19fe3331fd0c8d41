"""Intervention rules about status, references, commissioners, area and partners."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from halt_core.ids import PartnerId
from halt_core.model import (
    AMSTERDAM,
    CollaborationKind,
    Intervention,
    InterventionStatus,
    Partner,
)
from halt_core.rules._core import (
    CheckContext,
    Finding,
    Severity,
    Subject,
    record_rule,
)
from halt_core.rules._shared import (
    AGREED_OR_LATER,
    DONE,
    DROPPED,
    INTERVENTION_READS,
    named,
)
from halt_core.rules._words import area_words, en, kind_words, nl

__all__ = [
    "agreed_work_names_commissioner",
    "commissioner_of_the_commission",
    "evaluation_matches_status",
    "intervention_area_exists",
    "intervention_commissioner_may_commission",
    "intervention_references_exist",
    "names_a_problem_area",
    "work_with_partners_not_ended",
]


@record_rule(
    "HC-INTERV-012",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="evaluated work, and only that, has an evaluation",
    en="{title} is {status_en} {problem_en}.",
    nl="{title} is {status_nl} {problem_nl}.",
    reads=INTERVENTION_READS,
)
def evaluation_matches_status(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Evaluated work has an evaluation, and work not yet evaluated has none.

    The evaluation with the commissioning client is what closes the work; a status and an
    evaluation that disagree make reports on finished work wrong.
    """
    evaluated = i.status is InterventionStatus.EVALUATED
    if evaluated == (i.evaluation is not None):
        return
    values = {"title": i.title, "status_en": en(i.status), "status_nl": nl(i.status)}
    if evaluated:
        yield {
            **values,
            "problem_en": "but has no evaluation",
            "problem_nl": "maar heeft geen evaluatie",
        }
    else:
        yield {
            **values,
            "problem_en": "yet already has an evaluation",
            "problem_nl": "maar heeft al een evaluatie",
        }


@record_rule(
    "HC-INTERV-013",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="an intervention's references exist",
    en="{title} refers to {role_en} {ref}, which the network does not have.",
    nl="{title} verwijst naar {role_nl} {ref}, die het netwerk niet kent.",
    reads=INTERVENTION_READS,
)
def intervention_references_exist(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """The commissioner, school, partners and commission of an intervention exist.

    A reference to a record that is not in the network cannot be shown, invited or
    invoiced.
    """
    known = context._partner_ids  # by the ints of the ids, which hash in C
    missing = [
        p for p in (i.commissioner, i.school, *i.partners) if p is not None and p.int not in known
    ]
    if missing:
        yield from _unknown_partners(i, missing)
    if i.collaboration is not None and context.collaboration(i.collaboration) is None:
        yield {
            "title": i.title,
            "role_en": "collaboration",
            "role_nl": "samenwerking",
            "ref": i.collaboration,
        }


def _unknown_partners(i: Intervention, missing: list[PartnerId]) -> Iterator[Mapping[str, object]]:
    """HC-INTERV-013's findings for the partners ``i`` names that the network lacks."""
    refs = [("commissioner", "opdrachtgever", i.commissioner), ("school", "school", i.school)]
    refs += [("partner", "partner", p) for p in dict.fromkeys(i.partners)]
    for role_en, role_nl, ref in refs:
        if ref is not None and ref in missing:
            yield {"title": i.title, "role_en": role_en, "role_nl": role_nl, "ref": ref}


@record_rule(
    "HC-INTERV-014",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="an intervention's commissioner may commission",
    en="{title} is commissioned by {partner}, {kind_en}, which {does_en} not commission work.",
    nl="{title} heeft {partner} als opdrachtgever, {kind_nl}, {kind_which_nl} geen opdrachten "
    "{gives_nl}.",
    reads=INTERVENTION_READS,
)
def intervention_commissioner_may_commission(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """The commissioner of preventive work is of a kind that may commission.

    Municipalities, schools, ministries, businesses, safety houses and others commission
    preventive work; chain partners such as the police refer youths instead.
    """
    commissioner = context.partner(i.commissioner)
    if commissioner is not None and not commissioner.kind.may_commission:
        yield {
            "title": i.title,
            "partner": commissioner.name,
            **kind_words(
                commissioner.kind,
                en_verbs={"does_en": ("does", "do")},
                nl_verbs={"gives_nl": ("geeft", "geven")},
            ),
        }


@record_rule(
    "HC-INTERV-015",
    Severity.WARNING,
    Subject.INTERVENTION,
    title="agreed work names its commissioner",
    en="{title} is {status_en} but names no commissioner.",
    nl="{title} is {status_nl} maar noemt geen opdrachtgever.",
    reads=INTERVENTION_READS,
    where={"status": AGREED_OR_LATER},
)
def agreed_work_names_commissioner(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Preventive work, once agreed, names its commissioning client.

    Someone asked for the work and agreed to it; a request may still be anonymous, agreed
    work may not.
    """
    if i.status in AGREED_OR_LATER and i.commissioner is None:
        yield {"title": i.title, "status_en": en(i.status), "status_nl": nl(i.status)}


@record_rule(
    "HC-INTERV-016",
    Severity.ADVICE,
    Subject.INTERVENTION,
    title="preventive work names a problem area",
    en="{title} names no problem area, so it is missing from figures per problem.",
    nl="{title} noemt geen probleemgebied en ontbreekt dus in cijfers per probleem.",
    reads=INTERVENTION_READS,
)
def names_a_problem_area(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Preventive work names the problem it addresses (nuisance, shoplifting, fireworks, ...).

    Halt's partners and the ministries ask for figures per problem area.
    """
    if not i.problem_areas:
        yield {"title": i.title}


@record_rule(
    "HC-INTERV-018",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="an intervention's area exists",
    en="{title} takes place in {area_en}, but the {year} municipal division does not know "
    "{codes}: the work is missing from every selection by area.",
    nl="{title} vindt plaats in {area_nl}, maar de gemeentelijke indeling van {year} kent "
    "{codes} niet: het werk ontbreekt in elke selectie per gebied.",
    reads=INTERVENTION_READS,
)
def intervention_area_exists(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """An intervention's area names municipalities and safety regions that exist.

    A code from an old division (GM0370 Beemster, merged into Purmerend) or a typing error
    (GM9999, VR99) puts the work nowhere on the map: it silently drops out of the figures
    per municipality and region that commissioners and ministries ask for.
    """
    unknown = context.unknown_codes(i.area)
    if unknown:
        area_en, area_nl = area_words(i.area)
        yield {
            "title": i.title,
            "area_en": area_en,
            "area_nl": area_nl,
            "year": context.gazetteer.year,
            "codes": ", ".join(unknown),
        }


@record_rule(
    "HC-INTERV-020",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="work of a commission has the commission's commissioner",
    en="{title} belongs to commission {commission}, commissioned by {expected}, but names "
    "{actual} as its commissioner.",
    nl="{title} hoort bij opdracht {commission} van opdrachtgever {expected}, maar noemt "
    "{actual} als opdrachtgever.",
    reads=INTERVENTION_READS,
)
def commissioner_of_the_commission(i: Intervention, context: CheckContext) -> Iterator[Finding]:
    """Work that belongs to a commission names the commission's commissioner as its own.

    A commission (opdracht) is agreed with one commissioning client, who receives the
    evaluation and pays; work under it for another commissioner is booked under the wrong
    agreement (or belongs to another commission). Declined and cancelled work is left out.
    """
    if i.status in DROPPED or i.commissioner is None:
        return
    commission = context.collaboration(i.collaboration)
    if (
        commission is None
        or commission.kind is not CollaborationKind.COMMISSION
        or commission.commissioner is None
        or commission.commissioner == i.commissioner
    ):
        return
    yield Finding(
        values={
            "title": i.title,
            "commission": commission.name,
            "expected": named(commission.commissioner, context),
            "actual": named(i.commissioner, context),
        },
        related=(commission.id,),
    )


@record_rule(
    "HC-INTERV-021",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="work is done with partners that had not ended",
    en="{title} {when_en} with {role_en} {partner}, which ended on {ended}.",
    nl="{title} {when_nl} met {role_nl} {partner}, die eindigde op {ended}.",
    reads=INTERVENTION_READS,
)
def work_with_partners_not_ended(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """The school, commissioner and partners of work had not ended by the time of the work.

    A school that closed or merged, or a commissioner that no longer exists
    (:attr:`~halt_core.model.Partner.ended_on`), cannot receive a lesson, agree work or pay
    for it. The time of the work is its last session, else the start of its agreed period;
    work not planned yet and still open counts from today. Declined and cancelled work is
    left out.
    """
    if i.status in DROPPED:
        return
    # Most work is with partners that have not ended: look at them before working out when,
    # by the ints of their ids (an int hashes in C, a UUID in Python).
    gone = context.ended_partners
    if not gone:
        return
    commissioner, school = i.commissioner, i.school
    if not (
        (commissioner is not None and commissioner.int in gone)
        or (school is not None and school.int in gone)
        or any(p.int in gone for p in i.partners)
    ):
        return
    roles = [("commissioner", "opdrachtgever", i.commissioner), ("school", "school", i.school)]
    roles += [("partner", "partner", p) for p in dict.fromkeys(i.partners)]
    ended: list[tuple[str, str, Partner]] = []
    seen: set[object] = set()
    for role_en, role_nl, partner_id in roles:
        partner = context.partner(partner_id)
        if partner is None or partner.id in seen or partner.ended_on is None:
            continue
        seen.add(partner.id)
        ended.append((role_en, role_nl, partner))
    if not ended:
        return
    if i.sessions:
        last = max(s.start.astimezone(AMSTERDAM).date() for s in i.sessions)
        when_en, when_nl = (
            f"has a session on {last.isoformat()}",
            f"heeft een bijeenkomst op {last.isoformat()}",
        )
    elif i.period is not None:
        last = i.period.start
        when_en, when_nl = f"starts on {last.isoformat()}", f"begint op {last.isoformat()}"
    elif i.status not in DONE:
        last = context.today
        when_en, when_nl = "is still open", "staat nog open"
    else:
        return
    for role_en, role_nl, partner in ended:
        if partner.ended_by(last):
            yield {
                "title": i.title,
                "when_en": when_en,
                "when_nl": when_nl,
                "role_en": role_en,
                "role_nl": role_nl,
                "partner": partner.name,
                "ended": f"{partner.ended_on}",
            }
