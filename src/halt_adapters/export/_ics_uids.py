"""The UID of every event the calendar writes: the one place they are made.

A UID never changes for the same meeting, series or session, so a calendar that imports a
newer export, or polls a feed, updates its events rather than adding duplicates.
"""

from __future__ import annotations

from halt_core.ids import ForumId, MeetingId
from halt_core.model import Session
from halt_core.notify import messages
from halt_core.notify.messages import UID_DOMAIN

__all__ = ["UID_DOMAIN", "meeting_uid", "series_uid", "session_uid"]


def meeting_uid(meeting: MeetingId) -> str:
    """The UID of a meeting that is not part of its forum's series (as notifications give)."""
    return messages.meeting_uid(meeting)


def series_uid(forum: ForumId) -> str:
    """The UID of a forum's series: its master and each of its meetings (RECURRENCE-ID)."""
    return f"{forum}-series@{UID_DOMAIN}"


def session_uid(session: Session) -> str:
    """The UID of an intervention's session, from its id: kept when the session is moved.

    Made by :func:`halt_core.notify.messages.session_uid`, the one place a session's UID is
    made, so a notification's invitation and the export name a session alike.
    """
    return messages.session_uid(session)
