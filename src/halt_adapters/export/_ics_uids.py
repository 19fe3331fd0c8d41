"""The UID of every event the calendar writes: the one place they are made.

A UID never changes for the same meeting, series or session, so a calendar that imports a
newer export, or polls a feed, updates its events rather than adding duplicates.
"""

from __future__ import annotations

from halt_core.ids import ForumId, InterventionId, MeetingId
from halt_core.notify import messages
from halt_core.notify.messages import UID_DOMAIN

__all__ = ["UID_DOMAIN", "meeting_uid", "series_uid", "session_uid"]


def meeting_uid(meeting: MeetingId) -> str:
    """The UID of a meeting that is not part of its forum's series (as notifications give)."""
    return messages.meeting_uid(meeting)


def series_uid(forum: ForumId) -> str:
    """The UID of a forum's series: its master and each of its meetings (RECURRENCE-ID)."""
    return f"{forum}-series@{UID_DOMAIN}"


def session_uid(intervention: InterventionId, number: int) -> str:
    """The UID of the ``number``-th session (from 1, in planning order) of an intervention.

    Made by :func:`halt_core.notify.messages.session_uid`, the one place a session's UID is
    made, so a notification's invitation and the export name a session alike. Sessions have
    no id of their own yet, so the UID counts them: a session moved keeps its UID, but one
    dropped before others shifts theirs. Once sessions carry a stable id, derive the UID
    from it there; this is the export's only caller.
    """
    return messages.session_uid(intervention, number)
