"""A calendar client, as RFC 5545 and RFC 5546 describe one, to replay exports into.

A :class:`Client` imports ``.ics`` files one after another the way a client imports a
published calendar (METHOD:PUBLISH): the components sharing a UID are one calendar object;
an object with a UID not seen before is added, one with a known UID replaces the stored
object only when newer (a higher SEQUENCE, or an equal SEQUENCE and a later DTSTAMP), and
objects missing from a later file stay (an import deletes nothing). What the client shows
is every occurrence: a master's RRULE expanded minus its EXDATEs, each instance replaced by
the override with its RECURRENCE-ID, and nothing with STATUS:CANCELLED.

Two independent readers do the parsing and the expansion: ``icalendar`` with
``recurring-ical-events``, and ``vobject`` (with dateutil's rules). Each reads the times
with the file's own VTIMEZONE, not the system's time zone data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import attrs

UTC = dt.UTC
_FAR = (dt.datetime(1970, 1, 1, tzinfo=UTC), dt.datetime(2200, 1, 1, tzinfo=UTC))


@attrs.frozen(order=True)
class Shown:
    """One occurrence a client shows: its UID, start and end (UTC), summary and place."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str

    @property
    def what(self) -> tuple[dt.datetime, dt.datetime, str, str]:
        """The occurrence without its UID, to compare with the records it shows."""
        return (self.start, self.end, self.summary, self.location)


@attrs.define
class Client:
    """A calendar client that imports exports with one reader (``icalendar`` or ``vobject``).

    Attributes:
        reader: ``"icalendar"`` or ``"vobject"``.
        objects: the stored calendar objects, by UID: (SEQUENCE, DTSTAMP, components).
        ignored: how many objects an import left alone because they were not newer.

    """

    reader: str
    objects: dict[str, tuple[int, dt.datetime, list[Any]]] = attrs.Factory(dict)
    zone: Any = None
    ignored: int = 0

    def take(self, data: bytes) -> None:
        """Import one ``.ics`` file, applying RFC 5546's rules for a published calendar."""
        grouped: dict[str, list[Any]] = {}
        for component in self._events(data):
            grouped.setdefault(self._uid(component), []).append(component)
        for uid, components in grouped.items():
            sequence = max(self._sequence(c) for c in components)
            stamp = max(self._stamp(c) for c in components)
            known = self.objects.get(uid)
            if known is None or (sequence, stamp) > known[:2]:
                self.objects[uid] = (sequence, stamp, components)
            else:
                self.ignored += 1

    def shown(self) -> list[Shown]:
        """Every occurrence the client shows, sorted."""
        found: list[Shown] = []
        for uid, (_, _, components) in self.objects.items():
            if self.reader == "icalendar":
                found += self._expand_icalendar(uid, components)
            else:
                found += self._expand_vobject(uid, components)
        return sorted(found)

    # -- icalendar and recurring-ical-events --------------------------------------------------

    def _events(self, data: bytes) -> list[Any]:
        if self.reader == "icalendar":
            import icalendar

            calendar = icalendar.Calendar.from_ical(data)
            [self.zone] = calendar.walk("VTIMEZONE")
            return list(calendar.walk("VEVENT"))
        import vobject  # type: ignore[import-untyped]

        calendar = vobject.readOne(data.decode())
        return list(calendar.vevent_list)

    def _expand_icalendar(self, uid: str, components: list[Any]) -> list[Shown]:
        import icalendar
        import recurring_ical_events

        calendar = icalendar.Calendar()
        calendar.add_component(self.zone)
        for component in components:
            calendar.add_component(component)
        return [
            Shown(
                uid,
                _utc(event["DTSTART"].dt),
                _utc(event["DTEND"].dt),
                str(event["SUMMARY"]),
                str(event["LOCATION"]),
            )
            for event in recurring_ical_events.of(calendar).between(*_FAR)
            if str(event.get("STATUS", "")) != "CANCELLED"
        ]

    # -- vobject ------------------------------------------------------------------------------

    def _expand_vobject(self, uid: str, components: list[Any]) -> list[Shown]:
        master = next((c for c in components if not hasattr(c, "recurrence_id")), None)
        overrides = {_utc(c.recurrence_id.value): c for c in components if c is not master}
        found = []
        if master is not None and _status(master) != "CANCELLED":
            length = master.dtend.value - master.dtstart.value
            starts = master.getrruleset(addRDate=True) if hasattr(master, "rrule") else None
            for start in starts if starts is not None else [master.dtstart.value]:
                if _utc(start) not in overrides:
                    found.append(_vobject_shown(uid, master, start, start + length))
        for event in overrides.values():
            if _status(event) != "CANCELLED":
                found.append(_vobject_shown(uid, event, event.dtstart.value, event.dtend.value))
        return found

    # -- both ---------------------------------------------------------------------------------

    def _uid(self, component: Any) -> str:
        return str(component["UID"]) if self.reader == "icalendar" else component.uid.value

    def _sequence(self, component: Any) -> int:
        if self.reader == "icalendar":
            return int(component.get("SEQUENCE", 0))
        return int(component.sequence.value) if hasattr(component, "sequence") else 0

    def _stamp(self, component: Any) -> dt.datetime:
        if self.reader == "icalendar":
            return _utc(component["DTSTAMP"].dt)
        return _utc(component.dtstamp.value)


def _status(event: Any) -> str:
    return event.status.value if hasattr(event, "status") else ""


def _vobject_shown(uid: str, event: Any, start: dt.datetime, end: dt.datetime) -> Shown:
    return Shown(uid, _utc(start), _utc(end), event.summary.value, event.location.value)


def _utc(moment: dt.datetime) -> dt.datetime:
    assert moment.tzinfo is not None, "every time in the calendar has a time zone"
    return moment.astimezone(UTC)


def duplicates(shown: list[Shown]) -> list[tuple[str, dt.datetime]]:
    """Occurrences of one UID shown more than once at the same start."""
    return [key for key, n in Counter((s.uid, s.start) for s in shown).items() if n > 1]
