"""What a notification says, in Dutch or English, and the calendar entries it carries.

:func:`compose` turns one event into one :class:`Message` for one recipient, in the
recipient's language: a subject, a plain text and the same as HTML, and, when sessions or a
meeting were planned, moved or cancelled, :class:`CalendarEntry` s for an iTIP invitation
(RFC 5546) that updates the recipient's calendar in place. Each entry has the UID the
``.ics`` export gives the same session or meeting, and a SEQUENCE from the record's stored
version, so a later change always outranks an earlier one, whatever order the mail arrives in.

What a message may carry is the sharing policy's to decide
(:class:`~halt_core.privacy.policy.SharingPolicy`):

- a message about a referral is data about a youth: its id (a pseudonymous reference) and
  its new status (justice data). :func:`compose` asks the policy, per recipient, for
  :attr:`~halt_core.privacy.policy.Purpose.REPORT_TO_REFERRER`; under the default policy
  only the partner that referred the youth is told, and the message carries what went out
  (:attr:`Message.disclosed`) for the disclosure log. Anyone else is told nothing (None), as
  is everyone about a referral that is no longer stored. No pseudonym, age, offence, outcome
  or reason about a youth is ever written into a notification;
- every other message (meetings planned, moved or cancelled; interventions planned or
  changed) carries organisational data only: names of forums and interventions, times,
  locations, statuses, which every decision allows. A meeting's cases and agenda are never
  in a message. The free text they carry (the reason a meeting or an intervention was
  cancelled) is scrubbed first (:func:`halt_core.privacy.scrub.scrub`): dates, numbers,
  addresses, contact details and pseudonyms go; a name cannot be recognised and stays.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from collections.abc import Sequence
from typing import Literal

import attrs

from halt_core.events import (
    Event,
    InterventionCancelled,
    InterventionEvent,
    InterventionRescheduled,
    InterventionScheduled,
    MeetingCancelled,
    MeetingEvent,
    MeetingMoved,
    MeetingPlanned,
    ReferralEvent,
)
from halt_core.model import (
    AMSTERDAM,
    Forum,
    Intervention,
    InterventionStatus,
    Meeting,
    Partner,
    Referral,
    Session,
)
from halt_core.model.words import dutch, english
from halt_core.notify.recipients import Recipient
from halt_core.notify.records import Records
from halt_core.privacy.categories import Category
from halt_core.privacy.disclosed import Disclosed
from halt_core.privacy.policy import (
    DEFAULT_POLICY,
    LegalBasis,
    Purpose,
    SharingPolicy,
    SharingRequest,
)
from halt_core.privacy.scrub import scrub

__all__ = [
    "UID_DOMAIN",
    "CalendarEntry",
    "Message",
    "compose",
    "meeting_uid",
    "session_uid",
]

UID_DOMAIN = "halt.nl"
"""The domain after the ``@`` of every calendar UID (the ``.ics`` export uses the same)."""


def session_uid(session: Session) -> str:
    """The calendar UID of an intervention's session: from its id, kept when it is moved."""
    return f"{session.id}@{UID_DOMAIN}"


def meeting_uid(meeting: uuid.UUID) -> str:
    """The calendar UID of a meeting."""
    return f"{meeting}@{UID_DOMAIN}"


@attrs.frozen(kw_only=True)
class CalendarEntry:
    """One calendar event to create, update or cancel in the recipient's calendar.

    Attributes:
        method: ``"REQUEST"`` to create or update it, ``"CANCEL"`` to remove it.
        uid: its UID, the same as in the ``.ics`` export.
        sequence: its revision: the stored version of the record it comes from (one more
            for a record that was deleted). A calendar keeps the entry with the highest.
        start: when it starts.
        end: when it ends.
        summary: its title.
        location: where.
        description: more about it, in the recipient's language.

    """

    method: Literal["REQUEST", "CANCEL"]
    uid: str
    sequence: int
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str
    description: str = ""


@attrs.frozen(kw_only=True)
class Message:
    """What one notification says to one recipient.

    Attributes:
        language: ``"nl"`` or ``"en"``.
        subject: the subject line.
        text: the plain text.
        html: the same as an HTML fragment, every value escaped.
        calendar: entries for a calendar invitation, if the event planned, moved or
            cancelled something with a time; REQUEST entries first.
        disclosed: the data about a youth the message carries, on the sharing policy's
            decision, to be recorded in the disclosure log once it is sent; None when it
            carries none (every message but a referral's to its referrer).

    """

    language: str
    subject: str
    text: str
    html: str
    calendar: tuple[CalendarEntry, ...] = ()
    disclosed: Disclosed | None = None


def compose(
    event: Event,
    recipient: Recipient,
    records: Records,
    policy: SharingPolicy = DEFAULT_POLICY,
) -> Message | None:
    """The message telling ``recipient`` about ``event``, in the recipient's language.

    None when there is nothing to say to people about this event (a collaboration's status,
    say, which no route sends to a partner), or nothing ``policy`` lets this recipient be
    told (a referral's step, to anyone but whom the policy allows to hear it).
    """
    nl = recipient.language != "en"
    if isinstance(event, InterventionEvent):
        return _intervention(event, recipient, records, nl)
    if isinstance(event, MeetingEvent):
        return _meeting(event, recipient, records, nl)
    if isinstance(event, ReferralEvent):
        return _referral(event, recipient, records, policy, nl)
    return None


# -- the parts ----------------------------------------------------------------------------------


def _message(nl: bool, recipient: Recipient, subject: str, lines: Sequence[str]) -> Message:
    greeting = f"Beste {recipient.name}," if nl else f"Dear {recipient.name},"
    closing = ["Met vriendelijke groet,", "Halt"] if nl else ["Kind regards,", "Halt"]
    paragraphs = [greeting, *lines, "\n".join(closing)]
    text = "\n\n".join(paragraphs) + "\n"
    body = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return Message(language="nl" if nl else "en", subject=subject, text=text, html=body)


def _when(start: dt.datetime, end: dt.datetime, nl: bool) -> str:
    local_start, local_end = start.astimezone(AMSTERDAM), end.astimezone(AMSTERDAM)
    day = local_start.strftime("%d-%m-%Y") if nl else local_start.strftime("%Y-%m-%d")
    return f"{day} {local_start:%H:%M}-{local_end:%H:%M}"


def _intervention(
    event: InterventionEvent, recipient: Recipient, records: Records, nl: bool
) -> Message | None:
    intervention = records.find(Intervention, event.intervention)
    if intervention is None:
        return None
    kind = dutch(intervention.kind) if nl else english(intervention.kind)
    title = intervention.title
    version = records.version(Intervention, intervention.id) or 1
    calendar: list[CalendarEntry] = []
    # The sessions go into the calendar of who receives them (the school, else the
    # commissioner); others are told in words.
    attendee = intervention.school or intervention.commissioner
    planning = InterventionScheduled | InterventionRescheduled | InterventionCancelled
    if isinstance(event, planning) and recipient.partner == attendee:
        calendar = _sessions(event, intervention, version, nl)
    if isinstance(event, InterventionScheduled):
        subject = f"Gepland: {title}" if nl else f"Planned: {title}"
        intro = f"De {kind} '{title}' is gepland:" if nl else f"The {kind} '{title}' is planned:"
        lines = [intro, _session_list(intervention, nl)]
    elif isinstance(event, InterventionRescheduled):
        subject = f"Gewijzigd: {title}" if nl else f"Changed: {title}"
        intro = (
            f"De planning van de {kind} '{title}' is gewijzigd. Nu gepland:"
            if nl
            else f"The planning of the {kind} '{title}' has changed. Now planned:"
        )
        lines = [intro, _session_list(intervention, nl)]
    elif isinstance(event, InterventionCancelled):
        subject = f"Geannuleerd: {title}" if nl else f"Cancelled: {title}"
        lines = [
            f"De {kind} '{title}' gaat niet door." if nl else f"The {kind} '{title}' is cancelled.",
            # Free text: scrubbed of what points at a youth (names it cannot see).
            (f"Reden: {scrub(event.reason)}" if nl else f"Reason: {scrub(event.reason)}"),
        ]
    else:
        status = dutch(event.to_status) if nl else english(event.to_status)
        subject = f"{title}: {status}"
        lines = [
            f"De status van de {kind} '{title}' is nu: {status}."
            if nl
            else f"The status of the {kind} '{title}' is now: {status}."
        ]
    message = _message(nl, recipient, subject, lines)
    return attrs.evolve(message, calendar=tuple(calendar))


def _session_list(intervention: Intervention, nl: bool) -> str:
    return "\n".join(f"- {_when(s.start, s.end, nl)}, {s.location}" for s in intervention.sessions)


def _sessions(
    event: InterventionEvent, intervention: Intervention, version: int, nl: bool
) -> list[CalendarEntry]:
    """REQUEST entries for the sessions now planned; CANCEL for the ones no longer there."""
    gone = intervention.status in (InterventionStatus.CANCELLED, InterventionStatus.DECLINED)
    description = (
        f"{dutch(intervention.kind)} van Halt" if nl else f"{english(intervention.kind)} by Halt"
    )
    entries = [
        CalendarEntry(
            method="CANCEL" if gone else "REQUEST",
            uid=session_uid(session),
            sequence=version,
            start=session.start,
            end=session.end,
            summary=intervention.title,
            location=session.location,
            description=description,
        )
        for session in intervention.sessions
    ]
    if isinstance(event, InterventionRescheduled):
        # The sessions this planning dropped, by id: their invitations are withdrawn.
        dropped = set(event.dropped)
        entries += [
            CalendarEntry(
                method="CANCEL",
                uid=session_uid(session),
                sequence=version,
                start=session.start,
                end=session.end,
                summary=intervention.title,
                location=session.location,
                description=description,
            )
            for session in event.previous_sessions
            if session.id in dropped
        ]
    return sorted(entries, key=lambda e: e.method != "REQUEST")


def _meeting(
    event: MeetingEvent, recipient: Recipient, records: Records, nl: bool
) -> Message | None:
    forum = records.find(Forum, event.forum)
    forum_name = forum.name if forum is not None else ("het overleg" if nl else "the meeting")
    if isinstance(event, MeetingCancelled):
        entry = CalendarEntry(
            method="CANCEL",
            uid=meeting_uid(event.meeting),
            sequence=event.version + 1,
            start=event.start,
            end=event.end,
            summary=forum_name,
            location=event.location,
        )
        subject = f"Geannuleerd: {forum_name}" if nl else f"Cancelled: {forum_name}"
        lines = [
            (
                f"Het overleg van {_when(event.start, event.end, nl)} gaat niet door."
                if nl
                else f"The meeting of {_when(event.start, event.end, nl)} is cancelled."
            ),
            # Free text: scrubbed of what points at a youth (names it cannot see).
            (f"Reden: {scrub(event.reason)}" if nl else f"Reason: {scrub(event.reason)}"),
        ]
        return attrs.evolve(_message(nl, recipient, subject, lines), calendar=(entry,))
    meeting = records.find(Meeting, event.meeting)
    if meeting is None or meeting.cancelled:
        return None  # called off (or deleted) since: its cancellation tells the rest
    version = records.version(Meeting, meeting.id) or 1
    entry = CalendarEntry(
        method="REQUEST",
        uid=meeting_uid(meeting.id),
        sequence=version,
        start=meeting.start,
        end=meeting.end,
        summary=forum_name,
        location=meeting.location,
    )
    when = f"{_when(meeting.start, meeting.end, nl)}, {meeting.location}"
    if isinstance(event, MeetingMoved):
        subject = f"Verplaatst: {forum_name}" if nl else f"Moved: {forum_name}"
        before = _when(event.previous_start, event.previous_end, nl)
        lines = [
            f"Het overleg van {before} is verplaatst naar:"
            if nl
            else f"The meeting of {before} has moved to:",
            when,
        ]
    else:
        assert isinstance(event, MeetingPlanned)
        subject = f"Gepland: {forum_name}" if nl else f"Planned: {forum_name}"
        lines = ["Er is een overleg gepland:" if nl else "A meeting is planned:", when]
    return attrs.evolve(_message(nl, recipient, subject, lines), calendar=(entry,))


# What a referral's message carries: which referral (a reference) and its step (justice data).
_REFERRAL_FIELDS = ("Referral.id", "Referral.status")
_REFERRAL_NEEDS = (Category.PSEUDONYMOUS_REFERENCE, Category.YOUTH_JUSTICE)


def _referral(
    event: ReferralEvent,
    recipient: Recipient,
    records: Records,
    policy: SharingPolicy,
    nl: bool,
) -> Message | None:
    referral = records.find(Referral, event.referral)
    partner = records.find(Partner, recipient.partner)
    if referral is None or partner is None:
        return None  # no one can be found entitled to hear about it
    decision = policy.decide(
        SharingRequest(purpose=Purpose.REPORT_TO_REFERRER, recipient=partner, referral=referral)
    )
    allowed = all(decision.allows(category) for category in _REFERRAL_NEEDS)
    if not allowed or decision.legal_basis in (None, LegalBasis.NONE_NEEDED):
        return None
    disclosed = Disclosed(
        purpose=Purpose.REPORT_TO_REFERRER,
        decision=decision,
        recipient=partner.id,
        recipient_name=partner.name,
        youths=(referral.youth,),
        referrals=(referral.id,),
        fields=_REFERRAL_FIELDS,
    )
    status = dutch(event.to_status) if nl else english(event.to_status)
    subject = (
        f"Verwijzing {event.referral}: {status}" if nl else f"Referral {event.referral}: {status}"
    )
    lines = [
        (
            f"De verwijzing met kenmerk {event.referral} heeft nu de status: {status}. "
            "De gegevens staan in het systeem van Halt; deze melding noemt geen jongere en "
            "bevat verder geen persoonsgegevens."
            if nl
            else f"The referral with reference {event.referral} now has the status: {status}. "
            "The details are in Halt's system; this notice names no youth and holds no other "
            "personal data."
        )
    ]
    return attrs.evolve(_message(nl, recipient, subject, lines), disclosed=disclosed)
