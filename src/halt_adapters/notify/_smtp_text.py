"""The text of an SMTP exchange: headers kept to one line, servers' answers bounded."""

from __future__ import annotations

import html
import smtplib
import ssl

from halt_core.notify.messages import UID_DOMAIN

__all__: list[str] = []

_MAX_REASON = 300


def _ascii_domain(address: str) -> str:
    """``address`` with its domain in IDNA (``xn--``) form, so no server needs SMTPUTF8 for it."""
    local, _, domain = address.rpartition("@")
    if domain.isascii():
        return address
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address


def _message_id_domain(sender: str) -> str:
    domain = _ascii_domain(sender).rpartition("@")[2]
    return domain if domain.isascii() and domain else UID_DOMAIN


def _html_document(fragment: str, title: str, language: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language}">\n'
        '<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(_one_line(title))}</title>\n"
        "</head>\n"
        f"<body>\n{fragment}\n</body>\n"
        "</html>\n"
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _text(answer: bytes | str) -> str:
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", "replace")
    return _bounded(_one_line(answer))


def _answer(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _bounded(text: str) -> str:
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 3] + "..."


def _tls_reason(exc: ssl.SSLError) -> str:
    reason = exc.reason or type(exc).__name__
    if isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_message:
        return f"{reason}: {exc.verify_message}"
    return reason if exc.reason else str(exc)


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__
