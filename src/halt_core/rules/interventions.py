"""Rules about preventive interventions: what each kind needs, and when its sessions are."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping

from halt_core.ids import PartnerId
from halt_core.model import (
    AMSTERDAM,
    AreaKind,
    Audience,
    CollaborationKind,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Partner,
    PartnerKind,
    Session,
)
from halt_core.model.words import dutch_noun, english_noun
from halt_core.rules._core import (
    CheckContext,
    Finding,
    Severity,
    Subject,
    network_rule,
    record_rule,
)
from halt_core.rules._groups import double_booked, trainer_again
from halt_core.rules._words import area_words, en, kind_words, nl, period_words, when

__all__ = ["RULES"]

# The kinds of record the intervention rules look up (an incremental check follows
# them): its partners and commission, and the commission's commissioner.
_INTERVENTION_READS = (Subject.PARTNER, Subject.COLLABORATION)

_DONE = frozenset({InterventionStatus.DELIVERED, InterventionStatus.EVALUATED})
_PLANNED = frozenset({InterventionStatus.SCHEDULED, *_DONE})
_AGREED_OR_LATER = frozenset({InterventionStatus.AGREED, *_PLANNED})
_DROPPED = frozenset({InterventionStatus.DECLINED, InterventionStatus.CANCELLED})
_WITH_GROUPS = frozenset({InterventionKind.YOUTH_MEDIATION, InterventionKind.GUIDED_DIALOGUE})


@record_rule(
    "HC-INTERV-001",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="an information lesson is given at a school",
    en="Information lesson {title} {problem_en}.",
    nl="Voorlichtingsles {title} {problem_nl}.",
    reads=_INTERVENTION_READS,
)
def lesson_at_school(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """An information lesson (voorlichtingsles) names the school where it is given.

    Lessons are given in school classes; the school is where the trainer goes, whom the
    dates are agreed with, and whose calendar receives them.
    """
    if i.kind is not InterventionKind.INFORMATION_LESSON:
        return
    if i.school is None:
        yield {"title": i.title, "problem_en": "names no school", "problem_nl": "noemt geen school"}
        return
    school = context.partner(i.school)
    if school is not None and school.kind is not PartnerKind.SCHOOL:
        kind = kind_words(school.kind)
        yield {
            "title": i.title,
            "problem_en": f"is given at {school.name}, {kind['kind_en']}, not a school",
            "problem_nl": f"wordt gegeven bij {school.name}, {kind['kind_nl']}, geen school",
        }


@record_rule(
    "HC-INTERV-002",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="an information lesson has a fitting age range",
    en="Information lesson {title} {problem_en}; lessons are for ages {low} to {high}.",
    nl="Voorlichtingsles {title} {problem_nl}; lessen zijn voor {low} tot en met {high} jaar.",
    reads=_INTERVENTION_READS,
)
def lesson_ages_fit(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """An information lesson targets an age range that fits school lessons.

    Halt's lessons are made for primary school years 7 and 8 (about 10 to 12) and secondary
    school; the range is in :class:`RuleSettings` (``lesson_ages``).
    """
    if i.kind is not InterventionKind.INFORMATION_LESSON:
        return
    fits = context.settings.lesson_ages
    ages = i.target_group.age_range
    values = {"title": i.title, "low": fits.minimum, "high": fits.maximum}
    if ages is None:
        yield {
            **values,
            "problem_en": "has no target age range",
            "problem_nl": "heeft geen leeftijden",
        }
    elif ages.minimum < fits.minimum or ages.maximum > fits.maximum:
        yield {
            **values,
            "problem_en": f"targets ages {ages.minimum} to {ages.maximum}",
            "problem_nl": f"is voor {ages.minimum} tot en met {ages.maximum} jaar",
        }


@record_rule(
    "HC-INTERV-003",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="school safety advice is for a school, from a commissioner who may ask for it",
    en="School safety advice {title} {problem_en}.",
    nl="Schoolveiligheidsadvies {title} {problem_nl}.",
    reads=_INTERVENTION_READS,
)
def safety_advice_for_a_school(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """School safety advice (schoolveiligheidsadvies) is for a school, asked by a commissioner.

    The advice is about one school's safety policy, so it names that school: as its
    :attr:`~halt_core.model.Intervention.school`, or as its commissioner when the school
    asks for it itself. Municipalities commission most of Halt's preventive work, schools
    and ministries some of it; the kinds that may commission school safety advice are in
    :class:`RuleSettings` (``safety_advice_commissioners``: a school, a municipality, or a
    ministry by default).
    """
    if i.kind is not InterventionKind.SCHOOL_SAFETY_ADVICE:
        return
    if i.commissioner is None:
        yield {
            "title": i.title,
            "problem_en": "has no commissioner",
            "problem_nl": "heeft geen opdrachtgever",
        }
        return
    commissioner = context.partner(i.commissioner)
    allowed = context.settings.safety_advice_commissioners
    if commissioner is not None and commissioner.kind not in allowed:
        kind = kind_words(
            commissioner.kind,
            en_verbs={"does_en": ("does", "do")},
            nl_verbs={"gives_nl": ("geeft", "geven")},
        )
        ordered = [k for k in PartnerKind if k in allowed]
        yield {
            "title": i.title,
            "problem_en": f"is commissioned by {commissioner.name}, {kind['kind_en']}, which "
            f"{kind['does_en']} not commission school safety advice; "
            f"{_either_en(ordered)} does",
            "problem_nl": f"heeft {commissioner.name} als opdrachtgever, {kind['kind_nl']}, "
            f"{kind['kind_which_nl']} geen opdracht voor schoolveiligheidsadvies "
            f"{kind['gives_nl']}; dat doet {_either_nl(ordered)}",
        }
    by_school = commissioner is not None and commissioner.kind is PartnerKind.SCHOOL
    if i.school is None:
        if not by_school:
            yield {
                "title": i.title,
                "problem_en": "names no school it is for",
                "problem_nl": "noemt geen school waarvoor het is",
            }
        return
    school = context.partner(i.school)
    if school is not None and school.kind is not PartnerKind.SCHOOL:
        kind = kind_words(school.kind)
        yield {
            "title": i.title,
            "problem_en": f"is for {school.name}, {kind['kind_en']}, not a school",
            "problem_nl": f"is voor {school.name}, {kind['kind_nl']}, geen school",
        }


def _either_en(kinds: list[PartnerKind]) -> str:
    words = [english_noun(k).indefinite for k in kinds]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _either_nl(kinds: list[PartnerKind]) -> str:
    words = [dutch_noun(k).indefinite for k in kinds]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} of {words[-1]}"


@record_rule(
    "HC-INTERV-004",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="mediation and dialogue are with a youth group",
    en="{kind_en} {title} targets {audience_en}, but it works with a youth group.",
    nl="{kind_nl} {title} richt zich op {audience_nl}, maar werkt met een jeugdgroep.",
    reads=_INTERVENTION_READS,
)
def works_with_a_youth_group(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Youth mediation and a guided dialogue target a youth group.

    Both answer nuisance by a group of youths in public space (an overlastgevende
    jeugdgroep): the group is who Halt talks with.
    """
    if i.kind in _WITH_GROUPS and i.target_group.audience is not Audience.YOUTH_GROUP:
        yield {
            "title": i.title,
            "kind_en": en(i.kind).capitalize(),
            "kind_nl": nl(i.kind).capitalize(),
            "audience_en": en(i.target_group.audience),
            "audience_nl": nl(i.target_group.audience),
        }


@record_rule(
    "HC-INTERV-005",
    Severity.WARNING,
    Subject.INTERVENTION,
    title="mediation and dialogue happen in one municipality",
    en="{kind_en} {title} covers {area_en}; a youth group meets in one municipality.",
    nl="{kind_nl} {title} beslaat {area_nl}; een jeugdgroep komt samen in één gemeente.",
    reads=_INTERVENTION_READS,
)
def group_work_is_local(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Youth mediation and a guided dialogue take place in the municipality of the group.

    The nuisance, the residents and the group are in one place; a regional area hides where
    the work actually happens.
    """
    if i.kind in _WITH_GROUPS and i.area.kind is not AreaKind.MUNICIPALITY:
        yield {
            "title": i.title,
            "kind_en": en(i.kind).capitalize(),
            "kind_nl": nl(i.kind).capitalize(),
            **kind_words(i.area.kind, "area"),
        }


@record_rule(
    "HC-INTERV-006",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="Veilige Publieke Taak work targets education staff",
    en="Veilige Publieke Taak work {title} targets {audience_en}, not education staff.",
    nl="Veilige Publieke Taak-werk {title} richt zich op {audience_nl}, niet op "
    "onderwijspersoneel.",
    reads=_INTERVENTION_READS,
)
def safe_public_task_for_education_staff(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Veilige Publieke Taak work targets education staff.

    In the VPT project Halt answers the ministries of BZK and OCW with support against
    aggression and violence towards education staff; other audiences are other work.
    """
    if i.kind is InterventionKind.SAFE_PUBLIC_TASK:
        audience = i.target_group.audience
        if audience is not Audience.EDUCATION_STAFF:
            yield {"title": i.title, "audience_en": en(audience), "audience_nl": nl(audience)}


@record_rule(
    "HC-INTERV-007",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="sessions lie inside the agreed period",
    en="Session of {title} on {when} lies outside the {whose_en} period {period_en}.",
    nl="Bijeenkomst van {title} op {when} valt buiten de periode {period_nl} van de {whose_nl}.",
    reads=_INTERVENTION_READS,
)
def sessions_inside_period(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Planned sessions lie inside the period agreed for the work.

    That is the intervention's own period, or else the period of the commission it belongs
    to. A session outside it is not covered by the agreement (nor paid for).
    """
    period = i.period
    whose_en, whose_nl = "agreed", "afspraak"
    if period is None:
        collaboration = context.collaboration(i.collaboration)
        if collaboration is None:
            return
        period = collaboration.period
        whose_en, whose_nl = (
            f"commission's ({collaboration.name})",
            f"opdracht ({collaboration.name})",
        )
    for session in i.sessions:
        if not period.contains(session.start.date()) or not period.contains(session.end.date()):
            yield {
                "title": i.title,
                "when": when(session),
                "whose_en": whose_en,
                "whose_nl": whose_nl,
                **period_words(period),
            }


@record_rule(
    "HC-INTERV-008",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="an intervention's sessions do not overlap",
    en="Sessions of {title} overlap: the one on {when} starts before the one on {other} ends.",
    nl="Bijeenkomsten van {title} overlappen: die op {when} begint voordat die op {other} eindigt.",
    reads=_INTERVENTION_READS,
)
def sessions_do_not_overlap(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """The sessions of one intervention do not overlap each other.

    One target group cannot be in two sessions at once.
    """
    if len(i.sessions) < 2:
        return
    # Timestamps once per session; the place breaks ties, as a stable sort by start would.
    instants = context.instants  # instants.of(...), without a call per moment
    ordered = sorted(
        (
            instants[s.start] if not s.start.fold else s.start.timestamp(),
            n,
            instants[s.end] if not s.end.fold else s.end.timestamp(),
            s,
        )
        for n, s in enumerate(i.sessions)
    )
    _, _, latest_end, latest = ordered[0]
    for start, _, end, session in itertools.islice(ordered, 1, None):
        if start < latest_end:
            yield {"title": i.title, "when": when(session), "other": when(latest)}
        if end > latest_end:
            latest_end, latest = end, session


@network_rule(
    "HC-INTERV-009",
    Severity.WARNING,
    Subject.INTERVENTION,
    title="a trainer is in one session at a time",
    en="Trainer {trainer} has a session of {title} on {when} that overlaps a session of {other}.",
    nl="Trainer {trainer} heeft een bijeenkomst van {title} op {when} die overlapt met een "
    "bijeenkomst van {other}.",
    recheck=trainer_again,
)
def trainer_in_one_place(context: CheckContext) -> Iterator[Finding]:
    """A trainer's sessions, across all interventions, do not overlap.

    A trainer cannot give two sessions at once. Sessions of one intervention that overlap
    are HC-INTERV-008's concern and are left out here. Found by sorting each trainer's
    sessions by start, not by comparing every pair.
    """
    for trainer, schedule in context.trainer_schedules.items():
        yield from double_booked(trainer, schedule, 0, len(schedule))


@record_rule(
    "HC-INTERV-010",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="delivered work has its sessions in the past",
    en="{title} is {status_en}, but its session on {when} has not ended yet.",
    nl="{title} is {status_nl}, maar de bijeenkomst op {when} is nog niet afgelopen.",
    reads=_INTERVENTION_READS,
)
def delivered_sessions_in_past(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Delivered (and evaluated) work has all its sessions in the past.

    A session still to come means the work was marked delivered too early.
    """
    if i.status not in _DONE:
        return
    for session in i.sessions:
        if session.end > context.now:
            yield {
                "title": i.title,
                "status_en": en(i.status),
                "status_nl": nl(i.status),
                "when": when(session),
            }


@record_rule(
    "HC-INTERV-011",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="scheduled work has sessions",
    en="{title} is {status_en} but has no sessions.",
    nl="{title} is {status_nl} maar heeft geen bijeenkomsten.",
    reads=_INTERVENTION_READS,
)
def planned_work_has_sessions(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Scheduled, delivered and evaluated work has at least one session.

    Scheduling is planning sessions; without them there is nothing to deliver.
    """
    if i.status in _PLANNED and not i.sessions:
        yield {"title": i.title, "status_en": en(i.status), "status_nl": nl(i.status)}


@record_rule(
    "HC-INTERV-012",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="evaluated work, and only that, has an evaluation",
    en="{title} is {status_en} {problem_en}.",
    nl="{title} is {status_nl} {problem_nl}.",
    reads=_INTERVENTION_READS,
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
    reads=_INTERVENTION_READS,
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
    reads=_INTERVENTION_READS,
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
    reads=_INTERVENTION_READS,
)
def agreed_work_names_commissioner(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Preventive work, once agreed, names its commissioning client.

    Someone asked for the work and agreed to it; a request may still be anonymous, agreed
    work may not.
    """
    if i.status in _AGREED_OR_LATER and i.commissioner is None:
        yield {"title": i.title, "status_en": en(i.status), "status_nl": nl(i.status)}


@record_rule(
    "HC-INTERV-016",
    Severity.ADVICE,
    Subject.INTERVENTION,
    title="preventive work names a problem area",
    en="{title} names no problem area, so it is missing from figures per problem.",
    nl="{title} noemt geen probleemgebied en ontbreekt dus in cijfers per probleem.",
    reads=_INTERVENTION_READS,
)
def names_a_problem_area(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Preventive work names the problem it addresses (nuisance, shoplifting, fireworks, ...).

    Halt's partners and the ministries ask for figures per problem area.
    """
    if not i.problem_areas:
        yield {"title": i.title}


@record_rule(
    "HC-INTERV-017",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="each session of an intervention has its own id",
    en="Sessions of {title} share the id {session_id}: {which_en}.",
    nl="Bijeenkomsten van {title} hebben hetzelfde id {session_id}: {which_nl}.",
    reads=_INTERVENTION_READS,
)
def session_ids_unique(i: Intervention, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """No two sessions of one intervention, planned or dropped, have the same id.

    A session keeps its id when it is moved, and a calendar names its event after it: two
    sessions with one id show as one event (or a dropped one cancels a planned one).
    """
    if len(i.sessions) + len(i.dropped_sessions) < 2:
        return
    ids = {s.id.int for s in i.sessions}
    ids.update(s.id.int for s in i.dropped_sessions)
    if len(ids) == len(i.sessions) + len(i.dropped_sessions):
        return  # every id once: the usual case, told by ints that hash in C
    first: dict[object, tuple[Session, bool]] = {}
    for session, dropped in (
        *((s, False) for s in i.sessions),
        *((s, True) for s in i.dropped_sessions),
    ):
        if session.id not in first:
            first[session.id] = (session, dropped)
            continue
        other, other_dropped = first[session.id]
        yield {
            "title": i.title,
            "session_id": session.id,
            "which_en": f"the {_kind_en(other_dropped)}one on {when(other)} and the "
            f"{_kind_en(dropped)}one on {when(session)}",
            "which_nl": f"{_kind_nl(other_dropped)} op {when(other)} en "
            f"{_kind_nl(dropped)} op {when(session)}",
        }


def _kind_en(dropped: bool) -> str:
    return "dropped " if dropped else ""


def _kind_nl(dropped: bool) -> str:
    return "de geschrapte" if dropped else "die"


@record_rule(
    "HC-INTERV-018",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="an intervention's area exists",
    en="{title} takes place in {area_en}, but the {year} municipal division does not know "
    "{codes}: the work is missing from every selection by area.",
    nl="{title} vindt plaats in {area_nl}, maar de gemeentelijke indeling van {year} kent "
    "{codes} niet: het werk ontbreekt in elke selectie per gebied.",
    reads=_INTERVENTION_READS,
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
    "HC-INTERV-019",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="a session ends on the day it starts",
    en="Session of {title} starts on {when} but ends on {end}: a session ends on the day it "
    "starts.",
    nl="Bijeenkomst van {title} begint op {when} maar eindigt op {end}: een bijeenkomst eindigt "
    "op de dag waarop die begint.",
    reads=_INTERVENTION_READS,
)
def session_within_one_day(
    i: Intervention, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A session (a lesson, a meeting with a group) ends on the day it starts.

    Sessions last hours, not days; a session that ends on a later day (in Europe/Amsterdam)
    is a typing error in its date, and it would block the trainer's and the group's calendar
    for days. Ending at midnight that night still counts as the same day.
    """
    for session in i.sessions:
        start = session.start.astimezone(AMSTERDAM)
        end = session.end.astimezone(AMSTERDAM)
        if end.date() == start.date():
            continue
        if end.date() == start.date() + dt.timedelta(days=1) and end.time() == dt.time(0, 0):
            continue
        yield {"title": i.title, "when": when(session), "end": f"{end:%Y-%m-%d %H:%M}"}


@record_rule(
    "HC-INTERV-020",
    Severity.ERROR,
    Subject.INTERVENTION,
    title="work of a commission has the commission's commissioner",
    en="{title} belongs to commission {commission}, commissioned by {expected}, but names "
    "{actual} as its commissioner.",
    nl="{title} hoort bij opdracht {commission} van opdrachtgever {expected}, maar noemt "
    "{actual} als opdrachtgever.",
    reads=_INTERVENTION_READS,
)
def commissioner_of_the_commission(i: Intervention, context: CheckContext) -> Iterator[Finding]:
    """Work that belongs to a commission names the commission's commissioner as its own.

    A commission (opdracht) is agreed with one commissioning client, who receives the
    evaluation and pays; work under it for another commissioner is booked under the wrong
    agreement (or belongs to another commission). Declined and cancelled work is left out.
    """
    if i.status in _DROPPED or i.commissioner is None:
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
            "expected": _named(commission.commissioner, context),
            "actual": _named(i.commissioner, context),
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
    reads=_INTERVENTION_READS,
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
    if i.status in _DROPPED:
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
    elif i.status not in _DONE:
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


def _named(partner_id: PartnerId, context: CheckContext) -> str:
    partner = context.partner(partner_id)
    return str(partner_id) if partner is None else partner.name


RULES = (
    lesson_at_school,
    lesson_ages_fit,
    safety_advice_for_a_school,
    works_with_a_youth_group,
    group_work_is_local,
    safe_public_task_for_education_staff,
    sessions_inside_period,
    sessions_do_not_overlap,
    trainer_in_one_place,
    delivered_sessions_in_past,
    planned_work_has_sessions,
    evaluation_matches_status,
    intervention_references_exist,
    intervention_commissioner_may_commission,
    agreed_work_names_commissioner,
    names_a_problem_area,
    session_ids_unique,
    intervention_area_exists,
    session_within_one_day,
    commissioner_of_the_commission,
    work_with_partners_not_ended,
)
"""The built-in intervention rules."""
