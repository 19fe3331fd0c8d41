"""The webhook notifier: each event POSTed to one URL as a signed CloudEvent.

``webhook+https://host/path`` (or ``webhook+http://`` to a loopback address, for a receiver
on the same machine) POSTs every event once, as a CloudEvent 1.0 in structured JSON mode
following the NL GOV profile (see :mod:`halt_core.notify.cloudevents`), signed with the key
in ``HALT_WEBHOOK_SECRET``::

    POST /path HTTP/1.1
    Content-Type: application/cloudevents+json
    Halt-Signature: t=1767225600,v1=5f1c...
    Idempotency-Key: <the event's id>

Settings, in the URL's query: ``source`` (the CloudEvent's ``source``; or ``oin`` to build
the NL GOV URN ``urn:nld:oin:<oin>:systeem:halt_core``) and ``timeout`` (seconds, default 10).
A 2xx answer delivers; 5xx, 429 (honouring ``Retry-After``), timeouts and connection errors
are tried again; any other answer is a refusal that no retry cures: a dead letter at once.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import ssl
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

from halt_core.hookspecs import hookimpl
from halt_core.notify import (
    DeliveryFailed,
    Notification,
    Notifier,
    NotifierUnavailable,
    encode_cloud_event,
    sign,
    source_for_oin,
)
from halt_core.notify.cloudevents import CLOUDEVENTS_MEDIA_TYPE, DEFAULT_SOURCE, SIGNATURE_HEADER
from halt_core.storage import redact_url

__all__ = ["SECRET_VARIABLE", "WebhookNotifier", "halt_notifiers"]

SECRET_VARIABLE = "HALT_WEBHOOK_SECRET"
"""The environment variable holding the key the bodies are signed with."""

_MIN_SECRET = 16
_MAX_TIMEOUT = 60.0


class WebhookNotifier(Notifier):
    """POSTs every event to one URL as a signed CloudEvent.

    Args:
        url: ``webhook+https://host[:port]/path[?source=...|oin=...][&timeout=S]``, or
            ``webhook+http://`` to a loopback host.
        secret: the signing key; default ``$HALT_WEBHOOK_SECRET``. At least 16 characters.

    Raises :class:`~halt_core.notify.NotifierUnavailable` for a URL of another shape, plain
    http to a host that is not loopback, a missing or short secret, or a bad setting.

    """

    for_partners = False

    def __init__(self, url: str, secret: str | None = None) -> None:
        shown = redact_url(url)
        try:
            parsed = urllib.parse.urlsplit(url)
            port = parsed.port
        except ValueError as exc:  # a bracket left open, a port that is no number
            raise NotifierUnavailable(
                shown, f"not a URL ({exc}); expected webhook+https://host[:port]/path"
            ) from None
        if port is not None and not 1 <= port <= 65535:
            raise NotifierUnavailable(shown, "the port must be a number from 1 to 65535")
        if (
            any(c.isspace() or not c.isprintable() for c in parsed.path)
            or not parsed.path.isascii()
        ):
            raise NotifierUnavailable(
                shown, "the path must be ASCII without spaces; percent-encode other characters"
            )
        scheme = parsed.scheme.removeprefix("webhook+")
        if not parsed.scheme.startswith("webhook+") or scheme not in ("http", "https"):
            raise NotifierUnavailable(
                shown, "expected webhook+https://host/path (or webhook+http:// to loopback)"
            )
        if not parsed.hostname:
            raise NotifierUnavailable(shown, "the URL names no host")
        if scheme == "http" and not _is_loopback(parsed.hostname):
            raise NotifierUnavailable(
                shown,
                f"plain http sends events unencrypted; it is allowed to loopback only, and "
                f"{parsed.hostname} is not: use webhook+https://",
            )
        query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        settings = {name: values[-1] for name, values in query.items()}
        unknown = sorted(set(settings) - {"source", "oin", "timeout"})
        if unknown:
            raise NotifierUnavailable(
                shown, f"unknown setting {', '.join(unknown)}; known: source, oin, timeout"
            )
        try:
            self.timeout = float(settings.get("timeout", "10"))
        except ValueError:
            self.timeout = -1.0
        if not 0 < self.timeout <= _MAX_TIMEOUT:
            raise NotifierUnavailable(
                shown, f"timeout: give seconds, more than 0 and at most {_MAX_TIMEOUT:g}"
            )
        if "oin" in settings and "source" in settings:
            raise NotifierUnavailable(
                shown, "give oin= (the NL GOV source is made from it) or source=, not both"
            )
        if "oin" in settings:
            try:
                self.source = source_for_oin(settings["oin"])
            except Exception as exc:
                raise NotifierUnavailable(shown, str(exc)) from None
        else:
            self.source = settings.get("source", DEFAULT_SOURCE).strip()
            if not self.source or any(c.isspace() for c in self.source):
                raise NotifierUnavailable(
                    shown, "source: give a URI without spaces, e.g. urn:nld:oin:<oin>:systeem:x"
                )
        key = secret if secret is not None else os.environ.get(SECRET_VARIABLE)
        if not key or len(key) < _MIN_SECRET:
            raise NotifierUnavailable(
                shown,
                f"no signing key: set {SECRET_VARIABLE} to a secret of at least {_MIN_SECRET} "
                "characters that the receiver knows too",
            )
        self._secret = key
        self._scheme = scheme
        self._host = parsed.hostname
        self._port = port
        self._path = parsed.path or "/"
        self.name = shown

    def check(self) -> None:
        """Check that the receiver's host accepts connections (no request is sent)."""
        port = self._port or (443 if self._scheme == "https" else 80)
        try:
            socket.create_connection((self._host, port), timeout=self.timeout).close()
        except OSError as exc:
            raise NotifierUnavailable(
                self.name, f"cannot reach {self._host}:{port}: {_reason(exc)}"
            ) from None

    def send(self, notification: Notification) -> None:
        """POST the event; raise :class:`~halt_core.notify.DeliveryFailed` unless a 2xx."""
        event = notification.event
        body = encode_cloud_event(event, self.source)
        headers = {
            "Content-Type": CLOUDEVENTS_MEDIA_TYPE,
            SIGNATURE_HEADER: sign(body, self._secret),
            "Idempotency-Key": str(event.id),
            "User-Agent": "halt_core-webhook",
        }
        connection = self._connect()
        try:
            connection.request("POST", self._path, body=body, headers=headers)
            response = connection.getresponse()
            response.read(65_536)  # a short look; the answer's body is not used
            status = response.status
            retry_after = _seconds(response.getheader("Retry-After"))
        except TimeoutError as exc:
            raise DeliveryFailed(f"no answer within {self.timeout:g} s ({exc})") from None
        except (OSError, http.client.HTTPException) as exc:
            raise DeliveryFailed(f"cannot reach {self._host}: {_reason(exc)}") from None
        finally:
            connection.close()
        if 200 <= status < 300:
            return
        if status >= 500 or status == 429:
            raise DeliveryFailed(f"the receiver answered {status}", retry_after=retry_after)
        raise DeliveryFailed(
            f"the receiver refused it with {status}; check its URL and what it accepts",
            retryable=False,
        )

    def _connect(self) -> http.client.HTTPConnection:
        if self._scheme == "https":
            context = ssl.create_default_context()
            return http.client.HTTPSConnection(
                self._host, self._port, timeout=self.timeout, context=context
            )
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _seconds(value: str | None) -> float | None:
    if value is None or not value.strip().isdigit():
        return None
    return min(float(value.strip()), 86_400.0)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:200]


@hookimpl
def halt_notifiers() -> Mapping[str, Callable[[str, Mapping[str, Any]], Notifier]]:
    """The ``webhook+https`` and ``webhook+http`` schemes."""

    def open_webhook(url: str, options: Mapping[str, Any]) -> Notifier:
        return WebhookNotifier(url, **options)

    return {"webhook+https": open_webhook, "webhook+http": open_webhook}
