"""The regional office's web app (examples/web_office), served for real and driven by Chromium.

The app runs in its own process with uvicorn, as its README says, on a free port and a SQLite
store in a temporary folder, with accounts made by its ``add-user`` command (:data:`ACCOUNTS`);
Playwright drives Debian's Chromium against it, signed in as a planner. Without
Chromium (or Playwright) the tests skip, saying how to install it, unless
``HALT_REQUIRE_BROWSER=1`` (as in CI), when they fail; the same holds for Graphviz, which
draws the network picture.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import email.utils
import hashlib
import http.client
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import attrs
import pytest

import halt_core
from halt_core import AMSTERDAM, Area, Arrondissement, InterventionStatus, PartnerKind

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "examples" / "web_office" / "app.py"
ARTIFACTS = ROOT / "tests" / "_artifacts"
CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("HALT_REQUIRE_BROWSER") == "1"
AMSTERDAM_AREA = Area.arrondissement(Arrondissement.AMSTERDAM)

PASSWORD = "een lang genoeg wachtwoord"
ACCOUNTS = {"petra": "planner", "rob": "reader", "ada": "admin", "bram": "planner"}
"""The accounts the test server has (all with :data:`PASSWORD`), by name: their roles."""

_COOKIES: dict[str, str] = {}
"""The session cookie of a planner signed in to each test server, by its base URL."""


def _missing(what: str, how: str) -> NoReturn:
    message = f"{what} is not installed: {how}"
    if REQUIRED:
        pytest.fail(f"{message} (HALT_REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_serving(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app stopped with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the app did not accept connections on port {port}:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app serving a fresh SQLite store: (base URL, store URL)."""
    for module in ("starlette", "jinja2", "uvicorn", "python_multipart"):
        if not _importable(module):
            _missing(module, "pip install -r examples/web_office/requirements.txt")
    folder = tmp_path_factory.mktemp("web_office")
    store_url = f"sqlite:///{folder / 'office.sqlite3'}"
    port = _free_port()
    log = folder / "server.log"
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "HALT_STORE_URL" and not k.startswith("HALT_OFFICE_")
    }
    for name, role in ACCOUNTS.items():
        add_account(store_url, name, role, env)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(APP), "--port", str(port), "--store", store_url],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        _wait_until_serving(process, port, log)
        base = f"http://127.0.0.1:{port}"
        _COOKIES[base] = sign_in_cookie(base, "petra")
        yield base, store_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def add_account(store_url: str, name: str, role: str, env: dict[str, str]) -> None:
    """Make an account with the app's own command, the password on standard input."""
    done = subprocess.run(
        [
            sys.executable,
            str(APP),
            "add-user",
            name,
            "--role",
            role,
            "--password-stdin",
            "--store",
            store_url,
        ],
        input=f"{PASSWORD}\n".encode(),
        env=env,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()


def _session_cookie(response: http.client.HTTPResponse) -> str | None:
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith("halt_office="):
            return header.split(";", 1)[0]
    return None


def form_key(html: str) -> str:
    """The form key (``csrf_token``) in a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has a form with its key"
    return found.group(1)


def sign_in_cookie(base: str, name: str, password: str = PASSWORD) -> str:
    """Sign in over plain HTTP, as the sign-in form does; returns the session cookie."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/inloggen")
        response = connection.getresponse()
        key, cookie = form_key(response.read().decode()), _session_cookie(response)
        assert cookie is not None
        body = urllib.parse.urlencode({"naam": name, "wachtwoord": password, "csrf_token": key})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        connection.request("POST", "/inloggen", body, headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 303, response.status
        signed_in = _session_cookie(response)
        assert signed_in is not None
        return signed_in
    finally:
        connection.close()


def sign_in(page: Any, name: str, password: str = PASSWORD) -> Any:
    """Sign in with the browser's sign-in form; returns the form's answer."""
    page.goto("/inloggen")
    page.fill("#naam", name)
    page.fill("#wachtwoord", password)
    with page.expect_navigation() as navigation:
        page.click("#aanmelden button[type=submit]")
    return navigation.value


def _importable(module: str) -> bool:
    # Looked up, not imported: the app imports them in its own process.
    return importlib.util.find_spec(module) is not None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright."""
    if not _importable("playwright"):
        _missing("Playwright", "pip install playwright (the browser itself comes from Debian)")
    if not CHROMIUM.exists():
        _missing("Chromium", "apt-get install -y chromium (it provides /usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def planner_state(browser: Any, server: tuple[str, str]) -> Any:
    """The browser's cookies after a planner signed in with the sign-in page."""
    context = browser.new_context(base_url=server[0], locale="nl-NL")
    context.set_default_timeout(5000)
    try:
        page = context.new_page()
        sign_in(page, "petra")
        assert page.url == f"{server[0]}/"
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, server: tuple[str, str], planner_state: Any) -> Iterator[Any]:
    """A fresh browser page, signed in as a planner, whose relative URLs go to the app."""
    context = browser.new_context(
        base_url=server[0],
        viewport={"width": 1280, "height": 900},
        locale="nl-NL",  # the office's language and time zone
        timezone_id="Europe/Amsterdam",
        storage_state=planner_state,
    )
    context.set_default_timeout(5000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _count_interventions(store_url: str) -> int:
    with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
        return uow.interventions.count()


def _schools(store_url: str) -> list[Any]:
    with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
        found = uow.partners.query(kind=PartnerKind.SCHOOL, area=AMSTERDAM_AREA)
    return sorted(found, key=lambda p: p.name)


def _screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _a_school_day(days_ahead: int) -> dt.date:
    day = dt.datetime.now(AMSTERDAM).date() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def test_the_overview_shows_the_arrondissement_network_and_its_picture(page, server):
    _, store_url = server
    with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
        partners = uow.partners.query(area=AMSTERDAM_AREA)
        forums = uow.forums.query(area=AMSTERDAM_AREA)
    assert partners, "the app filled the empty store with the demo network"

    page.goto("/")
    assert page.title().startswith("Netwerk · Halt regiokantoor Amsterdam")
    shown = page.locator("#partners").inner_text()
    for partner in partners:
        assert partner.name in shown
    assert page.locator("#partners h3").all_text_contents() == ["Regionaal", "Lokaal"]
    forum_table = page.locator("#overleggen").inner_text()
    for forum in forums:
        assert forum.name in forum_table
    assert "informatieleverancier" in forum_table  # Halt's role in a case consultation
    assert page.locator("#samenwerkingen tbody tr").count() > 0

    if shutil.which("dot") is not None:
        picture = page.locator("#netwerkplaat img")
        picture.wait_for()
        page.wait_for_function("document.querySelector('#netwerkplaat img').complete")
        width = picture.evaluate("img => img.naturalWidth")
        assert width > 300, "the browser drew the SVG from /network.svg"
        svg = page.request.get("/network.svg")
        assert svg.ok
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert "Politie eenheid Amsterdam" in svg.text()
        # The office speaks Dutch, the picture too: its levels and caption.
        assert ">Regionaal<" in svg.text()
        assert "gemaakt op" in svg.text()
        assert ">Regional<" not in svg.text()
    elif REQUIRED:
        pytest.fail("Graphviz is not installed: apt-get install -y graphviz (CI needs it)")
    else:
        assert "niet getekend" in page.locator("#geen-plaat").inner_text()

    _screenshot(page, "web_office.png")


def test_the_forum_calendar_lists_the_coming_meetings_and_exports_them(page, server):
    _, store_url = server
    now = dt.datetime.now(AMSTERDAM)
    with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
        forums = {f.id: f for f in uow.forums.query(area=AMSTERDAM_AREA)}
        meetings = sorted(
            (m for f in forums for m in uow.meetings.query(owner=f) if m.start >= now),
            key=lambda m: (m.start, forums[m.forum].name),  # the page's order
        )
    first = meetings[0]

    page.goto("/forums")
    rows = page.locator("tr.meeting")
    assert rows.count() >= 5
    top = rows.first.inner_text()
    assert forums[first.forum].name in top
    assert first.start.strftime("%H:%M") in top
    assert str(first.start.day) in top

    calendar = page.request.get("/forums.ics")
    assert calendar.ok
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert "attachment" in calendar.headers["content-disposition"]
    body = calendar.text()
    assert body.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in body


def _fill_request(
    page, school: uuid.UUID, *, ages: tuple[str, str], requested_on: dt.date, day: dt.date
):
    page.select_option("#school", value=str(school))
    page.select_option("#kind", value="information_lesson")
    page.fill("#title", "Vuurwerk groep 8")
    page.check("input[name=problem_areas][value=fireworks]")
    page.fill("#requested_on", requested_on.isoformat())
    page.select_option("#audience", value="pupils")
    page.fill("#group_description", "groep 8, twee klassen")
    page.fill("#group_size", "54")
    page.fill("#age_min", ages[0])
    page.fill("#age_max", ages[1])
    page.fill("#session_date", day.isoformat())
    page.fill("#session_start", "10:00")
    page.fill("#session_end", "11:30")
    page.fill("#session_location", "aula")
    page.fill("#trainer", "halt-ams-01")


def test_a_request_with_mistakes_shows_the_dutch_rules_next_to_the_fields_and_is_not_stored(
    page, server
):
    _, store_url = server
    school = _schools(store_url)[0]
    day = _a_school_day(21)
    before = _count_interventions(store_url)

    page.goto("/aanvraag")
    # Two mistakes: lessons are for ages 9 to 18, and the request is dated after the session.
    _fill_request(page, school.id, ages=("6", "8"), requested_on=day + dt.timedelta(1), day=day)
    page.click("form.request button[type=submit]")

    page.locator("#samenvatting").wait_for()
    assert "niet opgeslagen" in page.locator("#samenvatting").inner_text()
    ages = page.locator("#field-ages .problem.error")
    assert ages.count() == 1
    assert ages.get_attribute("data-rule") == "HC-INTERV-002"
    assert ages.inner_text().endswith(
        "Voorlichtingsles Vuurwerk groep 8 is voor 6 tot en met 8 jaar; "
        "lessen zijn voor 9 tot en met 18 jaar."
    )
    requested = page.locator("#field-requested_on .problem.error")
    assert requested.get_attribute("data-rule") == "OFFICE-INTERV-001"
    assert "is aangevraagd op" in requested.inner_text()
    assert page.locator("#age_min").get_attribute("aria-invalid") == "true"
    # Nothing else is wrong (a warning may come up, e.g. when the trainer happens to be
    # booked then), and what was typed is still there to correct.
    assert page.locator(".problem.error").count() == 2
    assert page.input_value("#title") == "Vuurwerk groep 8"
    assert page.input_value("#session_location") == "aula"
    _screenshot(page, "web_office_request.png")

    assert _count_interventions(store_url) == before


def test_a_correct_request_is_stored_and_shown(page, server):
    _, store_url = server
    school = _schools(store_url)[-1]
    day = _a_school_day(28)
    before = _count_interventions(store_url)

    page.goto("/aanvraag")
    today = dt.datetime.now(AMSTERDAM).date()
    _fill_request(page, school.id, ages=("11", "12"), requested_on=today, day=day)
    page.click("form.request button[type=submit]")

    page.locator("#bevestiging").wait_for()
    assert "De aanvraag is opgeslagen" in page.locator("#bevestiging").inner_text()
    assert school.name in page.locator("#record-school").inner_text()
    shown_id = page.locator("#record-id").inner_text()
    assert page.url.endswith(f"/aanvragen/{shown_id}")

    assert _count_interventions(store_url) == before + 1
    with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
        stored = uow.interventions.get(uuid.UUID(shown_id))
    assert stored.title == "Vuurwerk groep 8"
    assert stored.status is InterventionStatus.REQUESTED
    assert stored.school == school.id
    assert stored.target_group.age_range is not None
    assert (stored.target_group.age_range.minimum, stored.target_group.age_range.maximum) == (
        11,
        12,
    )
    assert stored.sessions[0].start == dt.datetime.combine(day, dt.time(10), tzinfo=AMSTERDAM)


def test_a_change_saves_only_over_the_version_that_was_shown(browser, server, planner_state):
    base, store_url = server
    with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
        request = uow.interventions.query(area=AMSTERDAM_AREA, status=InterventionStatus.REQUESTED)[
            0
        ]
        version = uow.interventions.version_of(request.id)
    pages = []
    for _ in range(2):  # two colleagues open the same request
        context = browser.new_context(base_url=base, locale="nl-NL", storage_state=planner_state)
        context.set_default_timeout(5000)
        pages.append(context.new_page())
    mine, theirs = pages
    try:
        for page in pages:
            page.goto(f"/aanvragen/{request.id}")
            assert page.input_value("input[name=versie]") == str(version)

        theirs.fill("#notes", "Graag na de herfstvakantie.")
        theirs.click("#wijzigen button[type=submit]")
        assert "De wijziging is opgeslagen" in theirs.locator("#bevestiging").inner_text()

        mine.fill("#notes", "Liefst op dinsdag.")
        mine.click("#wijzigen button[type=submit]")
        mine.locator("#conflict").wait_for()
        assert "intussen door iemand anders gewijzigd" in mine.locator("#conflict").inner_text()
        assert mine.locator("#stored-notes").inner_text() == "Graag na de herfstvakantie."
        assert mine.input_value("#notes") == "Liefst op dinsdag."  # nothing typed is lost
        _screenshot(mine, "web_office_conflict.png")
        with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
            stored = uow.interventions.get_versioned(request.id)
        assert (stored.value.notes, stored.version) == ("Graag na de herfstvakantie.", version + 1)

        mine.click("#wijzigen button[type=submit]")  # saved again, knowingly
        assert "De wijziging is opgeslagen" in mine.locator("#bevestiging").inner_text()
        with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
            stored = uow.interventions.get_versioned(request.id)
        assert (stored.value.notes, stored.version) == ("Liefst op dinsdag.", version + 2)
    finally:
        for page in pages:
            page.context.close()


# -- hostile requests ---------------------------------------------------------------------------

MIB = 1024 * 1024


def _port(server: tuple[str, str]) -> int:
    return int(server[0].rsplit(":", 1)[1])


def _cookie(server: tuple[str, str]) -> str:
    return _COOKIES[server[0]]


def _answer(connection: http.client.HTTPConnection) -> tuple[int, bytes]:
    response = connection.getresponse()
    return response.status, response.read()


def test_a_body_announced_over_one_mib_is_refused_before_it_is_read(server):
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=10)
    connection.putrequest("POST", "/aanvraag")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(50 * MIB))
    connection.endheaders()
    connection.send(b"--x\r\n")  # the rest never comes: the answer does not wait for it
    status, body = _answer(connection)
    connection.close()
    assert status == 413
    assert "te groot" in body.decode()


def test_a_chunked_upload_is_cut_off_at_one_mib(server):
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=10)
    connection.putrequest("POST", "/aanvraag")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Cookie", _cookie(server))  # signed in: else it goes to sign in
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    # A text field, not a file (files are refused at once, see below): 2 MiB of notes.
    head = b'--x\r\nContent-Disposition: form-data; name="notes"\r\n\r\n'
    chunks = [head, *[b"x" * (64 * 1024)] * 32]
    try:
        for chunk in chunks:
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        connection.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed: it stopped reading at the limit
    status, body = _answer(connection)
    connection.close()
    assert status == 413
    assert "te groot" in body.decode()
    # The app still serves afterwards.
    again = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=10)
    again.request("GET", "/aanvraag", headers={"Cookie": _cookie(server)})
    assert _answer(again)[0] == 200
    again.close()


def test_a_form_takes_no_files(server):
    body = (
        b'--x\r\nContent-Disposition: form-data; name="upload"; filename="a.txt"\r\n\r\n'
        b"hello\r\n--x--\r\n"
    )
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=10)
    headers = {"Content-Type": "multipart/form-data; boundary=x", "Cookie": _cookie(server)}
    connection.request("POST", "/aanvraag", body, headers)
    assert _answer(connection)[0] == 400
    connection.close()


def test_required_fields_and_dates_far_off_say_so_in_dutch(page, server):
    _, store_url = server
    school = _schools(store_url)[0]
    before = _count_interventions(store_url)
    page.goto("/aanvraag")
    _fill_request(
        page, school.id, ages=("11", "12"), requested_on=dt.date(1, 1, 1), day=_a_school_day(7)
    )
    page.fill("#title", "")
    page.fill("#group_description", "  ")
    page.fill("#session_location", "")
    page.fill("#session_date", "9999-12-31")
    page.click("form.request button[type=submit]")
    page.locator("#samenvatting").wait_for()
    today = dt.datetime.now(AMSTERDAM).date()
    assert (
        page.locator("#field-title .problem")
        .inner_text()
        .endswith("Vul een titel in; die is verplicht.")
    )
    assert (
        page.locator("#field-group_description .problem")
        .inner_text()
        .endswith("Vul een omschrijving van de doelgroep in; die is verplicht.")
    )
    assert "verplicht" in page.locator("#field-session_location .problem").inner_text()
    for field in ("requested_on", "session_date"):
        problem = page.locator(f"#field-{field} .problem")
        assert problem.count() == 1
        assert "hooguit 2 jaar voor of na vandaag" in problem.inner_text()
        assert str(today.year - 2) in problem.inner_text()
    assert (
        page.locator("#requested_on").get_attribute("max")
        == today.replace(year=today.year + 2).isoformat()
    )
    assert _count_interventions(store_url) == before


def test_the_footer_names_the_store_without_secrets(page, server):
    page.goto("/")
    footer = page.locator("footer").inner_text()
    assert "gegevens: sqlite:///" in footer


# -- the body limit itself, without a server -------------------------------------------------


def _office_limits() -> ModuleType:
    if not _importable("starlette"):
        _missing("starlette", "pip install -r examples/web_office/requirements.txt")
    spec = importlib.util.spec_from_file_location("office_limits", APP.parent / "office_limits.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _serve(chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> tuple[int, list[Any]]:
    """Run one request through BodyLimit around an app that reads it all and answers 200."""
    limits = _office_limits()
    read: list[int] = []
    sent: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            read.append(len(message.get("body", b"")))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    messages = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]

    async def receive() -> Any:
        return messages.pop(0)

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    # A thread of its own: Playwright's event loop may be running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as worker:
        worker.submit(
            asyncio.run, limits.BodyLimit(app, max_bytes=MIB)(scope, receive, send)
        ).result()
    return sum(read), sent


def test_the_limit_stops_reading_at_the_first_chunk_past_it():
    read, sent = _serve([b"x" * (64 * 1024)] * 40, [])
    assert read <= MIB
    assert sent[0]["status"] == 413
    assert len(sent) == 2  # the app's own answer never went out


def test_the_limit_refuses_a_declared_length_without_reading():
    read, sent = _serve([b"x"], [(b"content-length", str(MIB + 1).encode())])
    assert read == 0
    assert sent[0]["status"] == 413


def test_bodies_within_the_limit_pass_untouched():
    read, sent = _serve([b"x" * (512 * 1024)] * 2, [(b"content-length", str(MIB).encode())])
    assert read == MIB
    assert sent[0]["status"] == 200


# -- calendar feeds to subscribe to ---------------------------------------------------------------
# Against the running server with http.client, like the hostile requests above: a calendar app
# polls the feeds without a browser, and these tests need none either.


def _get(
    server: tuple[str, str], path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=30)
    try:
        connection.request(method, path, headers={"Cookie": _cookie(server), **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _events(body: bytes) -> dict[tuple[str, str], Any]:
    """The calendar's events by UID and RECURRENCE-ID (empty for a master or single event)."""
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical(body)
    return {
        (str(e["UID"]), e["RECURRENCE-ID"].to_ical().decode() if "RECURRENCE-ID" in e else ""): e
        for e in calendar.walk("VEVENT")
    }


def _feed_subjects(store_url: str) -> dict[str, Any]:
    """A school, a partner that is no school, and a forum with coming meetings, of Amsterdam."""
    now = dt.datetime.now(AMSTERDAM)
    with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
        partners = uow.partners.query(area=AMSTERDAM_AREA)
        forums = sorted(uow.forums.query(area=AMSTERDAM_AREA), key=lambda f: f.name)
        in_area = {p.id for p in partners}
        coming = {
            f.id: [m for m in uow.meetings.query(owner=f.id) if m.start > now] for f in forums
        }
        forum = next(f for f in forums if coming[f.id] and in_area & set(f.members))
        others = [f for f in uow.forums.query() if f.id not in {f.id for f in forums}]
        schools = sorted(
            (p for p in partners if p.kind is PartnerKind.SCHOOL), key=lambda p: p.name
        )
        sessions = {
            s.id for i in uow.interventions.query() if i.school == schools[0].id for s in i.sessions
        }
    return {
        "school": schools[0],
        "sessions": sessions,
        "partner": next(p for p in partners if p.kind is not PartnerKind.SCHOOL),
        "forum": forum,
        "member": next(p for p in partners if p.id in forum.members),
        "meeting": coming[forum.id][-1],
        "elsewhere": others[0],
    }


def test_a_feed_is_a_calendar_with_a_strong_etag_and_a_last_modified(server):
    subjects = _feed_subjects(server[1])
    school = subjects["school"]
    status, headers, body = _get(server, f"/calendars/partner/{school.id}.ics")
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    etag = headers["ETag"]
    assert etag == f'"{hashlib.sha256(body).hexdigest()[:32]}"'  # strong: no W/
    modified = email.utils.parsedate_to_datetime(headers["Last-Modified"])
    # Never in the future. (uvicorn's Date header is refreshed by its loop about once a
    # second, later under load, so it is no exact clock to compare with.)
    assert modified <= dt.datetime.now(dt.UTC)
    assert modified <= email.utils.parsedate_to_datetime(headers["Date"]) + dt.timedelta(seconds=2)
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    icalendar = pytest.importorskip("icalendar")
    assert str(icalendar.Calendar.from_ical(body)["X-WR-CALNAME"]) == school.name
    uids = {uid for uid, _ in _events(body)}
    assert subjects["sessions"], "the demo school has lessons"
    assert {f"{s}@halt.nl" for s in subjects["sessions"]} <= uids  # the school's lessons

    again = _get(server, f"/calendars/partner/{school.id}.ics")
    assert (again[0], again[1]["ETag"], again[2]) == (200, etag, body)  # byte for byte
    assert again[1]["Last-Modified"] == headers["Last-Modified"]

    forum = subjects["forum"]
    status, headers, body = _get(server, f"/calendars/forum/{forum.id}.ics")
    assert (status, headers["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert str(icalendar.Calendar.from_ical(body)["X-WR-CALNAME"]) == forum.name


def test_an_unchanged_feed_is_answered_304_without_a_body(server):
    path = f"/calendars/partner/{_feed_subjects(server[1])['partner'].id}.ics"
    status, headers, body = _get(server, path)
    assert status == 200
    etag, modified = headers["ETag"], headers["Last-Modified"]

    for asked in (
        {"If-None-Match": etag},
        {"If-None-Match": f'"other", W/{etag}'},  # a list, compared weakly
        {"If-None-Match": "*"},
        {"If-Modified-Since": modified},
    ):
        status, headers, body = _get(server, path, asked)
        assert (status, body) == (304, b""), asked
        assert headers["ETag"] == etag
        assert headers["Last-Modified"] == modified
    assert _get(server, path, {"If-None-Match": etag}, method="HEAD")[0] == 304

    # Another tag: the client's copy is not this one, whatever its date (If-None-Match decides).
    status, _, body = _get(
        server, path, {"If-None-Match": '"other"', "If-Modified-Since": modified}
    )
    assert status == 200
    assert body.startswith(b"BEGIN:VCALENDAR")
    earlier = email.utils.format_datetime(
        email.utils.parsedate_to_datetime(modified) - dt.timedelta(seconds=1), usegmt=True
    )
    assert _get(server, path, {"If-Modified-Since": earlier})[0] == 200
    assert _get(server, path, {"If-Modified-Since": "yesterday"})[0] == 200


def test_a_changed_meeting_changes_the_feeds_and_its_sequence_grows(server):
    subjects = _feed_subjects(server[1])
    feeds = {
        "forum": f"/calendars/forum/{subjects['forum'].id}.ics",
        "member": f"/calendars/partner/{subjects['member'].id}.ics",
    }
    before = {name: _get(server, path) for name, path in feeds.items()}
    meeting = subjects["meeting"]
    moved = "Stadhuis Amsterdam, zaal 3 (verplaatst)"
    with halt_core.connect(server[1]) as store, store.unit_of_work() as uow:
        version = uow.meetings.version_of(meeting.id)
        uow.meetings.save(attrs.evolve(meeting, location=moved), expected_version=version)

    for name, path in feeds.items():
        _, old_headers, old_body = before[name]
        status, headers, body = _get(
            server,
            path,
            {
                "If-None-Match": old_headers["ETag"],
                "If-Modified-Since": old_headers["Last-Modified"],
            },
        )
        assert status == 200, name
        assert headers["ETag"] != old_headers["ETag"]
        assert body != old_body
        assert email.utils.parsedate_to_datetime(
            headers["Last-Modified"]
        ) > email.utils.parsedate_to_datetime(old_headers["Last-Modified"])
        # A client with only the date it was given downloads the new feed too.
        assert _get(server, path, {"If-Modified-Since": old_headers["Last-Modified"]})[0] == 200

        old, new = _events(old_body), _events(body)
        assert old.keys() == new.keys(), "the same events, under the same UIDs"
        changed = [k for k, e in new.items() if str(e.get("LOCATION")) == moved]
        assert len(changed) == 1, name
        assert int(new[changed[0]]["SEQUENCE"]) > int(old[changed[0]]["SEQUENCE"])
        assert all(int(new[k]["SEQUENCE"]) >= int(old[k]["SEQUENCE"]) for k in new)
        assert _get(server, path, {"If-None-Match": headers["ETag"]})[0] == 304


def feed_key(store_url: str, name: str) -> str | None:
    """The feed key of account ``name``, as the accounts file next to the store keeps it."""
    folder = Path(store_url.removeprefix("sqlite:///")).parent
    rows = json.loads((folder / "halt-office-accounts.json").read_text())["accounts"]
    found: str | None = next(r.get("feed_key") for r in rows if r["name"] == name)
    return found


def test_the_pages_link_to_their_feeds_by_webcal_and_by_address(server):
    subjects = _feed_subjects(server[1])
    base = server[0]
    host = base.removeprefix("http://")
    for page, kind, id in (
        (f"/partners/{subjects['school'].id}", "partner", subjects["school"].id),
        (f"/partners/{subjects['partner'].id}", "partner", subjects["partner"].id),
        (f"/forums/{subjects['forum'].id}", "forum", subjects["forum"].id),
    ):
        status, headers, body = _get(server, page)
        assert status == 200, page
        html = body.decode()
        key = feed_key(server[1], "petra")  # made when the first page showed it
        assert key is not None
        assert f'href="webcal://{host}/calendars/{key}/{kind}/{id}.ics"' in html
        assert f'href="{base}/calendars/{key}/{kind}/{id}.ics"' in html
        assert "Via URL</em>" in html  # how to add it in Google Calendar
        assert "Nieuwe agendasleutel" in html
    school_page = _get(server, f"/partners/{subjects['school'].id}")[2].decode()
    assert subjects["school"].name in school_page
    assert "Lessen de komende" in school_page

    overview = _get(server, "/")[2].decode()
    assert f'href="/partners/{subjects["school"].id}"' in overview
    assert f'href="/forums/{subjects["forum"].id}"' in overview
    calendar = _get(server, "/forums")[2].decode()
    forum_feed = f"/calendars/{key}/forum/{subjects['forum'].id}.ics"
    assert f'href="webcal://{host}{forum_feed}"' in calendar

    # The forum calendar's old address leads to the feed (for a signed-in browser).
    status, headers, _ = _get(server, f"/forums/{subjects['forum'].id}.ics")
    assert (status, headers["Location"]) == (308, f"/calendars/forum/{subjects['forum'].id}.ics")


def test_the_subscribe_link_carries_the_users_feed_key_and_works_without_signing_in(page, server):
    partner = _feed_subjects(server[1])["partner"]
    page.goto(f"/partners/{partner.id}")
    key = feed_key(server[1], "petra")
    assert key is not None
    assert len(key) >= 43
    webcal = page.locator("#webcal").get_attribute("href")
    host = server[0].removeprefix("http://")
    assert webcal == f"webcal://{host}/calendars/{key}/partner/{partner.id}.ics"
    assert (
        page.locator("#feed").get_attribute("href")
        == f"{server[0]}/calendars/{key}/partner/{partner.id}.ics"
    )
    assert "als een wachtwoord" in page.locator("#geheim-adres").inner_text()
    # What a calendar app does with it: no cookie, no sign-in.
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=30)
    try:
        connection.request("GET", f"/calendars/{key}/partner/{partner.id}.ics")
        response = connection.getresponse()
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert response.read().startswith(b"BEGIN:VCALENDAR")
    finally:
        connection.close()


def test_unknown_feeds_and_pages_are_404_with_a_page_that_says_where_to_look(server):
    subjects = _feed_subjects(server[1])
    nobody = uuid.uuid4()
    for path in (
        f"/calendars/partner/{nobody}.ics",
        f"/calendars/forum/{nobody}.ics",
        f"/calendars/forum/{subjects['school'].id}.ics",  # a partner is no forum
        f"/calendars/forum/{subjects['elsewhere'].id}.ics",  # another arrondissement's
        "/calendars/partner/not-an-id.ics",
        f"/calendars/school/{subjects['school'].id}.ics",
    ):
        status, headers, body = _get(server, path)
        assert status == 404, path
        assert headers["Content-Type"].startswith("text/html")
        html = body.decode()
        assert "Deze agenda bestaat hier niet" in html
        assert "/calendars/partner/&lt;id&gt;.ics" in html
        assert 'href="/"' in html
    school_route = _get(server, f"/calendars/school/{subjects['school'].id}.ics")[2].decode()
    assert "dat moet <code>partner</code> of <code>forum</code> zijn" in school_route
    for path in (f"/partners/{nobody}", f"/forums/{nobody}", "/partners/x", "/forums/x.ics"):
        status, _, body = _get(server, path)
        assert status == 404, path
        assert "Niet gevonden" in body.decode()


def test_feeds_carry_no_personal_data_of_youths(server):
    with halt_core.connect(server[1]) as store, store.unit_of_work() as uow:
        forums = uow.forums.query(area=AMSTERDAM_AREA)
        with_cases = [(f, m) for f in forums for m in uow.meetings.query(owner=f.id) if m.cases]
    assert with_cases, "the demo has case consultations with youths on the agenda"
    forum = with_cases[0][0]
    cases = [c for f, m in with_cases if f.id == forum.id for c in m.cases]
    paths = [f"/calendars/forum/{forum.id}.ics"]
    paths += [f"/calendars/partner/{p}.ics" for p in forum.members[:3]]
    for path in paths:
        status, _, body = _get(server, path)
        if status == 404:  # a member from outside the arrondissement has no feed here
            continue
        text = body.decode()
        assert "personal data of youths is left out" in " ".join(text.split("\r\n "))
        for case in cases:
            assert str(case.youth) not in text
            if case.referral is not None:
                assert str(case.referral) not in text


# -- the feeds' caching rules on their own ------------------------------------------------------


def _office_caching() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "office_caching", APP.parent / "office_caching.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


T0 = dt.datetime(2026, 3, 2, 9, 30, 15, 600_000, tzinfo=dt.UTC)


def test_first_served_keeps_its_moment_while_the_feed_is_the_same_and_only_grows():
    first_served = _office_caching().FirstServed()
    moment = first_served.moment("/a.ics", '"1"', T0)
    assert moment == dt.datetime(2026, 3, 2, 9, 30, 14, tzinfo=dt.UTC)  # the second before
    later = T0 + dt.timedelta(hours=5)
    assert first_served.moment("/a.ics", '"1"', later) == moment
    assert first_served.moment("/b.ics", '"1"', later) == later.replace(
        microsecond=0
    ) - dt.timedelta(seconds=1)
    # Changed twice within a second: still a later date each time.
    second = first_served.moment("/a.ics", '"2"', later)
    third = first_served.moment("/a.ics", '"3"', later)
    assert moment < second < third
    # Back to an older form: a new moment, never the old one.
    assert first_served.moment("/a.ics", '"1"', later) > third


def test_not_modified_follows_rfc_9110():
    caching = _office_caching()
    modified = dt.datetime(2026, 3, 2, 9, 30, 14, tzinfo=dt.UTC)
    date = caching.http_date(modified)
    assert date == "Mon, 02 Mar 2026 09:30:14 GMT"

    def asks(headers: dict[str, str], method: str = "GET") -> bool:
        return bool(caching.not_modified(headers, method, '"abc"', modified))

    assert asks({"if-none-match": '"abc"'})
    assert asks({"if-none-match": 'W/"abc"'})
    assert asks({"if-none-match": '"x", "abc"'})
    assert asks({"if-none-match": "*"})
    assert not asks({"if-none-match": '"x"', "if-modified-since": date})
    assert asks({"if-modified-since": date})
    assert not asks({"if-modified-since": caching.http_date(modified - dt.timedelta(seconds=1))})
    assert not asks({"if-modified-since": "not a date"})
    assert not asks({"if-modified-since": "Mon, 02 Mar 2099 09:30:14 GMT"})  # the future
    assert not asks({"if-none-match": '"abc"'}, method="POST")
    assert not asks({})
    assert not caching.not_modified({"if-modified-since": date}, "GET", '"abc"', None)
    assert caching.strong_etag(b"x") == f'"{hashlib.sha256(b"x").hexdigest()[:32]}"'


# -- every page fits the screen, at 375 and at 1280 pixels --------------------------------------


def _screenshots_module() -> ModuleType:
    """``examples/web_office/make_screenshots.py``, which the README's screenshots come from."""
    path = APP.parent / "make_screenshots.py"
    spec = importlib.util.spec_from_file_location("web_office_screenshots", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_page_fits_the_screen_at_375_and_1280_pixels(browser, server, tmp_path):
    """No sideways scrolling, nothing overprinted or outside the screen, the header whole.

    The screenshots go to ``$HALT_SCREENSHOTS`` when set (CI keeps them), else to the test's
    temporary folder.
    """
    shots = _screenshots_module()
    folder = Path(os.environ.get("HALT_SCREENSHOTS") or tmp_path)
    accounts = {"planner": ("petra", PASSWORD), "admin": ("ada", PASSWORD)}
    pages = shots.shots(server[1])
    found = shots.capture(browser, server[0], pages, folder, accounts, widths=(375, 1280))
    assert len(found) == 2 * len(pages)
    assert {name for name, problems in found.items() if problems} == set(), found
    for name in found:
        assert (folder / f"{name}.png").stat().st_size > 1000
