"""Forum rules about meetings: their forum, area, cases only at consultations, times, attendees."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from halt_core.model import AMSTERDAM, Meeting
from halt_core.rules._core import (
    CheckContext,
    Finding,
    Severity,
    Subject,
    network_rule,
    record_rule,
)
from halt_core.rules._groups import forum_meetings_again, overlapping_meetings
from halt_core.rules._shared import MEETING_READS, named
from halt_core.rules._words import (
    area_words,
    dutch_count,
    english_count,
    kind_words,
    period_words,
)

__all__ = [
    "attendees_are_members",
    "cases_belong_to_area",
    "forum_meetings_do_not_overlap",
    "meeting_forum_exists",
    "meetings_inside_forum_life",
    "only_case_consultations_discuss_youths",
]


@record_rule(
    "HC-FORUM-005",
    Severity.ERROR,
    Subject.MEETING,
    title="meeting belongs to a known forum",
    en="Meeting at {location} on {when} belongs to forum {forum_id}, which the network does not "
    "have.",
    nl="Overleg in {location} op {when} hoort bij overleg {forum_id}, dat het netwerk niet kent.",
    reads=MEETING_READS,
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
    reads=MEETING_READS,
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
    reads=MEETING_READS,
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
    reads=MEETING_READS,
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


@record_rule(
    "HC-FORUM-010",
    Severity.WARNING,
    Subject.MEETING,
    title="attendees are members of the forum",
    en="Meeting of {forum} on {when} had {partner} at the table, which is not a member of the "
    "forum.",
    nl="Bij overleg {forum} op {when} zat {partner} aan tafel, die geen lid is van het overleg.",
    reads=MEETING_READS,
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
                "partner": named(partner_id, context),
            }
