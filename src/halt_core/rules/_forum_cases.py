"""Forum rules about cases on a meeting's agenda: who heard them, and their referrals."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from halt_core.model import Meeting, at_the_table
from halt_core.privacy.policy import may_receive_justice_data
from halt_core.rules._core import (
    CheckContext,
    Finding,
    Severity,
    Subject,
    record_rule,
)
from halt_core.rules._shared import MEETING_READS, named
from halt_core.rules._words import (
    kind_words,
)

__all__ = [
    "case_referrals_belong_to_the_youth",
    "cases_shared_with_members_only",
    "only_chain_partners_hear_cases",
]


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
    reads=MEETING_READS,
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
                "partner": named(partner_id, context),
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
    reads=MEETING_READS,
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
    reads=MEETING_READS,
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
