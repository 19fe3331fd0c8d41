"""Screenshots of every page of the web office, and a check that each fits the screen.

Run it from the root of the repository (it needs Playwright and Debian's Chromium, as the
tests do; see ``setup.sh``)::

    python examples/web_office/make_screenshots.py            # into examples/web_office/screenshots
    python examples/web_office/make_screenshots.py --out /tmp/shots --widths 375,1280

It starts the app on a free port with a SQLite store in a temporary folder (filled with the
demo network) and two accounts with a random password, signs in with the sign-in page, and
saves ``<page>-<width>.png`` for every page at each width (by default every page at 1280
pixels and the overview at 375 too, as the README shows them). For each page it also checks
the layout (:data:`LAYOUT_CHECK`): no sideways scrolling, nothing outside the screen that is
not inside a scrolling box, no table cell whose text runs over its neighbour, and the header
not clipped; and the forms: every field labelled, every field in error described by its
messages, every link of the error summary leading to a field. It prints what it finds and
exits 1 when anything does not fit.

The tests (``tests/examples/test_web_office.py``) call :func:`capture` against their own
server, at 375 and 1280 pixels for every page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

import halt_core
from halt_core import (
    AMSTERDAM,
    Area,
    Arrondissement,
    Intervention,
    InterventionStatus,
    PartnerKind,
)
from halt_core.events import Event
from halt_core.lifecycle import (
    agree_intervention,
    schedule_intervention,
    start_intervention_intake,
)

HERE = Path(__file__).resolve().parent
APP = HERE / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
AREA = Area.arrondissement(Arrondissement.AMSTERDAM)

LAYOUT_CHECK = """() => {
  const problems = [];
  const width = window.innerWidth;
  const page = document.documentElement.scrollWidth;
  if (page > width) problems.push(`the page scrolls sideways: ${page} > ${width}`);
  const header = document.querySelector('header.top');
  if (header && (header.scrollWidth > header.clientWidth + 1
                 || header.scrollHeight > header.clientHeight + 1)) {
    problems.push('the header is clipped');
  }
  const scrolls = (element) => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') return true;
    }
    return false;
  };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '');
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if ((box.right > width + 1 || box.left < -1) && !scrolls(element)) {
      const where = `${Math.round(box.left)}..${Math.round(box.right)}`;
      problems.push(`outside the screen: ${name(element)} (${where})`);
    }
  }
  for (const cell of document.querySelectorAll('td, th')) {
    if (cell.getClientRects().length && cell.scrollWidth > cell.clientWidth + 1) {
      problems.push(`a cell runs over: ${cell.textContent.trim().slice(0, 40)}`);
    }
  }
  for (const field of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!field.labels.length && !field.getAttribute('aria-label')) {
      problems.push(`a field without a label: ${name(field)}`);
    }
  }
  for (const field of document.querySelectorAll('[aria-invalid=true]')) {
    const about = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (!about.length || about.some((id) => !document.getElementById(id))) {
      problems.push(`a field in error not described: ${name(field)}`);
    }
  }
  for (const link of document.querySelectorAll('#samenvatting a[href^="#"]')) {
    if (!document.getElementById(link.getAttribute('href').slice(1))) {
      problems.push(`the summary links to nothing: ${link.getAttribute('href')}`);
    }
  }
  return problems.slice(0, 20);
}"""
"""JavaScript run in each page (by Playwright, not by the page: the app's policy forbids
script): the problems it finds, as texts. The layout's, and the forms': every field has a
label, a field in error is described by its messages, the error summary's links lead to a
field."""


@attrs.frozen
class Shot:
    """One page to take.

    Attributes:
        name: the file's name, without the width and ``.png``.
        path: the page's address on the app.
        account: who is signed in (``planner`` or ``admin``), or None for nobody.
        refuse: submit the request form with mistakes first (the refused form).
        whole: the whole page, not only the window (what lies below the fold matters).

    """

    name: str
    path: str
    account: str | None = "planner"
    refuse: bool = False
    whole: bool = False


def shots(store_url: str) -> list[Shot]:
    """Every page of the app, with ids of records in the store at ``store_url``."""
    now = dt.datetime.now(AMSTERDAM)
    with halt_core.connect(store_url) as store, store.unit_of_work() as uow:
        partners = sorted(uow.partners.query(area=AREA), key=lambda p: p.name)
        forums = sorted(uow.forums.query(area=AREA), key=lambda f: f.name)
        interventions = sorted(uow.interventions.query(area=AREA), key=lambda i: i.title)
        school = next(p for p in partners if p.kind is PartnerKind.SCHOOL)
        other = next(p for p in partners if p.kind is not PartnerKind.SCHOOL)
        forum = next(
            (f for f in forums if any(m.start > now for m in uow.meetings.query(owner=f.id))),
            forums[0],
        )
        with_sessions = next(
            i
            for i in interventions
            if len(i.sessions) > 1 and i.status is InterventionStatus.SCHEDULED and i.period
        )
        requested = next(i for i in interventions if i.status is InterventionStatus.REQUESTED)
        uow.outbox.add(*_history(with_sessions))
    return [
        Shot("overzicht", "/"),
        Shot("overlegkalender", "/forums"),
        Shot("partner", f"/partners/{other.id}"),
        Shot("school", f"/partners/{school.id}"),
        Shot("overleg", f"/forums/{forum.id}"),
        Shot("activiteit", f"/interventies/{with_sessions.id}", whole=True),  # to its history
        Shot("zoeken", "/zoeken?q=amsterdam"),
        Shot("zoeken-activiteiten", "/zoeken?q=a&soort=activiteiten&pagina=2"),
        Shot("aanvraag", "/aanvraag"),
        Shot("aanvraag-fouten", "/aanvraag", refuse=True),
        Shot("aanvraag-opgeslagen", f"/aanvragen/{requested.id}"),
        Shot("accounts", "/beheer", account="admin"),
        Shot("niet-gevonden", f"/interventies/{uuid.UUID(int=0)}"),
        Shot("inloggen", "/inloggen", account=None),
    ]


def _history(scheduled: Intervention) -> list[Event]:
    """The events that brought ``scheduled`` from requested to scheduled, for its page.

    The demo stores records, not the events that made them; the screenshot of an
    intervention shows a history, so these are made with the lifecycle's own steps.
    """
    assert scheduled.period is not None
    requested = attrs.evolve(scheduled, status=InterventionStatus.REQUESTED, sessions=())
    day = dt.datetime.combine(scheduled.requested_on, dt.time(9, 15), AMSTERDAM)
    intake, started = start_intervention_intake(requested, by="petra", at=day)
    agreed, agreement = agree_intervention(
        intake, period=scheduled.period, by="petra", at=day + dt.timedelta(days=3, hours=2)
    )
    _, planned = schedule_intervention(
        agreed, sessions=scheduled.sessions, by="sanne", at=day + dt.timedelta(days=10, hours=5)
    )
    return [started, agreement, planned]


def sign_in(page: Any, name: str, password: str) -> None:
    """Sign in with the app's sign-in form."""
    page.goto("/inloggen")
    page.fill("#naam", name)
    page.fill("#wachtwoord", password)
    with page.expect_navigation():
        page.click("#aanmelden button[type=submit]")


def capture(
    browser: Any,
    base: str,
    pages: Sequence[Shot],
    folder: Path,
    accounts: dict[str, tuple[str, str]],
    widths: Sequence[int] = (1280,),
    only_wide: bool = False,
) -> dict[str, list[str]]:
    """Take every page of ``pages`` at each of ``widths`` into ``folder``; their problems.

    ``accounts`` gives, for ``planner`` and ``admin``, a (name, password) to sign in with.
    With ``only_wide``, the narrow widths take the overview alone. Returns the layout
    problems by ``<page>-<width>`` (an empty list where it fits).
    """
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}
    for width in widths:
        states: dict[str | None, Any] = {}
        for shot in pages:
            if only_wide and width < max(widths) and shot.name != "overzicht":
                continue
            if shot.account not in states:
                states[shot.account] = _state(browser, base, shot.account, accounts)
            context = browser.new_context(
                base_url=base,
                viewport={"width": width, "height": 800},
                locale="nl-NL",
                timezone_id="Europe/Amsterdam",
                storage_state=states[shot.account],
            )
            context.set_default_timeout(10000)
            try:
                page = context.new_page()
                page.goto(shot.path)
                if shot.refuse:
                    page.fill("#title", "")
                    page.fill("#age_min", "200")
                    with page.expect_navigation():
                        page.click("form.request button[type=submit]")
                page.wait_for_load_state("load")
                key = f"{shot.name}-{width}"
                found[key] = page.evaluate(LAYOUT_CHECK)
                page.screenshot(path=str(folder / f"{key}.png"), full_page=shot.whole)
            finally:
                context.close()
    return found


def _state(browser: Any, base: str, account: str | None, accounts: dict[str, Any]) -> Any:
    """The cookies of a browser signed in as ``account`` (none for None)."""
    context = browser.new_context(base_url=base, locale="nl-NL")
    try:
        if account is not None:
            sign_in(context.new_page(), *accounts[account])
        return context.storage_state()
    finally:
        context.close()


@contextmanager
def serving(folder: Path, accounts: dict[str, tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The app serving a new SQLite store in ``folder``: (base URL, store URL)."""
    store_url = f"sqlite:///{folder / 'office.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HALT_OFFICE_", "HALT_STORE"))}
    for role, (name, password) in accounts.items():
        command = [sys.executable, str(APP), "add-user", name, "--role", role]
        subprocess.run(
            [*command, "--password-stdin", "--store", store_url],
            input=f"{password}\n".encode(),
            env=env,
            check=True,
            capture_output=True,
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, str(APP), "--port", str(port), "--store", store_url],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    message = f"the app did not start; see {folder / 'server.log'}"
                    raise SystemExit(message) from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", store_url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Take the screenshots; 1 when a page does not fit."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE / "screenshots", help="the folder")
    parser.add_argument(
        "--widths",
        default="375,1280",
        help="screen widths in pixels (375,1280); the narrower ones take the overview only",
    )
    parser.add_argument("--all", action="store_true", help="every page at every width")
    args = parser.parse_args(argv)
    widths = sorted(int(w) for w in args.widths.split(","))
    from playwright.sync_api import sync_playwright

    password = secrets.token_urlsafe(16)
    accounts = {"planner": ("petra", password), "admin": ("ada", password)}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        with serving(folder, accounts) as (base, store_url), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            try:
                pages = shots(store_url)
                found = capture(browser, base, pages, args.out, accounts, widths, not args.all)
            finally:
                browser.close()
    bad = {name: problems for name, problems in found.items() if problems}
    for name in found:
        print(f"{args.out / name}.png{'' if name not in bad else ': DOES NOT FIT'}")
        for problem in bad.get(name, []):
            print(f"  {problem}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
