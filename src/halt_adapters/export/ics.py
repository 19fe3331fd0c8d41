"""The iCalendar export: forum meetings and intervention sessions as one calendar (RFC 5545).

A calendar app imports the file, or subscribes to it, and shows Halt's meetings and sessions
in Dutch local time. Every event keeps its UID from one export to the next (derived from the
record's id), and its SEQUENCE grows when it changes, so importing a newer export updates
events instead of adding duplicates (RFC 5546's rules for a published calendar).

Youths never appear in a calendar, whatever the export decided about personal data and
free text: a case consultation shows only its forum, place and time, never its cases nor its
agenda (whose titles name the cases), and neither does a meeting whose forum is not in the
export, since whether it is a case consultation cannot be told.

A calendar is written in memory that does not grow with the store, though its events are
sorted by start and a forum's rhythm is known only once all its meetings are seen: partner
names, forums, meetings and finished events wait in a temporary file
(:mod:`halt_adapters.export._scratch`), which SQLite groups and sorts on disk, and the calendar
is written from it a forum, and then some events, at a time.
"""

from __future__ import annotations

import importlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from halt_adapters.export._ics_events import STABLE_STAMP, Events, Named
from halt_adapters.export._ics_timezone import ZONE, vtimezone
from halt_adapters.export._ics_uids import UID_DOMAIN
from halt_adapters.export._scratch import Scratch
from halt_core.errors import ExportFailed, InvalidValue
from halt_core.export import Exporter, ExportOptions, Sink
from halt_core.hookspecs import hookimpl
from halt_core.ids import ForumId, PartnerId
from halt_core.model import Forum, Intervention, Meeting, Partner
from halt_core.serialization import from_json, to_json

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
        with _Gathered(self.name, scope, options.versions) as gathered:
            events = Events(
                partner=gathered.partner,
                generated_at=options.generated_at,
                organizer=organizer,
                keep=gathered.keep,
            )
            # Sessions become events as their interventions come, so no intervention is
            # kept; meetings wait, on disk, for the rest of their forum's.
            gathered.take(records, events.intervention)
            name = gathered.calendar_name()
            for forum, version, meetings in gathered.forums_with_meetings():
                events.forum(forum, version, meetings)
            head, end = _calendar(name, options.personal_data.notice, events.first_year)
            with sink.open(FILE_NAME, format=self.name) as stream:
                stream.write(head)
                for chunk in gathered.events_in_order():
                    stream.write(chunk)
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


_SCRATCH = """
CREATE TABLE partner (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT) WITHOUT ROWID;
CREATE TABLE forum (id TEXT PRIMARY KEY, record BLOB NOT NULL, version INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE meeting (forum TEXT NOT NULL, record BLOB NOT NULL, version INTEGER NOT NULL);
CREATE TABLE event (start INTEGER NOT NULL, uid TEXT NOT NULL, slot INTEGER NOT NULL,
    body BLOB NOT NULL);
"""
_BATCH = 500  # rows written to the scratch file at a time
_WRITTEN = 64 * 1024  # bytes of events written to the file at a time


class _Gathered:
    """What a calendar is made of, kept in a scratch file until it can be written.

    Partners (their names), forums and the meetings in scope wait there for the end of the
    records, events for the sort by start: so an export's memory does not grow with the
    store, however many meetings and sessions it holds. Use it as a context manager.
    """

    def __init__(
        self, format: str, scope: _Scope, versions: Callable[[Any], int | None] | None
    ) -> None:
        self.scope = scope
        self._versions = versions
        self._scratch = Scratch(format, _SCRATCH)
        self._pending: dict[str, list[tuple[Any, ...]]] = {"meeting": [], "event": []}

    def __enter__(self) -> _Gathered:
        return self

    def __exit__(self, *exc: object) -> None:
        self._scratch.close()

    def _version(self, record: Any) -> int:
        found = self._versions(record) if self._versions is not None else None
        return found if found is not None else 1

    def take(
        self, records: Iterable[Any], intervention: Callable[[Intervention, int], None]
    ) -> None:
        """Keep what the calendar needs of ``records``; hand it its interventions as they come.

        Partners should come before the interventions that name them (as in the order of a
        network and of a store's export): a school is named as ATTENDEE only when it did.
        """
        scratch = self._scratch
        for record in records:
            if isinstance(record, Partner):
                named = Named.of(record)
                scratch.execute(
                    "INSERT OR REPLACE INTO partner VALUES (?, ?, ?)",
                    (str(record.id), named.name, named.email),
                )
            elif isinstance(record, Forum):
                scratch.execute(
                    "INSERT OR REPLACE INTO forum VALUES (?, ?, ?)",
                    (str(record.id), to_json(record), self._version(record)),
                )
            elif isinstance(record, Meeting):
                if self.scope.forum in (None, record.forum):
                    row = (str(record.forum), to_json(record), self._version(record))
                    self._pend("meeting", row)
            elif isinstance(record, Intervention) and self._wants_intervention(record):
                intervention(record, self._version(record))
        self._flush("meeting")

    def _pend(self, table: str, row: tuple[Any, ...]) -> None:
        pending = self._pending[table]
        pending.append(row)
        if len(pending) >= _BATCH:
            self._flush(table)

    def _flush(self, table: str) -> None:
        pending = self._pending[table]
        if pending:
            marks = ", ".join("?" * len(pending[0]))
            self._scratch.executemany(f"INSERT INTO {table} VALUES ({marks})", pending)
            pending.clear()

    def keep(self, start: int, uid: str, slot: int, body: bytes) -> None:
        """Keep a finished event until the calendar is written in order."""
        self._pend("event", (start, uid, slot, body))

    def partner(self, key: PartnerId) -> Named | None:
        """What events show of the partner ``key``, if it was among the records."""
        row = self._scratch.one("SELECT name, email FROM partner WHERE id = ?", (str(key),))
        return None if row is None else Named(row[0], row[1])

    def _forum(self, key: str) -> tuple[Forum, int] | None:
        row = self._scratch.one("SELECT record, version FROM forum WHERE id = ?", (key,))
        return None if row is None else (from_json(row[0], Forum), row[1])

    def forums_with_meetings(self) -> Iterator[tuple[Forum | None, int, list[tuple[Meeting, int]]]]:
        """Each forum with meetings in scope (None when not exported), its version, its meetings.

        One forum's meetings at a time: a forum meets a few times a month, so a forum's
        meetings are few, however large the network.
        """
        self._flush("meeting")
        scratch = self._scratch
        scratch.execute("CREATE INDEX meeting_forum ON meeting (forum)")
        keys = [row[0] for row in scratch.rows("SELECT DISTINCT forum FROM meeting ORDER BY forum")]
        for key in keys:
            found = self._forum(key)
            forum, version = found if found is not None else (None, 1)
            if self.scope.partner is not None and (
                forum is None or self.scope.partner not in forum.members
            ):
                continue  # a partner's calendar shows the forums it sits in
            meetings = [
                (from_json(record, Meeting), stored)
                for record, stored in scratch.rows(
                    "SELECT record, version FROM meeting WHERE forum = ? ORDER BY rowid", (key,)
                )
            ]
            yield forum, version, meetings

    def events_in_order(self) -> Iterator[bytes]:
        """Every event kept, sorted by start, then UID (a series before its overrides)."""
        self._flush("event")
        chunk: list[bytes] = []
        size = 0
        for (body,) in self._scratch.rows("SELECT body FROM event ORDER BY start, uid, slot"):
            chunk.append(body)
            size += len(body)
            if size >= _WRITTEN:
                yield b"".join(chunk)
                chunk, size = [], 0
        if chunk:
            yield b"".join(chunk)

    def _wants_intervention(self, intervention: Intervention) -> bool:
        if self.scope.partner is not None:
            taking_part = (intervention.school, intervention.commissioner, *intervention.partners)
            return bool(intervention.sessions) and self.scope.partner in taking_part
        return bool(intervention.sessions) and self.scope.forum is None

    def calendar_name(self) -> str:
        """The calendar's name; InvalidValue when the scope's record is not in the export."""
        if self.scope.forum is not None:
            found = self._forum(str(self.scope.forum))
            if found is None:
                raise _not_exported("forum", self.scope.forum)
            return found[0].name
        if self.scope.partner is not None:
            named = self.partner(self.scope.partner)
            if named is None:
                raise _not_exported("partner", self.scope.partner)
            return named.name
        return "Halt"


# Whole sentences per kind, so each has its Dutch (forum is "het overleg", partner "de partner").
_NOT_EXPORTED = {
    "forum": "a forum among the exported records (is the id right, are forums exported?)",
    "partner": "a partner among the exported records (is the id right, are partners exported?)",
}


def _not_exported(kind: str, key: uuid.UUID) -> InvalidValue:
    return InvalidValue("ics export", "calendar", f"{kind}:{key}", _NOT_EXPORTED[kind])


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
