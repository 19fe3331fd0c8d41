"""The web office's guards in the real browser: sign-in, roles, forged forms, headers, CSP.

The app is served as in ``test_web_office.py`` (its ``server`` fixture, with the accounts of
:data:`ACCOUNTS`), and Debian's Chromium is driven through it with Playwright. A second,
tiny site on another port (another origin) tries to post the request form to the app.
Every page visited is watched for Content-Security-Policy violations, as the browser
reports them (``securitypolicyviolation`` events and console messages).
"""

from __future__ import annotations

import datetime as dt
import http.client
import http.server
import threading
import uuid
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest

import halt_core
from halt_core import AMSTERDAM
from tests.examples.test_web_office import (
    AMSTERDAM_AREA,
    PASSWORD,
    _a_school_day,
    _count_interventions,
    _fill_request,
    _port,
    _schools,
    browser,
    form_key,
    server,
    sign_in,
)

__all__ = ["browser", "server"]  # the fixtures, imported to be used here

SECURITY_HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options")
WATCH_CSP = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
});
"""


class Watched:
    """A browser context, its page, and what the browser saw: answers and CSP violations."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context = browser.new_context(base_url=base, locale="nl-NL")
        self.context.set_default_timeout(8000)
        self.context.add_init_script(WATCH_CSP)
        self.responses: list[Any] = []
        self.violations: list[str] = []
        self.page = self.context.new_page()
        self.page.on("response", lambda response: self.responses.append(response))
        self.page.on("console", self._console)

    def _console(self, message: Any) -> None:
        text = message.text
        if "CSP violation" in text or "Content Security Policy" in text:
            self.violations.append(f"{self.page.url}: {text}")

    def app_responses(self) -> list[Any]:
        """The answers the app gave (not the other site's)."""
        return [r for r in self.responses if r.url.startswith(self.base)]


@pytest.fixture
def watched(browser: Any, server: tuple[str, str]) -> Iterator[Watched]:
    """A fresh, signed-out browser context on the app, watched."""
    found = Watched(browser, server[0])
    try:
        yield found
    finally:
        found.context.close()


def _log(server: tuple[str, str]) -> str:
    """What the server wrote to its log so far (its audit lines among it)."""
    folder = Path(server[1].removeprefix("sqlite:///")).parent
    return (folder / "server.log").read_text()


def test_sign_in_file_a_request_and_sign_out(watched, server):
    page = watched.page
    page.goto("/aanvraag")
    assert page.url.endswith("/inloggen?verder=/aanvraag")  # no session: to the sign-in page
    page.fill("#naam", "petra")
    page.fill("#wachtwoord", PASSWORD)
    page.click("#aanmelden button[type=submit]")
    page.wait_for_url("**/aanvraag")
    assert page.locator("#gebruiker").inner_text().startswith("petra")

    school = _schools(server[1])[0]
    before = _count_interventions(server[1])
    today = dt.datetime.now(AMSTERDAM).date()
    _fill_request(page, school.id, ages=("11", "12"), requested_on=today, day=_a_school_day(35))
    page.click("form.request button[type=submit]")
    page.locator("#bevestiging").wait_for()
    id = page.locator("#record-id").inner_text()
    assert _count_interventions(server[1]) == before + 1
    assert f"request registered: id={id} user=petra" in _log(server)

    page.click("#uitloggen button[type=submit]")
    page.wait_for_url("**/inloggen?afgemeld=1")
    assert "U bent afgemeld" in page.locator("#afgemeld").inner_text()
    assert "signed out: user=petra" in _log(server)
    page.goto(f"/aanvragen/{id}")
    assert "/inloggen" in page.url
    assert watched.violations == []


class _Foreign(http.server.BaseHTTPRequestHandler):
    page = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def foreign_site() -> Iterator[tuple[str, type[_Foreign]]]:
    """Another origin: a tiny site on another port of the loopback address."""
    handler = type("Foreign", (_Foreign,), {})
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}", handler
    finally:
        site.shutdown()
        site.server_close()


def _forged_form(action: str, fields: dict[str, str]) -> bytes:
    inputs = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in fields.items()
    )
    return (
        f'<!doctype html><html><body><form method="post" action="{escape(action)}">'
        f'{inputs}<button id="send" type="submit">Win een prijs</button></form></body></html>'
    ).encode()


def test_a_form_posted_from_another_origin_is_refused_and_nothing_is_stored(
    watched, server, foreign_site
):
    base, store_url = server
    page = watched.page
    sign_in(page, "petra")
    page.goto("/aanvraag")
    leaked = form_key(page.content())  # even the right key does not help another site
    school = _schools(store_url)[0]
    fields = {
        "school": str(school.id),
        "kind": "information_lesson",
        "title": "Van een andere site",
        "requested_on": dt.datetime.now(AMSTERDAM).date().isoformat(),
        "audience": "pupils",
        "group_description": "groep 8",
        "age_min": "11",
        "age_max": "12",
    }
    foreign, handler = foreign_site
    before = _count_interventions(store_url)
    for extra in ({}, {"csrf_token": leaked}):
        handler.page = _forged_form(f"{base}/aanvraag", {**fields, **extra})
        page.goto(foreign)
        with page.expect_navigation() as navigation:
            page.click("#send")
        answer = navigation.value
        assert answer.url == f"{base}/aanvraag"
        assert answer.status == 403, extra
        assert "niet van deze site" in page.locator("#geweigerd").inner_text()
        assert answer.request.header_value("origin") == foreign  # the browser said where from
    assert _count_interventions(store_url) == before
    with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
        titles = {i.title for i in uow.interventions.query(area=AMSTERDAM_AREA)}
    assert "Van een andere site" not in titles
    assert f"refused POST /aanvraag: Origin {foreign}" in _log(server)


def test_a_reader_cannot_file_a_request(watched, server):
    page = watched.page
    sign_in(page, "rob")
    assert page.locator("#gebruiker").inner_text().startswith("rob")
    assert page.locator("nav a", has_text="Aanvraag les").count() == 0
    answer = page.goto("/aanvraag")
    assert answer is not None
    assert answer.status == 403
    refusal = page.locator("#geweigerd").inner_text()
    assert "de rol planner nodig, en u hebt de rol lezer" in refusal
    key = form_key(page.content())
    before = _count_interventions(server[1])
    posted = page.request.post(
        "/aanvraag",
        form={"title": "Toch", "csrf_token": key},
        headers={"Origin": server[0]},
        max_redirects=0,
    )
    assert posted.status == 403
    assert _count_interventions(server[1]) == before
    assert "refused: user=rob role=reader POST /aanvraag needs planner" in _log(server)
    assert watched.violations == []


def test_every_page_has_the_headers_and_the_browser_sees_no_csp_violation(watched, server):
    page = watched.page
    page.goto("/inloggen")
    sign_in(page, "ada")  # an admin: every page is open to them
    page.locator("#netwerkplaat").wait_for()
    if page.locator("#netwerkplaat img").count():
        page.wait_for_function("document.querySelector('#netwerkplaat img').complete")
        width = page.locator("#netwerkplaat img").evaluate("img => img.naturalWidth")
        assert width > 300, "the network picture (SVG) still shows under the policy"
    partner = page.locator("#partners a").first.get_attribute("href")
    forum = page.locator("#overleggen a[href^='/forums/']").first.get_attribute("href")
    for path in (
        "/forums",
        partner,
        forum,
        "/aanvraag",
        "/beheer",
        "/network.svg",
        "/zoeken?q=amsterdam",
        "/zoeken?q=a&soort=activiteiten&pagina=2",
        "/geen-pagina",
        f"/aanvragen/{uuid.uuid4()}",
        "/inloggen",
    ):
        answer = page.goto(path)
        assert answer is not None
        assert answer.status in (200, 404), path
    page.goto("/zoeken?q=a")
    intervention = page.locator("#resultaten-activiteiten a[href^='/interventies/']").first
    page.goto(intervention.get_attribute("href") or "/")
    page.locator("#bijeenkomsten").wait_for()
    page.goto("/aanvraag")
    page.click("form.request button[type=submit]")  # an empty request: the page with problems
    page.locator("#samenvatting").wait_for()

    seen = watched.app_responses()
    kinds = {r.headers.get("content-type", "").split(";")[0] for r in seen}
    assert {"text/html", "text/css"} <= kinds
    for response in seen:
        headers = response.all_headers()
        for name in SECURITY_HEADERS:
            assert name in headers, (response.url, name)
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
    assert watched.violations == []

    # The watch itself works: an inline style, which the policy forbids, is reported.
    page.goto("/forums")
    page.evaluate(
        "document.head.appendChild(Object.assign(document.createElement('style'),"
        " {textContent: 'body { color: red }'}))"
    )
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in watched.violations)


def test_a_foreign_host_name_is_refused(server):
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=10)
    try:
        connection.request("GET", "/inloggen", headers={"Host": "halt.evil.example"})
        response = connection.getresponse()
        response.read()
        assert response.status == 400
        assert response.headers["X-Frame-Options"] == "DENY"
    finally:
        connection.close()
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=10)
    try:
        connection.request("GET", "/inloggen", headers={"Host": f"localhost:{_port(server)}"})
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_ten_failed_sign_ins_slow_the_next_one_down(watched, server):
    """Last in this module: its failures count against the test's address too."""
    page = watched.page
    statuses, waits = [], []
    for n in range(10):
        answer = sign_in(page, "bram", f"geraden wachtwoord {n}")
        statuses.append(answer.status)
        waits.append(int(answer.headers.get("retry-after", "0")))
        assert "/inloggen" in page.url
    assert statuses[:4] == [401] * 4
    assert waits[:4] == [0] * 4
    # From the fifth failure on each attempt must wait (1, 2, 4, ... seconds); one that came
    # after its wait would be checked (401), but it counts as a failure all the same.
    assert set(statuses[4:]) <= {401, 429}
    assert statuses[-1] == 429
    assert waits[4] >= 1
    assert waits[-1] >= 16
    assert waits == waits[:4] + sorted(waits[4:])
    # The eleventh, with the right password, is refused too: the app decided to wait.
    answer = sign_in(page, "bram")
    assert answer.status == 429
    assert int(answer.headers["retry-after"]) >= 32
    assert "Te veel pogingen" in page.locator("#probleem").inner_text()
    assert "/inloggen" in page.url
    log = _log(server)
    assert "sign-in failed: user=bram" in log
    assert "geraden" not in log
    assert watched.violations == []
