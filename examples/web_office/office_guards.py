"""The app's guards, as Starlette middleware, in the order a request passes them.

From the outside in:

1. :class:`~office_headers.SecurityHeaders`: the security headers on every answer, and a
   Dutch page (500) for a crash;
2. Starlette's ``TrustedHostMiddleware``: only the configured host names (else 400);
3. :class:`~office_limits.BodyLimit`: request bodies of at most 1 MiB (else 413);
4. Starlette's ``SessionMiddleware``: the signed session cookie ``halt_office``, HttpOnly,
   SameSite=Lax, Secure over HTTPS, for at most the longest session;
5. :class:`~office_signin.SignInGuard`: who is signed in, and whether their role may;
6. :class:`~office_csrf.CsrfGuard`: a change must carry the form key and come from here.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from office_csrf import CsrfGuard
from office_headers import SecurityHeaders
from office_limits import MAX_BODY, BodyLimit
from office_settings import Settings
from office_signin import SignIn, SignInGuard

SESSION_COOKIE = "halt_office"
"""The name of the session cookie."""


def guards(settings: Settings, signin: SignIn) -> list[Middleware]:
    """The middleware that guards the app, outermost first."""
    return [
        Middleware(SecurityHeaders, https=settings.https),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.hosts)),
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
