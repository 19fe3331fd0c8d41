"""``halt notify``: bad configuration is one line before anything is claimed; status, dead
letters and retries."""

from __future__ import annotations

import datetime as dt
import socket
import uuid

import pytest

import halt_core
from halt_adapters.testing.receiver import WebhookReceiver
from halt_core.events import InterventionScheduled
from halt_core.ids import EventId, InterventionId
from halt_core.model import AMSTERDAM, InterventionStatus, Session
from tests.cli.conftest import Halt

SECRET = "a-test-secret-of-some-length"
T0 = dt.datetime(2026, 10, 5, 10, 0, tzinfo=AMSTERDAM)


def queue(halt: Halt, count: int = 2) -> list[InterventionScheduled]:
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
    with halt_core.connect(halt.url) as store, store.unit_of_work() as uow:
        uow.outbox.add(*events)
    return events


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HALT_WEBHOOK_SECRET", SECRET)
    monkeypatch.delenv("HALT_NOTIFIERS", raising=False)


@pytest.mark.parametrize(
    ("notifier", "says"),
    [
        ("carrier-pigeon://loft", "no installed plugin sends notifications for carrier-pigeon"),
        (
            "webhook+ftp://example.nl/hook",
            "known: log:, smtp:, smtps:, webhook+http:, webhook+https:",
        ),
        ("webhook+http://hooks.example.nl/hook", "allowed to loopback only"),
        ("smtp://127.0.0.1:{port}?from=halt@example.nl", "cannot reach 127.0.0.1"),
        ("webhook+http://127.0.0.1:{port}/hook", "cannot reach 127.0.0.1"),
        ("smtp://127.0.0.1?from=not-an-address", "from"),
    ],
)
def test_bad_configuration_is_one_line_and_claims_nothing(
    halt: Halt, notifier: str, says: str
) -> None:
    queue(halt)
    before = halt.snapshot()
    done = halt("notify", "--once", "--notifier", notifier.format(port=free_port()))
    assert done.exit_code == 2, done.output
    assert says in done.output
    assert len(done.output.strip().splitlines()) == 1
    assert halt.snapshot() == before  # nothing taken from the outbox


def test_a_missing_secret_is_named(halt: Halt, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HALT_WEBHOOK_SECRET")
    with WebhookReceiver(SECRET) as receiver:
        done = halt("notify", "--once", "--notifier", receiver.notifier_url)
    assert done.exit_code == 2
    assert "HALT_WEBHOOK_SECRET" in done.output


def test_without_a_notifier_it_says_how_to_give_one(halt: Halt) -> None:
    done = halt("notify", "--once")
    assert done.exit_code == 2
    assert "--notifier" in done.output
    assert "HALT_NOTIFIERS" in done.output


def test_once_delivers_and_status_says_nothing_is_pending(halt: Halt) -> None:
    events = queue(halt, 3)
    status = halt("notify", "status")
    assert "Events not yet routed: 3" in status.output
    with WebhookReceiver(SECRET) as receiver:
        done = halt("notify", "--once", "--notifier", receiver.notifier_url)
    assert done.exit_code == 0, done.output
    assert "delivered 3" in done.output
    assert sorted(e["id"] for e in receiver.events()) == sorted(str(e.id) for e in events)
    status = halt("notify", "status")
    assert "Nothing pending." in status.output
    assert "webhook+http://127.0.0.1" in status.output


def test_notifiers_come_from_the_environment_too(
    halt: Halt, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue(halt, 1)
    with WebhookReceiver(SECRET) as receiver:
        monkeypatch.setenv("HALT_NOTIFIERS", f"log: {receiver.notifier_url}")
        done = halt("notify", "--once")
    assert done.exit_code == 0, done.output
    assert len(receiver.events()) == 1


def test_a_dead_letter_is_listed_and_sent_again_when_retried(halt: Halt) -> None:
    (event,) = queue(halt, 1)
    with WebhookReceiver(SECRET) as receiver:
        receiver.respond(410, times=1)
        done = halt("notify", "--once", "--notifier", receiver.notifier_url)
        assert done.exit_code == 1  # a dead letter
        assert "1 dead letter(s)" in done.output
        listed = halt("notify", "dead-letters")
        assert "nl.halt.intervention.scheduled" in listed.output
        assert "410" in listed.output
        with halt_core.connect(halt.url) as store, store.unit_of_work() as uow:
            (dead,) = [d for d in uow.deliveries.listed() if d.event_id == event.id]
        retried = halt("notify", "retry", str(dead.id))
        assert "1 dead letter(s) will be sent again." in retried.output
        again = halt("notify", "--once", "--notifier", receiver.notifier_url)
        assert again.exit_code == 0, again.output
    delivered = [e["id"] for e in receiver.events() if e["type"] != "nl.halt.notification.parked"]
    assert delivered == [str(event.id)]
    assert "No dead letters." in halt("notify", "dead-letters").output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((), "give the ids of dead letters"),
        (("--all", "x"), "give the ids of dead letters"),
        (("not-an-id",), "is not a delivery id"),
    ],
)
def test_retry_asks_for_ids_or_all(halt: Halt, args: tuple[str, ...], says: str) -> None:
    done = halt("notify", "retry", *args)
    assert done.exit_code == 2
    assert says in done.output
