"""The dispatcher under faults, with real servers on loopback, on SQLite and PostgreSQL.

Run by ``nox -s notify`` (``HALT_NOTIFY=1``); ``--long`` multiplies the events and kills.

- a receiver that is down for a while, then back: every event arrives, none is lost;
- a dispatcher killed between sending and recording: the next one sends again, with the same
  event id, and nothing else twice;
- two dispatchers at once: no delivery is sent by both, none is left behind;
- ``halt notify --once`` repeated against a receiver that answers 503 at first and a mail
  server, until ``halt notify status`` shows nothing pending: every event exactly once per
  recipient, every signature verifying.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

import halt_core
from halt_adapters.notify.dispatcher import Dispatcher, Round
from halt_adapters.notify.webhook import WebhookNotifier
from halt_adapters.testing.receiver import WebhookReceiver
from halt_core.events import InterventionScheduled
from halt_core.ids import EventId, InterventionId, PartnerId
from halt_core.model import (
    AMSTERDAM,
    Area,
    Audience,
    ContactPoint,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Level,
    Partner,
    PartnerKind,
    Period,
    Session,
    TargetGroup,
)
from halt_core.notify import DeliveryState, RetryPolicy, verify_signature
from halt_core.storage import Store
from tests.notify.faults._run import scaled

SECRET = "a-test-secret-of-some-length"
T0 = dt.datetime(2026, 10, 5, 10, 0, tzinfo=AMSTERDAM)
HALT = Path(sys.executable).with_name("halt")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new store of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'notify.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    schema: str = request.getfixturevalue("postgres_schema")
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with halt_core.connect(store_url) as opened:
        yield opened


def queued_events(store: Store, count: int) -> list[InterventionScheduled]:
    """``count`` events in the outbox (about lessons the webhook needs no records of)."""
    session = Session(start=T0, end=T0 + dt.timedelta(hours=1), location="aula")
    events = [
        InterventionScheduled(
            id=EventId(uuid.uuid4()),
            occurred_at=T0,
            actor="tester",
            intervention=InterventionId(uuid.uuid4()),
            from_status=InterventionStatus.AGREED,
            to_status=InterventionStatus.SCHEDULED,
            sessions=(session,),
        )
        for _ in range(count)
    ]
    with store.unit_of_work() as uow:
        uow.outbox.add(*events)
    return events


def counts(store: Store) -> dict[DeliveryState, int]:
    with store.unit_of_work() as uow:
        found = uow.deliveries.counts()
    total: Counter[DeliveryState] = Counter()
    for (_, state), n in found.items():
        total[state] += n
    return dict(total)


def accepted_ids(receiver: WebhookReceiver) -> list[str]:
    return [event["id"] for event in receiver.events(SECRET)]


# -- down, then back ----------------------------------------------------------------------------


def test_a_receiver_down_for_a_while_gets_every_event_once_it_is_back(store: Store) -> None:
    total = scaled(40, 2000)
    events = queued_events(store, total)
    with WebhookReceiver(SECRET) as receiver:
        notifier = WebhookNotifier(receiver.notifier_url, secret=SECRET)
        dispatcher = Dispatcher(store, [notifier], policy=RetryPolicy(min_backoff=0))
        with receiver.down():
            for _ in range(3):  # three rounds against a receiver that is not there
                done = dispatcher.run_once()
                assert done.delivered == 0
                assert done.dead == 0
        assert counts(store) == {DeliveryState.PENDING: total}
        receiver.respond(503, times=total // 3)  # back, but overloaded at first
        for _ in range(10):
            dispatcher.run_once()
            if counts(store).get(DeliveryState.PENDING, 0) == 0:
                break
    assert counts(store) == {DeliveryState.DELIVERED: total}
    ids = accepted_ids(receiver)
    assert sorted(ids) == sorted(str(e.id) for e in events)  # each once, none lost
    with store.unit_of_work() as uow:
        delivered = uow.deliveries.listed(DeliveryState.DELIVERED)
    assert all(d.attempts >= 4 for d in delivered)  # three rounds down, at least one up


def test_a_refusal_for_good_is_a_dead_letter_reported_through_the_notifiers(store: Store) -> None:
    (event,) = queued_events(store, 1)
    with WebhookReceiver(SECRET) as receiver:
        receiver.respond(410, times=1)  # gone: for this event only
        notifier = WebhookNotifier(receiver.notifier_url, secret=SECRET)
        done = Dispatcher(store, [notifier], policy=RetryPolicy(min_backoff=0)).run_once()
    assert done.dead == 1
    # The report of the dead letter went out through the same webhook, in the same round.
    (report,) = receiver.events(SECRET)
    assert report["type"] == "nl.halt.notification.parked"
    assert report["data"]["event"] == str(event.id)
    assert "410" in report["data"]["reason"]
    with store.unit_of_work() as uow:
        (dead,) = uow.deliveries.listed(DeliveryState.DEAD)
    assert dead.event_id == event.id


# -- killed between sending and recording -------------------------------------------------------


class _Holding(http.server.ThreadingHTTPServer):
    """A receiver that takes the request, tells the test, and never answers it."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.arrived = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                server.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
                server.arrived.set()
                time.sleep(60)  # the dispatcher is killed while it waits for this answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.daemon_threads = True


_DISPATCH_ONCE = """
import sys
import halt_core
from halt_adapters.notify.dispatcher import Dispatcher, Round
from halt_adapters.notify.webhook import WebhookNotifier
from halt_core.notify import RetryPolicy
store = halt_core.connect(sys.argv[1])
notifier = WebhookNotifier(sys.argv[2], secret=sys.argv[3])
Dispatcher(store, [notifier], policy=RetryPolicy(min_backoff=0, lease=1)).run_once()
"""


@pytest.mark.parametrize("kill", range(scaled(1, 20)))
def test_a_dispatcher_killed_between_send_and_record_is_followed_by_a_resend(
    store: Store, store_url: str, kill: int
) -> None:
    (event,) = queued_events(store, 1)
    holding = _Holding()
    threading.Thread(target=holding.serve_forever, daemon=True).start()
    url = f"webhook+http://127.0.0.1:{holding.server_address[1]}/hook"
    try:
        child = subprocess.Popen([sys.executable, "-c", _DISPATCH_ONCE, store_url, url, SECRET])
        try:
            assert holding.arrived.wait(30), "the dispatcher never sent"
            child.send_signal(signal.SIGKILL)  # sent, not yet recorded
        finally:
            child.wait(30)
    finally:
        holding.shutdown()
        holding.server_close()
    assert counts(store) == {DeliveryState.PENDING: 1}  # it was claimed, never finished
    # The receiver is back, where it was: the same notifier URL, so the same deliveries.
    with WebhookReceiver(SECRET, port=holding.server_address[1]) as receiver:
        notifier = WebhookNotifier(receiver.notifier_url, secret=SECRET)
        later = Dispatcher(
            store,
            [notifier],
            policy=RetryPolicy(min_backoff=0, lease=1),
            # the killed dispatcher's lease of 1 s has run out
            clock=lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5),
        )
        done = later.run_once()
    assert done.delivered == 1
    assert accepted_ids(receiver) == [str(event.id)]
    assert json.loads(holding.bodies[0])["id"] == str(event.id)  # the same id, twice in all
    with store.unit_of_work() as uow:
        (delivered,) = uow.deliveries.listed(DeliveryState.DELIVERED)
    assert delivered.attempts == 2


# -- two dispatchers at once --------------------------------------------------------------------


class _Watching(http.server.ThreadingHTTPServer):
    """A slow receiver that notes, per event id, how many requests are in flight at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.in_flight: Counter[str] = Counter()
        self.most_at_once: Counter[str] = Counter()
        self.ids: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                event_id = json.loads(body)["id"]
                with server.lock:
                    server.in_flight[event_id] += 1
                    server.most_at_once[event_id] = max(
                        server.most_at_once[event_id], server.in_flight[event_id]
                    )
                    server.ids.append(event_id)
                time.sleep(0.005)  # long enough for a second request to overlap
                with server.lock:
                    server.in_flight[event_id] -= 1
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.daemon_threads = True


def test_two_dispatchers_at_once_never_send_one_delivery_twice(store_url: str) -> None:
    with halt_core.connect(store_url) as store:
        total = scaled(120, 3000)
        events = queued_events(store, total)
    watching = _Watching()
    threading.Thread(target=watching.serve_forever, daemon=True).start()
    url = f"webhook+http://127.0.0.1:{watching.server_address[1]}/hook"
    errors: list[BaseException] = []

    def dispatch() -> None:
        try:
            with halt_core.connect(store_url) as own:
                notifier = WebhookNotifier(url, secret=SECRET)
                dispatcher = Dispatcher(own, [notifier], policy=RetryPolicy(min_backoff=0))
                for _ in range(total):
                    if dispatcher.run_once(batch=10) == Round():
                        break  # nothing left that the other does not hold
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=dispatch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    watching.shutdown()
    watching.server_close()
    assert not errors, errors
    assert sorted(watching.ids) == sorted(str(e.id) for e in events)  # each exactly once
    assert max(watching.most_at_once.values()) == 1
    with halt_core.connect(store_url) as store:
        assert counts(store) == {DeliveryState.DELIVERED: total}


# -- the command, as the "done when" runs it ----------------------------------------------


class _Mailbox:
    """aiosmtpd on loopback, keeping every mail."""

    def __init__(self) -> None:
        self.mails: list[Any] = []
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.mails.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def _network(store: Store, lessons: int) -> list[InterventionScheduled]:
    """A school and a municipality, ``lessons`` lessons planned: events to both by e-mail."""
    area = Area.municipality("GM0363")
    school = Partner(
        id=PartnerId(uuid.uuid4()),
        name="OBS De Ark",
        kind=PartnerKind.SCHOOL,
        level=Level.LOCAL,
        area=area,
        contact_points=(ContactPoint(role="directie", email="directie@deark.example.nl"),),
    )
    town = Partner(
        id=PartnerId(uuid.uuid4()),
        name="Gemeente Amsterdam",
        kind=PartnerKind.MUNICIPALITY,
        level=Level.LOCAL,
        area=area,
        contact_points=(ContactPoint(role="jeugd", email="jeugd@amsterdam.example.nl"),),
    )
    events = []
    with store.unit_of_work() as uow:
        uow.partners.add(school)
        uow.partners.add(town)
        for n in range(lessons):
            start = T0 + dt.timedelta(days=n)
            session = Session(start=start, end=start + dt.timedelta(hours=1), location="aula")
            lesson = Intervention(
                id=InterventionId(uuid.uuid4()),
                kind=InterventionKind.INFORMATION_LESSON,
                title=f"Les {n}",
                target_group=TargetGroup(audience=Audience.PUPILS, description="groep 8"),
                area=area,
                commissioner=town.id,
                school=school.id,
                period=Period(start=T0.date(), end=T0.date() + dt.timedelta(days=90)),
                sessions=(session,),
                status=InterventionStatus.SCHEDULED,
                requested_on=T0.date() - dt.timedelta(days=30),
            )
            uow.interventions.add(lesson)
            event = InterventionScheduled(
                id=EventId(uuid.uuid4()),
                occurred_at=T0,
                actor="tester",
                intervention=lesson.id,
                from_status=InterventionStatus.AGREED,
                to_status=InterventionStatus.SCHEDULED,
                sessions=(session,),
            )
            uow.outbox.add(event)
            events.append(event)
    return events


def _halt(store_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HALT_WEBHOOK_SECRET": SECRET, "HALT_STORE_URL": store_url}
    return subprocess.run(
        [str(HALT), *args], capture_output=True, text=True, env=environment, timeout=120
    )


def test_halt_notify_once_repeated_delivers_every_event_once_per_recipient(
    store: Store, store_url: str
) -> None:
    events = _network(store, scaled(6, 100))
    mailbox = _Mailbox()
    mailbox.controller.start()
    try:
        with WebhookReceiver(SECRET) as receiver:
            receiver.respond(503, times=4)
            command = [
                "notify",
                "--once",
                "--notifier",
                receiver.notifier_url,
                "--notifier",
                f"smtp://127.0.0.1:{mailbox.port}?from=halt@example.nl",
                "--min-backoff",
                "0",
            ]
            for _ in range(10):
                done = _halt(store_url, *command)
                assert done.returncode == 0, done.stdout + done.stderr
                status = _halt(store_url, "notify", "status")
                assert status.returncode == 0, status.stderr
                if "Nothing pending." in status.stdout:
                    break
            else:
                pytest.fail(f"still pending after 10 runs:\n{status.stdout}")
    finally:
        mailbox.controller.stop()
    wanted = sorted(str(e.id) for e in events)
    # The webhook: each event once among the requests it accepted, each signature verifying.
    accepted = [r for r in receiver.requests if 200 <= r.status < 300]
    assert all(r.verifies(SECRET) for r in accepted)
    assert sorted(json.loads(r.body)["id"] for r in accepted) == wanted
    for request in accepted:
        verify_signature(request.body, request.header("Halt-Signature"), SECRET, now=request.time)
    # E-mail: each event once to the school and once to the municipality.
    by_recipient: dict[str, list[str]] = {}
    for mail in mailbox.mails:
        by_recipient.setdefault(mail["To"].addresses[0].addr_spec, []).append(
            mail["X-Halt-Event-Id"]
        )
    assert {to: sorted(ids) for to, ids in by_recipient.items()} == {
        "directie@deark.example.nl": wanted,
        "jeugd@amsterdam.example.nl": wanted,
    }
