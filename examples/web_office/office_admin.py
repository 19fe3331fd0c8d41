"""``/beheer``: the accounts, for an ``admin``: who may sign in, with which role.

An admin adds an account (or gives one a new role and password) and removes one; not their
own, so the office always keeps an admin. Each change goes to the audit log with the admin's
name. The same can be done on the server with the account commands (:mod:`office_commands`).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from office_accounts import MIN_PASSWORD, AccountError
from office_pages import render
from office_settings import ROLES
from office_signin import AUDIT, SignIn, user_of

_DUTCH = {
    "too short": f"Het wachtwoord is te kort: gebruik minstens {MIN_PASSWORD} tekens.",
    "no account name": "Gebruik voor de naam 1 tot 64 kleine letters, cijfers, punten, - of _.",
}


def _page(request: Request, status: int = 200, problem: str = "", done: str = "") -> Response:
    signin: SignIn = request.app.state.signin
    context = {
        "accounts": signin.accounts.all(),
        "roles": ROLES,
        "problem": problem,
        "done": done or request.query_params.get("gedaan", ""),
        "min_password": MIN_PASSWORD,
        "page": "beheer",
    }
    return render(request.scope, "accounts.html", context, status)


async def accounts_page(request: Request) -> Response:
    """``GET /beheer``: the accounts and a form to add one."""
    return _page(request)


async def save_account(request: Request) -> Response:
    """``POST /beheer``: add an account, or give one a new role and password."""
    signin: SignIn = request.app.state.signin
    async with request.form(max_files=0, max_fields=10) as form:
        name = str(form.get("naam", "")).strip().lower()
        role = str(form.get("rol", ""))
        password = str(form.get("wachtwoord", ""))
    try:
        account = await run_in_threadpool(signin.accounts.add, name, role, password)
    except AccountError as error:
        found = [text for key, text in _DUTCH.items() if key in str(error)]
        return _page(request, 422, problem=found[0] if found else "Kies een bestaande rol.")
    admin = user_of(request)
    AUDIT.info(
        "account saved: user=%s role=%s by=%s",
        account.name,
        account.role,
        admin.name if admin else "-",
    )
    return RedirectResponse("/beheer?gedaan=opgeslagen", status_code=303)


async def remove_account(request: Request) -> Response:
    """``POST /beheer/{name}/verwijderen``: remove an account (not one's own)."""
    signin: SignIn = request.app.state.signin
    name = request.path_params["name"]
    admin = user_of(request)
    if admin is not None and admin.name == name:
        return _page(request, 422, problem="U kunt uw eigen account niet verwijderen.")
    try:
        await run_in_threadpool(signin.accounts.remove, name)
    except AccountError:
        return _page(request, 404, problem="Dat account bestaat niet (meer).")
    AUDIT.info("account removed: user=%s by=%s", name, admin.name if admin else "-")
    return RedirectResponse("/beheer?gedaan=verwijderd", status_code=303)


ADMIN_ROUTES = [
    Route("/beheer", accounts_page, methods=["GET"]),
    Route("/beheer", save_account, methods=["POST"]),
    Route("/beheer/{name}/verwijderen", remove_account, methods=["POST"]),
]
"""The routes of the accounts page (``SignInGuard`` lets only an admin in)."""
