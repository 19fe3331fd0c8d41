"""The web office's guards, in the app's own process: sign-in, roles, form keys, hosts, headers.

No server and no browser: each request goes straight into the ASGI app (:class:`Client`, a
few lines, so the tests need nothing beyond the app's own requirements), on a memory store
with the demo network. The sessions' clock is the test's, so idle and absolute timeouts are
tested without waiting. ``test_web_office_guarded.py`` tests the same guards in Chromium.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import html
import http.cookies
import importlib.util
import logging
import os
import re
import stat
import subprocess
import sys
import urllib.parse
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import halt_core
from halt_core import AMSTERDAM, InterventionStatus, PartnerKind
from tests.examples.test_web_office import AMSTERDAM_AREA, APP, PASSWORD, form_key

FOLDER = APP.parent
HEADERS = {
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
}


def _module(name: str) -> ModuleType:
    """One of the app's modules, imported as the app imports them (its folder on the path)."""
    for needed in ("starlette", "jinja2", "multipart", "argon2", "itsdangerous"):
        if importlib.util.find_spec(needed) is None:
            message = f"{needed} is missing: pip install -r examples/web_office/requirements.txt"
            if os.environ.get("HALT_REQUIRE_BROWSER") == "1":  # CI: the web office must run
                pytest.fail(f"{message} (HALT_REQUIRE_BROWSER=1 makes this a failure)")
            pytest.skip(message)
    if str(FOLDER) not in sys.path:
        sys.path.insert(0, str(FOLDER))
    if name == "web_office_app":
        if name not in sys.modules:
            spec = importlib.util.spec_from_file_location(name, APP)
            assert spec is not None
            assert spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        return sys.modules[name]
    return importlib.import_module(name)


@attrs.frozen
class Answer:
    """What the app answered."""

    status: int
    headers: dict[str, str]
    text: str


class Client:
    """A browser in a few lines: one session cookie, requests straight into the ASGI app."""

    def __init__(self, app: Any, host: str = "127.0.0.1:8000", peer: str = "127.0.0.1") -> None:
        self.app = app
        self.host = host
        self.peer = peer
        self.cookie: str | None = None

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        """GET ``path``."""
        return self.request("GET", path, headers=headers)

    def post(
        self, path: str, form: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> Answer:
        """POST ``form`` (URL-encoded) to ``path``."""
        body = urllib.parse.urlencode(form or {}, doseq=True).encode()
        headers = {"content-type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body, headers)

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Answer:
        """Send one request and keep the session cookie it sets."""
        sent = {"host": self.host, **(headers or {})}
        if self.cookie:
            sent.setdefault("cookie", self.cookie)
        if body:
            sent["content-length"] = str(len(body))
        path, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in sent.items()],
            "client": (self.peer, 50000),
            "server": ("127.0.0.1", 8000),
        }
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        out: list[Any] = []

        async def receive() -> Any:
            if messages:
                return messages.pop(0)
            await asyncio.sleep(3600)
            return None

        async def send(message: Any) -> None:
            out.append(message)

        # A thread of its own: Playwright's event loop may be running in this one.
        with concurrent.futures.ThreadPoolExecutor(1) as worker:
            worker.submit(asyncio.run, self.app(scope, receive, send)).result()
        start = out[0]
        headers_out: dict[str, str] = {}
        for key, value in start["headers"]:
            name = key.decode().lower()
            if name == "set-cookie":
                self._keep(value.decode())
            headers_out[name] = value.decode()
        text = b"".join(m.get("body", b"") for m in out[1:]).decode()
        return Answer(start["status"], headers_out, text)

    def _keep(self, header: str) -> None:
        cookie = http.cookies.SimpleCookie()
        cookie.load(header)
        if "halt_office" in cookie:
            morsel = cookie["halt_office"]
            gone = morsel["expires"].startswith("Thu, 01 Jan 1970") or morsel.value == "null"
            self.cookie = None if gone else f"halt_office={morsel.value}"


class Clock:
    """The sessions' clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def store() -> Any:
    """A memory store with the demo network."""
    web_office = _module("web_office_app")
    with halt_core.connect("memory://") as store:
        web_office.fill_with_demo(store, dt.datetime.now(AMSTERDAM).date())
        yield store


@pytest.fixture
def office(store: Any, tmp_path: Path) -> Any:
    """A function making the app on ``store``, with accounts in ``tmp_path``: (app, clock)."""
    web_office = _module("web_office_app")
    settings_module = _module("office_settings")
    accounts = _module("office_accounts").Accounts(tmp_path / "halt-office-accounts.json")
    for name, role in (("petra", "planner"), ("rob", "reader"), ("ada", "admin")):
        accounts.add(name, role, PASSWORD)

    def make(**settings: Any) -> tuple[Any, Clock]:
        chosen = settings_module.Settings(data=tmp_path, **settings)
        app = web_office.create_app(store, halt_core.Arrondissement.AMSTERDAM, settings=chosen)
        clock = Clock()
        app.state.signin.clock = clock
        return app, clock

    return make


def signed_in(app: Any, name: str, password: str = PASSWORD, **client: Any) -> Client:
    """A client that signed in as ``name``."""
    browser = Client(app, **client)
    key = form_key(browser.get("/inloggen").text)
    answer = browser.post("/inloggen", {"naam": name, "wachtwoord": password, "csrf_token": key})
    assert (answer.status, answer.headers.get("location")) == (303, "/"), answer.text
    return browser


def _count(store: Any) -> int:
    with store.unit_of_work() as uow:
        return int(uow.interventions.count())


def _request_form(store: Any, key: str | None) -> dict[str, Any]:
    """A correct request for a lesson, as the form posts it (with form key ``key``)."""
    with store.unit_of_work() as uow:
        schools = uow.partners.query(kind=PartnerKind.SCHOOL, area=AMSTERDAM_AREA)
    school = sorted(schools, key=lambda p: p.name)[0]
    today = dt.datetime.now(AMSTERDAM).date()
    day = today + dt.timedelta(days=30)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    form = {
        "school": str(school.id),
        "kind": "information_lesson",
        "title": "Vuurwerk groep 7",
        "problem_areas": ["fireworks"],
        "requested_on": today.isoformat(),
        "audience": "pupils",
        "group_description": "groep 7",
        "group_size": "28",
        "age_min": "10",
        "age_max": "11",
        "session_date": day.isoformat(),
        "session_start": "10:00",
        "session_end": "11:00",
        "session_location": "lokaal 4",
        "trainer": "halt-ams-02",
    }
    return form if key is None else {**form, "csrf_token": key}


# -- who may see what ---------------------------------------------------------------------------


def test_without_a_session_every_page_but_signing_in_goes_to_the_sign_in_page(office):
    app, _ = office()
    stranger = Client(app)
    for path in (
        "/",
        "/forums",
        "/forums.ics",
        "/network.svg",
        "/aanvraag",
        "/aanvragen/00000000-0000-0000-0000-000000000000",
        "/partners/x",
        "/calendars/forum/x.ics",
        "/beheer",
        "/nothing-here",
    ):
        answer = stranger.get(path)
        assert answer.status == 303, path
        assert answer.headers["location"] == f"/inloggen?verder={urllib.parse.quote(path)}"
    answer = stranger.get("/inloggen")
    assert answer.status == 200
    assert "<h1>Aanmelden</h1>" in answer.text
    assert 'lang="nl"' in answer.text
    assert stranger.get("/static/office.css").status == 200  # the sign-in page's stylesheet
    # A change without a session goes nowhere either.
    assert stranger.post("/aanvraag", {"title": "x"}).status == 303


def test_a_reader_sees_the_network_and_calendar_but_cannot_file_a_request(office, store):
    app, _ = office()
    reader = signed_in(app, "rob")
    assert reader.get("/").status == 200
    assert reader.get("/forums").status == 200
    assert "Aanvraag les" not in reader.get("/").text  # not offered
    assert reader.get("/aanvraag").status == 403
    key = form_key(reader.get("/forums").text)  # the sign-out form carries the key
    before = _count(store)
    answer = reader.post("/aanvraag", _request_form(store, key))
    assert answer.status == 403
    assert 'data-reason="rol"' in answer.text
    assert "Er is niets opgeslagen" in answer.text
    assert _count(store) == before
    assert reader.get("/beheer").status == 403


def test_a_planner_needs_the_form_key_and_this_sites_origin(office, store, caplog):
    app, _ = office()
    planner = signed_in(app, "petra")
    page = planner.get("/aanvraag")
    key = form_key(page.text)
    before = _count(store)
    for form, headers in (
        (_request_form(store, None), {}),  # no key
        (_request_form(store, "a" * 43), {}),  # a wrong key
        (_request_form(store, key), {"origin": "http://127.0.0.1:9999"}),  # another origin
        (_request_form(store, key), {"origin": "null"}),
        (_request_form(store, key), {"sec-fetch-site": "cross-site"}),
    ):
        answer = planner.post("/aanvraag", form, headers)
        assert answer.status == 403, headers
        assert 'data-reason="csrf"' in answer.text
        assert "niet van deze site" in answer.text
    assert _count(store) == before

    with caplog.at_level(logging.INFO, logger="halt.web_office.audit"):
        answer = planner.post(
            "/aanvraag", _request_form(store, key), {"origin": "http://127.0.0.1:8000"}
        )
    assert answer.status == 303
    assert answer.headers["location"].startswith("/aanvragen/")
    assert _count(store) == before + 1
    id = answer.headers["location"].rsplit("/", 1)[1]
    assert f"request registered: id={id} user=petra" in caplog.text

    # The notes form: the key too, and the change is logged with its author.
    shown = planner.get(f"/aanvragen/{id}")
    assert planner.post(f"/aanvragen/{id}", {"notes": "x", "versie": "1"}).status == 403
    with caplog.at_level(logging.INFO, logger="halt.web_office.audit"):
        form = {"notes": "Liefst 's ochtends.", "versie": "1", "csrf_token": form_key(shown.text)}
        assert planner.post(f"/aanvragen/{id}", form).status == 303
    assert f"request notes changed: id={id} version=1 user=petra" in caplog.text


def test_signing_in_sets_a_guarded_cookie_and_signing_out_ends_the_session(office):
    app, _ = office()
    raw = _raw_cookie(app)
    assert raw.startswith("halt_office=")
    assert "httponly" in raw.lower()
    assert "samesite=lax" in raw.lower()
    assert "secure" not in raw.lower()  # plain HTTP here: see the HTTPS test below

    planner = signed_in(app, "petra")
    copied = planner.cookie
    key = form_key(planner.get("/inloggen").text)
    assert planner.post("/uitloggen", {}).status == 403  # without the key: still signed in
    assert planner.get("/forums").status == 200
    answer = planner.post("/uitloggen", {"csrf_token": key})
    assert (answer.status, answer.headers["location"]) == (303, "/inloggen?afgemeld=1")
    assert planner.get("/forums").status == 303
    # The old cookie, kept by someone, is worth nothing now: the session ended on the server.
    replayed = Client(app)
    replayed.cookie = copied
    assert replayed.get("/forums").status == 303


def test_over_https_the_cookie_is_secure(office):
    app, _ = office(https=True)
    raw = _raw_cookie(app)
    assert "; secure" in raw.lower()
    assert "httponly" in raw.lower()
    answer = Client(app).get("/inloggen")
    assert answer.headers["strict-transport-security"].startswith("max-age=")


def _raw_cookie(app: Any) -> str:
    """The Set-Cookie header of the sign-in page, as the app sends it to a new visitor."""
    answer = Client(app).get("/inloggen")
    return answer.headers["set-cookie"]


def test_a_session_ends_when_idle_or_too_old(office):
    app, clock = office(idle_minutes=30, max_hours=8)
    planner = signed_in(app, "petra")
    clock.now += 29 * 60
    assert planner.get("/forums").status == 200
    clock.now += 31 * 60  # idle too long
    assert planner.get("/forums").status == 303

    planner = signed_in(app, "petra")
    for _ in range(8 * 3):  # busy all day, never idle for long
        clock.now += 20 * 60
        assert planner.get("/partners/x").status == 404  # (a cheap page: signed in, not found)
    clock.now += 20 * 60 + 1  # past eight hours since signing in
    answer = planner.get("/forums")
    assert (answer.status, answer.headers["location"]) == (303, "/inloggen?verder=/forums")


def test_a_removed_account_is_signed_out(office, tmp_path):
    app, _ = office()
    planner = signed_in(app, "petra")
    _module("office_accounts").Accounts(tmp_path / "halt-office-accounts.json").remove("petra")
    assert planner.get("/forums").status == 303


def test_failed_sign_ins_slow_the_next_one_down(office, caplog):
    app, clock = office()
    browser = Client(app)
    key = form_key(browser.get("/inloggen").text)

    def attempt(password: str, name: str = "petra") -> Answer:
        form = {"naam": name, "wachtwoord": password, "csrf_token": key}
        return browser.post("/inloggen", form)

    waits = []
    with caplog.at_level(logging.INFO, logger="halt.web_office.audit"):
        for n in range(10):
            answer = attempt(f"geraden-{n}")
            assert answer.status in (401, 429), answer.status
            waits.append(int(answer.headers.get("retry-after", "0")))
    assert waits[:4] == [0, 0, 0, 0]  # four free failures, then the wait starts
    assert all(w > 0 for w in waits[4:])
    assert waits[4:] == sorted(waits[4:]), "it grows"
    assert waits[-1] > waits[4]
    # The eleventh, even with the right password, must wait: measured by what the app decided.
    answer = attempt(PASSWORD)
    assert answer.status == 429
    assert int(answer.headers["retry-after"]) >= 32
    assert "Te veel pogingen" in answer.text
    assert "geraden" not in caplog.text  # never a password in the log
    assert "sign-in failed: user=petra client=127.0.0.1" in caplog.text
    assert "sign-in refused, too many: user=petra" in caplog.text

    # Another account from the same address is not held up (a client may fail more often).
    assert signed_in(app, "ada").get("/beheer").status == 200
    # Once the wait is over, the right password works (and the account's failures go).
    clock.now += int(answer.headers["retry-after"])
    answer = attempt(PASSWORD)
    assert (answer.status, answer.headers["location"]) == (303, "/")


def test_a_client_failing_with_many_names_is_slowed_down_too():
    throttle = _module("office_throttle")
    guard = throttle.Throttle()
    for n in range(throttle.CLIENT_FREE):
        assert guard.wait(f"name-{n}", "10.0.0.9", 100.0) == 0
        guard.failed(f"name-{n}", "10.0.0.9", 100.0)
    assert guard.wait("someone-else", "10.0.0.9", 100.0) == 1
    assert guard.wait("someone-else", "10.0.0.8", 100.0) == 0
    assert guard.wait("someone-else", "10.0.0.9", 100.0 + throttle.LONGEST + 1) == 0


def test_only_the_configured_host_names_are_served(office):
    app, _ = office()
    for host in ("evil.example", "127.0.0.1.evil.example:8000", "office.example"):
        answer = Client(app, host=host).get("/inloggen")
        assert answer.status == 400, host
        assert answer.headers.keys() >= HEADERS
        assert answer.headers["content-type"] == "text/html; charset=utf-8"
        assert "Onbekend adres" in answer.text  # in Dutch, not Starlette's English
        assert 'lang="nl"' in answer.text
        assert "Invalid host header" not in answer.text
    assert Client(app, host="localhost:8000").get("/inloggen").status == 200
    app, _ = office(hosts=("office.example",))
    assert Client(app, host="office.example").get("/inloggen").status == 200
    assert Client(app, host="127.0.0.1:8000").get("/inloggen").status == 400


def test_every_answer_carries_the_security_headers(office, store):
    app, _ = office()
    planner = signed_in(app, "petra")
    with store.unit_of_work() as uow:
        forum = uow.forums.query(area=AMSTERDAM_AREA)[0]
    answers = {
        "page": planner.get("/"),
        "form": planner.get("/aanvraag"),
        "static": planner.get("/static/office.css"),
        "feed": planner.get(f"/calendars/forum/{forum.id}.ics"),
        "download": planner.get("/forums.ics"),
        "picture": planner.get("/network.svg"),
        "missing": planner.get("/no-such-page"),
        "missing feed": planner.get("/calendars/forum/x.ics"),
        "redirect": Client(app).get("/"),
        "sign-in": Client(app).get("/inloggen"),
        "refused": planner.post("/aanvraag", {}),
        "wrong method": planner.post(
            "/forums", {"csrf_token": form_key(planner.get("/inloggen").text)}
        ),
        "foreign host": Client(app, host="evil.example").get("/"),
    }
    for what, answer in answers.items():
        assert answer.headers.keys() >= HEADERS, what
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp, what
        assert "'unsafe-inline'" not in csp
        assert "script-src" not in csp
        assert "default-src 'none'" in csp
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"
    assert answers["missing"].status == 404
    assert "Deze pagina bestaat niet" in answers["missing"].text
    assert answers["wrong method"].status == 405


def test_a_crash_is_a_dutch_page_without_a_trace(office, caplog):
    from starlette.routing import Route

    app, _ = office()

    async def broken(request: Any) -> Any:
        raise RuntimeError(f"secret detail in {__file__}")

    app.router.routes.insert(0, Route("/kapot", broken))
    planner = signed_in(app, "petra")
    with caplog.at_level(logging.ERROR, logger="halt.web_office"):
        answer = planner.get("/kapot")
    assert answer.status == 500
    assert "Er ging iets mis" in answer.text
    assert answer.headers.keys() >= HEADERS
    for leak in ("Traceback", "secret detail", ".py", "RuntimeError", str(FOLDER)):
        assert leak not in answer.text
    assert "secret detail" in caplog.text  # the log keeps it for the administrator


def test_without_accounts_the_sign_in_page_says_how_to_make_one(store, tmp_path):
    web_office = _module("web_office_app")
    settings = _module("office_settings").Settings(data=tmp_path / "empty")
    app = web_office.create_app(store, halt_core.Arrondissement.AMSTERDAM, settings=settings)
    text = Client(app).get("/inloggen").text
    assert "Er is nog geen account" in text
    assert "app.py add-user NAAM --role admin" in text


def test_sign_in_goes_back_only_to_pages_of_this_site(office):
    app, _ = office()
    for asked, lands in (("/forums", "/forums"), ("//evil.example/", "/"), ("https://x.y/", "/")):
        browser = Client(app)
        key = form_key(browser.get("/inloggen").text)
        form = {"naam": "petra", "wachtwoord": PASSWORD, "csrf_token": key, "verder": asked}
        assert browser.post("/inloggen", form).headers["location"] == lands


def test_a_trusted_proxy_may_name_the_user_and_no_one_else_may(office, caplog):
    headers = {"X-Forwarded-User": "sam", "X-Forwarded-Groups": "/office/planner,staff"}
    app, _ = office(user_header="X-Forwarded-User", proxies=frozenset({"10.0.0.5"}))
    proxied = Client(app, peer="10.0.0.5")
    answer = proxied.get("/aanvraag", headers)
    assert answer.status == 200
    assert 'id="gebruiker">sam' in answer.text
    reader = {**headers, "X-Forwarded-Groups": "reader"}
    assert proxied.get("/aanvraag", reader).status == 403
    assert proxied.get("/", {**headers, "X-Forwarded-Groups": "staff"}).status == 403  # no role
    # The same headers from anywhere else count for nothing.
    with caplog.at_level(logging.WARNING, logger="halt.web_office.audit"):
        assert Client(app, peer="127.0.0.1").get("/", headers).status == 303
    assert "ignored X-Forwarded-User from 127.0.0.1" in caplog.text
    # Switched off (the default), the header is no one's name.
    app, _ = office(proxies=frozenset({"10.0.0.5"}))
    assert Client(app, peer="10.0.0.5").get("/", headers).status == 303


def test_the_settings_come_from_the_environment(tmp_path):
    settings = _module("office_settings")
    chosen = settings.Settings.from_env(
        {
            "HALT_OFFICE_HOSTS": "office.example, localhost",
            "HALT_OFFICE_HTTPS": "1",
            "HALT_OFFICE_TRUSTED_USER_HEADER": "X-Forwarded-User",
            "HALT_OFFICE_TRUSTED_PROXIES": "127.0.0.1",
        },
        f"sqlite:///{tmp_path / 'office.sqlite3'}",
    )
    assert chosen.hosts == ("office.example", "localhost")
    assert chosen.https
    assert chosen.data == tmp_path
    assert chosen.proxies == {"127.0.0.1"}
    default = settings.Settings.from_env({}, "memory://")
    assert (default.hosts, default.https, default.user_header) == (
        ("127.0.0.1", "localhost"),
        False,
        None,
    )
    with pytest.raises(settings.SettingError, match="TRUSTED_PROXIES"):
        settings.Settings.from_env({"HALT_OFFICE_TRUSTED_USER_HEADER": "X-User"}, "memory://")


def test_an_admin_manages_the_accounts(office, tmp_path, caplog):
    app, _ = office()
    admin = signed_in(app, "ada")
    key = form_key(admin.get("/beheer").text)
    new = {"naam": "kees", "rol": "reader", "wachtwoord": "kort", "csrf_token": key}
    assert admin.post("/beheer", new).status == 422  # too short a password
    with caplog.at_level(logging.INFO, logger="halt.web_office.audit"):
        assert admin.post("/beheer", {**new, "wachtwoord": PASSWORD}).status == 303
        assert signed_in(app, "kees").get("/forums").status == 200
        assert admin.post("/beheer/kees/verwijderen", {"csrf_token": key}).status == 303
    assert "account saved: user=kees role=reader by=ada" in caplog.text
    assert "account removed: user=kees by=ada" in caplog.text
    assert admin.post("/beheer/ada/verwijderen", {"csrf_token": key}).status == 422
    assert signed_in(app, "petra").get("/beheer").status == 403


def test_the_account_commands(tmp_path):
    store_url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALT_OFFICE_")}

    def command(*args: str, password: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(APP), *args, "--store", store_url],
            input=password,
            env=env,
            capture_output=True,
            text=True,
        )

    done = command("add-user", "anna", "--role", "planner", "--password-stdin", password=PASSWORD)
    assert done.returncode == 0, done.stderr
    saved = tmp_path / "halt-office-accounts.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    text = saved.read_text()
    assert "$argon2id$" in text
    assert PASSWORD not in text
    assert "account saved: user=anna role=planner" in done.stderr  # the audit log
    short = command("add-user", "bo", "--password-stdin", password="kort\n")
    assert short.returncode == 1
    assert "too short" in short.stderr
    assert command("list-users").stdout == "anna\tplanner\n"
    accounts = _module("office_accounts").Accounts(saved)
    key = accounts.feed_key("anna")
    reset = command("reset-feed-key", "anna")
    assert reset.returncode == 0, reset.stderr
    assert "feed key replaced: user=anna" in reset.stderr
    new = accounts.feed_key("anna")
    assert new != key
    assert key not in reset.stdout + reset.stderr
    assert new not in reset.stdout + reset.stderr
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert command("reset-feed-key", "nobody").returncode == 1
    assert command("remove-user", "anna").returncode == 0
    assert command("remove-user", "anna").returncode == 1
    assert command("list-users").stdout == ""
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".accounts-")]


# -- calendar apps: feeds by the account's feed key ---------------------------------------------


def _keyed_feed(page: str, kind: str) -> str:
    """The path of the keyed feed a page links to (``/calendars/<key>/<kind>/<id>.ics``)."""
    found = re.search(
        rf'id="feed" class="address" href="http://[^/"]+(/calendars/[^"]+/{kind}/[^"]+)"', page
    )
    assert found, "the page links to its feed with the user's key"
    return found.group(1)


def test_a_calendar_app_reads_a_feed_by_its_key_without_signing_in(office, store, caplog):
    app, clock = office(idle_minutes=120)  # the reader's session outlives the hour below
    reader = signed_in(app, "rob")
    with store.unit_of_work() as uow:
        partner = sorted(uow.partners.query(area=AMSTERDAM_AREA), key=lambda p: p.name)[0]
        forum = sorted(uow.forums.query(area=AMSTERDAM_AREA), key=lambda f: f.name)[0]
    with caplog.at_level(logging.DEBUG):
        page = reader.get(f"/partners/{partner.id}").text
        path = _keyed_feed(page, "partner")
        key = path.split("/")[2]
        assert len(key) >= 43
        assert f'href="webcal://127.0.0.1:8000{path}"' in page

        app_client = Client(app)  # a calendar app: no cookie, never signed in
        answer = app_client.get(path)
        assert answer.status == 200, answer.text
        assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
        assert answer.text.startswith("BEGIN:VCALENDAR")
        assert answer.headers.keys() >= HEADERS
        assert "set-cookie" not in answer.headers
        etag = answer.headers["etag"]
        again = app_client.get(path, {"If-None-Match": etag})
        assert (again.status, again.text) == (304, "")
        assert app_client.request("HEAD", path, headers={"If-None-Match": etag}).status == 304
        # The same key reads every feed of the office, a forum's too.
        forum_path = f"/calendars/{key}/forum/{forum.id}.ics"
        assert app_client.get(forum_path).status == 200
        clock.now += 59 * 60
        assert app_client.get(path).status == 200

        # A wrong key, a key for a feed that does not exist, another method: the same 404.
        wrong = "x" * len(key)
        missing = app_client.get(path.replace(key, wrong))
        assert missing.status == 404
        assert missing.headers.keys() >= HEADERS
        assert "Deze agenda bestaat hier niet" in missing.text
        for other in (
            app_client.get(f"/calendars/{key}/partner/{uuid.uuid4()}.ics"),
            app_client.get(f"/calendars/{key}/school/{partner.id}.ics"),
            app_client.get(f"/calendars/{key[:-1]}/partner/{partner.id}.ics"),
            app_client.get(f"/calendars/%C3%A9{key}/partner/{partner.id}.ics"),
            app_client.post(path, {"x": "1"}),
            reader.post(path, {"csrf_token": form_key(page)}),
        ):
            assert (other.status, other.text) == (404, missing.text)
        # The session's own feed address still works in a signed-in browser, not for an app.
        assert reader.get(f"/calendars/partner/{partner.id}.ics").status == 200
        assert app_client.get(f"/calendars/partner/{partner.id}.ics").status == 303

        # Nieuwe agendasleutel: the form key is needed, then the old addresses are gone.
        assert reader.post("/agendasleutel", {"verder": f"/partners/{partner.id}"}).status == 403
        assert app_client.get(path).status == 200
        form = {"csrf_token": form_key(page), "verder": f"/partners/{partner.id}"}
        answer = reader.post("/agendasleutel", form)
        assert answer.status == 303
        assert answer.headers["location"] == f"/partners/{partner.id}?sleutel=nieuw#agenda-volgen"
        assert app_client.get(path).status == 404
        assert app_client.get(forum_path).status == 404
        renewed = reader.get(f"/partners/{partner.id}?sleutel=nieuw").text
        assert "U hebt een nieuwe agendasleutel" in renewed
        new_path = _keyed_feed(renewed, "partner")
        assert new_path != path
        assert app_client.get(new_path).status == 200
        new_key = new_path.split("/")[2]

        # An account that goes takes its key along.
        _module("office_accounts").Accounts(app.state.signin.accounts.path).remove("rob")
        assert app_client.get(new_path).status == 404

    # The audit log: the reads by account, one line an hour, and never a key.
    reads = [r.getMessage() for r in caplog.records if r.getMessage().startswith("feed read")]
    assert len(reads) == 1, reads
    assert reads[0].startswith(f"feed read: user=rob partner={partner.id} client=127.0.0.1")
    assert "feed key replaced: user=rob by=rob" in caplog.text
    for secret in (key, new_key):
        assert secret not in caplog.text
        assert all(secret not in str(r.args) for r in caplog.records)


def test_the_feed_reads_are_logged_once_an_hour_per_account(caplog):
    feed_keys = _module("office_feed_keys")
    reads = feed_keys.FeedReads()
    with caplog.at_level(logging.INFO, logger="halt.web_office.audit"):
        reads.read("rob", "partner", "p1", "10.0.0.1", 0.0)
        reads.read("rob", "forum", "f1", "10.0.0.1", 3599.0)
        reads.read("ada", "forum", "f1", "10.0.0.2", 3599.0)
        reads.read("rob", "forum", "f1", "10.0.0.1", 3600.0)
    lines = [r.getMessage().split(" client")[0] for r in caplog.records]
    assert lines == [
        "feed read: user=rob partner=p1",
        "feed read: user=ada forum=f1",
        "feed read: user=rob forum=f1",
    ]
    assert feed_keys.redact("/calendars/secret/forum/f1.ics") == "/calendars/***/forum/f1.ics"
    assert feed_keys.redact("/forums") == "/forums"


def test_a_feed_key_is_kept_in_the_owner_only_accounts_file(tmp_path):
    accounts = _module("office_accounts").Accounts(tmp_path / "accounts.json")
    accounts.add("rob", "reader", PASSWORD)
    key = accounts.feed_key("rob")
    assert accounts.feed_key("rob") == key  # made once, then kept
    assert stat.S_IMODE(accounts.path.stat().st_mode) == 0o600
    assert accounts.by_feed_key(key).name == "rob"
    assert accounts.by_feed_key("") is None
    assert accounts.by_feed_key(key + "x") is None
    assert accounts.by_feed_key("é" + key[1:]) is None
    accounts.add("rob", "planner", PASSWORD + "!")  # a new role and password keep the key
    assert accounts.by_feed_key(key).role == "planner"
    assert key not in repr(accounts.get("rob"))
    new = accounts.new_feed_key("rob")
    assert new != key
    assert accounts.by_feed_key(key) is None
    assert _module("office_accounts").Accounts(accounts.path).by_feed_key(new).name == "rob"


# -- working in the office: search, detail pages, the banner, Dutch errors, the form's summary --


def _links(html: str, prefix: str) -> list[str]:
    return re.findall(rf'href="{prefix}([^"?#]+)"', html)


def test_the_search_finds_partners_forums_and_interventions_by_kind(office, store):
    app, _ = office()
    reader = signed_in(app, "rob")
    with store.unit_of_work() as uow:
        partners = uow.partners.query(area=AMSTERDAM_AREA)
        forums = uow.forums.query(area=AMSTERDAM_AREA)
        interventions = uow.interventions.query(area=AMSTERDAM_AREA)
        referrals = uow.referrals.query()
    home = reader.get("/").text
    assert 'action="/zoeken"' in home  # the box in the header
    assert '<label for="zoekterm"' in home

    partner = sorted(partners, key=lambda p: p.name)[0]
    shouted = partner.name.upper()  # case-insensitive
    answer = reader.get(f"/zoeken?q={urllib.parse.quote(shouted)}")
    assert answer.status == 200
    assert f'href="/partners/{partner.id}"' in answer.text
    for kind in ("partners", "overleggen", "activiteiten"):
        assert f'id="resultaten-{kind}"' in answer.text

    # Accents do not count: "Amsterdám" finds what "Amsterdam" finds (a place).
    plain = reader.get("/zoeken?q=amsterdam").text
    accented = reader.get(f"/zoeken?q={urllib.parse.quote('AMSTERDÁM')}").text
    assert _links(plain, "/interventies/") == _links(accented, "/interventies/")
    assert _links(plain, "/interventies/")

    # Paged: one kind, 20 a page, every one of them reachable.
    everything = set()
    page = 1
    while True:
        answer = reader.get(f"/zoeken?q=a&soort=activiteiten&pagina={page}")
        found = _links(answer.text, "/interventies/")
        assert len(found) <= 20
        everything.update(found)
        if 'rel="next"' not in answer.text:
            break
        page += 1
    with_a = {str(i.id) for i in interventions if "a" in i.title.casefold()}
    assert with_a <= everything
    assert page > 1
    assert reader.get("/zoeken?q=a&soort=activiteiten&pagina=99999").status == 200
    assert reader.get("/zoeken?q=a&soort=zz&pagina=x").status == 200

    # Forums by name; nothing found says so; no youth ever.
    forum = forums[0]
    assert f'href="/forums/{forum.id}"' in reader.get(f"/zoeken?q={forum.name}").text
    nothing = reader.get("/zoeken?q=qqqxxyyzz")
    assert "Niets gevonden" in nothing.text
    for referral in referrals[:50]:
        assert str(referral.youth) not in plain
        assert str(referral.id) not in plain


def test_every_intervention_of_the_arrondissement_has_a_page(office, store):
    app, _ = office()
    reader = signed_in(app, "rob")
    with store.unit_of_work() as uow:
        interventions = uow.interventions.query(area=AMSTERDAM_AREA)
        elsewhere = next(i for i in uow.interventions.query() if i not in interventions)
        partners = {p.id: p for p in uow.partners.query(area=AMSTERDAM_AREA)}
    assert len(interventions) > 100
    school = next(i for i in interventions if i.school in partners and i.sessions)
    page = reader.get(f"/interventies/{school.id}")
    assert page.status == 200
    assert school.title in page.text
    assert 'id="activiteit-status"' in page.text
    assert page.text.count('class="session') == len(school.sessions) + len(school.dropped_sessions)
    assert f'href="/partners/{school.school}"' in page.text
    assert "Nog geen statuswijzigingen" in page.text  # the demo stores no events
    # Reachable from its school's page.
    partner_page = reader.get(f"/partners/{school.school}").text
    assert f'href="/interventies/{school.id}"' in partner_page
    assert 'id="samenwerkingen"' in partner_page
    # Another arrondissement's, an unknown id or no id at all: a Dutch 404.
    for path in (
        f"/interventies/{elsewhere.id}",
        f"/interventies/{uuid.uuid4()}",
        "/interventies/x",
    ):
        answer = reader.get(path)
        assert answer.status == 404, path
        assert "Deze activiteit bestaat niet" in answer.text


def test_a_forum_page_shows_its_members_meetings_cancelled_ones_marked(office, store):
    app, _ = office()
    reader = signed_in(app, "rob")
    now = dt.datetime.now(AMSTERDAM)
    with store.unit_of_work() as uow:
        forums = uow.forums.query(area=AMSTERDAM_AREA)
        with_meetings = [
            (f, m)
            for f in forums
            for m in uow.meetings.query(owner=f.id)
            if abs((m.start - now).days) < 80
        ]
        forum, meeting = with_meetings[0]
        version = uow.meetings.version_of(meeting.id)
        called_off = attrs.evolve(meeting, cancelled_on=now.date(), cancellation_reason="ziek")
        uow.meetings.save(called_off, expected_version=version)
    try:
        html = reader.get(f"/forums/{forum.id}").text
        assert 'id="leden"' in html
        assert 'id="samenwerking"' in html
        assert html.count('class="meeting cancelled"') == 1
        assert "afgelast op" in html
        assert "ziek" not in html  # the reason is free text: not shown
    finally:
        with store.unit_of_work() as uow:
            version = uow.meetings.version_of(meeting.id)
            uow.meetings.save(meeting, expected_version=version)


def test_the_saved_banner_shows_once_right_after_saving(office, store):
    app, _ = office()
    planner = signed_in(app, "petra")
    key = form_key(planner.get("/aanvraag").text)
    answer = planner.post("/aanvraag", _request_form(store, key))
    assert answer.status == 303
    location = answer.headers["location"]
    first = planner.get(location).text
    assert "De aanvraag is opgeslagen" in first
    again = planner.get(location).text
    assert "De aanvraag is opgeslagen" not in again
    assert 'id="bevestiging"' not in again
    form = {"notes": "Graag in de ochtend.", "versie": "1", "csrf_token": form_key(again)}
    assert planner.post(location, form).headers["location"] == location
    assert "De wijziging is opgeslagen" in planner.get(location).text
    assert 'id="bevestiging"' not in planner.get(location).text


def test_unknown_addresses_and_methods_get_dutch_pages(office):
    app, _ = office()
    planner = signed_in(app, "petra")
    key = form_key(planner.get("/inloggen").text)
    for path, status, text in (
        ("/bestaat-niet", 404, "Deze pagina bestaat niet"),
        ("/aanvragen/x", 404, "Deze aanvraag bestaat niet"),
        (f"/aanvragen/{uuid.uuid4()}", 404, "Deze aanvraag bestaat niet"),
        ("/partners/x", 404, "Deze partner bestaat niet"),
        ("/forums/x", 404, "Dit overleg bestaat niet"),
    ):
        answer = planner.get(path)
        assert (answer.status, answer.headers["content-type"]) == (
            status,
            "text/html; charset=utf-8",
        ), path
        assert text in answer.text, path
        assert 'lang="nl"' in answer.text
    wrong = planner.post("/forums", {"csrf_token": key})
    assert wrong.status == 405
    assert "Dat kan hier niet" in wrong.text
    assert "allow" in wrong.headers
    assert "Method Not Allowed" not in wrong.text


def test_a_refused_request_has_a_summary_that_links_to_each_field(office, store):
    app, _ = office()
    planner = signed_in(app, "petra")
    key = form_key(planner.get("/aanvraag").text)
    form = {**_request_form(store, key), "title": "", "age_min": "200", "age_max": "300"}
    answer = planner.post("/aanvraag", form)
    assert answer.status == 422
    summary = answer.text.split('id="samenvatting"')[1].split("</div>")[0]
    links = re.findall(r'<a href="#([^"]+)" data-field="([^"]+)">', summary)
    assert ("title", "title") in links
    assert ("age_min", "ages") in links
    # Both ages wrong: one message, counted once (it was shown twice, counted as two).
    assert answer.text.count("Een leeftijd is een heel getal") == 2  # summary + field
    counted = re.search(r"(\d+) punt", summary)
    assert counted is not None
    count = int(counted.group(1))
    assert count == len(links)
    for target, field in links:
        assert f'id="{target}"' in answer.text
        assert f'aria-describedby="problems-{field}"' in answer.text
    assert re.search(r'<input id="title"[^>]* aria-invalid="true"', answer.text)


@pytest.mark.parametrize(
    ("day", "start", "says"),
    [
        ("2027-03-28", "02:30", "Op 28 maart 2027 gaat de klok om 02:00 een uur vooruit naar"),
        ("2027-10-31", "02:30", "Op 31 oktober 2027 gaat de klok om 03:00 een uur terug naar"),
    ],
    ids=["skipped", "twice"],
)
def test_a_time_the_clocks_skip_or_pass_twice_is_refused_naming_the_clock_change(
    office, store, day, start, says
):
    app, _ = office()
    planner = signed_in(app, "petra")
    key = form_key(planner.get("/aanvraag").text)
    before = _count(store)
    form = {**_request_form(store, key), "session_date": day, "session_start": start}
    answer = planner.post("/aanvraag", form, {"origin": "http://127.0.0.1:8000"})
    assert answer.status == 422, answer.status
    text = " ".join(answer.text.split())
    assert says in text
    assert "02:30" in text
    assert _count(store) == before


def test_a_partner_page_has_a_plain_title_and_each_section_once(office, store):
    app, _ = office()
    reader = signed_in(app, "rob")
    with store.unit_of_work() as uow:
        partner = sorted(uow.partners.query(area=AMSTERDAM_AREA), key=lambda p: p.name)[0]
    page = reader.get(f"/partners/{partner.id}").text
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title
    assert title.strip().startswith(html.escape(partner.name))
    for section in ("overleggen", "activiteiten", "samenwerkingen", "alle-activiteiten"):
        assert page.count(f'id="{section}"') == 1, section


def test_a_model_error_without_a_form_text_is_shown_in_the_librarys_dutch():
    problems_module = _module("office_problems")
    problems = problems_module.Problems()
    error = halt_core.InvalidValue(
        "Intervention", "collaboration", "x", "expected a whole number from 1 to 20"
    )
    problems.add_model_error(error)
    (message,) = problems.by_field[problems_module.TOP]
    assert message.text == (
        "Intervention.collaboration mag niet 'x' zijn: verwacht een geheel getal van 1 tot en "
        "met 20."
    )


def test_an_intervention_page_shows_its_status_history_from_the_events(office, store):
    from halt_core.lifecycle import decline_intervention, start_intervention_intake

    app, _ = office()
    reader = signed_in(app, "rob")
    with store.unit_of_work() as uow:
        requested = next(
            i
            for i in uow.interventions.query(area=AMSTERDAM_AREA)
            if i.status is InterventionStatus.REQUESTED
        )
        version = uow.interventions.version_of(requested.id)
        at = dt.datetime(2026, 9, 1, 9, 30, tzinfo=AMSTERDAM)
        intake, started = start_intervention_intake(requested, by="petra", at=at)
        declined, refused = decline_intervention(
            intake, by="rob", at=at + dt.timedelta(days=2), reason="geen trainers vrij"
        )
        uow.interventions.save(declined, expected_version=version)
        uow.outbox.add(started, refused)
    try:
        text = " ".join(reader.get(f"/interventies/{requested.id}").text.split())
        history = text.split('id="geschiedenis"')[1]
        assert history.count('class="event"') == 2
        first = history.index("di 1 september 2026 09:30")
        second = history.index("do 3 september 2026 09:30")
        assert first < second
        assert "van aangevraagd naar <strong>in intake</strong>" in history
        assert "van in intake naar <strong>afgewezen</strong>: geen trainers vrij" in history
        assert "petra" in history
        assert "rob" in history
    finally:
        with store.unit_of_work() as uow:
            uow.interventions.save(requested, expected_version=version + 1)
