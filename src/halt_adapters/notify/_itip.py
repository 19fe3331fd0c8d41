"""Calendar entries as an iTIP message (RFC 5546) for e-mail (iMIP, RFC 6047).

One iCalendar object per method: ``REQUEST`` creates or updates the recipient's entries,
``CANCEL`` removes them. Each ``VEVENT`` keeps the UID the ``.ics`` export gives the same
session or meeting and the SEQUENCE of the record's version, so a calendar updates the entry
it has instead of adding another, and never lets an older mail undo a newer one. Times are
written in UTC (``DTSTART:20260901T080000Z``): every calendar shows them in its own zone,
and no ``VTIMEZONE`` is needed.

Uses the ``icalendar`` package (``pip install halt-core[ics]``), imported when a calendar is
built; :func:`available` tells the notifier at open time whether it is there.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from halt_core.notify import CalendarEntry

if TYPE_CHECKING:
    from icalendar import vCalAddress

__all__ = ["PRODID", "available", "calendar"]

PRODID = "-//Halt//halt_core//NL"
"""The PRODID of every calendar the notifier sends."""

# RFC 5545 text holds no control characters but (escaped) line breaks and tabs.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_STATUS = {"REQUEST": "CONFIRMED", "CANCEL": "CANCELLED"}


def available() -> bool:
    """Whether the ``icalendar`` package can be imported."""
    return importlib.util.find_spec("icalendar") is not None


def calendar(
    entries: Sequence[CalendarEntry],
    method: Literal["REQUEST", "CANCEL"],
    *,
    organizer: str,
    attendee: str,
    attendee_name: str,
    now: dt.datetime,
) -> str:
    """The iCalendar text of an iTIP ``method`` message with ``entries``, lines ending CRLF.

    ``organizer`` and ``attendee`` are e-mail addresses: the notifier's ``from`` address
    (shown as "Halt") and the recipient's. ``now`` is the DTSTAMP of every entry. Entries of
    another method than ``method`` are left out.
    """
    import icalendar

    document = icalendar.Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("method", method)
    stamp = now.astimezone(dt.UTC)
    for entry in entries:
        if entry.method != method:
            continue
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("sequence", entry.sequence)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.start.astimezone(dt.UTC))
        event.add("dtend", entry.end.astimezone(dt.UTC))
        event.add("summary", _text(entry.summary))
        if entry.location:
            event.add("location", _text(entry.location))
        if entry.description:
            event.add("description", _text(entry.description))
        event.add("status", _STATUS[method])
        event.add("organizer", _address(organizer, {"CN": "Halt"}))
        event.add(
            "attendee",
            _address(
                attendee,
                {
                    "CN": _parameter(attendee_name),
                    "ROLE": "REQ-PARTICIPANT",
                    "PARTSTAT": "NEEDS-ACTION",
                    "RSVP": "FALSE",
                },
            ),
        )
        document.add_component(event)
    ical: bytes = document.to_ical()
    return ical.decode("utf-8")


def _address(email: str, parameters: dict[str, str]) -> vCalAddress:
    """A ``CAL-ADDRESS`` value ``mailto:email`` with ``parameters``."""
    from icalendar import vCalAddress

    address = vCalAddress(f"mailto:{email}")
    for name, value in parameters.items():
        if value:
            address.params[name] = value
    return address


def _text(value: str) -> str:
    return _CONTROL.sub(" ", value.replace("\r\n", "\n").replace("\r", "\n"))


def _parameter(value: str) -> str:
    """``value`` fit for a parameter: one line, no double quotes (RFC 5545 3.2)."""
    return " ".join(_CONTROL.sub(" ", value).replace('"', "'").split())[:200]
