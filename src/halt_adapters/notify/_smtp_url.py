"""Reading an SMTP notifier's URL: its settings, addresses, timeout and shown name."""

from __future__ import annotations

import ipaddress
import urllib.parse

from halt_core.errors import InvalidValue
from halt_core.model.contacts import normalise_email
from halt_core.notify import NotifierUnavailable

__all__: list[str] = []

_DEFAULT_TIMEOUT = 30.0
_MAX_TIMEOUT = 60.0
_SETTINGS = ("from", "starttls", "timeout", "operator")


def _settings(shown: str, query: str) -> dict[str, str]:
    """The query's settings, the last of each name; ``+`` stays a plus (``halt+nl@...``)."""
    settings: dict[str, str] = {}
    for pair in query.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            settings[urllib.parse.unquote(name)] = urllib.parse.unquote(value)
    unknown = sorted(set(settings) - set(_SETTINGS))
    if unknown:
        raise NotifierUnavailable(
            shown, f"unknown setting {', '.join(unknown)}; known: {', '.join(_SETTINGS)}"
        )
    return settings


def _address(shown: str, setting: str, value: str | None) -> str:
    if value is None or not value.strip():
        whose = "the sender's address" if setting == "from" else "an address"
        raise NotifierUnavailable(shown, f"give {whose}: {setting}=halt@example.nl")
    try:
        return normalise_email(value.strip())
    except InvalidValue as exc:
        raise NotifierUnavailable(
            shown, f"{setting}={value[:100]!r} is not valid: {exc.allowed}"
        ) from None


def _timeout(shown: str, value: str | None) -> float:
    if value is None:
        return _DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= _MAX_TIMEOUT:
        raise NotifierUnavailable(
            shown, f"timeout: give seconds, more than 0 and at most {_MAX_TIMEOUT:g}"
        )
    return seconds


def _name(parsed: urllib.parse.SplitResult) -> str:
    """The URL of a notifier that opened, its password as ``***``.

    Read as the notifier read it, so what it hides is exactly what it sends. (Before the URL
    is known to be good, errors show it through ``redact_url``, which reads any ``@`` as the
    end of a password and may hide more: safe, but a name must keep host, port and query.)
    The query holds no secret: only the known settings are accepted.
    """
    netloc = parsed.netloc
    if parsed.password is not None:
        userinfo, _, hostport = netloc.rpartition("@")
        netloc = f"{userinfo.partition(':')[0]}:***@{hostport}"
    return urllib.parse.urlunsplit((parsed.scheme, netloc, parsed.path, parsed.query, ""))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
