"""Who is signed in, what their role lets them do, and the pages to sign in and out.

A person signs in with a local account (:mod:`office_accounts`) or, when the deployment
sets ``HALT_OFFICE_TRUSTED_USER_HEADER``, through a proxy in front that did the OpenID
Connect sign-in and names the user (and their groups) in headers. Those headers count only
from the addresses in ``HALT_OFFICE_TRUSTED_PROXIES``.

A local sign-in starts a session, kept in this process (:class:`Sessions`); the signed
session cookie carries only its random id and the form key (:mod:`office_csrf`). A session
ends when it is idle too long, when it is too old, at sign-out, and when its account is
removed. :class:`SignInGuard` lets a request through only with the role its page needs:
without a session it is sent to the sign-in page.

Sign-ins, failed sign-ins (never their password) and sign-outs go to the audit log
(:data:`AUDIT`), with the user's name and the client's address.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from urllib.parse import quote, urlsplit

import attrs
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from office_accounts import Accounts
from office_csrf import SAFE_METHODS, new_token
from office_feed_keys import NEW_KEY, NOT_FOUND, FeedReads, keyed_feed, redact
from office_pages import render
from office_settings import ROLES, Settings, role_rank
from office_throttle import Throttle

AUDIT = logging.getLogger("halt.web_office.audit")
"""Who did what: sign-ins, refusals and every change, with the user's name."""

SIGN_IN = "/inloggen"
SIGN_OUT = "/uitloggen"


@attrs.frozen
class User:
    """The person behind a request.

    Attributes:
        name: their account name (or the name the proxy gave).
        role: ``reader``, ``planner`` or ``admin``.
        via: ``"account"`` (a local sign-in), ``"proxy"`` (single sign-on in front) or
            ``"feed"`` (a calendar app with the account's feed key, for a feed only).

    """

    name: str
    role: str
    via: str = "account"

    def may(self, role: str) -> bool:
        """Whether this user's role includes ``role``."""
        return role_rank(self.role) >= role_rank(role)


def user_of(connection: HTTPConnection) -> User | None:
    """The signed-in user of a request (set by :class:`SignInGuard`), or None."""
    user: User | None = connection.scope.get("halt_user")
    return user


def required_role(method: str, path: str) -> str | None:
    """The role a request needs; None for the sign-in page and its stylesheet.

    Reading needs ``reader``; the request form and every change ``planner``; managing
    accounts ``admin``. A new page is covered by these rules without being listed.
    """
    if path == SIGN_IN or path.startswith("/static/"):
        return None
    if path.startswith("/beheer"):
        return "admin"
    if path in (SIGN_OUT, NEW_KEY):
        return "reader"
    if method not in SAFE_METHODS or path == "/aanvraag":
        return "planner"
    return "reader"


@attrs.define
class _Session:
    name: str
    since: float
    seen: float


class Sessions:
    """The sessions signed in to this process, by their random id."""

    def __init__(self, idle: float, longest: float) -> None:
        self.idle = idle
        self.longest = longest
        self._lock = threading.Lock()
        self._sessions: dict[str, _Session] = {}

    def start(self, name: str, now: float) -> str:
        """A new session for ``name``; returns its id."""
        id = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[id] = _Session(name, now, now)
        return id

    def touch(self, id: str, now: float) -> str | None:
        """The name of session ``id`` when it is still valid (and mark it used); else None."""
        with self._lock:
            found = self._sessions.get(id)
            if found is None:
                return None
            if now - found.seen > self.idle or now - found.since > self.longest:
                del self._sessions[id]
                return None
            found.seen = now
            return found.name

    def end(self, id: str) -> None:
        """End session ``id`` (nothing when there is none)."""
        with self._lock:
            self._sessions.pop(id, None)


class SignIn:
    """What the sign-in needs: settings, accounts, sessions and the throttle."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.accounts = Accounts(settings.accounts_file)
        self.sessions = Sessions(settings.idle_minutes * 60, settings.max_hours * 3600)
        self.throttle = Throttle()
        self.feed_reads = FeedReads()
        self.clock = clock

    def client(self, scope: Scope) -> str:
        """The client's address; behind a trusted proxy, the one it forwards."""
        peer = str((scope.get("client") or ("?", 0))[0])
        if peer in self.settings.proxies:
            for name, value in scope["headers"]:
                if name == b"x-forwarded-for":
                    return value.decode("latin-1").rsplit(",", 1)[-1].strip() or peer
        return peer

    def user(self, connection: HTTPConnection) -> User | None:
        """The user a request comes from: named by a trusted proxy, or by its session."""
        header = self.settings.user_header
        if header and connection.headers.get(header):
            peer = connection.client.host if connection.client else "?"
            if peer in self.settings.proxies:
                return self._from_proxy(connection, header)
            AUDIT.warning("ignored %s from %s: not a trusted proxy", header, peer)
        id = connection.session.get("sid")
        if not isinstance(id, str):
            return None
        name = self.sessions.touch(id, self.clock())
        account = None if name is None else self.accounts.get(name)
        if account is None:
            self.sessions.end(id)
            connection.session.pop("sid", None)
            return None
        return User(account.name, account.role)

    def _from_proxy(self, connection: HTTPConnection, header: str) -> User:
        name = connection.headers[header].strip()[:100]
        groups = connection.headers.get(self.settings.role_header, "")
        found = {g.strip().rsplit("/", 1)[-1] for g in groups.split(",")}
        role = max((r for r in ROLES if r in found), key=role_rank, default="")
        return User(name, role, via="proxy")


class SignInGuard:
    """ASGI middleware: a request goes on only with the role its page needs.

    Without a user it is sent to the sign-in page (303); with too small a role it gets 403.
    A feed address with a key (:mod:`office_feed_keys`) needs no session: a ``GET`` or
    ``HEAD`` with an account's key goes on as that account (``via="feed"``); anything else
    there gets 404. It sits inside Starlette's ``SessionMiddleware``.
    """

    def __init__(self, app: ASGIApp, signin: SignIn) -> None:
        self.app = app
        self.signin = signin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let the request through, or send it to the sign-in page, or refuse it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        keyed = keyed_feed(scope["path"])
        if keyed is not None:
            await self._keyed(keyed["key"], scope, receive, send)
            return
        user = self.signin.user(HTTPConnection(scope))
        scope["halt_user"] = user
        need = required_role(scope["method"], scope["path"])
        if need is None or (user is not None and user.may(need)):
            await self.app(scope, receive, send)
            return
        response: Response
        if user is None:
            target = scope["path"] if scope["method"] in SAFE_METHODS else "/"
            response = RedirectResponse(f"{SIGN_IN}?verder={quote(target)}", status_code=303)
        else:
            AUDIT.warning(
                "refused: user=%s role=%s %s %s needs %s",
                user.name,
                user.role or "-",
                scope["method"],
                redact(scope["path"]),
                need,
            )
            context = {"reason": "rol", "need": need}
            response = render(scope, "refused.html", context, status_code=403)
        await response(scope, receive, send)

    async def _keyed(self, key: str, scope: Scope, receive: Receive, send: Send) -> None:
        """A feed address with a key: on as the key's account, or 404 (the same for all)."""
        account = None
        if scope["method"] in ("GET", "HEAD"):
            account = self.signin.accounts.by_feed_key(key)
        if account is None or role_rank(account.role) < role_rank("reader"):
            response = HTMLResponse(NOT_FOUND, status_code=404)
            await response(scope, receive, send)
            return
        scope["halt_user"] = User(account.name, account.role, via="feed")
        await self.app(scope, receive, send)


async def sign_in_page(request: Request) -> Response:
    """``GET /inloggen``: the sign-in form (and, without accounts, how to make one)."""
    return _form(request)


def _form(
    request: Request, status: int = 200, *, problem: str = "", wait: int = 0, name: str = ""
) -> Response:
    signin: SignIn = request.app.state.signin
    context = {
        "problem": problem,
        "wait": wait,
        "name": name,
        "no_accounts": not signin.accounts,
        "next": local_path(request.query_params.get("verder", "/")),
        "signed_out": request.query_params.get("afgemeld") == "1",
        "page": "inloggen",
    }
    headers = {"Retry-After": str(wait)} if wait else None
    return render(request.scope, "signin.html", context, status_code=status, headers=headers)


async def sign_in(request: Request) -> Response:
    """``POST /inloggen``: check the name and password; start a session or say why not."""
    signin: SignIn = request.app.state.signin
    async with request.form(max_files=0, max_fields=10) as form:
        name = str(form.get("naam", "")).strip().lower()[:64]
        password = str(form.get("wachtwoord", ""))[:1024]
        next = local_path(str(form.get("verder", "/")))
    client = signin.client(request.scope)
    now = signin.clock()
    if signin.throttle.wait(name, client, now):
        signin.throttle.failed(name, client, now)
        wait = signin.throttle.wait(name, client, now)
        AUDIT.warning("sign-in refused, too many: user=%s client=%s wait=%ds", name, client, wait)
        problem = "Te veel pogingen. Wacht even en probeer het dan opnieuw."
        return _form(request, 429, problem=problem, wait=wait, name=name)
    account = await run_in_threadpool(signin.accounts.check, name, password)
    if account is None:
        signin.throttle.failed(name, client, now)
        AUDIT.warning("sign-in failed: user=%s client=%s", name, client)
        wait = signin.throttle.wait(name, client, now)
        problem = "De naam of het wachtwoord klopt niet."
        return _form(request, 401, problem=problem, wait=wait, name=name)
    signin.throttle.succeeded(name)
    old = request.session.get("sid")
    if isinstance(old, str):
        signin.sessions.end(old)
    request.session.clear()  # a new session: nothing from before carries over
    request.session["sid"] = signin.sessions.start(account.name, now)
    request.session["csrf"] = new_token()
    AUDIT.info("signed in: user=%s role=%s client=%s", account.name, account.role, client)
    return RedirectResponse(next, status_code=303)


async def sign_out(request: Request) -> Response:
    """``POST /uitloggen``: end the session (the form carries its key, as every form does)."""
    signin: SignIn = request.app.state.signin
    user = user_of(request)
    id = request.session.get("sid")
    if isinstance(id, str):
        signin.sessions.end(id)
    request.session.clear()
    if user is not None:
        AUDIT.info("signed out: user=%s client=%s", user.name, signin.client(request.scope))
    if user is not None and user.via == "proxy":
        return RedirectResponse(signin.settings.proxy_sign_out, status_code=303)
    return RedirectResponse(f"{SIGN_IN}?afgemeld=1", status_code=303)


def local_path(path: str) -> str:
    """``path`` when it is a path on this site; else ``/`` (no redirects elsewhere)."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//"):
        return "/"
    if "\\" in path or path.startswith(SIGN_IN):
        return "/"
    return path
