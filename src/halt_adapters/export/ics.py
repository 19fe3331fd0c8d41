"""The iCalendar export: forum meetings and intervention sessions as one calendar (RFC 5545).

A calendar app imports the file, or subscribes to it, and shows Halt's meetings and sessions
in Dutch local time. Every event keeps its UID from one export to the next (derived from the
record's id), and its SEQUENCE grows when it changes, so importing a newer export updates
events instead of adding duplicates (RFC 5546's rules for a published calendar).

Youths never appear in a calendar, whatever the export decided about personal data and
free text: a case consultation shows only its forum, place and time, never its cases nor its
agenda (whose titles name the cases), and neither does a meeting whose forum is not in the
export, since whether it is a case consultation cannot be told.

Unlike CSV or JSON Lines, a calendar is not written in constant memory: its events are
sorted by start, and a forum's rhythm is known only once all its meetings are seen, so the
events are collected first (a network's calendar is small).
"""

from __future__ import annotations

import importlib
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from halt_adapters.export._ics_events import STABLE_STAMP, Events
from halt_adapters.export._ics_timezone import ZONE, vtimezone
from halt_adapters.export._ics_uids import UID_DOMAIN
from halt_core.errors import ExportFailed, InvalidValue
from halt_core.export import Exporter, ExportOptions, Sink
from halt_core.hookspecs import hookimpl
from halt_core.ids import ForumId, PartnerId
from halt_core.model import Forum, Intervention, Meeting, Partner

__all__ = ["FILE_NAME", "STABLE_STAMP", "UID_DOMAIN", "IcsExporter", "halt_exporters"]

FILE_NAME = "halt-calendar.ics"
"""The name of the one file the calendar export writes."""

_SETTINGS = {
    "calendar": (
        "whose calendar: all (default), forum:<id> (that forum's meetings) or partner:<id> "
        "(the forums it sits in and the interventions it takes part in)"
    ),
    "organizer": "the e-mail address of the Halt team that organises the sessions",
}
_EMAIL = re.compile(r"[^@\s:]+@[^@\s]+\.[^@\s]+")
_SHOWN = ("forums", "meetings", "interventions")


class IcsExporter:
    """Meetings and intervention sessions as an iCalendar file (``.ics``), RFC 5545.

    Writes one file, ``halt-calendar.ics``, in Europe/Amsterdam time (with its VTIMEZONE):
    an event per meeting and per intervention session, sorted by start, then UID.

    - A meeting's event is named after its forum and lists its agenda titles, except for a
      case consultation (a forum whose kind discusses cases, or a meeting with cases): its
      cases and its agenda never appear, nor the agenda of a meeting whose forum is not in
      the export. UID: ``<meeting id>@halt.nl``.
    - A forum with a cadence becomes one repeating event (UID ``<forum id>-series@halt.nl``)
      on the rhythm most of its meetings keep (a weekday and time; monthly, the n-th
      weekday of the month), so it falls on a weekend only when they do. Each meeting on
      one of its occurrences, or moved off one by less than half a period, overrides that
      occurrence (same UID, RECURRENCE-ID); any other meeting is an event of its own. The
      series runs from the first occurrence a meeting holds to the last (UNTIL), never past
      the forum's last day, and the occurrences in between no meeting holds are excluded
      (EXDATE): each meeting shows once, and nothing else does.
    - A meeting called off (:attr:`~halt_core.model.Meeting.cancelled`) stays in the
      calendar for :data:`~halt_adapters.export._ics_events.CANCELLATIONS_SHOWN` (90 days)
      after it would have ended, so a client that imported it removes it: a meeting of its
      own as ``STATUS:CANCELLED`` under its UID, one of a series as an excluded occurrence
      (EXDATE) of the series, which keeps its rhythm, start and end. Then it is left out.
    - A session's event carries the intervention's title, the session's place, the kind,
      target group and trainer, Halt as ORGANIZER and the school as ATTENDEE. UID:
      ``<session id>@halt.nl``, so a moved session keeps its UID; a session a re-planning
      dropped stays, CANCELLED, for as long as the intervention keeps it. STATUS:
      TENTATIVE while requested or in intake, CANCELLED when declined or cancelled,
      CONFIRMED otherwise.

    Exported from a store, every event carries a SEQUENCE that grows only when a record it
    shows is saved again (from the stored versions), and DTSTAMP and LAST-MODIFIED are the
    fixed :data:`STABLE_STAMP`: an unchanged event is the same in every export, a changed
    one replaces its older copy in a client. Other records have no versions and count as
    first versions (SEQUENCE 0). Either way the same data exported twice gives the same
    bytes. See
    :mod:`halt_adapters.export._ics_events` for the rules.

    The export's report counts what the calendar shows, not what it was given: ``meetings``
    (each shows once, or, called off, is cancelled in it), ``interventions`` (those with a
    session in the calendar) and
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
        events = Events(
            partners=gathered.partners,
            generated_at=options.generated_at,
            organizer=organizer,
            versions=options.versions,
        )
        # Sessions become events as their interventions come, so no intervention is kept;
        # meetings wait for their forum's. A school is named as ATTENDEE when its partner
        # came before its interventions, as in the order of a network and of a store's export.
        gathered.take(records, events.intervention)
        name = gathered.calendar_name()
        for forum_id, meetings in sorted(gathered.meetings.items()):
            events.forum(gathered.forums.get(forum_id), meetings)
        gathered.meetings.clear()
        head, end = _calendar(name, options.personal_data.notice, events.first_year)
        with sink.open(FILE_NAME, format=self.name) as stream:
            stream.write(head)
            for event in events.ordered():
                stream.write(event)
            stream.write(end)
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

    def take(self, records: Iterable[Any], intervention: Callable[[Intervention], None]) -> None:
        """Keep what the calendar needs of ``records``; hand it its interventions as they come.

        Forums come before their meetings, partners before the interventions.
        """
        for record in records:
            if isinstance(record, Partner):
                self.partners[record.id] = record
            elif isinstance(record, Forum):
                self.forums[record.id] = record
            elif isinstance(record, Meeting):
                if self._wants_meeting(record):
                    self.meetings[record.forum].append(record)
            elif isinstance(record, Intervention) and self._wants_intervention(record):
                intervention(record)

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


def _calendar(name: str, notice: str, first_year: int) -> tuple[bytes, bytes]:
    """The calendar's text before its events (with the VTIMEZONE), and after them."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Halt//halt_core//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", ZONE)
    calendar.add("description", notice)
    calendar.add("x-wr-caldesc", notice)
    # Always there, even without events: a calendar needs a component, and readers that do
    # not know Europe/Amsterdam by name need its rules.
    calendar.add_component(vtimezone(first_year))
    end = b"END:VCALENDAR\r\n"
    text = calendar.to_ical()
    return text.removesuffix(end), end


@hookimpl
def halt_exporters() -> list[Exporter]:
    """The iCalendar exporter (``ics``)."""
    return [IcsExporter()]
