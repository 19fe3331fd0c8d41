"""Rules about forums and their meetings: level, participants, Halt's role, cases, times.

Who heard a case on a meeting's agenda is :func:`~halt_core.model.at_the_table`: the partners
it was discussed with, when the case records them; else the meeting's attendees, when
recorded; else every member of the forum, since no one is recorded to have left.

A meeting that was called off (:attr:`~halt_core.model.Meeting.cancelled`) is not held: it
overlaps nothing, may lie after its forum ended (calling off the meetings planned past the
end is how a forum ends), and no one sat at its table or heard its cases. The rules about
what a meeting records (its forum, its cases' area and referrals, cases only at case
consultations) still judge it, since the record still holds what it holds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping

from halt_core.ids import PartnerId
from halt_core.model import AMSTERDAM, Forum, Meeting, at_the_table
from halt_core.privacy.policy import may_receive_justice_data
from halt_core.rules._core import (
    CheckContext,
    Finding,
    Severity,
    Subject,
    network_rule,
    record_rule,
)
from halt_core.rules._groups import forum_meetings_again, overlapping_meetings
from halt_core.rules._words import (
    area_words,
    dutch_count,
    en,
    english_count,
    kind_words,
    nl,
    period_words,
)

__all__ = ["RULES"]

# The kinds of record the forum rules look up (an incremental check follows
# them): its members.
_FORUM_READS = (Subject.PARTNER,)
# The kinds of record the meeting rules look up (an incremental check follows
# them): its forum, that forum's members, and the referrals and partners it names.
_MEETING_READS = (Subject.FORUM, Subject.PARTNER, Subject.REFERRAL)


@record_rule(
    "HC-FORUM-001",
    Severity.ERROR,
    Subject.FORUM,
    title="forum level matches its kind",
    en="Forum {name} is {kind_en}, which works at the {usual_en} level, but it is recorded "
    "at the {level_en} level.",
    nl="Overleg {name} is {kind_nl}, {kind_which_nl} op {usual_nl} niveau werkt, maar het staat "
    "op {level_nl} niveau.",
    reads=_FORUM_READS,
)
def forum_level_matches_kind(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """A forum works at the level its kind works at.

    The AJB, the APJ and the JCO are arrondissement-level; a local network consultation is
    local; a national consultation national. Another level means the kind or the level is
    recorded wrongly.
    """
    usual = forum.kind.profile.level
    if usual is not None and forum.level is not usual:
        yield {
            "name": forum.name,
            **kind_words(forum.kind),
            "usual_en": en(usual),
            "usual_nl": nl(usual),
            "level_en": en(forum.level),
            "level_nl": nl(forum.level),
        }


@record_rule(
    "HC-FORUM-002",
    Severity.WARNING,
    Subject.FORUM,
    title="usual participants are at the table",
    en="Forum {name} ({kind_en}) has no member of the kind '{missing_en}', which usually takes "
    "part.",
    nl="Bij overleg {name} ({kind_nl}) ontbreekt een lid van de soort '{missing_nl}', die "
    "gewoonlijk deelneemt.",
    reads=_FORUM_READS,
)
def usual_participants_present(
    forum: Forum, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """The partners usually at the table of a kind of forum are among its members.

    An AJB without the public prosecutor, or a JCO without the police, cannot do its work;
    one warning per missing kind of partner says whom to invite.
    """
    present = {p.kind for p in map(context.partner, forum.members) if p is not None}
    for kind in sorted(forum.kind.profile.usual_participants - present):
        yield {
            "name": forum.name,
            "kind_en": en(forum.kind),
            "kind_nl": nl(forum.kind),
            "missing_en": en(kind),
            "missing_nl": nl(kind),
        }


@record_rule(
    "HC-FORUM-003",
    Severity.ERROR,
    Subject.FORUM,
    title="Halt's role fits the forum",
    en="Halt is {role_en} of forum {name}, but in {kind_en} Halt can only be {allowed_en}.",
    nl="Halt is {role_nl} van overleg {name}, maar in {kind_nl} kan Halt alleen {allowed_nl} zijn.",
    reads=_FORUM_READS,
)
def halt_role_fits_forum(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Halt has a role the kind of forum allows.

    In case consultations such as the JCO, Halt supplies information about youths it knows;
    it does not chair them or sit as a member. In steering forums it is a member, chair or
    guest.
    """
    allowed = forum.kind.profile.halt_roles
    if forum.halt_role not in allowed:
        ordered = sorted(allowed)
        yield {
            "name": forum.name,
            "role_en": en(forum.halt_role),
            "role_nl": nl(forum.halt_role),
            **kind_words(forum.kind),
            "allowed_en": " or ".join(en(r) for r in ordered),
            "allowed_nl": " of ".join(nl(r) for r in ordered),
        }


@record_rule(
    "HC-FORUM-004",
    Severity.ERROR,
    Subject.FORUM,
    title="forum members exist",
    en="Forum {name} lists member {partner_id}, but the network has no such partner.",
    nl="Overleg {name} noemt lid {partner_id}, maar het netwerk kent die partner niet.",
    reads=_FORUM_READS,
)
def forum_members_exist(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Every member of a forum is a partner in the network.

    A member that cannot be looked up gets no invitation and hides who is at the table.
    """
    for partner_id in dict.fromkeys(forum.members):
        if context.partner(partner_id) is None:
            yield {"name": forum.name, "partner_id": partner_id}


@record_rule(
    "HC-FORUM-005",
    Severity.ERROR,
    Subject.MEETING,
    title="meeting belongs to a known forum",
    en="Meeting at {location} on {when} belongs to forum {forum_id}, which the network does not "
    "have.",
    nl="Overleg in {location} op {when} hoort bij overleg {forum_id}, dat het netwerk niet kent.",
    reads=_MEETING_READS,
)
def meeting_forum_exists(meeting: Meeting, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Every meeting belongs to a forum in the network.

    A meeting without its forum has no members to invite and no rules to follow.
    """
    if context.forum(meeting.forum) is None:
        yield {
            "location": meeting.location,
            "when": f"{meeting.start:%Y-%m-%d %H:%M}",
            "forum_id": meeting.forum,
        }


@record_rule(
    "HC-FORUM-006",
    Severity.ERROR,
    Subject.MEETING,
    title="cases belong to the consultation's area",
    en="Meeting of {forum} on {when} discusses youth {youth} of municipality {municipality}, "
    "outside the forum's area ({area_en}).",
    nl="Overleg {forum} op {when} bespreekt jongere {youth} uit gemeente {municipality}, buiten "
    "het gebied van het overleg ({area_nl}).",
    reads=_MEETING_READS,
)
def cases_belong_to_area(meeting: Meeting, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """A case consultation discusses only cases from its own area.

    Information about a youth may go only to the consultation that is responsible for the
    youth's municipality (purpose limitation); a case from elsewhere shares it with the wrong
    partners.
    """
    forum = context.forum(meeting.forum)
    if forum is None or not meeting.cases:
        return
    area_en, area_nl = area_words(forum.area)
    for case in meeting.cases:
        home = context.municipality(case.municipality)
        if context.codes(home) is None or context.inside(forum.area, home) is False:
            yield {
                "forum": forum.name,
                "when": f"{meeting.start:%Y-%m-%d}",
                "youth": case.youth,
                "municipality": case.municipality,
                "area_en": area_en,
                "area_nl": area_nl,
            }


@record_rule(
    "HC-FORUM-007",
    Severity.ERROR,
    Subject.MEETING,
    title="only case consultations discuss youths",
    en="Meeting of {forum} on {when} has {count_en} on its agenda, but {kind_en} does not "
    "discuss individual youths.",
    nl="Overleg {forum} op {when} heeft {count_nl} op de agenda, maar {kind_nl} "
    "bespreekt geen individuele jongeren.",
    reads=_MEETING_READS,
)
def only_case_consultations_discuss_youths(
    meeting: Meeting, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Only case consultations have individual youths on their agenda.

    Steering forums such as the AJB and APJ discuss policy and figures. Putting a youth on
    their agenda shares data about a minor with partners who have no purpose for it.
    """
    forum = context.forum(meeting.forum)
    if forum is not None and meeting.cases and not forum.kind.profile.discusses_cases:
        yield {
            "forum": forum.name,
            "when": f"{meeting.start:%Y-%m-%d}",
            "count_en": english_count(len(meeting.cases), "youth"),
            "count_nl": dutch_count(len(meeting.cases), "jongere", "jongeren"),
            **kind_words(forum.kind),
        }


@network_rule(
    "HC-FORUM-008",
    Severity.WARNING,
    Subject.MEETING,
    title="a forum's meetings do not overlap",
    en="Meeting of {forum} on {when} overlaps its meeting that starts at {other}.",
    nl="Overleg {forum} op {when} overlapt met het overleg dat om {other} begint.",
    recheck=forum_meetings_again,
)
def forum_meetings_do_not_overlap(context: CheckContext) -> Iterator[Finding]:
    """Two meetings of one forum do not overlap in time.

    The same members cannot be in two meetings at once; an overlap is a meeting planned twice
    or a wrong time. A meeting called off overlaps nothing: another may take its place.
    Found by sorting each forum's meetings by start.
    """
    for forum_id, calendar in context.forum_calendars.items():
        yield from overlapping_meetings(context, forum_id, calendar)


@record_rule(
    "HC-FORUM-009",
    Severity.ERROR,
    Subject.MEETING,
    title="meetings fall inside the forum's life",
    en="Meeting of {forum} on {when} {problem_en} the forum's life ({period_en}).",
    nl="Overleg {forum} op {when} {problem_nl} de looptijd van het overleg ({period_nl}).",
    reads=_MEETING_READS,
)
def meetings_inside_forum_life(
    meeting: Meeting, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A forum meets only while it exists: from the start of its period to its last day.

    A meeting before a forum was set up, or after it was ended, is a wrong date or a meeting
    of another forum; so is one that starts on the forum's last day and runs past it (the
    day in Europe/Amsterdam). One called off is not held, so it may lie there.
    """
    forum = context.forum(meeting.forum)
    if forum is None or meeting.cancelled:
        return
    first = meeting.start.astimezone(AMSTERDAM).date()
    last = meeting.end.astimezone(AMSTERDAM).date()
    if not forum.period.contains(first):
        problem_en, problem_nl = "falls outside", "valt buiten"
    elif not forum.period.contains(last):
        problem_en, problem_nl = (
            f"runs until {last.isoformat()}, past the end of",
            f"loopt door tot {last.isoformat()}, voorbij het einde van",
        )
    else:
        return
    yield {
        "forum": forum.name,
        "when": f"{meeting.start:%Y-%m-%d}",
        "problem_en": problem_en,
        "problem_nl": problem_nl,
        **period_words(forum.period),
    }


def _named(partner_id: PartnerId, context: CheckContext) -> str:
    partner = context.partner(partner_id)
    return str(partner_id) if partner is None else partner.name


@record_rule(
    "HC-FORUM-010",
    Severity.WARNING,
    Subject.MEETING,
    title="attendees are members of the forum",
    en="Meeting of {forum} on {when} had {partner} at the table, which is not a member of the "
    "forum.",
    nl="Bij overleg {forum} op {when} zat {partner} aan tafel, die geen lid is van het overleg.",
    reads=_MEETING_READS,
)
def attendees_are_members(
    meeting: Meeting, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """Those recorded at the table of a meeting are members of its forum.

    A forum's members are the partners entitled to what it discusses; someone else at the
    table is a guest nobody recorded, or a member missing from the forum. At a case
    consultation it matters most: a case discussed in front of a non-member is shared with a
    non-member (``HC-FORUM-011``). A warning per partner; one found once per meeting. A
    meeting called off had no one at its table.
    """
    forum = context.forum(meeting.forum)
    if forum is None or not meeting.attendees or meeting.cancelled:
        return
    members = context.members(forum)
    for partner_id in dict.fromkeys(meeting.attendees):
        if partner_id not in members:
            yield {
                "forum": forum.name,
                "when": f"{meeting.start:%Y-%m-%d}",
                "partner": _named(partner_id, context),
            }


_NOT_A_MEMBER = (
    "which is not a member of the forum: a case shared with a non-member",
    "die geen lid is van het overleg: een casus gedeeld met een niet-lid",
)
_NOT_AN_ATTENDEE = (
    "which the meeting does not record at the table",
    "die volgens het overleg niet aan tafel zat",
)


@record_rule(
    "HC-FORUM-011",
    Severity.ERROR,
    Subject.MEETING,
    title="a case is shared with members at the table only",
    en="Meeting of {forum} on {when} shared the case of youth {youth} with {partner}, {why_en}.",
    nl="Overleg {forum} op {when} deelde de casus van jongere {youth} met {partner}, {why_nl}.",
    reads=_MEETING_READS,
)
def cases_shared_with_members_only(
    meeting: Meeting, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A case is discussed only with members of the forum that are at the meeting.

    Data about a youth may go only to the members of the consultation that discusses it
    (purpose limitation). A case discussed with a partner that is not a member of the forum
    was shared with a partner that has no purpose for it; one discussed with a partner that
    is not among the meeting's attendees (when they are recorded) names someone who was not
    there, and so does not say who heard it. Who heard a case: those it was discussed with,
    else every attendee, else every member. At a meeting called off no case was shared.
    """
    forum = context.forum(meeting.forum)
    if forum is None or not meeting.cases or meeting.cancelled:
        return
    members = context.members(forum)
    attendees = frozenset(meeting.attendees)
    for case in meeting.cases:
        for partner_id in at_the_table(case, meeting, forum):
            if partner_id not in members:
                why_en, why_nl = _NOT_A_MEMBER
            elif attendees and partner_id not in attendees:
                why_en, why_nl = _NOT_AN_ATTENDEE
            else:
                continue
            yield {
                "forum": forum.name,
                "when": f"{meeting.start:%Y-%m-%d}",
                "youth": case.youth,
                "partner": _named(partner_id, context),
                "why_en": why_en,
                "why_nl": why_nl,
            }


@record_rule(
    "HC-FORUM-012",
    Severity.ERROR,
    Subject.MEETING,
    title="only chain partners hear a case",
    en="Meeting of {forum} on {when} discussed youth {youth} with {partner}, {kind_en}, which "
    "may not receive justice data about youths and should have left the table for the case.",
    nl="Overleg {forum} op {when} besprak jongere {youth} met {partner}, {kind_nl}, "
    "{kind_which_nl} geen justitiële gegevens over jongeren {may_nl} ontvangen en voor deze "
    "casus van tafel {had_nl} moeten gaan.",
    reads=_MEETING_READS,
)
def only_chain_partners_hear_cases(
    meeting: Meeting, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """At a case consultation, only partners of the youth justice chain hear a case.

    What a case consultation says about a youth is justice data, which only partners of the
    youth justice chain may receive (the Wet justitiële en strafvorderlijke gegevens). A
    school, youth work or another member outside the chain may sit at the table for the rest
    of the meeting, but leaves it while a youth is discussed: the case records it by naming
    who stayed (``discussed_with``). The same judgement decides the default sharing policy
    (:func:`halt_core.privacy.policy.may_receive_justice_data`). Attendance not recorded
    counts every member as at the table. At a meeting called off no case was heard.
    """
    forum = context.forum(meeting.forum)
    if forum is None or not meeting.cases or meeting.cancelled:
        return
    if not forum.kind.profile.discusses_cases:
        return
    for case in meeting.cases:
        for partner_id in at_the_table(case, meeting, forum):
            partner = context.partner(partner_id)
            if partner is not None and not may_receive_justice_data(partner.kind):
                yield {
                    "forum": forum.name,
                    "when": f"{meeting.start:%Y-%m-%d}",
                    "youth": case.youth,
                    "partner": partner.name,
                    **kind_words(
                        partner.kind,
                        nl_verbs={"may_nl": ("mag", "mogen"), "had_nl": ("had", "hadden")},
                    ),
                }


@record_rule(
    "HC-FORUM-013",
    Severity.ERROR,
    Subject.MEETING,
    title="a case's referral is stored and is the youth's",
    en="Meeting of {forum} on {when} discusses youth {youth} under referral {referral_id}, "
    "{why_en}.",
    nl="Overleg {forum} op {when} bespreekt jongere {youth} onder verwijzing {referral_id}, "
    "{why_nl}.",
    reads=_MEETING_READS,
)
def case_referrals_belong_to_the_youth(
    meeting: Meeting, context: CheckContext
) -> Iterator[Finding]:
    """A case that names a referral names a stored referral of the same youth.

    A case consultation discusses a youth Halt knows through a referral; the information Halt
    supplies comes from it. A referral the network does not have cannot be looked up, and a
    referral of another youth would share that youth's data under this one's name.
    """
    if not meeting.cases:
        return
    forum = context.forum(meeting.forum)
    name = str(meeting.forum) if forum is None else forum.name
    for case in meeting.cases:
        if case.referral is None:
            continue
        referral = context.referral(case.referral)
        values = {
            "forum": name,
            "when": f"{meeting.start:%Y-%m-%d}",
            "youth": case.youth,
            "referral_id": case.referral,
        }
        if referral is None:
            yield Finding(
                values={
                    **values,
                    "why_en": "which the network does not have",
                    "why_nl": "die het netwerk niet kent",
                }
            )
        elif referral.youth != case.youth:
            yield Finding(
                values={
                    **values,
                    "why_en": f"which is of another youth ({referral.youth})",
                    "why_nl": f"die van een andere jongere is ({referral.youth})",
                },
                related=(referral.id,),
            )


@record_rule(
    "HC-FORUM-014",
    Severity.ERROR,
    Subject.FORUM,
    title="forum area exists",
    en="Forum {name} covers {area_en}, but the {year} municipal division does not know "
    "{codes}: the forum is missing from every selection by area.",
    nl="Overleg {name} beslaat {area_nl}, maar de gemeentelijke indeling van {year} kent "
    "{codes} niet: het overleg ontbreekt in elke selectie per gebied.",
    reads=_FORUM_READS,
)
def forum_area_exists(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """A forum's area names municipalities and safety regions that exist.

    A code from an old division (a municipality merged away) or a typing error puts the
    forum nowhere on the map: it drops out of every query by area, and no case from any
    municipality can be judged to belong to it.
    """
    unknown = context.unknown_codes(forum.area)
    if unknown:
        area_en, area_nl = area_words(forum.area)
        yield {
            "name": forum.name,
            "area_en": area_en,
            "area_nl": area_nl,
            "year": context.gazetteer.year,
            "codes": ", ".join(unknown),
        }


@record_rule(
    "HC-FORUM-015",
    Severity.ERROR,
    Subject.FORUM,
    title="no member twice in a forum",
    en="Forum {name} lists member {partner} {times_en}.",
    nl="Overleg {name} noemt lid {partner} {times_nl}.",
    reads=_FORUM_READS,
)
def forum_member_once(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """Each partner is a member of a forum once.

    A member listed twice is a data-entry slip: it gets every invitation twice and inflates
    the count of who is at the table.
    """
    for partner_id, times in Counter(forum.members).items():
        if times > 1:
            yield {
                "name": forum.name,
                "partner": _named(partner_id, context),
                "times_en": english_count(times, "time"),
                "times_nl": dutch_count(times, "keer", "keer"),
            }


@record_rule(
    "HC-FORUM-016",
    Severity.WARNING,
    Subject.FORUM,
    title="a forum's members had not ended",
    en="Forum {name} ({period_en}) lists member {partner}, which ended on {ended}.",
    nl="Overleg {name} ({period_nl}) noemt lid {partner}, die eindigde op {ended}.",
    reads=_FORUM_READS,
)
def forum_members_not_ended(forum: Forum, context: CheckContext) -> Iterator[Mapping[str, object]]:
    """The members of a forum had not ended while the forum meets.

    A partner that closed, merged or stopped working with Halt
    (:attr:`~halt_core.model.Partner.ended_on`) is no longer at the table: a forum that
    still meets after the member's last day should list the partner that took over its
    work. A forum that ended before the member did is history, and fine.
    """
    reaches = forum.period.end or dt.date.max
    for partner_id in dict.fromkeys(forum.members):
        partner = context.partner(partner_id)
        if partner is not None and partner.ended_on is not None and partner.ended_by(reaches):
            yield {
                "name": forum.name,
                "partner": partner.name,
                "ended": partner.ended_on.isoformat(),
                **period_words(forum.period),
            }


RULES = (
    forum_level_matches_kind,
    usual_participants_present,
    halt_role_fits_forum,
    forum_members_exist,
    meeting_forum_exists,
    cases_belong_to_area,
    only_case_consultations_discuss_youths,
    forum_meetings_do_not_overlap,
    meetings_inside_forum_life,
    attendees_are_members,
    cases_shared_with_members_only,
    only_chain_partners_hear_cases,
    case_referrals_belong_to_the_youth,
    forum_area_exists,
    forum_member_once,
    forum_members_not_ended,
)
"""The built-in forum and meeting rules."""
