"""The iCalendar export: forum meetings and intervention sessions as one calendar (RFC 5545).

A calendar app imports the file, or subscribes to it, and shows Halt's meetings and sessions
in Dutch local time. Every event keeps its UID from one export to the next (derived from the
record's id), so importing a newer export updates events instead of adding duplicates.

Youths never appear in a calendar, whatever the export decided about personal data and
free text: a case consultation shows only its forum, place and time, never its cases nor its
agenda (whose titles name the cases), and neither does a meeting whose forum is not in the
export, since whether it is a case consultation cannot be told.

Unlike CSV or JSON Lines, a calendar is not written in constant memory: its events are
sorted by start, and a forum's rhythm is known only once all its meetings are seen, so the
events are collected first (a network's calendar is small).
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import urllib.parse
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from halt_adapters.export._ics_series import Series, later, length, series_of, written
from halt_core.errors import ExportFailed, InvalidValue
from halt_core.export import OMITTED, Exporter, ExportOptions, Sink
from halt_core.hookspecs import hookimpl
from halt_core.ids import HALT_NAMESPACE, ForumId, PartnerId
from halt_core.model import (
    AMSTERDAM,
    Forum,
    Frequency,
    Intervention,
    InterventionStatus,
    Meeting,
    Partner,
    Session,
)
from halt_core.model.words import english

if TYPE_CHECKING:
    from icalendar import Calendar, Event

__all__ = ["FILE_NAME", "UID_DOMAIN", "IcsExporter", "halt_exporters"]

FILE_NAME = "halt-calendar.ics"
"""The name of the one file the calendar export writes."""

UID_DOMAIN = "halt.nl"
"""The domain after the ``@`` of every event's UID."""

_SETTINGS = {
    "calendar": (
        "whose calendar: all (default), forum:<id> (that forum's meetings) or partner:<id> "
        "(the forums it sits in and the interventions it takes part in)"
    ),
    "organizer": "the e-mail address of the Halt team that organises the sessions",
}
_EMAIL = re.compile(r"[^@\s:]+@[^@\s]+\.[^@\s]+")
_ZONE = "Europe/Amsterdam"
# A series without an end repeats for ever; its time zone is described this far ahead.
_OPEN_SERIES_YEARS = 10
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
_UNIT = {Frequency.WEEKLY: "week", Frequency.MONTHLY: "month"}
_NOT_REPLACING = dt.datetime.min.replace(tzinfo=dt.UTC)
_SHOWN = ("forums", "meetings", "interventions")


class IcsExporter:
    """Meetings and intervention sessions as an iCalendar file (``.ics``), RFC 5545.

    Writes one file, ``halt-calendar.ics``, in Europe/Amsterdam time (with its VTIMEZONE):
    an event per meeting and per intervention session, sorted by start, then UID.

    - A meeting's event is named after its forum and lists its agenda titles, except for a
      case consultation (a forum whose kind discusses cases, or a meeting with cases): its
      cases and its agenda never appear, nor the agenda of a meeting whose forum is not in
      the export. UID: ``<meeting id>@halt.nl``.
    - A forum with a cadence becomes one repeating event (RRULE, until the forum's last day
      if it has one; UID ``<forum id>-series@halt.nl``) starting at its first meeting. A
      meeting on the day of one of its occurrences replaces that occurrence (same UID,
      RECURRENCE-ID), any other meeting is an event of its own, and occurrences up to the
      last meeting that no meeting took place on are excluded (EXDATE): each meeting shows
      once, and the series shows the forum's rhythm after its last known meeting.
    - A session's event carries the intervention's title, the session's place, the kind,
      target group and trainer, Halt as ORGANIZER and the school as ATTENDEE. UID:
      ``<intervention id>-session-<n>@halt.nl`` (n counts from 1 in planning order), so a
      moved session keeps its UID. STATUS: TENTATIVE while requested or in intake,
      CANCELLED when declined or cancelled, CONFIRMED otherwise.

    DTSTAMP is the export's ``generated_at``, so the same data exported twice gives the same
    bytes. Records are not versioned, so there is no SEQUENCE or LAST-MODIFIED.

    The export's report counts what the calendar shows, not what it was given: ``meetings``
    (each shows once), ``interventions`` (those with a session in the calendar) and
    ``forums`` (those shown as a repeating series). Partners, and forums without a series,
    only lend their names to events, so they are not counted.

    Settings:
        calendar: ``all`` (default), ``forum:<id>`` (that forum's meetings, the calendar
            named after it) or ``partner:<id>`` (a partner's calendar, e.g. a school's: the
            forums it is a member of, the interventions it is school, commissioner or
            partner of; named after the partner).
        organizer: the e-mail address of the Halt team to name as the sessions' ORGANIZER;
            without it the organiser is "Halt" with Halt's UUID as its address.

    """

    name = "ics"
    media_type = "text/calendar"
    extension = ".ics"
    accepts: tuple[type, ...] = (Partner, Forum, Meeting, Intervention)
    description = "iCalendar: forum meetings and intervention sessions as calendar events"

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int]:
        """Write the calendar of ``records`` to ``sink`` as ``halt-calendar.ics``.

        Returns how many meetings, interventions and forum series the calendar shows.
        """
        options.check_settings(self.name, _SETTINGS)
        scope = _Scope.parse(options.text("calendar", "all").strip())
        organizer = options.text("organizer", "").strip()
        if organizer and not _EMAIL.fullmatch(organizer):
            raise InvalidValue("ics export", "organizer", organizer, "an e-mail address")
        try:
            importlib.import_module("icalendar")
        except ImportError:
            raise ExportFailed(
                self.name, "it needs the icalendar package: install halt-core[ics]"
            ) from None
        gathered = _Gathered(scope)
        gathered.take(records)
        name = gathered.calendar_name()
        events = _Events(gathered, options.generated_at, organizer)
        calendar = _calendar(name, options.personal_data.notice, events)
        with sink.open(FILE_NAME, format=self.name) as stream:
            stream.write(calendar.to_ical())
        # In the order of a network, as a report lists kinds.
        return {kind: events.shown[kind] for kind in _SHOWN if events.shown[kind]}


@attrs.frozen(kw_only=True)
class _Scope:
    """Whose calendar: one forum's, one partner's, or (neither given) everything."""

    forum: ForumId | None = None
    partner: PartnerId | None = None

    @classmethod
    def parse(cls, value: str) -> _Scope:
        """The scope the ``calendar`` setting names; InvalidValue when it names none."""
        if value == "all":
            return cls()
        kind, _, key = value.partition(":")
        try:
            if kind == "forum":
                return cls(forum=ForumId(uuid.UUID(key)))
            if kind == "partner":
                return cls(partner=PartnerId(uuid.UUID(key)))
        except ValueError:
            pass
        raise InvalidValue(
            "ics export", "calendar", value, "all, forum:<forum id> or partner:<partner id>"
        )


@attrs.define
class _Gathered:
    """What a calendar is made of: partners and forums by id, meetings and sessions in scope."""

    scope: _Scope
    partners: dict[PartnerId, Partner] = attrs.Factory(dict)
    forums: dict[ForumId, Forum] = attrs.Factory(dict)
    meetings: defaultdict[ForumId, list[Meeting]] = attrs.Factory(lambda: defaultdict(list))
    interventions: list[Intervention] = attrs.Factory(list)

    def take(self, records: Iterable[Any]) -> None:
        """Keep what the calendar needs of ``records`` (forums come before their meetings)."""
        for record in records:
            if isinstance(record, Partner):
                self.partners[record.id] = record
            elif isinstance(record, Forum):
                self.forums[record.id] = record
            elif isinstance(record, Meeting):
                if self._wants_meeting(record):
                    self.meetings[record.forum].append(record)
            elif isinstance(record, Intervention) and self._wants_intervention(record):
                self.interventions.append(record)

    def _wants_meeting(self, meeting: Meeting) -> bool:
        if self.scope.partner is not None:
            forum = self.forums.get(meeting.forum)
            return forum is not None and self.scope.partner in forum.members
        return self.scope.forum in (None, meeting.forum)

    def _wants_intervention(self, intervention: Intervention) -> bool:
        if self.scope.partner is not None:
            taking_part = (intervention.school, intervention.commissioner, *intervention.partners)
            return bool(intervention.sessions) and self.scope.partner in taking_part
        return bool(intervention.sessions) and self.scope.forum is None

    def calendar_name(self) -> str:
        """The calendar's name; InvalidValue when the scope's record is not in the export."""
        if self.scope.forum is not None:
            forum = self.forums.get(self.scope.forum)
            if forum is None:
                raise _not_exported("forum", self.scope.forum)
            return forum.name
        if self.scope.partner is not None:
            partner = self.partners.get(self.scope.partner)
            if partner is None:
                raise _not_exported("partner", self.scope.partner)
            return partner.name
        return "Halt"


def _not_exported(kind: str, key: uuid.UUID) -> InvalidValue:
    return InvalidValue(
        "ics export",
        "calendar",
        f"{kind}:{key}",
        f"a {kind} among the exported records (is the id right, are {kind}s exported?)",
    )


def _calendar(name: str, notice: str, events: _Events) -> Calendar:
    from icalendar import Calendar, Timezone

    calendar = Calendar()
    calendar.add("prodid", "-//Halt//halt_core//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", _ZONE)
    calendar.add("description", notice)
    calendar.add("x-wr-caldesc", notice)
    ordered, (first, last) = events.build()
    # Always there, even without events: a calendar needs a component, and readers that do
    # not know Europe/Amsterdam by name need its rules over the years the events span.
    zone = Timezone.from_tzinfo(AMSTERDAM, _ZONE, dt.date(first, 1, 1), dt.date(last + 1, 1, 1))
    calendar.add_component(zone)
    for event in ordered:
        calendar.add_component(event)
    return calendar


class _Events:
    """Builds the events of a calendar from what was gathered.

    Attributes:
        shown: once built, how many records of each kind the events show, by kind name.

    """

    def __init__(self, gathered: _Gathered, generated_at: dt.datetime, organizer: str) -> None:
        self.gathered = gathered
        self.stamp = generated_at.astimezone(dt.UTC)
        self.organizer = organizer
        self._years: set[int] = set()
        self._keyed: list[tuple[tuple[dt.datetime, str, dt.datetime], Event]] = []
        self.shown: Counter[str] = Counter()

    def build(self) -> tuple[list[Event], tuple[int, int]]:
        """Every event, and the first and last year they reach into.

        Events are sorted by start, then UID (a series before the meetings it holds); without
        events, the years are the export's.
        """
        for forum_id, meetings in sorted(self.gathered.meetings.items()):
            self._forum(self.gathered.forums.get(forum_id), meetings)
        for intervention in self.gathered.interventions:
            for number, session in enumerate(intervention.sessions, start=1):
                self._session(intervention, number, session)
            self.shown["interventions"] += 1
        self._keyed.sort(key=lambda keyed: keyed[0])
        years = self._years or {self.stamp.astimezone(AMSTERDAM).year}
        return [event for _, event in self._keyed], (min(years), max(years))

    def _add(self, event: Event, uid: str, start: dt.datetime, end: dt.datetime) -> None:
        event.add("uid", uid)
        event.add("dtstamp", self.stamp)
        event.add("dtstart", written(start))
        event.add("dtend", written(end, up=True))
        self._years.update((start.year, end.year))
        replaces = event.get("recurrence-id")
        slot = replaces.dt.astimezone(dt.UTC) if replaces is not None else _NOT_REPLACING
        self._keyed.append(((start.astimezone(dt.UTC), uid, slot), event))

    def _forum(self, forum: Forum | None, meetings: list[Meeting]) -> None:
        meetings.sort(key=lambda m: (m.start.astimezone(dt.UTC), m.id))
        # Without its forum (not exported) a meeting still shows, as a plain event.
        series = series_of(forum, meetings) if forum is not None else None
        for meeting in meetings:
            event = self._meeting(forum, meeting)
            slot = series.replaced.get(meeting.id) if series is not None else None
            if slot is None:
                self._add(event, f"{meeting.id}@{UID_DOMAIN}", meeting.start, meeting.end)
            else:
                event.add("recurrence-id", slot)
                self._add(event, _series_uid(meeting.forum), meeting.start, meeting.end)
        self.shown["meetings"] += len(meetings)
        if forum is not None and series is not None:
            self._add_series(forum, series, meetings)
            self.shown["forums"] += 1

    def _meeting(self, forum: Forum | None, meeting: Meeting) -> Event:
        from icalendar import Event

        event = Event()
        # Never the meeting's cases: a calendar is shared and synced far and wide.
        event.add("summary", _text(forum.name) if forum is not None else "Meeting")
        event.add("location", _text(meeting.location))
        # Nor its agenda, for a case consultation: its titles name the cases ("Casus ...").
        # Titles left out as free text say nothing: an agenda of only those is not shown.
        shown = [item.title for item in meeting.agenda if item.title != OMITTED]
        if shown and not _discusses_cases(forum, meeting):
            titles = "\n".join(f"- {title}" for title in shown)
            event.add("description", _text(f"Agenda:\n{titles}"))
        event.add("status", "CONFIRMED")
        return event

    def _add_series(self, forum: Forum, series: Series, meetings: list[Meeting]) -> None:
        from icalendar import Event

        first, latest = meetings[0], meetings[-1]
        event = Event()
        event.add("summary", _text(forum.name))
        # The occurrences no meeting replaces lie after the latest meeting: it is the best
        # guess of where the next ones are and how long they take.
        event.add("location", _text(latest.location))
        unit = _UNIT[series.cadence.frequency]
        interval = series.cadence.interval
        every = f"every {interval} {unit}s" if interval > 1 else f"every {unit}"
        partners = self.gathered.partners
        members = [partners[p].name for p in forum.members if p in partners]
        lines = [f"{forum.name} meets {every}."]
        if members:
            lines.append("Members: " + ", ".join(members))
        event.add("description", _text("\n".join(lines)))
        event.add("status", "CONFIRMED")
        rule: dict[str, Any] = {"freq": series.cadence.frequency.value.upper()}
        rule["interval"] = interval
        if series.until is not None:
            rule["until"] = series.until
            self._years.add(series.until.year)
        else:
            self._years.add(latest.start.year + _OPEN_SERIES_YEARS)
        event.add("rrule", rule)
        if series.excluded:
            event.add("exdate", series.excluded)
        end = later(first.start, length(latest))
        self._add(event, _series_uid(forum.id), first.start, end)

    def _session(self, intervention: Intervention, number: int, session: Session) -> None:
        from icalendar import Event, vCalAddress

        event = Event()
        event.add("summary", _text(intervention.title))
        event.add("location", _text(session.location))
        event.add("description", _text(_about(intervention, number, session)))
        event.add("status", _STATUS[intervention.status])
        halt = _mailto(self.organizer) if self.organizer else f"urn:uuid:{HALT_NAMESPACE}"
        event.add("organizer", vCalAddress(halt), parameters={"CN": "Halt"})
        school = self.gathered.partners.get(intervention.school) if intervention.school else None
        if school is not None:
            email = next((c.email for c in school.contact_points if c.email), None)
            address = _mailto(email) if email else f"urn:uuid:{school.id}"
            details = {"CN": _text(school.name), "CUTYPE": "GROUP", "ROLE": "REQ-PARTICIPANT"}
            event.add("attendee", vCalAddress(address), parameters=details)
        uid = f"{intervention.id}-session-{number}@{UID_DOMAIN}"
        self._add(event, uid, session.start, session.end)


def _discusses_cases(forum: Forum | None, meeting: Meeting) -> bool:
    """Whether ``meeting`` may be a case consultation: so when its forum is not known."""
    return forum is None or forum.kind.profile.discusses_cases or bool(meeting.cases)


def _about(intervention: Intervention, number: int, session: Session) -> str:
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
    lines.append(f"Session {number} of {len(intervention.sessions)}")
    return "\n".join(lines)


def _text(value: str) -> str:
    """``value`` as RFC 5545 text: line breaks as LF, other control characters as spaces."""
    return _CONTROL.sub(" ", value.replace("\r\n", "\n").replace("\r", "\n"))


def _mailto(email: str) -> str:
    return "mailto:" + urllib.parse.quote(email, safe="@+")


def _series_uid(forum: ForumId) -> str:
    return f"{forum}-series@{UID_DOMAIN}"


@hookimpl
def halt_exporters() -> list[Exporter]:
    """The iCalendar exporter (``ics``)."""
    return [IcsExporter()]
