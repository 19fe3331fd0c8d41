"""The app's guards, as Starlette middleware, in the order a request passes them.

From the outside in:

1. :class:`~office_headers.SecurityHeaders`: the security headers on every answer, and a
   Dutch page (500) for a crash;
2. :class:`TrustedHosts`, Starlette's ``TrustedHostMiddleware`` with a Dutch refusal: only
   the configured host names (else 400);
3. :class:`~office_limits.BodyLimit`: request bodies of at most 1 MiB (else 413);
4. Starlette's ``SessionMiddleware``: the signed session cookie ``halt_office``, HttpOnly,
   SameSite=Lax, Secure over HTTPS, for at most the longest session;
5. :class:`~office_signin.SignInGuard`: who is signed in, and whether their role may;
6. :class:`~office_csrf.CsrfGuard`: a change must carry the form key and come from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from office_csrf import CsrfGuard
from office_headers import SecurityHeaders
from office_limits import MAX_BODY, BodyLimit
from office_settings import Settings
from office_signin import SignIn, SignInGuard

SESSION_COOKIE = "halt_office"
"""The name of the session cookie."""


WRONG_HOST = b"""<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Onbekend adres</title></head>
<body><h1>Onbekend adres</h1>
<p>Deze app is niet bereikbaar onder deze naam. Gebruik het adres dat u van het
regiokantoor kreeg.</p></body></html>
"""
"""The answer (400) to a request for a host name the app does not serve."""


class TrustedHosts:
    """ASGI middleware: Starlette's ``TrustedHostMiddleware``, refusing in Dutch.

    Starlette decides which host names pass (its own matching, wildcards included); a request
    it refuses gets :data:`WRONG_HOST` instead of its English "Invalid host header". The
    refusal is told apart from the app's own answers by whether the request reached the app.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.check = TrustedHostMiddleware(
            self._passed, allowed_hosts=list(allowed_hosts), www_redirect=False
        )

    async def _passed(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["halt_host_ok"] = True
        await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or refuse it (400) with a short Dutch page."""
        if scope["type"] != "http":
            await self.check(scope, receive, send)
            return

        async def refusing(message: Message) -> None:
            if scope.get("halt_host_ok"):
                await send(message)
            # else: Starlette's English refusal, dropped; the Dutch one follows.

        await self.check(scope, receive, refusing)
        if not scope.get("halt_host_ok"):
            await HTMLResponse(WRONG_HOST, status_code=400)(scope, receive, send)


def guards(settings: Settings, signin: SignIn) -> list[Middleware]:
    """The middleware that guards the app, outermost first."""
    return [
        Middleware(SecurityHeaders, https=settings.https),
        Middleware(TrustedHosts, allowed_hosts=list(settings.hosts)),
        Middleware(BodyLimit, max_bytes=MAX_BODY),
        Middleware(
            SessionMiddleware,
            secret_key=settings.secret_key,
            session_cookie=SESSION_COOKIE,
            max_age=settings.max_hours * 3600,
            same_site="lax",
            https_only=settings.https,
        ),
        Middleware(SignInGuard, signin=signin),
        Middleware(CsrfGuard, https=settings.https),
    ]
