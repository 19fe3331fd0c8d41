"""A small web app for one of Halt's regional offices: its network, its forums, its requests.

The office sees the partner network of its arrondissement with a picture of it, the calendar
of the forums it sits in (also as an iCalendar download), and a form to register a school's
request for a lesson. The form shows every problem at once, in Dutch, next to the field it is
about: the model's own checks (:class:`~halt_core.errors.InvalidValue`) and the rules
(:func:`halt_core.rules.default_rules` plus four of the office's own).

This module is the web app, its routes and :func:`main`; what the pages show comes from the
``office_*`` modules next to it. Run it with ``python examples/web_office/app.py`` (see the
README next to this file). On the first start it fills an empty store with the demo network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import halt_core
from halt_core import AMSTERDAM, Arrondissement, ExportFailed, HaltError, UnknownFormat
from halt_core.demo import generate
from halt_core.storage import Store, redact_url
from halt_core.storage.urls import redact_secrets

from office_accounts import AccountError
from office_admin import ADMIN_ROUTES
from office_caching import FirstServed, http_date, not_modified
from office_commands import COMMANDS, how_to_add
from office_commands import run as run_command
from office_context import Office
from office_dutch import FOR_TEMPLATES
from office_exports import calendar_file, network_picture
from office_feed_keys import NEW_KEY
from office_feed_keys import NOT_FOUND as FEED_NOT_FOUND
from office_feeds import (
    FEED_KINDS,
    Feed,
    calendar_feed,
    feed_links,
    feed_path,
    forum_page,
    intervention_page,
    partner_page,
)
from office_guards import guards
from office_network import calendar_data, overview_data
from office_pages import office_of as _office
from office_pages import page as _render
from office_pages import render, templates
from office_request_pages import change_request, request_form, show_request, submit_request
from office_search import KINDS as SEARCH_KINDS
from office_search import LONGEST_QUERY, search
from office_settings import SettingError, Settings
from office_signin import (
    AUDIT,
    SIGN_IN,
    SIGN_OUT,
    SignIn,
    local_path,
    sign_in,
    sign_in_page,
    sign_out,
    user_of,
)

HERE = Path(__file__).resolve().parent
DEFAULT_STORE = f"sqlite:///{Path.cwd() / 'halt-office.sqlite3'}"
DEMO_SEED = 2024
DEMO_SIZE = 200
LOG = logging.getLogger("halt.web_office")

# Every route reads the store in a worker thread (run_in_threadpool): the stores are
# synchronous, and the event loop keeps serving meanwhile. Request bodies are limited to
# MAX_BODY (office_limits.BodyLimit), and forms take no files. Who may see and change what,
# the forms' keys, the host names served and the headers of every answer are the guards'
# (office_guards); the request pages (office_request_pages) log who filed or changed what.


async def overview(request: Request) -> Response:
    """``/``: the partners, forums and collaborations of the arrondissement, with the picture."""
    office = _office(request)
    data = await run_in_threadpool(overview_data, office)
    picture = await run_in_threadpool(network_picture, office)
    return _render(request, "overview.html", {**data, "picture": picture, "page": "overzicht"})


async def network_svg(request: Request) -> Response:
    """``/network.svg``: the picture of the arrondissement's network."""
    picture = await run_in_threadpool(network_picture, _office(request))
    if picture.svg is None:
        return PlainTextResponse(picture.problem or "Geen netwerkplaat.", status_code=503)
    return Response(picture.svg, media_type="image/svg+xml")


async def forums(request: Request) -> Response:
    """``/forums``: the calendar of the forums' coming meetings."""
    data = await run_in_threadpool(calendar_data, _office(request))
    base, key = str(request.base_url), await _feed_key(request)
    context = {
        **data,
        "feed_links": lambda id: feed_links(base, "forum", id, key),
        **_subscribe(request),
        "page": "forums",
    }
    return _render(request, "forums.html", context)


async def forums_ics(request: Request) -> Response:
    """``/forums.ics``: every forum of the arrondissement as one calendar, to download."""
    try:
        body, media_type, filename = await run_in_threadpool(calendar_file, _office(request))
    except (ExportFailed, UnknownFormat) as error:
        return PlainTextResponse(f"De agenda kon niet gemaakt worden: {error}", status_code=503)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)


async def forum_ics(request: Request) -> Response:
    """``/forums/{id}.ics``, the old address of a forum's calendar: on to its feed."""
    id = _id(request, "forum")
    if id is None:
        return _render(request, "missing.html", {"page": "", "missing": "forum"}, 404)
    return RedirectResponse(feed_path("forum", id), status_code=308)


FEED_TYPE = "text/calendar; charset=utf-8"


async def calendar(request: Request) -> Response:
    """``/calendars/{kind}/{id}.ics``: the feed of a partner (a school's too) or a forum.

    For a signed-in browser (a session); calendar apps use the address with the account's
    feed key (:func:`keyed_calendar`). Answered with a strong ``ETag`` and a
    ``Last-Modified`` (see :mod:`office_caching`), and with *304* and no body when the
    client's copy is current. An id the office does not know gets *404* with a page that
    says where the feeds are.
    """
    kind = request.path_params["kind"]
    feed = await _feed(request, kind)
    if isinstance(feed, Response):
        return feed
    if feed is None:
        context = {
            "page": "",
            "missing": "agenda",
            "kind": kind,
            "raw_id": request.path_params["id"],
        }
        return _render(request, "missing.html", context, status_code=404)
    return _feed_answer(request, kind, feed)


async def keyed_calendar(request: Request) -> Response:
    """``/calendars/{key}/{kind}/{id}.ics``: a feed for a calendar app, by the feed key.

    ``SignInGuard`` let it through only with an account's key (as that account, ``via
    "feed"``); an unknown feed gets the same *404* as a wrong key, and a read is logged
    (at most once an hour per account, without the key).
    """
    user = user_of(request)
    kind = request.path_params["kind"]
    feed = None if user is None or user.via != "feed" else await _feed(request, kind)
    if isinstance(feed, Response):
        return feed
    if feed is None or user is None:
        return HTMLResponse(FEED_NOT_FOUND, status_code=404)
    signin: SignIn = request.app.state.signin
    client = signin.client(request.scope)
    signin.feed_reads.read(user.name, kind, request.path_params["id"], client, signin.clock())
    return _feed_answer(request, kind, feed)


async def _feed(request: Request, kind: str) -> Feed | Response | None:
    """The feed the path names; None when there is none; a *503* when it cannot be made."""
    id = _id(request, "id")
    if kind not in FEED_KINDS or id is None:
        return None
    try:
        return await run_in_threadpool(calendar_feed, _office(request), kind, id)
    except (ExportFailed, UnknownFormat) as error:
        return PlainTextResponse(f"De agenda kon niet gemaakt worden: {error}", 503)


def _feed_answer(request: Request, kind: str, feed: Feed) -> Response:
    """``feed`` with its ``ETag`` and ``Last-Modified``, or *304* when the client has it."""
    arrived = _office(request).clock()
    first_served: FirstServed = request.app.state.first_served
    modified = first_served.moment(f"{kind}:{_id(request, 'id')}", feed.etag, arrived)
    headers = {
        "ETag": feed.etag,
        "Last-Modified": http_date(modified),
        # Caches may keep it, but ask again each time (a 304 is cheap).
        "Cache-Control": "no-cache",
    }
    if not_modified(request.headers, request.method, feed.etag, modified):
        return Response(status_code=304, headers=headers)
    return Response(feed.body, headers={**headers, "Content-Type": FEED_TYPE})


async def _feed_key(request: Request) -> str | None:
    """The signed-in account's feed key (made now when it has none); None via the proxy."""
    user = user_of(request)
    if user is None or user.via != "account":
        return None
    signin: SignIn = request.app.state.signin
    try:
        return await run_in_threadpool(signin.accounts.feed_key, user.name)
    except AccountError:
        return None
    except OSError:  # e.g. a read-only accounts file: the page still shows, without a key
        LOG.exception("could not keep a feed key for %s", user.name)
        return None


async def new_feed_key(request: Request) -> Response:
    """``POST /agendasleutel``: a new feed key for the signed-in account; old links stop."""
    user = user_of(request)
    async with request.form(max_files=0, max_fields=10) as form:
        back = local_path(str(form.get("verder", "/")))
    signin: SignIn = request.app.state.signin
    if user is None or user.via != "account":
        return RedirectResponse(back, status_code=303)
    await run_in_threadpool(signin.accounts.new_feed_key, user.name)
    AUDIT.info("feed key replaced: user=%s by=%s", user.name, user.name)
    separator = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{separator}sleutel=nieuw#agenda-volgen", status_code=303)


async def partner(request: Request) -> Response:
    """``/partners/{id}``: a partner (or school), its forums and sessions, and its feed."""
    id = _id(request, "id")
    data = None if id is None else await run_in_threadpool(partner_page, _office(request), id)
    if data is None or id is None:
        return _render(request, "missing.html", {"page": "", "missing": "partner"}, 404)
    links = feed_links(str(request.base_url), "partner", id, await _feed_key(request))
    context = {**data, "links": links, **_subscribe(request), "page": "overzicht"}
    return _render(request, "partner.html", context)


async def forum(request: Request) -> Response:
    """``/forums/{id}``: a forum, its members and coming meetings, and its feed."""
    id = _id(request, "id")
    data = None if id is None else await run_in_threadpool(forum_page, _office(request), id)
    if data is None or id is None:
        return _render(request, "missing.html", {"page": "", "missing": "forum"}, 404)
    links = feed_links(str(request.base_url), "forum", id, await _feed_key(request))
    context = {**data, "links": links, **_subscribe(request), "page": "forums"}
    return _render(request, "forum.html", context)


async def intervention(request: Request) -> Response:
    """``/interventies/{id}``: an intervention of the arrondissement, its sessions and status."""
    id = _id(request, "id")
    office = _office(request)
    data = None if id is None else await run_in_threadpool(intervention_page, office, id)
    if data is None:
        return _render(request, "missing.html", {"page": "", "missing": "interventie"}, 404)
    return _render(request, "intervention.html", {**data, "page": ""})


async def find(request: Request) -> Response:
    """``/zoeken?q=...``: partners, forums and interventions matching the query, by kind.

    ``soort`` shows one kind only, paged (``pagina``); see :mod:`office_search`.
    """
    query = request.query_params.get("q", "").strip()[:LONGEST_QUERY]
    kind = request.query_params.get("soort")
    kind = kind if kind in SEARCH_KINDS else None
    page = request.query_params.get("pagina", "1")
    number = int(page) if page.isdigit() and len(page) < 6 else 1
    groups = await run_in_threadpool(search, _office(request), query, kind, number)
    context = {
        "query": query,
        "kind": kind,
        "groups": groups,
        "total": sum(g.total for g in groups),
        "page": "zoeken",
    }
    return _render(request, "search.html", context)


def _subscribe(request: Request) -> dict[str, Any]:
    """What the subscribe block needs besides the links: where it is, whether a key is new."""
    user = user_of(request)
    return {
        "here": request.url.path,
        "own_key": user is not None and user.via == "account",
        "key_renewed": request.query_params.get("sleutel") == "nieuw",
    }


def _id(request: Request, name: str) -> uuid.UUID | None:
    """The path parameter ``name`` as an id; None when it is none."""
    try:
        return uuid.UUID(str(request.path_params[name]))
    except ValueError:
        return None


def create_app(
    store: Store,
    arrondissement: Arrondissement,
    *,
    clock: Callable[[], dt.datetime] | None = None,
    settings: Settings | None = None,
) -> Starlette:
    """The web app of the office of ``arrondissement``, on ``store``.

    The caller opens the store and closes it once the server has stopped; the app's
    requests share it (each takes its own unit of work). ``settings`` default to those in
    the environment (:meth:`Settings.from_env`). Every request passes the guards of
    :mod:`office_guards` first: host names, body limit, sign-in and role, form key, headers.
    """
    settings = settings or Settings.from_env(os.environ, store.url)
    routes = [
        Route(SIGN_IN, sign_in_page, methods=["GET"]),
        Route(SIGN_IN, sign_in, methods=["POST"]),
        Route(SIGN_OUT, sign_out, methods=["POST"]),
        Route("/", overview),
        Route("/network.svg", network_svg),
        Route("/forums", forums),
        Route("/forums.ics", forums_ics),
        Route("/forums/{forum}.ics", forum_ics),
        Route("/forums/{id}", forum),
        Route("/partners/{id}", partner),
        Route("/interventies/{id}", intervention),
        Route("/zoeken", find),
        Route("/calendars/{kind}/{id}.ics", calendar),
        Route("/calendars/{key}/{kind}/{id}.ics", keyed_calendar),
        Route(NEW_KEY, new_feed_key, methods=["POST"]),
        Route("/aanvraag", request_form, methods=["GET"]),
        Route("/aanvraag", submit_request, methods=["POST"]),
        Route("/aanvragen/{id}", show_request, methods=["GET"]),
        Route("/aanvragen/{id}", change_request, methods=["POST"]),
        *ADMIN_ROUTES,
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    signin = SignIn(settings)
    handlers = {HTTPException: _http_error}
    app = Starlette(routes=routes, middleware=guards(settings, signin), exception_handlers=handlers)
    office = Office(store, arrondissement, clock)
    app.state.office = office
    app.state.templates = templates(HERE / "templates", office=office, **FOR_TEMPLATES)
    app.state.first_served = FirstServed()
    app.state.signin = signin
    return app


async def _http_error(request: Request, error: Exception) -> Response:
    """A Dutch page for any refusal Starlette raises, instead of its English plain text.

    An address that is no page gets 404, a method it does not take 405 (with ``Allow``).
    """
    status = error.status_code if isinstance(error, HTTPException) else 500
    headers = error.headers if isinstance(error, HTTPException) else None
    missing = {404: "pagina", 405: "methode"}.get(status, "fout")
    context = {"page": "", "missing": missing, "status": status}
    return render(request.scope, "missing.html", context, status, headers=headers)


def fill_with_demo(store: Store, today: dt.date) -> int:
    """Fill ``store`` with the demo network as of ``today`` when it holds no partner yet.

    Returns how many records were added (0 when the store already held a network).
    """
    with store.unit_of_work() as uow:
        if uow.partners.count():
            return 0
        demo = generate(seed=DEMO_SEED, size=DEMO_SIZE, as_of=today)
        return uow.add_network(demo.network)


def _arrondissement(text: str) -> Arrondissement:
    for a in Arrondissement:
        if text.casefold() in (a.value.casefold(), a.name.casefold()):
            return a
    names = ", ".join(a.value for a in Arrondissement)
    raise argparse.ArgumentTypeError(f"unknown arrondissement {text!r}; choose one of {names}")


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the app on 127.0.0.1 (filling an empty store with the demo network first).

    With ``add-user``, ``list-users`` or ``remove-user`` first, manage the accounts instead
    (see :mod:`office_commands`).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    default_store = os.environ.get("HALT_STORE_URL") or DEFAULT_STORE
    if argv and argv[0] in COMMANDS:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        sys.exit(run_command(argv, default_store))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=8000, help="the port to serve on (8000)")
    parser.add_argument(
        "--store",
        default=default_store,
        help="the store URL (default: $HALT_STORE_URL, else halt-office.sqlite3 here)",
    )
    parser.add_argument(
        "--arrondissement",
        type=_arrondissement,
        default=Arrondissement.AMSTERDAM,
        help="the office's arrondissement (Amsterdam)",
    )
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(os.environ, args.store)
    except SettingError as error:
        parser.exit(2, f"error: {error}\n")
    try:
        store = halt_core.connect(args.store)
    except HaltError as error:
        # Messages name the store by its redacted URL; a driver's may quote it whole.
        parser.exit(1, f"error: {redact_secrets(str(error), args.store)}\n")
    # Who did what goes to standard error, with the time; point a handler elsewhere to keep it.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with store:
        added = fill_with_demo(store, dt.datetime.now(AMSTERDAM).date())
        if added:
            print(f"Filled {redact_url(store.url)} with the demo network ({added:,} records).")
        app = create_app(store, args.arrondissement, settings=settings)
        if not app.state.signin.accounts and not settings.user_header:
            here = settings.data.resolve() == Path.cwd().resolve()
            print(how_to_add("" if here else f" --data '{settings.data}'"), flush=True)
        print(
            f"Halt regiokantoor {args.arrondissement.value}: http://127.0.0.1:{args.port}/ "
            "(Ctrl+C stops it)",
            flush=True,
        )
        # No proxy headers from uvicorn: SignIn.client trusts only HALT_OFFICE_TRUSTED_PROXIES.
        uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", proxy_headers=False)


if __name__ == "__main__":
    main(sys.argv[1:])
