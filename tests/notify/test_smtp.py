"""The SMTP notifier against a real mail server on loopback (aiosmtpd), read back as sent.

The calendar parts are read with vobject, a reader independent of the icalendar package
that writes them. TLS is tested with certificates from trustme, trusted through
``SSL_CERT_FILE`` the way a system's own authorities are.
"""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.message
import email.policy
import json
import logging
import socket
import ssl
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any, Literal

import attrs
import pytest
import trustme
import vobject  # type: ignore[import-untyped]
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from halt_adapters.notify import _itip, smtp
from halt_adapters.notify.smtp import SmtpNotifier
from halt_core.events import MeetingCancelled, MeetingPlanned, ReferralIntakeStarted
from halt_core.ids import EventId, ForumId, MeetingId, PartnerId, ReferralId
from halt_core.model import (
    AMSTERDAM,
    Area,
    Level,
    Meeting,
    OffenceCategory,
    Partner,
    PartnerKind,
    Referral,
    ReferralStatus,
)
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.notify import (
    CalendarEntry,
    DeliveryFailed,
    Message,
    Notification,
    NotifierUnavailable,
    Recipient,
    compose,
)
from halt_core.notify.messages import meeting_uid

SENDER = "halt@example.nl"
OPERATOR = "beheer@example.nl"
SCHOOL = "directie@deark.example.nl"
PASSWORD = "Geheim-wachtwoord-42"  # a test password, asserted never to be shown
START = dt.datetime(2026, 9, 1, 10, 0, tzinfo=AMSTERDAM)
END = START + dt.timedelta(hours=1, minutes=30)
NOW = dt.datetime(2026, 8, 20, 9, 0, tzinfo=dt.UTC)


# -- a mail server on loopback ------------------------------------------------------------------


@attrs.define
class Received:
    """One mail as the server took it."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        parsed = email.message_from_bytes(self.content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed


class Collector:
    """An aiosmtpd handler that keeps every mail, or answers RCPT or DATA as told."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.rcpt_answer: str | None = None
        self.data_answer: str | None = None

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if self.rcpt_answer is not None:
            return self.rcpt_answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        if self.data_answer is not None:
            return self.data_answer
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 Message accepted for delivery"


@attrs.frozen
class Server:
    """A running server: where it listens and what it received."""

    port: int
    collector: Collector

    def url(self, scheme: str = "smtp", userinfo: str = "", query: str = "") -> str:
        at = f"{userinfo}@" if userinfo else ""
        return f"{scheme}://{at}127.0.0.1:{self.port}?from={SENDER}{query}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def start_server() -> Iterator[Callable[..., Server]]:
    """Start aiosmtpd servers on loopback (keyword arguments go to its Controller)."""
    controllers: list[Controller] = []

    def start(**kwargs: Any) -> Server:
        collector = Collector()
        port = free_port()
        controller = Controller(collector, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        controllers.append(controller)
        return Server(port, collector)

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def server(start_server: Callable[..., Server]) -> Server:
    return start_server()


@pytest.fixture(autouse=True)
def _no_password_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(smtp.PASSWORD_VARIABLE, raising=False)


# -- what is sent -------------------------------------------------------------------------------


class DictRecords:
    """Records held in a dict, each at version 3."""

    def __init__(self, *records: Any) -> None:
        self.records = {(type(r), r.id): r for r in records}

    def find(self, record_type: type[Any], id: uuid.UUID) -> Any:
        return self.records.get((record_type, id))

    def version(self, record_type: type[object], id: uuid.UUID) -> int | None:
        return 3 if (record_type, id) in self.records else None


MEETING = Meeting(
    id=MeetingId(uuid.UUID(int=11)),
    forum=ForumId(uuid.UUID(int=12)),
    start=START,
    end=END,
    location="Veiligheidshuis Zaanstreek, Zaandam",
)


def recipient(language: str = "nl", email: str | None = SCHOOL) -> Recipient:
    return Recipient(
        partner=PartnerId(uuid.UUID(int=21)),
        name="Basisschool De Ärk, Zaandam",
        email=email,
        language=language,
        reason="forum",
    )


def planned() -> MeetingPlanned:
    return MeetingPlanned(
        id=EventId(uuid.UUID(int=31)),
        occurred_at=NOW,
        actor="tr.jansen",
        meeting=MEETING.id,
        forum=MEETING.forum,
        start=START,
        end=END,
        location=MEETING.location,
    )


def cancelled() -> MeetingCancelled:
    return MeetingCancelled(
        id=EventId(uuid.UUID(int=32)),
        occurred_at=NOW,
        actor="tr.jansen",
        meeting=MEETING.id,
        forum=MEETING.forum,
        start=START,
        end=END,
        location=MEETING.location,
        version=3,
        reason="te weinig deelnemers",
    )


def notification(event: Any, to: Recipient | None, delivery: int = 41) -> Notification:
    message = compose(event, to, DictRecords(MEETING)) if to is not None else None
    return Notification(
        delivery=uuid.UUID(int=delivery), event=event, recipient=to, attempt=1, message=message
    )


def dead_letter_report() -> MeetingCancelled:
    """A stand-in for the operator's report of a dead letter, which is not written yet.

    Any event whose type starts with ``nl.halt.notification.`` is for the operator; a
    cancelled meeting with that type stands in (its class is not changed, so no new event
    class joins the family the event tests enumerate).
    """
    event = attrs.evolve(cancelled(), id=EventId(uuid.UUID(int=33)))
    object.__setattr__(event, "type", "nl.halt.notification.dead_lettered")
    return event


def parts(message: email.message.EmailMessage) -> list[str]:
    return [part.get_content_type() for part in message.walk()]


def calendar_of(part: Any) -> Any:
    content = part.get_content()
    assert isinstance(content, str)
    return vobject.readOne(content)


# -- an invitation ------------------------------------------------------------------------------


def test_an_invitation_arrives_with_its_headers(server: Server) -> None:
    SmtpNotifier(server.url()).send(notification(planned(), recipient()))

    (mail,) = server.collector.received
    assert mail.mail_from == SENDER
    assert mail.rcpt_tos == [SCHOOL]
    message = mail.message
    assert message["From"] == f"Halt <{SENDER}>"
    assert message["To"].addresses[0].display_name == "Basisschool De Ärk, Zaandam"
    assert message["To"].addresses[0].addr_spec == SCHOOL
    assert message["Subject"] == "Gepland: het overleg"
    assert message["Message-ID"] == f"<{uuid.UUID(int=41)}@example.nl>"
    assert message["X-Halt-Event-Id"] == str(uuid.UUID(int=31))
    assert message["Content-Language"] == "nl"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Date"].datetime.tzinfo is not None
    assert parts(message) == ["multipart/alternative", "text/plain", "text/html", "text/calendar"]
    plain, markup, calendar = message.iter_parts()
    assert "Beste Basisschool De Ärk, Zaandam," in plain.get_content()
    assert "01-09-2026 10:00-11:30, Veiligheidshuis Zaanstreek, Zaandam" in plain.get_content()
    assert '<html lang="nl">' in markup.get_content()
    assert "<p>Beste Basisschool De Ärk, Zaandam,</p>" in markup.get_content()
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content_charset() == "utf-8"
    assert calendar.get_content_disposition() is None  # an alternative, not an attachment


def test_the_invitation_reads_in_an_independent_calendar_reader(server: Server) -> None:
    SmtpNotifier(server.url()).send(notification(planned(), recipient()))

    part = list(server.collector.received[0].message.iter_parts())[2]
    cal = calendar_of(part)
    assert cal.method.value == "REQUEST"
    assert cal.prodid.value == _itip.PRODID
    assert cal.version.value == "2.0"
    (event,) = cal.vevent_list
    assert event.uid.value == meeting_uid(MEETING.id)
    assert event.sequence.value == "3"
    assert event.dtstart.value == START
    assert event.dtstart.value.utcoffset() == dt.timedelta(0)  # written in UTC
    assert event.dtend.value == END
    assert event.status.value == "CONFIRMED"
    assert event.location.value == "Veiligheidshuis Zaanstreek, Zaandam"
    assert event.organizer.value == f"mailto:{SENDER}"
    assert event.organizer.params["CN"] == ["Halt"]
    assert event.attendee.value == f"mailto:{SCHOOL}"
    assert event.attendee.params["CN"] == ["Basisschool De Ärk, Zaandam"]
    assert event.attendee.params["ROLE"] == ["REQ-PARTICIPANT"]
    assert event.attendee.params["PARTSTAT"] == ["NEEDS-ACTION"]
    assert event.attendee.params["RSVP"] == ["FALSE"]
    stamp = event.dtstamp.value
    assert abs(stamp - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_a_cancellation_in_english(server: Server) -> None:
    SmtpNotifier(server.url()).send(notification(cancelled(), recipient("en")))

    message = server.collector.received[0].message
    assert message["Subject"] == "Cancelled: the meeting"
    assert message["Content-Language"] == "en"
    assert parts(message) == ["multipart/alternative", "text/plain", "text/html", "text/calendar"]
    plain, markup, calendar = message.iter_parts()
    assert plain.get_content().startswith("Dear Basisschool De Ärk, Zaandam,")
    assert "Reason: te weinig deelnemers" in plain.get_content()
    assert '<html lang="en">' in markup.get_content()
    assert calendar.get_param("method") == "CANCEL"
    cal = calendar_of(calendar)
    assert cal.method.value == "CANCEL"
    (event,) = cal.vevent_list
    assert event.uid.value == meeting_uid(MEETING.id)
    assert event.sequence.value == "4"  # one more than the deleted meeting's version
    assert event.status.value == "CANCELLED"
    assert event.attendee.value == f"mailto:{SCHOOL}"


PLAN: list[tuple[int, Literal["REQUEST", "CANCEL"]]] = [
    (1, "REQUEST"),
    (2, "REQUEST"),
    (3, "CANCEL"),
]


def test_new_and_cancelled_entries_together_cancel_in_an_attachment(server: Server) -> None:
    entries = tuple(
        CalendarEntry(
            method=method,
            uid=f"{uuid.UUID(int=51)}-session-{number}@halt.nl",
            sequence=2,
            start=START + dt.timedelta(days=7 * number),
            end=END + dt.timedelta(days=7 * number),
            summary="Les over vuurwerk",
            location="lokaal 8",
            description="Voorlichting van Halt",
        )
        for number, method in PLAN
    )
    message = Message(language="nl", subject="Gewijzigd", text="Tekst\n", html="<p>Tekst</p>")
    sent = Notification(
        delivery=uuid.UUID(int=42),
        event=planned(),
        recipient=recipient(),
        message=attrs.evolve(message, calendar=entries),
    )
    SmtpNotifier(server.url()).send(sent)

    mail = server.collector.received[0].message
    assert parts(mail) == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "text/calendar",
    ]
    alternative, attachment = mail.iter_parts()
    request = list(alternative.iter_parts())[2]
    assert request.get_param("method") == "REQUEST"
    requested = calendar_of(request)
    assert requested.method.value == "REQUEST"
    assert [e.uid.value for e in requested.vevent_list] == [entries[0].uid, entries[1].uid]
    assert [e.description.value for e in requested.vevent_list] == ["Voorlichting van Halt"] * 2
    assert attachment.get_param("method") == "CANCEL"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "cancel.ics"
    cancelling = calendar_of(attachment)
    assert cancelling.method.value == "CANCEL"
    assert [e.uid.value for e in cancelling.vevent_list] == [entries[2].uid]


def test_a_mail_without_calendar_entries_has_text_and_html_only(server: Server) -> None:
    event = _referral_intake()
    to = recipient("en")
    # The sharing policy lets a referral's step be told to its referrer only.
    referrer = Partner(
        id=to.partner,
        name=to.name,
        kind=PartnerKind.POLICE,
        level=Level.LOCAL,
        area=Area.municipality("GM0479"),
    )
    referral = Referral(
        id=event.referral,
        referrer=referrer.id,
        youth=YouthPseudonym("Y-ABCD2345"),
        age_at_offence=15,
        offence=OffenceCategory.SHOPLIFTING,
        offence_date=START.date(),
        referred_on=START.date(),
        municipality="GM0479",
        status=ReferralStatus.INTAKE,
    )
    message = compose(event, to, DictRecords(referrer, referral))
    assert message is not None
    SmtpNotifier(server.url()).send(
        Notification(delivery=uuid.UUID(int=41), event=event, recipient=to, message=message)
    )

    sent = server.collector.received[0].message
    assert parts(sent) == ["multipart/alternative", "text/plain", "text/html"]
    plain = sent.get_body(("plain",))
    assert plain is not None
    assert "this notice names no youth" in plain.get_content()


def _referral_intake() -> ReferralIntakeStarted:
    return ReferralIntakeStarted(
        id=EventId(uuid.UUID(int=34)),
        occurred_at=NOW,
        actor="tr.jansen",
        referral=ReferralId(uuid.UUID(int=61)),
        from_status=ReferralStatus.RECEIVED,
        to_status=ReferralStatus.INTAKE,
    )


def test_no_header_can_be_smuggled_in_and_idn_domains_go_as_ascii(server: Server) -> None:
    message = Message(
        language="nl\r\nBcc: x@example.nl",
        subject="Gepland:\r\nBcc: evil@example.nl",
        text="Tekst\n",
        html="<p>Tekst</p>",
    )
    to = attrs.evolve(recipient(), name="De Ark\r\nBcc: evil@example.nl", email="info@école.nl")
    sent = Notification(delivery=uuid.UUID(int=45), event=planned(), recipient=to, message=message)
    SmtpNotifier(server.url()).send(sent)

    (mail,) = server.collector.received
    assert mail.rcpt_tos == ["info@xn--cole-9oa.nl"]
    received = mail.message
    assert received["Bcc"] is None
    assert received["Subject"] == "Gepland: Bcc: evil@example.nl"
    assert received["To"].addresses[0].display_name == "De Ark Bcc: evil@example.nl"
    assert received["Content-Language"] == "nl"  # not a language tag: the default


def test_a_resend_of_a_delivery_has_the_same_message_id(server: Server) -> None:
    notifier = SmtpNotifier(server.url())
    notifier.send(notification(planned(), recipient(), delivery=41))
    notifier.send(attrs.evolve(notification(planned(), recipient(), delivery=41), attempt=2))
    notifier.send(notification(planned(), recipient(), delivery=43))

    first, again, other = (mail.message for mail in server.collector.received)
    assert first["Message-ID"] == again["Message-ID"] != other["Message-ID"]
    assert first["X-Halt-Event-Id"] == again["X-Halt-Event-Id"] == other["X-Halt-Event-Id"]


# -- no one to write to -------------------------------------------------------------------------


def test_a_partner_without_an_email_address_is_a_dead_letter(server: Server) -> None:
    with pytest.raises(DeliveryFailed, match="no contact e-mail address") as caught:
        SmtpNotifier(server.url()).send(notification(planned(), recipient(email=None)))
    assert caught.value.retryable is False
    assert str(uuid.UUID(int=21)) in caught.value.reason  # which partner to fix
    assert server.collector.received == []


def test_a_notification_without_a_message_is_a_dead_letter(server: Server) -> None:
    sent = Notification(delivery=uuid.UUID(int=41), event=planned(), recipient=recipient())
    with pytest.raises(DeliveryFailed, match="nothing to tell") as caught:
        SmtpNotifier(server.url()).send(sent)
    assert caught.value.retryable is False
    assert server.collector.received == []


def test_operator_reports_go_to_the_operator(server: Server) -> None:
    notifier = SmtpNotifier(server.url(query=f"&operator={OPERATOR}"))
    report = dead_letter_report()
    assert notifier.wants(report)
    notifier.send(Notification(delivery=uuid.UUID(int=44), event=report))

    (mail,) = server.collector.received
    assert mail.rcpt_tos == [OPERATOR]
    message = mail.message
    assert parts(message) == ["text/plain"]
    assert message["Subject"] == "Halt: nl.halt.notification.dead_lettered"
    assert message["X-Halt-Event-Id"] == str(report.id)
    text = message.get_content()
    assert "Type: nl.halt.notification.dead_lettered" in text
    assert f"Event: {report.id}" in text
    data = json.loads(text[text.index("{") :])
    assert data["meeting"] == str(MEETING.id)
    assert data["reason"] == "te weinig deelnemers"


def test_without_an_operator_operator_reports_are_not_wanted(server: Server) -> None:
    notifier = SmtpNotifier(server.url())
    assert not notifier.wants(dead_letter_report())
    assert notifier.wants(planned())
    with pytest.raises(DeliveryFailed, match="no operator is set") as caught:
        notifier.send(Notification(delivery=uuid.UUID(int=44), event=dead_letter_report()))
    assert caught.value.retryable is False


# -- the server says no, or nothing -------------------------------------------------------------


def test_a_server_that_is_down_is_tried_again_soon() -> None:
    notifier = SmtpNotifier(f"smtp://127.0.0.1:{free_port()}?from={SENDER}")
    began = time.monotonic()
    with pytest.raises(DeliveryFailed, match=r"cannot reach 127\.0\.0\.1") as caught:
        notifier.send(notification(planned(), recipient()))
    assert caught.value.retryable is True
    assert time.monotonic() - began < 2


def test_check_reaches_the_server_and_sends_nothing(server: Server) -> None:
    SmtpNotifier(server.url()).check()
    assert server.collector.received == []


def test_check_says_in_one_line_that_the_server_cannot_be_reached() -> None:
    notifier = SmtpNotifier(f"smtp://127.0.0.1:{free_port()}?from={SENDER}")
    with pytest.raises(NotifierUnavailable, match=r"cannot reach 127\.0\.0\.1"):
        notifier.check()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_check_reports_a_refused_login(start_server: Callable[..., Server]) -> None:
    server = start_server(authenticator=authenticator, auth_require_tls=False, auth_required=True)
    notifier = SmtpNotifier(server.url(userinfo="halt:wrong-password-99"))
    with pytest.raises(NotifierUnavailable, match="refused the login") as caught:
        notifier.check()
    assert_hidden("wrong-password-99", caught.value)


def test_a_server_that_never_greets_times_out() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # the connection is made, but nobody answers it
        port = silent.getsockname()[1]
        notifier = SmtpNotifier(f"smtp://127.0.0.1:{port}?from={SENDER}&timeout=0.3")
        began = time.monotonic()
        with pytest.raises(DeliveryFailed, match=r"did not answer within 0\.3 s") as caught:
            notifier.send(notification(planned(), recipient()))
    assert caught.value.retryable is True
    assert time.monotonic() - began < 2


@pytest.mark.parametrize(
    ("answer", "retryable"),
    [
        ("550 5.1.1 <directie@deark.example.nl>: no such user", False),
        ("553 5.1.3 mailbox name not allowed", False),
        ("451 4.3.0 try again later", True),
        ("452 4.2.2 mailbox full", True),
    ],
)
def test_a_refused_recipient(server: Server, answer: str, retryable: bool) -> None:
    server.collector.rcpt_answer = answer
    with pytest.raises(DeliveryFailed, match="refused the recipient") as caught:
        SmtpNotifier(server.url()).send(notification(planned(), recipient()))
    assert caught.value.retryable is retryable
    assert answer.split()[0] in caught.value.reason


@pytest.mark.parametrize(
    ("answer", "retryable"),
    [("554 5.7.1 rejected as spam", False), ("451 4.7.1 greylisted", True)],
)
def test_a_refused_mail(server: Server, answer: str, retryable: bool) -> None:
    server.collector.data_answer = answer
    with pytest.raises(DeliveryFailed, match="refused the mail") as caught:
        SmtpNotifier(server.url()).send(notification(planned(), recipient()))
    assert caught.value.retryable is retryable


def test_starttls_asked_of_a_server_that_lacks_it(server: Server) -> None:
    notifier = SmtpNotifier(server.url(query="&starttls=true"))
    with pytest.raises(DeliveryFailed, match="does not offer STARTTLS") as caught:
        notifier.send(notification(planned(), recipient()))
    assert caught.value.retryable is True
    assert server.collector.received == []


# -- logging in, and secrets --------------------------------------------------------------------


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    good = isinstance(auth_data, LoginPassword) and auth_data == (
        b"halt",
        PASSWORD.encode(),
    )
    return AuthResult(success=good, handled=False)  # False: aiosmtpd answers 535


AUTH_WITHOUT_TLS = "ignore:Requiring AUTH while not requiring TLS:UserWarning"  # loopback only


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_a_login_with_the_password_from_the_environment(
    start_server: Callable[..., Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_server(authenticator=authenticator, auth_require_tls=False, auth_required=True)
    monkeypatch.setenv(smtp.PASSWORD_VARIABLE, PASSWORD)
    SmtpNotifier(server.url(userinfo="halt")).send(notification(planned(), recipient()))
    assert len(server.collector.received) == 1


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_a_login_with_the_password_in_the_url(start_server: Callable[..., Server]) -> None:
    server = start_server(authenticator=authenticator, auth_require_tls=False, auth_required=True)
    notifier = SmtpNotifier(server.url(userinfo=f"halt:{PASSWORD}"))
    notifier.send(notification(planned(), recipient()))
    assert len(server.collector.received) == 1


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_a_refused_login_says_what_to_check_and_not_the_password(
    start_server: Callable[..., Server], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server = start_server(authenticator=authenticator, auth_require_tls=False, auth_required=True)
    notifier = SmtpNotifier(server.url(userinfo="halt:wrong-password-99"))
    with pytest.raises(DeliveryFailed, match="refused the login of 'halt'") as caught:
        notifier.send(notification(planned(), recipient()))
    assert caught.value.retryable is True
    assert smtp.PASSWORD_VARIABLE in caught.value.reason
    assert_hidden("wrong-password-99", caught.value, caplog.text)


def assert_hidden(secret: str, *shown: object) -> None:
    forms = [secret, base64.b64encode(secret.encode()).decode()]
    for text in map(str, shown):
        for form in forms:
            assert form not in text


def test_the_password_is_never_shown(
    server: Server, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = f"smtp://halt:{PASSWORD}@127.0.0.1:{free_port()}?from={SENDER}"
    notifier = SmtpNotifier(url)
    assert notifier.name == f"smtp://halt:***@127.0.0.1:{url.split(':')[3]}"
    with pytest.raises(DeliveryFailed) as down:
        notifier.send(notification(planned(), recipient()))
    with pytest.raises(NotifierUnavailable) as bad:
        SmtpNotifier(url.replace(SENDER, "not-an-address"))
    with pytest.raises(NotifierUnavailable) as clear:
        SmtpNotifier(url.replace("127.0.0.1", "mail.example.nl"))
    monkeypatch.setenv(smtp.PASSWORD_VARIABLE, PASSWORD)
    from_env = SmtpNotifier(server.url(userinfo="halt"))
    with pytest.raises(DeliveryFailed) as no_auth:  # aiosmtpd offers no AUTH here
        from_env.send(notification(planned(), recipient()))
    shown = [notifier.name, repr(notifier), from_env.name, repr(from_env), caplog.text]
    errors: list[DeliveryFailed | NotifierUnavailable] = [
        down.value,
        bad.value,
        clear.value,
        no_auth.value,
    ]
    assert_hidden(PASSWORD, *shown, *errors, *(e.reason for e in errors))
    assert "offers no login" in no_auth.value.reason


# -- TLS ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server_context(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def trusted(authority: trustme.CA, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust ``authority`` as the system's own authorities are trusted."""
    path = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    monkeypatch.setenv("SSL_CERT_FILE", str(path))


@pytest.mark.usefixtures("trusted")
def test_smtps_with_a_trusted_certificate(
    start_server: Callable[..., Server], tls_server_context: ssl.SSLContext
) -> None:
    server = start_server(ssl_context=tls_server_context)
    SmtpNotifier(server.url("smtps")).send(notification(planned(), recipient()))
    assert len(server.collector.received) == 1


@pytest.mark.usefixtures("trusted")
def test_starttls_then_a_login(
    start_server: Callable[..., Server], tls_server_context: ssl.SSLContext
) -> None:
    server = start_server(
        tls_context=tls_server_context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
    )
    url = server.url(userinfo=f"halt:{PASSWORD}", query="&starttls=true")
    SmtpNotifier(url).send(notification(planned(), recipient()))
    assert len(server.collector.received) == 1


def test_smtps_with_an_untrusted_certificate(
    start_server: Callable[..., Server], tls_server_context: ssl.SSLContext
) -> None:
    server = start_server(ssl_context=tls_server_context)
    with pytest.raises(DeliveryFailed, match="no secure connection") as caught:
        SmtpNotifier(server.url("smtps")).send(notification(planned(), recipient()))
    assert "CERTIFICATE_VERIFY_FAILED: unable to get local issuer certificate" in str(caught.value)
    assert caught.value.retryable is True
    assert server.collector.received == []


# -- the URL ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.nl", "give the sender's address: from="),
        ("smtp://mail.example.nl?from=", "give the sender's address"),
        ("smtp://mail.example.nl?from=halt", "from='halt' is not valid: expected an e-mail"),
        (f"smtp://mail.example.nl?from={SENDER}&operator=x@y", "operator='x@y' is not valid"),
        (f"smtp://mail.example.nl?from={SENDER}&port=25", "unknown setting port; known: from"),
        (f"smtp://mail.example.nl?from={SENDER}&password=x", "unknown setting password"),
        (f"smtp://halt:pw@mail.example.nl?from={SENDER}", "unencrypted"),
        (f"smtp://halt:pw@mail.example.nl:587?from={SENDER}&starttls=no", "use smtps://"),
        (f"smtp://:pw@127.0.0.1?from={SENDER}", "a password but no user"),
        (f"smtp://halt@127.0.0.1?from={SENDER}", "set HALT_SMTP_PASSWORD"),
        (f"smtp://halt:wachtwo%C3%B6rd@127.0.0.1?from={SENDER}", "other than ASCII"),
        (f"smtp://127.0.0.1?from={SENDER}&timeout=0", "timeout: give seconds"),
        (f"smtp://127.0.0.1?from={SENDER}&timeout=soon", "timeout: give seconds"),
        (f"smtp://127.0.0.1?from={SENDER}&timeout=600", "at most 60"),
        (f"smtp://127.0.0.1?from={SENDER}&starttls=maybe", "starttls: give true or false"),
        (f"smtps://127.0.0.1?from={SENDER}&starttls=true", "leave out starttls"),
        (f"smtp://127.0.0.1:99999?from={SENDER}", "the port must be a number"),
        (f"smtp:///?from={SENDER}", "names no mail server"),
        (f"smtp://127.0.0.1/inbox?from={SENDER}", "has no path"),
        (f"mailto:{SENDER}", "expected smtp://host?from=ADDR"),
    ],
)
def test_a_url_that_cannot_work_is_refused(url: str, expected: str) -> None:
    with pytest.raises(NotifierUnavailable, match="cannot use notifier") as caught:
        SmtpNotifier(url)
    assert expected in caught.value.reason


@pytest.mark.parametrize(
    ("url", "port", "name"),
    [
        (f"smtp://mail.example.nl?from={SENDER}", 25, None),
        (f"smtps://halt@mail.example.nl?from={SENDER}", 465, None),
        (f"smtp://halt:{PASSWORD}@mail.example.nl:587?from={SENDER}&starttls=true", 587, "***"),
        (f"smtp://halt:{PASSWORD}@localhost:2525?from={SENDER}", 2525, "***"),
        (f"smtp://[::1]:2525?from=Halt@Example.NL&timeout=5&operator={OPERATOR}", 2525, None),
        ("smtp://127.0.0.1?from=halt+meldingen@example.nl", 25, None),
        ("smtp://127.0.0.1?from=halt%2Bmeldingen%40example.nl", 25, None),
    ],
)
def test_a_url_that_can_work(url: str, port: int, name: str | None) -> None:
    notifier = SmtpNotifier(url, password=None if name else "from-the-options")
    assert notifier._port == port
    assert notifier.for_partners is True
    assert notifier.sender in (SENDER, "Halt@example.nl", "halt+meldingen@example.nl")
    assert PASSWORD not in notifier.name
    assert notifier.name == url.replace(PASSWORD, "***")


def test_without_icalendar_the_notifier_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_itip, "available", lambda: False)
    with pytest.raises(NotifierUnavailable, match=r"pip install halt-core\[ics\]"):
        SmtpNotifier(f"smtp://127.0.0.1?from={SENDER}")


def test_the_hook_opens_both_schemes() -> None:
    openers = smtp.halt_notifiers()
    assert set(openers) == {"smtp", "smtps"}
    opened = openers["smtps"](f"smtps://halt@mail.example.nl?from={SENDER}", {"password": "pw"})
    assert isinstance(opened, SmtpNotifier)
    assert opened.name == f"smtps://halt@mail.example.nl?from={SENDER}"
