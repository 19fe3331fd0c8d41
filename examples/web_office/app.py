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
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

import halt_core
from halt_core import AMSTERDAM, Arrondissement, ExportFailed, HaltError, UnknownFormat
from halt_core.demo import generate
from halt_core.storage import Store, redact_url
from halt_core.storage.urls import redact_secrets

from office_caching import FirstServed, http_date, not_modified
from office_context import Office
from office_dutch import FOR_TEMPLATES
from office_exports import calendar_file, network_picture
from office_feeds import FEED_KINDS, calendar_feed, feed_links, feed_path, forum_page, partner_page
from office_form import date_range, form_defaults, form_values
from office_limits import MAX_BODY, BodyLimit
from office_network import calendar_data, overview_data
from office_problems import Problems
from office_requests import change_notes, form_choices, register_request, stored_request

HERE = Path(__file__).resolve().parent
DEFAULT_STORE = f"sqlite:///{Path.cwd() / 'halt-office.sqlite3'}"
DEMO_SEED = 2024
DEMO_SIZE = 200

MAX_FIELDS = 100
"""The most fields a posted form may have (the request form has about twenty)."""

# Every route reads the store in a worker thread (run_in_threadpool): the stores are
# synchronous, and the event loop keeps serving meanwhile. Request bodies are limited to
# MAX_BODY (office_limits.BodyLimit), and forms take no files.


def _office(request: Request) -> Office:
    office: Office = request.app.state.office
    return office


def _render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """The page ``name`` filled with ``context``."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)


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
    base = str(request.base_url)
    context = {**data, "feed_links": lambda id: feed_links(base, "forum", id), "page": "forums"}
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

    Answered with a strong ``ETag`` and a ``Last-Modified`` (see :mod:`office_caching`), and
    with *304* and no body when the client's copy is current. An id the office does not
    know gets *404* with a page that says where the feeds are.
    """
    kind = request.path_params["kind"]
    id = _id(request, "id")
    office = _office(request)
    arrived = office.clock()
    feed = None
    if kind in FEED_KINDS and id is not None:
        try:
            feed = await run_in_threadpool(calendar_feed, office, kind, id)
        except (ExportFailed, UnknownFormat) as error:
            return PlainTextResponse(f"De agenda kon niet gemaakt worden: {error}", 503)
    if feed is None:
        context = {
            "page": "",
            "missing": "agenda",
            "kind": kind,
            "raw_id": request.path_params["id"],
        }
        return _render(request, "missing.html", context, status_code=404)
    first_served: FirstServed = request.app.state.first_served
    modified = first_served.moment(f"{kind}:{id}", feed.etag, arrived)
    headers = {
        "ETag": feed.etag,
        "Last-Modified": http_date(modified),
        # Caches may keep it, but ask again each time (a 304 is cheap).
        "Cache-Control": "no-cache",
    }
    if not_modified(request.headers, request.method, feed.etag, modified):
        return Response(status_code=304, headers=headers)
    return Response(feed.body, headers={**headers, "Content-Type": FEED_TYPE})


async def partner(request: Request) -> Response:
    """``/partners/{id}``: a partner (or school), its forums and sessions, and its feed."""
    id = _id(request, "id")
    data = None if id is None else await run_in_threadpool(partner_page, _office(request), id)
    if data is None or id is None:
        return _render(request, "missing.html", {"page": "", "missing": "partner"}, 404)
    links = feed_links(str(request.base_url), "partner", id)
    return _render(request, "partner.html", {**data, "links": links, "page": "overzicht"})


async def forum(request: Request) -> Response:
    """``/forums/{id}``: a forum, its members and coming meetings, and its feed."""
    id = _id(request, "id")
    data = None if id is None else await run_in_threadpool(forum_page, _office(request), id)
    if data is None or id is None:
        return _render(request, "missing.html", {"page": "", "missing": "forum"}, 404)
    links = feed_links(str(request.base_url), "forum", id)
    return _render(request, "forum.html", {**data, "links": links, "page": "forums"})


async def request_form(request: Request) -> Response:
    """``GET /aanvraag``: an empty form for a school's request for a lesson."""
    office = _office(request)
    today = office.clock().date()
    context = {
        "choices": await run_in_threadpool(form_choices, office),
        "values": form_defaults(today),
        "problems": Problems(),
        "dates": date_range(today),
        "page": "aanvraag",
    }
    return _render(request, "request.html", context)


async def submit_request(request: Request) -> Response:
    """``POST /aanvraag``: check the request; store it and show it, or show what is wrong."""
    async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
        values = form_values(form)
    office = _office(request)
    saved, problems, choices = await run_in_threadpool(register_request, office, values)
    if saved is not None:
        return RedirectResponse(f"/aanvragen/{saved.id}", status_code=303)
    context = {
        "choices": choices,
        "values": values,
        "problems": problems,
        "dates": date_range(office.clock().date()),
        "page": "aanvraag",
    }
    return _render(request, "request.html", context, status_code=422)


async def show_request(request: Request) -> Response:
    """``/aanvragen/{id}``: a stored request, with the warnings and advice the rules give."""
    id = _request_id(request)
    found = None if id is None else await run_in_threadpool(stored_request, _office(request), id)
    if found is None:
        return _render(request, "missing.html", {"page": ""}, status_code=404)
    context = {
        "i": found.intervention,
        "version": found.version,
        "report": found.report,
        "names": found.names,
        "changed": request.query_params.get("gewijzigd") == "1",
        "page": "aanvraag",
    }
    return _render(request, "confirmation.html", context)


async def change_request(request: Request) -> Response:
    """``POST /aanvragen/{id}``: save new notes, but only over the version that was shown.

    The form carries the version it showed (``versie``). When a colleague saved the request
    in the meantime, nothing is saved: the page says so, shows what is stored now, and keeps
    what was typed, so it can be entered again on purpose.
    """
    id = _request_id(request)
    async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
        notes, version = str(form.get("notes", "")), str(form.get("versie", ""))
    if id is None:
        return _render(request, "missing.html", {"page": ""}, status_code=404)
    if not version.isdigit() or int(version) < 1:
        return PlainTextResponse("Het formulier mist zijn versie; laad de pagina opnieuw.", 400)
    change = await run_in_threadpool(change_notes, _office(request), id, int(version), notes)
    if change.outcome == "saved":
        return RedirectResponse(f"/aanvragen/{id}?gewijzigd=1", status_code=303)
    if change.outcome == "missing":
        return _render(request, "missing.html", {"page": ""}, status_code=404)
    if change.outcome == "conflict":
        assert change.current is not None
        current, stored_version = change.current
        context = {"i": current, "version": stored_version, "typed": notes, "page": "aanvraag"}
        return _render(request, "conflict.html", context, status_code=409)
    found = await run_in_threadpool(stored_request, _office(request), id)
    if found is None:
        return _render(request, "missing.html", {"page": ""}, status_code=404)
    context = {
        "i": found.intervention,
        "version": int(version),
        "report": found.report,
        "names": found.names,
        "notes_problem": change.problem,
        "typed": notes,
        "page": "aanvraag",
    }
    return _render(request, "confirmation.html", context, status_code=422)


def _request_id(request: Request) -> uuid.UUID | None:
    return _id(request, "id")


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
) -> Starlette:
    """The web app of the office of ``arrondissement``, on ``store``.

    The caller opens the store and closes it once the server has stopped; the app's
    requests share it (each takes its own unit of work).
    """
    routes = [
        Route("/", overview),
        Route("/network.svg", network_svg),
        Route("/forums", forums),
        Route("/forums.ics", forums_ics),
        Route("/forums/{forum}.ics", forum_ics),
        Route("/forums/{id}", forum),
        Route("/partners/{id}", partner),
        Route("/calendars/{kind}/{id}.ics", calendar),
        Route("/aanvraag", request_form, methods=["GET"]),
        Route("/aanvraag", submit_request, methods=["POST"]),
        Route("/aanvragen/{id}", show_request, methods=["GET"]),
        Route("/aanvragen/{id}", change_request, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    office = Office(store, arrondissement, clock)
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(office=office, **FOR_TEMPLATES)
    app = Starlette(routes=routes, middleware=[Middleware(BodyLimit, max_bytes=MAX_BODY)])
    app.state.office = office
    app.state.templates = templates
    app.state.first_served = FirstServed()
    return app


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
    """Fill the store with the demo network if it is empty, and serve the app on 127.0.0.1."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=8000, help="the port to serve on (8000)")
    parser.add_argument(
        "--store",
        default=os.environ.get("HALT_STORE_URL") or DEFAULT_STORE,
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
        store = halt_core.connect(args.store)
    except HaltError as error:
        # Messages name the store by its redacted URL; a driver's may quote it whole.
        parser.exit(1, f"error: {redact_secrets(str(error), args.store)}\n")
    with store:
        added = fill_with_demo(store, dt.datetime.now(AMSTERDAM).date())
        if added:
            print(f"Filled {redact_url(store.url)} with the demo network ({added:,} records).")
        print(
            f"Halt regiokantoor {args.arrondissement.value}: http://127.0.0.1:{args.port}/ "
            "(Ctrl+C stops it)",
            flush=True,
        )
        app = create_app(store, args.arrondissement)
        uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
