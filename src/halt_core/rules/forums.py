"""Rules about forums and their meetings: level, participants, Halt's role, cases, times."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping

from halt_core.ids import ForumId
from halt_core.model import Area, Forum, Meeting
from halt_core.rules._core import (
    CheckContext,
    Finding,
    Severity,
    Subject,
    network_rule,
    record_rule,
)
from halt_core.rules._words import area_words, en, nl, period_words

__all__ = ["RULES"]


@record_rule(
    "HC-FORUM-001",
    Severity.ERROR,
    Subject.FORUM,
    title="forum level matches its kind",
    en="Forum {name} is a {kind_en}, which works at the {usual_en} level, but it is recorded "
    "at the {level_en} level.",
    nl="Overleg {name} is een {kind_nl}, dat op {usual_nl} niveau werkt, maar het staat op "
    "{level_nl} niveau.",
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
            "kind_en": en(forum.kind),
            "kind_nl": nl(forum.kind),
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
    en="Forum {name} ({kind_en}) has no {missing_en} among its members; they usually take part.",
    nl="Bij overleg {name} ({kind_nl}) ontbreekt {missing_nl}; die neemt gewoonlijk deel.",
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
    en="Halt is {role_en} of forum {name}, but in a {kind_en} Halt can only be {allowed_en}.",
    nl="Halt is {role_nl} van overleg {name}, maar in een {kind_nl} kan Halt alleen "
    "{allowed_nl} zijn.",
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
            "kind_en": en(forum.kind),
            "kind_nl": nl(forum.kind),
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
        home = Area.municipality(case.municipality)
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
    en="Meeting of {forum} on {when} has {count} youth(s) on its agenda, but a {kind_en} does not "
    "discuss individual youths.",
    nl="Overleg {forum} op {when} heeft {count} jongere(n) op de agenda, maar een {kind_nl} "
    "bespreekt geen individuele jongeren.",
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
            "count": len(meeting.cases),
            "kind_en": en(forum.kind),
            "kind_nl": nl(forum.kind),
        }


@network_rule(
    "HC-FORUM-008",
    Severity.WARNING,
    Subject.MEETING,
    title="a forum's meetings do not overlap",
    en="Meeting of {forum} on {when} overlaps its meeting that starts at {other}.",
    nl="Overleg {forum} op {when} overlapt met het overleg dat om {other} begint.",
)
def forum_meetings_do_not_overlap(context: CheckContext) -> Iterator[Finding]:
    """Two meetings of one forum do not overlap in time.

    The same members cannot be in two meetings at once; an overlap is a meeting planned twice
    or a wrong time. Found by sorting each forum's meetings by start.
    """
    by_forum: dict[ForumId, list[Meeting]] = defaultdict(list)
    for meeting in context.network.meetings:
        by_forum[meeting.forum].append(meeting)
    for forum_id, meetings in by_forum.items():
        if len(meetings) < 2:
            continue
        forum = context.forum(forum_id)
        name = forum.name if forum is not None else str(forum_id)
        # Timestamps, not wall times: Python compares two times of one zone without offsets.
        meetings.sort(key=lambda m: (m.start.timestamp(), str(m.id)))
        latest = meetings[0]
        for m in meetings[1:]:
            if m.start.timestamp() < latest.end.timestamp():
                yield Finding(
                    subject_id=m.id,
                    related=(latest.id,),
                    values={
                        "forum": name,
                        "when": f"{m.start:%Y-%m-%d %H:%M}",
                        "other": f"{latest.start:%Y-%m-%d %H:%M}",
                    },
                )
            if m.end.timestamp() > latest.end.timestamp():
                latest = m


@record_rule(
    "HC-FORUM-009",
    Severity.ERROR,
    Subject.MEETING,
    title="meetings fall inside the forum's life",
    en="Meeting of {forum} on {when} falls outside the forum's life ({period_en}).",
    nl="Overleg {forum} op {when} valt buiten de looptijd van het overleg ({period_nl}).",
)
def meetings_inside_forum_life(
    meeting: Meeting, context: CheckContext
) -> Iterator[Mapping[str, object]]:
    """A forum meets only while it exists: from the start of its period to its end.

    A meeting before a forum was set up, or after it was ended, is a wrong date or a meeting
    of another forum.
    """
    forum = context.forum(meeting.forum)
    if forum is None:
        return
    if not forum.period.contains(meeting.start.date()):
        yield {
            "forum": forum.name,
            "when": f"{meeting.start:%Y-%m-%d}",
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
)
"""The built-in forum and meeting rules."""
