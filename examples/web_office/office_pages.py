"""Pages rendered from the templates, from a route or from a middleware alike.

Every page gets the signed-in user (``user``) and the session's form key (``csrf_token``);
``{{ csrf_field() }}`` puts the key in a form as the hidden field :mod:`office_csrf` checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates
from starlette.types import Scope

from office_context import Office
from office_csrf import FIELD, csrf_token

ROLE_NAMES_NL = {"reader": "lezer", "planner": "planner", "admin": "beheerder"}
"""The roles, as the pages name them."""


def page_context(request: Request) -> dict[str, Any]:
    """What every page knows of its request: the user and the form key."""
    session = request.scope.get("session")
    return {
        "user": request.scope.get("halt_user"),
        "csrf_token": csrf_token(session) if session is not None else "",
    }


@pass_context
def csrf_field(context: Context) -> Markup:
    """The hidden form field with the session's form key."""
    token = escape(context.get("csrf_token", ""))
    return Markup(f'<input type="hidden" name="{FIELD}" value="{token}">')


def templates(directory: Any, **globals: Any) -> Jinja2Templates:
    """The app's templates in ``directory``, with the page context and ``globals``."""
    found = Jinja2Templates(directory=directory, context_processors=[page_context])
    found.env.globals.update(csrf_field=csrf_field, ROLE_NAMES_NL=ROLE_NAMES_NL, **globals)
    return found


def render(
    scope: Scope,
    name: str,
    context: dict[str, Any],
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The page ``name`` filled with ``context``, for the request of ``scope``.

    The templates are the app's (``app.state.templates``); a middleware may call this too,
    as Starlette puts the app in the scope before any middleware runs.
    """
    found: Jinja2Templates = scope["app"].state.templates
    return found.TemplateResponse(
        Request(scope), name, context, status_code=status_code, headers=headers
    )


def office_of(request: Request) -> Office:
    """The office the app serves (kept on the app's state)."""
    office: Office = request.app.state.office
    return office


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """The page ``name`` filled with ``context``."""
    return render(request.scope, name, context, status_code)
