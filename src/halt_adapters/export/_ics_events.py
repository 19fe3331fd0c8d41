"""The events of a calendar, and what tells a calendar client which of them changed.

Every event carries the three properties RFC 5545 and RFC 5546 clients compare when a newer
copy of an event (same UID) arrives, by import or by polling a feed:

- ``SEQUENCE``: the revision, from the stored versions of the records the event shows. It
  only grows when one of them is saved again, so a client replaces its copy exactly when the
  event changed. A session's is its intervention's version - 1 (0 when first stored); a
  meeting's of its own, its meeting's version - 1; a forum series' (its master and every
  meeting in it, RECURRENCE-ID) is the forum's version - 1 plus the versions of all the
  forum's meetings in the calendar's scope, called off ones included (even once left out),
  since a meeting planned, moved, called off or taken out of the series changes the series.
  A meeting deleted from the store lowers that sum: call meetings off, delete only those
  recorded by mistake.
- ``DTSTAMP`` and ``LAST-MODIFIED``: when the records changed is not stored, so both are
  :data:`STABLE_STAMP` in every export: an unchanged event is byte for byte the same, and
  SEQUENCE alone orders revisions. Records that do not come from a store (a network, a list)
  have no versions and count as first versions (SEQUENCE 0): such a calendar is the same as
  one exported from a store just filled with them, but a client cannot tell a changed event
  from its older copy, so calendars that must update are exported from a store.

Cancelled or declined interventions keep their session events with ``STATUS:CANCELLED`` and
a higher SEQUENCE, so an importing client removes them.

A meeting called off (:attr:`~halt_core.model.Meeting.cancelled`) is kept in the store, and
its save grows its version, so the calendar tells the clients that imported it, for
:data:`CANCELLATIONS_SHOWN` after it would have ended:

- a meeting of its own is written ``STATUS:CANCELLED`` under its UID, SEQUENCE one higher;
- a meeting that held an occurrence of its forum's series is laid on the series as it was
  before (so the series' rhythm, start and end do not move), its occurrence excluded
  (EXDATE) instead of overridden; the series' SEQUENCE grows with the meeting's version.

After that period it is left out. Its version still counts in its series' SEQUENCE, so the
series' revision never falls: a client that kept the older copy shows the same meetings.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from halt_adapters.export._ics_series import Series, later, length, series_of, written
from halt_adapters.export._ics_uids import meeting_uid, series_uid, session_uid
from halt_core.export import OMITTED
from halt_core.ids import HALT_NAMESPACE, PartnerId
from halt_core.lifecycle.interventions import DROPPED_SESSIONS_KEPT
from halt_core.model import (
    AMSTERDAM,
    Forum,
    Intervention,
    InterventionStatus,
    Meeting,
    Partner,
    Session,
)
from halt_core.model.words import english

if TYPE_CHECKING:
    from icalendar import Event

__all__ = [
    "CANCELLATIONS_SHOWN",
    "NOT_REPLACING",
    "STABLE_STAMP",
    "Events",
    "Keep",
    "Named",
    "text",
]

STABLE_STAMP = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""DTSTAMP and LAST-MODIFIED of every event exported from a store (which keeps no change times)."""

CANCELLATIONS_SHOWN = DROPPED_SESSIONS_KEPT
"""How long after a called-off meeting would have ended the calendar still cancels it (90 days).

The period an intervention keeps a dropped session
(:data:`~halt_core.lifecycle.interventions.DROPPED_SESSIONS_KEPT`): every cancellation the
calendar carries is carried as long. Counted back from the export's ``generated_at``.
"""

_STATUS = {
    InterventionStatus.REQUESTED: "TENTATIVE",
    InterventionStatus.INTAKE: "TENTATIVE",
    InterventionStatus.AGREED: "CONFIRMED",
    InterventionStatus.SCHEDULED: "CONFIRMED",
    InterventionStatus.DELIVERED: "CONFIRMED",
    InterventionStatus.EVALUATED: "CONFIRMED",
    InterventionStatus.DECLINED: "CANCELLED",
    InterventionStatus.CANCELLED: "CANCELLED",
}
# RFC 5545 text holds no control characters but tabs and (escaped) line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNIT = {"weekly": "week", "monthly": "month"}


@attrs.frozen
class Named:
    """What an event shows of a partner: its name and its first contact e-mail, if any."""

    name: str
    email: str | None = None

    @classmethod
    def of(cls, partner: Partner) -> Named:
        """What events show of ``partner``."""
        email = next((c.email for c in partner.contact_points if c.email), None)
        return cls(partner.name, email)


Keep = Callable[[int, str, int, bytes], None]
"""Where finished events go: (start, UID, replaced occurrence, the event's text).

Start and replaced occurrence are microseconds since 1970 in UTC (the occurrence
:data:`NOT_REPLACING` for an event that replaces none), so sorting by the four sorts a
calendar as RFC 5545 readers expect: by start, then UID, a series before its overrides.
"""

NOT_REPLACING = -(2**62)
"""The occurrence an event that is not an override sorts on: before every real one."""


class Events:
    """Builds the events of a calendar, handing each to ``keep`` as soon as it is written.

    Nothing is held but counts: what an event needs of other records comes with the call
    (a forum with its meetings) or from ``partner`` (the name of a school or a member).

    Attributes:
        shown: how many records of each kind the events show so far, by kind name.

    """

    def __init__(
        self,
        *,
        partner: Callable[[PartnerId], Named | None],
        generated_at: dt.datetime,
        organizer: str,
        keep: Keep,
    ) -> None:
        self.partner = partner
        self.organizer = organizer
        self._keep = keep
        self._horizon = generated_at.astimezone(dt.UTC) - CANCELLATIONS_SHOWN
        self._years: set[int] = {generated_at.astimezone(AMSTERDAM).year}
        self.shown: Counter[str] = Counter()

    @property
    def first_year(self) -> int:
        """The first year the events reach into (the export's year without events)."""
        return min(self._years)

    def _add(
        self, event: Event, uid: str, start: dt.datetime, end: dt.datetime, sequence: int
    ) -> None:
        event.add("uid", uid)
        event.add("dtstamp", STABLE_STAMP)
        event.add("last-modified", STABLE_STAMP)
        event.add("sequence", sequence)
        event.add("dtstart", written(start))
        event.add("dtend", written(end, up=True))
        self._years.update((start.year, end.year))
        replaces = event.get("recurrence-id")
        slot = _microseconds(replaces.dt) if replaces is not None else NOT_REPLACING
        self._keep(_microseconds(start), uid, slot, event.to_ical())

    # -- meetings ------------------------------------------------------------------------------

    def forum(
        self, forum: Forum | None, forum_version: int, meetings: list[tuple[Meeting, int]]
    ) -> None:
        """Add the events of a forum's meetings, each with its stored version.

        ``forum`` None: the forum is not exported. Versions are 1 for records that do not
        come from a store. Meetings called off more than :data:`CANCELLATIONS_SHOWN` ago
        are left out, but count in the series' SEQUENCE, so it never falls when one is left
        out.
        """
        # Every meeting the calendar has written: its version only grows (a meeting called
        # off is saved, not deleted), and so does the sum.
        everyone = sum(version for _, version in meetings)
        kept = [(m, v) for m, v in meetings if not self._gone(m)]
        kept.sort(key=lambda mv: (mv[0].start.astimezone(dt.UTC), mv[0].id))
        held = [m for m, _ in kept]
        # Without its forum (not exported) a meeting still shows, as a plain event.
        series = series_of(forum, held) if forum is not None else None
        revision = forum_version - 1 + everyone if series is not None else 0
        for meeting, version in kept:
            slot = series.replaced.get(meeting.id) if series is not None else None
            if slot is not None and meeting.cancelled:
                continue  # its occurrence is excluded from the series
            event = self._meeting(forum, meeting)
            if slot is None:
                self._add(event, meeting_uid(meeting.id), meeting.start, meeting.end, version - 1)
            else:
                event.add("recurrence-id", written(slot))
                self._add(event, series_uid(meeting.forum), meeting.start, meeting.end, revision)
        self.shown["meetings"] += len(held)
        if forum is not None and series is not None:
            self._series(forum, series, held, revision)
            self.shown["forums"] += 1

    def _gone(self, meeting: Meeting) -> bool:
        """Whether ``meeting`` was called off and ended longer ago than the calendar tells it."""
        return meeting.cancelled and meeting.end.astimezone(dt.UTC) < self._horizon

    def _meeting(self, forum: Forum | None, meeting: Meeting) -> Event:
        from icalendar import Event

        event = Event()
        # Never the meeting's cases: a calendar is shared and synced far and wide.
        event.add("summary", text(forum.name) if forum is not None else "Meeting")
        event.add("location", text(meeting.location))
        # Nor its agenda, for a case consultation: its titles name the cases ("Casus ...").
        # Titles left out as free text say nothing: an agenda of only those is not shown.
        shown = [item.title for item in meeting.agenda if item.title != OMITTED]
        if shown and not _discusses_cases(forum, meeting):
            titles = "\n".join(f"- {title}" for title in shown)
            event.add("description", text(f"Agenda:\n{titles}"))
        event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        return event

    def _series(self, forum: Forum, series: Series, meetings: list[Meeting], revision: int) -> None:
        from icalendar import Event

        laid = [m for m in meetings if m.id in series.replaced]
        # The latest meeting held, or, when every one was called off, the latest called off.
        latest = next((m for m in reversed(laid) if not m.cancelled), laid[-1])
        event = Event()
        event.add("summary", text(forum.name))
        # Every occurrence is overridden by its meeting or excluded: these are the latest
        # meeting's, the best guess a client shows should it not take an override.
        event.add("location", text(latest.location))
        cadence = series.rhythm.cadence
        unit = _UNIT[cadence.frequency.value]
        every = f"every {cadence.interval} {unit}s" if cadence.interval > 1 else f"every {unit}"
        members = [named.name for p in forum.members if (named := self.partner(p)) is not None]
        lines = [f"{forum.name} meets {every}."]
        if members:
            lines.append("Members: " + ", ".join(members))
        event.add("description", text("\n".join(lines)))
        event.add("status", "CONFIRMED")
        event.add("rrule", series.rule())
        # The occurrences no meeting holds, and those of the meetings called off.
        called_off = [series.replaced[m.id] for m in laid if m.cancelled]
        excluded = sorted([*series.excluded, *called_off], key=lambda s: s.astimezone(dt.UTC))
        if excluded:
            event.add("exdate", [written(slot) for slot in excluded])
        self._years.add(series.until.year)
        end = later(series.start, length(latest))
        self._add(event, series_uid(forum.id), series.start, end, revision)

    # -- sessions ------------------------------------------------------------------------------

    def intervention(self, intervention: Intervention, version: int) -> None:
        """Add the events of an intervention's sessions (``version``: its stored version)."""
        sequence = version - 1
        for number, session in enumerate(intervention.sessions, start=1):
            self._session(intervention, number, session, sequence)
        # Sessions a re-planning dropped stay, cancelled under their UID, for as long as the
        # intervention keeps them (DROPPED_SESSIONS_KEPT), so importing clients remove them.
        for session in intervention.dropped_sessions:
            self._session(intervention, None, session, sequence, cancelled=True)
        self.shown["interventions"] += 1

    def _session(
        self,
        intervention: Intervention,
        number: int | None,
        session: Session,
        sequence: int,
        *,
        cancelled: bool = False,
    ) -> None:
        from icalendar import Event, vCalAddress

        event = Event()
        event.add("summary", text(intervention.title))
        event.add("location", text(session.location))
        event.add("description", text(_about(intervention, number, session)))
        event.add("status", "CANCELLED" if cancelled else _STATUS[intervention.status])
        halt = _mailto(self.organizer) if self.organizer else f"urn:uuid:{HALT_NAMESPACE}"
        event.add("organizer", vCalAddress(halt), parameters={"CN": "Halt"})
        school = self.partner(intervention.school) if intervention.school else None
        if school is not None:
            address = _mailto(school.email) if school.email else f"urn:uuid:{intervention.school}"
            details = {"CN": text(school.name), "CUTYPE": "GROUP", "ROLE": "REQ-PARTICIPANT"}
            event.add("attendee", vCalAddress(address), parameters=details)
        self._add(event, session_uid(session), session.start, session.end, sequence)


def _microseconds(moment: dt.datetime) -> int:
    return (moment - STABLE_STAMP) // dt.timedelta(microseconds=1)


def _discusses_cases(forum: Forum | None, meeting: Meeting) -> bool:
    """Whether ``meeting`` may be a case consultation: so when its forum is not known."""
    return forum is None or forum.kind.profile.discusses_cases or bool(meeting.cases)


def _about(intervention: Intervention, number: int | None, session: Session) -> str:
    """A session's description: kind, target group, trainer, which session of how many."""
    group = intervention.target_group
    details = [english(group.audience)]
    if group.age_range is not None:
        details.append(f"ages {group.age_range.minimum}-{group.age_range.maximum}")
    if group.size is not None:
        details.append(f"about {group.size} people")
    if group.parents_involved:
        details.append("parents involved")
    lines = [
        f"Kind: {english(intervention.kind)}",
        f"Target group: {group.description} ({', '.join(details)})",
    ]
    if session.trainer is not None:
        lines.append(f"Trainer: {session.trainer}")
    if number is None:
        lines.append("Session dropped when the intervention was planned again")
    else:
        lines.append(f"Session {number} of {len(intervention.sessions)}")
    return "\n".join(lines)


def text(value: str) -> str:
    """``value`` as RFC 5545 text: line breaks as LF, other control characters as spaces."""
    return _CONTROL.sub(" ", value.replace("\r\n", "\n").replace("\r", "\n"))


def _mailto(email: str) -> str:
    return "mailto:" + urllib.parse.quote(email, safe="@+")
