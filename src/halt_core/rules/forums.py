"""Rules about forums and their meetings: level, participants, Halt's role, cases, times.

Who heard a case on a meeting's agenda is :func:`~halt_core.model.at_the_table`: the partners
it was discussed with, when the case records them; else the meeting's attendees, when
recorded; else every member of the forum, since no one is recorded to have left.

A meeting that was called off (:attr:`~halt_core.model.Meeting.cancelled`) is not held: it
overlaps nothing, may lie after its forum ended (calling off the meetings planned past the
end is how a forum ends), and no one sat at its table or heard its cases. The rules about
what a meeting records (its forum, its cases' area and referrals, cases only at case
consultations) still judge it, since the record still holds what it holds.

The rules live in private modules, one per idea (``_forum_forums``, ``_forum_meetings``,
``_forum_cases``); this module gathers them in the order of :data:`RULES`.
"""

from __future__ import annotations

from halt_core.rules._forum_cases import (
    case_referrals_belong_to_the_youth,
    cases_shared_with_members_only,
    only_chain_partners_hear_cases,
)
from halt_core.rules._forum_forums import (
    forum_area_exists,
    forum_level_matches_kind,
    forum_member_once,
    forum_members_exist,
    forum_members_not_ended,
    halt_role_fits_forum,
    usual_participants_present,
)
from halt_core.rules._forum_meetings import (
    attendees_are_members,
    cases_belong_to_area,
    forum_meetings_do_not_overlap,
    meeting_forum_exists,
    meetings_inside_forum_life,
    only_case_consultations_discuss_youths,
)

__all__ = ["RULES"]

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
