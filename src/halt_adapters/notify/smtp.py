"""The SMTP notifier: e-mail to each partner a route names, with calendar invitations.

``smtp://[user@]host[:port]?from=ADDR`` sends through a mail server; ``smtps://`` over
implicit TLS (port 465 by default; ``smtp://`` uses 25), ``&starttls=true`` upgrades a plain
connection first (use it with port 587). Settings, in the URL's query:

``from`` (required)
    the sender's address; also the organiser of calendar invitations. Bounces go to it.
``starttls``
    ``true`` to upgrade an ``smtp://`` connection with STARTTLS (default ``false``).
``timeout``
    seconds to wait for the server at each step (default 30, at most 60).
``operator``
    an address that gets the reports meant for an operator (dead letters, events of type
    ``nl.halt.notification.*``) as plain text; without it they are not sent.

The password of ``user`` comes from the URL (``smtp://user:password@host``), or else from
``HALT_SMTP_PASSWORD``; it is never shown (the notifier's name is its URL with the password
hidden) and never sent unencrypted to another machine: a login over plain ``smtp://`` is
refused unless the host is loopback. Only a secure connection is made otherwise: the server's
certificate is checked against the system's trusted authorities.

Each mail is ``multipart/alternative``: the message as plain text and as HTML, in the
partner's language, and, when sessions or a meeting were planned, moved or cancelled, an
iTIP invitation (RFC 6047) as a third alternative, so a mail program offers to put it in
the calendar, or updates the entry it already has. Cancelled entries next to new ones go in
a second calendar, ``cancel.ics`` (method CANCEL), attached. The ``Message-ID`` is derived
from the delivery's id, so a mail sent twice (the dispatcher died between sending and
recording) has the same one and a mail program shows it once; ``X-Halt-Event-Id`` carries
the event's id.

A refused recipient, sender or message (a 5xx answer) is a dead letter at once; a server
that cannot be reached, a timeout, a temporary refusal (4xx) or a failed login is tried
again (fix the configuration, and the next attempt delivers).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import email.policy
import email.utils
import json
import logging
import os
import re
import smtplib
import ssl
import urllib.parse
from collections.abc import Callable, Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any, Literal

from halt_adapters.notify import _itip
from halt_adapters.notify._smtp_text import (
    _answer,
    _ascii_domain,
    _bounded,
    _html_document,
    _message_id_domain,
    _one_line,
    _os_reason,
    _text,
    _tls_reason,
)
from halt_adapters.notify._smtp_url import _address, _is_loopback, _name, _settings, _timeout
from halt_core.events import Event
from halt_core.hookspecs import hookimpl
from halt_core.notify import (
    DeliveryFailed,
    Message,
    Notification,
    Notifier,
    NotifierUnavailable,
    Recipient,
)
from halt_core.notify.cloudevents import cloud_event_data
from halt_core.storage import redact_url

__all__ = [
    "OPERATOR_EVENTS",
    "PASSWORD_VARIABLE",
    "SmtpNotifier",
    "halt_notifiers",
]

PASSWORD_VARIABLE = "HALT_SMTP_PASSWORD"
"""The environment variable holding the mail server password, when the URL has none."""

OPERATOR_EVENTS = "nl.halt.notification."
"""The start of the type of every event meant for an operator rather than a partner."""

_DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
_SHORTEST_SCRUBBED = 3
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")
# Every body part is 7-bit (quoted-printable or base64 when it is not ASCII), so the mail
# passes any server, also one that does not offer 8BITMIME. Lines end in CRLF, as SMTP wants.
_POLICY = email.policy.SMTP.clone(cte_type="7bit")

logger = logging.getLogger(__name__)


class SmtpNotifier(Notifier):
    """Sends each notification as an e-mail to its partner, through one mail server.

    Args:
        url: ``smtp://[user[:password]@]host[:port]?from=ADDR[&starttls=true]
            [&timeout=S][&operator=ADDR]`` or ``smtps://...`` (implicit TLS).
        password: the password of the URL's user; default the URL's, else
            ``$HALT_SMTP_PASSWORD``.

    Raises :class:`~halt_core.notify.NotifierUnavailable` for a URL of another shape, a
    missing or invalid ``from``, an unknown setting, a user without a password, a login over
    plain ``smtp://`` to a host that is not loopback, or a missing ``icalendar`` package.
    Nothing is sent while opening: a server that is down shows at the first delivery, which
    is then tried again.

    Attributes:
        sender: the ``from`` address.
        operator: the ``operator`` address, or None.
        timeout: seconds to wait for the server at each step.

    """

    for_partners = True

    def __init__(self, url: str, password: str | None = None) -> None:
        shown = redact_url(url)
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in _DEFAULT_PORTS:
            raise NotifierUnavailable(
                shown, "expected smtp://host?from=ADDR or smtps://host?from=ADDR"
            )
        try:
            host, port = parsed.hostname, parsed.port
        except ValueError:
            raise NotifierUnavailable(shown, "the port must be a number from 1 to 65535") from None
        if not host:
            raise NotifierUnavailable(
                shown, "the URL names no mail server: smtp://mail.example.nl?from=..."
            )
        if parsed.path not in ("", "/") or parsed.fragment:
            raise NotifierUnavailable(
                shown, "a mail server URL has no path or #fragment; put settings after ?"
            )
        settings = _settings(shown, parsed.query)
        self.sender = _address(shown, "from", settings.get("from"))
        operator = settings.get("operator")
        self.operator = _address(shown, "operator", operator) if operator is not None else None
        self.timeout = _timeout(shown, settings.get("timeout"))
        starttls = settings.get("starttls", "false").strip().lower()
        if starttls not in _BOOLEANS:
            raise NotifierUnavailable(shown, "starttls: give true or false")
        self._starttls = _BOOLEANS[starttls]
        if self._starttls and parsed.scheme == "smtps":
            raise NotifierUnavailable(
                shown, "smtps:// is encrypted from the start; leave out starttls=true"
            )
        user = urllib.parse.unquote(parsed.username) if parsed.username else None
        url_password = parsed.password
        if user is None and url_password:
            raise NotifierUnavailable(shown, "the URL has a password but no user: user:***@host")
        if password is None and url_password:
            password = urllib.parse.unquote(url_password)
        if password is None:
            password = os.environ.get(PASSWORD_VARIABLE) or None
        if user is not None and not password:
            raise NotifierUnavailable(
                shown,
                f"the user {user!r} has no password: set {PASSWORD_VARIABLE} (or leave out "
                "the user if the server needs no login)",
            )
        if user is not None and not (user.isascii() and password and password.isascii()):
            raise NotifierUnavailable(
                shown,
                "the user or password holds characters other than ASCII, which Python's "
                "smtplib cannot send in a login: choose a password of ASCII characters",
            )
        encrypted = parsed.scheme == "smtps" or self._starttls
        if user is not None and not encrypted and not _is_loopback(host):
            raise NotifierUnavailable(
                shown,
                f"the login would cross the network unencrypted; it is allowed to loopback "
                f"only, and {host} is not: use smtps:// or add &starttls=true",
            )
        if not _itip.available():
            raise NotifierUnavailable(
                shown,
                "calendar invitations need the icalendar package: pip install halt-core[ics]",
            )
        self.name = _name(parsed)
        self._scheme = parsed.scheme
        self._host = host
        self._port = port or _DEFAULT_PORTS[parsed.scheme]
        self._user = user
        self._password = password if user is not None else None

    def __repr__(self) -> str:
        return f"SmtpNotifier({self.name!r})"

    def wants(self, event: Event) -> bool:
        """Every event, except the operator's (:data:`OPERATOR_EVENTS`) without ``operator``."""
        return self.operator is not None or not _for_operator(event)

    def check(self) -> None:
        """Connect, greet, secure and log in as :meth:`send` will; send nothing.

        Raises :class:`~halt_core.notify.NotifierUnavailable` with the reason when the server
        cannot be reached or refuses the login.
        """
        try:
            self._transmit(None, "")
        except DeliveryFailed as exc:
            raise NotifierUnavailable(self.name, exc.reason) from None

    def send(self, notification: Notification) -> None:
        """Mail ``notification`` to its partner, or the operator's report to the operator.

        Raises :class:`~halt_core.notify.DeliveryFailed`, not to be retried, when there is
        no one to write to (a partner without an e-mail address) or the server refuses the
        mail for good; to be retried when the server cannot be reached or refuses for now.
        """
        recipient, message = notification.recipient, notification.message
        now = dt.datetime.now(dt.UTC)
        if recipient is not None and recipient.email and message is not None:
            to = _ascii_domain(recipient.email)
            mail = self._partner_mail(notification, recipient, to, message, now)
        elif self.operator is not None and _for_operator(notification.event):
            to = self.operator
            mail = self._operator_mail(notification, now)
        else:
            raise DeliveryFailed(_nobody(notification, self.operator), retryable=False)
        self._transmit(mail, to)
        logger.debug(
            "mailed %s %s (delivery %s) through %s",
            notification.event.type,
            notification.event.id,
            notification.delivery,
            self.name,
        )

    # -- the mail ---------------------------------------------------------------------------

    def _headers(
        self, notification: Notification, to: Address, subject: str, now: dt.datetime
    ) -> EmailMessage:
        """A mail with its headers but no body (setting a body moves ``Content-*`` headers)."""
        mail = EmailMessage(policy=_POLICY)
        mail["From"] = Address(display_name="Halt", addr_spec=self.sender)
        mail["To"] = to
        mail["Subject"] = _one_line(subject)[:250]
        mail["Date"] = email.utils.format_datetime(now)
        mail["Message-ID"] = f"<{notification.delivery}@{_message_id_domain(self.sender)}>"
        mail["X-Halt-Event-Id"] = str(notification.event.id)
        mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
        return mail

    def _partner_mail(
        self,
        notification: Notification,
        recipient: Recipient,
        to: str,
        message: Message,
        now: dt.datetime,
    ) -> EmailMessage:
        language = message.language if _LANGUAGE.fullmatch(message.language) else "nl"
        try:
            address = Address(display_name=_one_line(recipient.name)[:200], addr_spec=to)
            mail = self._headers(notification, address, message.subject, now)
        except (ValueError, TypeError, IndexError) as exc:
            raise DeliveryFailed(
                f"cannot write a mail to the partner's address {to!r}: {_bounded(str(exc))}; "
                "correct it in the partner's contact points",
                retryable=False,
            ) from None
        mail.set_content(message.text)
        mail.add_alternative(
            _html_document(message.html, message.subject, language), subtype="html"
        )
        methods: list[Literal["REQUEST", "CANCEL"]] = [
            method
            for method in ("REQUEST", "CANCEL")
            if any(entry.method == method for entry in message.calendar)
        ]
        for number, method in enumerate(methods):
            ics = _itip.calendar(
                message.calendar,
                method,
                organizer=self.sender,
                attendee=to,
                attendee_name=recipient.name,
                now=now,
            )
            if number == 0:
                mail.add_alternative(ics, subtype="calendar", params={"method": method})
            else:
                mail.add_attachment(
                    ics, subtype="calendar", params={"method": method}, filename="cancel.ics"
                )
        mail["Content-Language"] = language
        return mail

    def _operator_mail(self, notification: Notification, now: dt.datetime) -> EmailMessage:
        assert self.operator is not None
        event = notification.event
        data = json.dumps(
            cloud_event_data(event), indent=2, sort_keys=True, ensure_ascii=False, default=str
        )
        mail = self._headers(
            notification,
            Address(display_name="Halt operator", addr_spec=self.operator),
            f"Halt: {event.type}",
            now,
        )
        mail.set_content(
            f"The notifier {self.name} reports {event.type}.\n\n"
            f"Event: {event.id}\n"
            f"Type: {event.type}\n"
            f"About: {event.subject}\n"
            f"Occurred at: {event.occurred_at.isoformat()}\n"
            f"Attempt: {notification.attempt}\n\n"
            f"{data}\n"
        )
        mail["Content-Language"] = "en"
        return mail

    # -- the server -------------------------------------------------------------------------

    def _transmit(self, mail: EmailMessage | None, to: str) -> None:
        """Connect, secure, log in, send ``mail`` to ``to``; DeliveryFailed on any failure.

        Without a mail it only connects, secures and logs in (:meth:`check`).
        """
        where = f"{self._host}:{self._port}"
        client: smtplib.SMTP | None = None
        try:
            client = self._connect()
            if mail is not None:
                client.send_message(mail, from_addr=_ascii_domain(self.sender), to_addrs=[to])
        except DeliveryFailed:
            raise
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryFailed(
                self._scrub(
                    f"{where} refused the login of {self._user!r} ({_answer(exc)}): check the "
                    f"user in the URL and the password ({PASSWORD_VARIABLE})"
                )
            ) from None
        except smtplib.SMTPRecipientsRefused as exc:
            code, answer = next(iter(exc.recipients.values()), (0, b""))
            raise DeliveryFailed(
                self._scrub(f"{where} refused the recipient {to!r}: {code} {_text(answer)}"),
                retryable=not 500 <= code < 600,
            ) from None
        except smtplib.SMTPSenderRefused as exc:
            raise DeliveryFailed(
                self._scrub(
                    f"{where} refused the sender {self.sender!r}: {_answer(exc)}; check from= "
                    "and that the server lets this user send as it"
                ),
                retryable=not 500 <= exc.smtp_code < 600,
            ) from None
        except smtplib.SMTPDataError as exc:
            raise DeliveryFailed(
                self._scrub(f"{where} refused the mail: {_answer(exc)}"),
                retryable=not 500 <= exc.smtp_code < 600,
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            # From send_message: an address that needs SMTPUTF8, which the server lacks.
            raise DeliveryFailed(
                self._scrub(f"{where} cannot take this mail: {_bounded(str(exc))}"),
                retryable=False,
            ) from None
        except smtplib.SMTPResponseException as exc:
            # The greeting, EHLO, STARTTLS: the server, not this mail. Tried again.
            raise DeliveryFailed(self._scrub(f"{where} answered {_answer(exc)}")) from None
        except smtplib.SMTPServerDisconnected as exc:
            if isinstance(exc.__context__, TimeoutError):  # smtplib's reading of a timeout
                raise DeliveryFailed(f"{where} did not answer within {self.timeout:g} s") from None
            raise DeliveryFailed(
                self._scrub(f"{where} closed the connection ({_bounded(str(exc))})")
            ) from None
        except TimeoutError:
            raise DeliveryFailed(f"{where} did not answer within {self.timeout:g} s") from None
        except ssl.SSLError as exc:
            raise DeliveryFailed(
                f"no secure connection to {where} ({_bounded(_tls_reason(exc))}): check "
                "the host name and port, and that its certificate is valid"
            ) from None
        except OSError as exc:
            raise DeliveryFailed(f"cannot reach {where}: {_bounded(_os_reason(exc))}") from None
        except smtplib.SMTPException as exc:
            raise DeliveryFailed(self._scrub(f"{where}: {_bounded(str(exc))}")) from None
        except UnicodeError:  # not shown: its object may be a login's text
            raise DeliveryFailed(
                f"{where}: the mail holds text the connection cannot carry (not ASCII)",
                retryable=False,
            ) from None
        finally:
            if client is not None:
                with contextlib.suppress(smtplib.SMTPException, OSError):
                    client.quit()
                client.close()

    def _connect(self) -> smtplib.SMTP:
        """An open connection, secured and logged in as the URL asks."""
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if self._scheme == "smtps":
            client = smtplib.SMTP_SSL(self._host, self._port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self._host, self._port, timeout=self.timeout)
        try:
            client.ehlo_or_helo_if_needed()
            if self._starttls:
                if not client.has_extn("starttls"):
                    raise DeliveryFailed(
                        f"{self._host}:{self._port} does not offer STARTTLS: check the port "
                        "(587 usually), or use smtps:// (port 465)"
                    )
                client.starttls(context=context)
                client.ehlo()
            if self._user is not None and self._password is not None:
                if not client.has_extn("auth"):
                    raise DeliveryFailed(
                        f"{self._host}:{self._port} offers no login (AUTH): leave out the user, "
                        "or check the port and the starttls setting"
                    )
                client.login(self._user, self._password)
        except BaseException:
            client.close()
            raise
        return client

    def _scrub(self, text: str) -> str:
        """``text`` without the password, as written or as AUTH sends it (base64)."""
        secret = self._password
        if not secret or len(secret) < _SHORTEST_SCRUBBED:
            return text
        forms = {secret, base64.b64encode(secret.encode()).decode()}
        if self._user is not None:
            plain = f"\0{self._user}\0{secret}".encode()
            forms.add(base64.b64encode(plain).decode())
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, "***")
        return text


# -- helpers ------------------------------------------------------------------------------------


def _for_operator(event: Event) -> bool:
    return event.type.startswith(OPERATOR_EVENTS)


def _nobody(notification: Notification, operator: str | None) -> str:
    """Why ``notification`` has no one to go to."""
    event, recipient = notification.event, notification.recipient
    if _for_operator(event) and operator is None:
        return f"{event.type} is for an operator, and no operator is set: add &operator=ADDR"
    if recipient is None:
        return "no partner to write to: the smtp notifier mails the partners a route names"
    if not recipient.email:
        return (
            f"the partner has no contact e-mail address: give {_one_line(recipient.name)[:100]}"
            f" ({recipient.partner}) a contact point with one, then retry the dead letter"
        )
    return f"there is nothing to tell a partner about {event.type}"


@hookimpl
def halt_notifiers() -> Mapping[str, Callable[[str, Mapping[str, Any]], Notifier]]:
    """The ``smtp`` and ``smtps`` schemes."""

    def open_smtp(url: str, options: Mapping[str, Any]) -> Notifier:
        return SmtpNotifier(url, **options)

    return {"smtp": open_smtp, "smtps": open_smtp}
