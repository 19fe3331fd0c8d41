"""The pages of a school's request: the form, filing it, the stored request, changing its notes.

Only a ``planner`` (or ``admin``) gets here: :class:`office_signin.SignInGuard` sends others
away, and :class:`office_csrf.CsrfGuard` has checked every form's key before it arrives. The
model keeps no author of a request or a change, so each saved one is written to the audit log
with the user's name (:data:`office_signin.AUDIT`).
"""

from __future__ import annotations

import uuid

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from office_csrf import MAX_FIELDS
from office_form import date_range, form_defaults, form_values
from office_pages import office_of as _office
from office_pages import page as _render
from office_problems import Problems
from office_requests import change_notes, form_choices, register_request, stored_request
from office_signin import AUDIT, user_of


def _who(request: Request) -> str:
    user = user_of(request)
    return user.name if user else "-"


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
        # The model has no field for who registered a request: this log line is the record.
        AUDIT.info("request registered: id=%s user=%s", saved.id, _who(request))
        _flash(request, saved.id, "opgeslagen")
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
        return _render(
            request, "missing.html", {"page": "", "missing": "aanvraag"}, status_code=404
        )
    context = {
        "i": found.intervention,
        "version": found.version,
        "report": found.report,
        "names": found.names,
        "saved": _flashed(request, found.intervention.id),
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
        return _render(
            request, "missing.html", {"page": "", "missing": "aanvraag"}, status_code=404
        )
    if not version.isdigit() or int(version) < 1:
        return PlainTextResponse("Het formulier mist zijn versie; laad de pagina opnieuw.", 400)
    change = await run_in_threadpool(change_notes, _office(request), id, int(version), notes)
    if change.outcome == "saved":
        # As above: the model keeps no author of a change; the audit log does.
        AUDIT.info("request notes changed: id=%s version=%s user=%s", id, version, _who(request))
        _flash(request, id, "gewijzigd")
        return RedirectResponse(f"/aanvragen/{id}", status_code=303)
    if change.outcome == "missing":
        return _render(
            request, "missing.html", {"page": "", "missing": "aanvraag"}, status_code=404
        )
    if change.outcome == "conflict":
        assert change.current is not None
        current, stored_version = change.current
        context = {"i": current, "version": stored_version, "typed": notes, "page": "aanvraag"}
        return _render(request, "conflict.html", context, status_code=409)
    found = await run_in_threadpool(stored_request, _office(request), id)
    if found is None:
        return _render(
            request, "missing.html", {"page": "", "missing": "aanvraag"}, status_code=404
        )
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


def _flash(request: Request, id: uuid.UUID, what: str) -> None:
    """Say once, on the next view of request ``id``, that it was just saved (``what``)."""
    request.session["saved"] = {"id": str(id), "what": what}


def _flashed(request: Request, id: uuid.UUID) -> str | None:
    """``opgeslagen`` or ``gewijzigd`` when request ``id`` was saved just before; once only.

    The save's redirect leaves a note in the session, which this first view of the request
    takes away: a later view, a reload or a bookmark shows no banner.
    """
    note = request.session.get("saved")
    if not isinstance(note, dict) or note.get("id") != str(id):
        return None
    del request.session["saved"]
    what = note.get("what")
    return what if what in ("opgeslagen", "gewijzigd") else None


def _request_id(request: Request) -> uuid.UUID | None:
    """The request's id in the path; None when it is none."""
    try:
        return uuid.UUID(str(request.path_params["id"]))
    except ValueError:
        return None
