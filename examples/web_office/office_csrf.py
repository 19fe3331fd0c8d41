"""Forms that only this site can send: a key per session, and the sender's origin checked.

Every request that may change something (any method but GET, HEAD and OPTIONS) must:

- not come from another site: an ``Origin`` header must be this site's own (``null`` is
  refused), and ``Sec-Fetch-Site: cross-site`` is refused;
- carry the session's form key, in the form field ``csrf_token`` (each form of the app has
  it hidden) or in the header ``X-CSRF-Token``. The key is ``secrets.token_urlsafe(32)``,
  kept in the signed session cookie and compared with ``hmac.compare_digest``.

Otherwise :class:`CsrfGuard` answers 403 with a Dutch page, and the app never sees the
request. The guard reads the (already size-limited) body to find the field, and hands the
same bytes on to the app.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import MutableMapping
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from office_feed_keys import redact

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""The methods that change nothing, and so need no form key."""

FIELD = "csrf_token"
"""The name of the form field that carries the key."""

MAX_FIELDS = 100
"""The most fields a posted form may have (the request form has about twenty)."""

_LOG = logging.getLogger("halt.web_office.audit")


def new_token() -> str:
    """A fresh form key."""
    return secrets.token_urlsafe(32)


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The form key of ``session``, made when it has none yet."""
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = session["csrf"] = new_token()
    return token


def cross_site(scope: Scope, https: bool) -> str | None:
    """Why the request comes from another site; None when it does not."""
    headers = Headers(scope=scope)
    if headers.get("sec-fetch-site") == "cross-site":
        return "Sec-Fetch-Site: cross-site"
    origin = headers.get("origin")
    if origin is None:
        return None  # older clients send none; the form key still has to be right
    scheme = "https" if https else scope.get("scheme", "http")
    own = f"{scheme}://{headers.get('host', '')}".lower()
    return None if origin.lower() == own else f"Origin {origin[:100]}"


class CsrfGuard:
    """ASGI middleware: refuses (403) a changing request from elsewhere or without the key.

    Put it inside Starlette's ``SessionMiddleware``. ``https`` says the site is reached
    over HTTPS (its origin is then ``https://`` whatever the proxy in front passed on).
    """

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check a changing request, then pass it on with its body, or refuse it."""
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        problem = cross_site(scope, self.https)
        replay = receive
        if problem is None:
            body = await _body(receive)
            replay = _replaying(body, receive)
            try:
                sent = await _sent_token(scope, _replaying(body, receive))
            except HTTPException as error:  # a form with a file, or a broken one
                refused = PlainTextResponse(_FORM_REFUSED, status_code=error.status_code)
                await refused(scope, receive, send)
                return
            expected = scope.get("session", {}).get("csrf")
            if not sent or not isinstance(expected, str):
                problem = "no form key"
            elif not hmac.compare_digest(sent.encode(), expected.encode()):
                problem = "a wrong form key"
        if problem is None:
            await self.app(scope, replay, send)
            return
        user = scope.get("halt_user")
        _LOG.warning(
            "refused %s %s: %s (user=%s)",
            scope["method"],
            redact(scope["path"]),
            problem,
            getattr(user, "name", "-"),
        )
        templates: Jinja2Templates = scope["app"].state.templates  # as office_pages.render
        response: Response = templates.TemplateResponse(
            Request(scope), "refused.html", {"reason": "csrf"}, status_code=403
        )
        await response(scope, receive, send)


_FORM_REFUSED = "Dit formulier kan niet gelezen worden; het neemt geen bestanden aan.\n"


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then waits on the real one (a disconnect)."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _sent_token(scope: Scope, receive: Receive) -> str | None:
    request = Request(scope, receive)
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return None
    async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
        value = form.get(FIELD)
    return value if isinstance(value, str) else None
