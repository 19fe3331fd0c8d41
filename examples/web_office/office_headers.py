"""The headers every answer carries, and a Dutch page instead of any crash.

:class:`SecurityHeaders` is the outermost middleware of the app (inside Starlette's own error
handler), so pages, static files, the calendar feeds, redirects and error answers all get:

- ``Content-Security-Policy``: the page's own stylesheet and images only; no script at all
  (the app has none), no inline style, forms only to this site, and no framing;
- ``X-Frame-Options: DENY`` (for browsers that predate ``frame-ancestors``);
- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: same-origin``;
- over HTTPS, ``Strict-Transport-Security`` too.

When the app fails, the error and its traceback go to the log (``halt.web_office``); the
browser gets a short Dutch page (500) that names no file, line or value.
"""

from __future__ import annotations

import logging

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from office_feed_keys import redact

CSP = "; ".join(
    (
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
"""The content security policy of every answer."""

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
"""The headers every answer carries."""

HSTS = "max-age=31536000"

_LOG = logging.getLogger("halt.web_office")

ERROR_PAGE = b"""<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Er ging iets mis</title>
<link rel="stylesheet" href="/static/office.css"></head>
<body><main class="wrap"><h1>Er ging iets mis</h1>
<p class="lead">Deze pagina kon door een fout niet gemaakt worden. De fout is vastgelegd voor de
beheerder. Probeer het later opnieuw, of ga terug naar <a href="/">het overzicht</a>.</p>
</main></body></html>
"""


class SecurityHeaders:
    """ASGI middleware: :data:`HEADERS` on every answer, and a Dutch 500 page on a crash."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.headers = {**HEADERS, **({"Strict-Transport-Security": HSTS} if https else {})}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, adding the headers to its answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            _LOG.exception("%s %s failed", scope.get("method"), redact(str(scope.get("path"))))
            if started:
                return  # the answer has begun; the connection ends here
            await with_headers(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"text/html; charset=utf-8"),
                        (b"content-length", str(len(ERROR_PAGE)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": ERROR_PAGE})
