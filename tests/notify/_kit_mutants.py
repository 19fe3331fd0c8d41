"""Bugs planted in the webhook notifier, one at a time, for the notifier kit to catch.

Each :class:`Mutant` is :class:`~halt_adapters.notify.webhook.WebhookNotifier` with one thing
done wrong, as a notifier's author might: a ``ConnectionError`` where ``DeliveryFailed``
belongs, a failure marked not retryable, a new event id per attempt, a secret in the name.
The classes here subclass the real notifier; it is not changed. For each mutant a test class
runs the whole :class:`~halt_adapters.testing.NotifierConformance` suite against it (and
``TestNoBug`` against the notifier without a bug); ``tests/notify/test_notifier_kit.py`` runs
this module in a pytest process of its own and fails if the suite passes for a mutant.

Run it by hand; loaded as a plugin too (``-p``), the module stops each mutant's tests at the
first failure (set ``HALT_KIT_MUTANT_EVERY_TEST=1`` to see every test that catches it)::

    PYTHONPATH=. pytest -p tests.notify._kit_mutants tests/notify/_kit_mutants.py

This module's name does not start with ``test_``, so a normal test run does not collect it.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator, Sequence

import attrs
import pytest

from halt_adapters.notify.webhook import WebhookNotifier
from halt_adapters.testing import NotifierConformance, WebhookReceiver
from halt_adapters.testing.notifying import TargetDown
from halt_core.events import Event, MeetingEvent
from halt_core.ids import EventId, new_id
from halt_core.notify import DeliveryFailed, Notification, Notifier

EVERY_TEST_VARIABLE = "HALT_KIT_MUTANT_EVERY_TEST"
"""Set to ``1`` to run every test against each mutant, to see every test that catches it."""

BASELINE = "TestNoBug"
"""The test class of the notifier without a bug, whose tests all run."""

SECRET = "kit-secret-0123456789abcdef"
URL_PASSWORD = "pw-in-the-url-4711"


def _with_event(notification: Notification, event: Event) -> Notification:
    return attrs.evolve(notification, event=event)


class _RaisesConnectionError(WebhookNotifier):
    def send(self, notification: Notification) -> None:
        try:
            super().send(notification)
        except DeliveryFailed as exc:
            raise ConnectionRefusedError(exc.reason) from None


class _DownIsForGood(WebhookNotifier):
    def send(self, notification: Notification) -> None:
        try:
            super().send(notification)
        except DeliveryFailed as exc:
            raise DeliveryFailed(exc.reason, retryable=False) from None


class _SwallowsFailures(WebhookNotifier):
    def send(self, notification: Notification) -> None:
        try:
            super().send(notification)
        except DeliveryFailed:
            return


class _NewIdEachSend(WebhookNotifier):
    def send(self, notification: Notification) -> None:
        event = attrs.evolve(notification.event, id=new_id(EventId))
        super().send(_with_event(notification, event))


class _NewIdEachAttempt(WebhookNotifier):
    def send(self, notification: Notification) -> None:
        event = notification.event
        if notification.attempt > 1:
            key = uuid.uuid5(uuid.NAMESPACE_URL, f"{event.id}/{notification.attempt}")
            event = attrs.evolve(event, id=EventId(key))
        super().send(_with_event(notification, event))


class _SendsTwice(WebhookNotifier):
    def send(self, notification: Notification) -> None:
        super().send(notification)
        super().send(notification)


class _SendsOnTheNextCall(WebhookNotifier):
    """Batches: sends the previous notification when given the next one."""

    def __init__(self, url: str, secret: str | None = None) -> None:
        super().__init__(url, secret)
        self._held: Notification | None = None

    def send(self, notification: Notification) -> None:
        held, self._held = self._held, notification
        if held is not None:
            super().send(held)


class _FailsOnMeetings(WebhookNotifier):
    def send(self, notification: Notification) -> None:
        if isinstance(notification.event, MeetingEvent):
            raise TypeError("cannot encode a meeting's start")  # as a careless encoder would
        super().send(notification)


class _NeedsARecipient(WebhookNotifier):
    def send(self, notification: Notification) -> None:
        assert notification.recipient is not None, "no recipient"
        super().send(notification)


class _WantsAnswersText(WebhookNotifier):
    def wants(self, event: Event) -> bool:
        return event.type  # type: ignore[return-value]  # the planted bug: truthy, not a bool


class _ClosesOnce(WebhookNotifier):
    closed = False

    def close(self) -> None:
        if self.closed:
            raise RuntimeError("already closed")
        self.closed = True


class _ChecksWithoutCatching(WebhookNotifier):
    def check(self) -> None:
        socket.create_connection((self._host, self._port or 80), timeout=self.timeout).close()


class _ChecksBySending(WebhookNotifier):
    def check(self) -> None:
        from halt_adapters.testing.notifying import _samples

        self.send(Notification(delivery=uuid.uuid4(), event=_samples()[0]))


class _NameShowsTheKey(WebhookNotifier):
    def __init__(self, url: str, secret: str | None = None) -> None:
        super().__init__(url, secret)
        self.name = f"{self.name}#key={self._secret}"


class _NameShowsThePassword(WebhookNotifier):
    def __init__(self, url: str, secret: str | None = None) -> None:
        super().__init__(url, secret)
        self.name = url


@attrs.frozen
class Mutant:
    """One planted bug: what it is, the notifier with it, and how the test opens it."""

    bug: str
    notifier: type[WebhookNotifier]
    password_in_url: bool = False

    @property
    def test_class(self) -> str:
        """The name of the test class that runs the kit against it."""
        return f"Test{self.notifier.__name__.lstrip('_')}"


MUTANTS = {
    "raises_connection_error": Mutant(
        "raises ConnectionRefusedError instead of DeliveryFailed", _RaisesConnectionError
    ),
    "down_is_for_good": Mutant("a target that is down is not retryable", _DownIsForGood),
    "swallows_failures": Mutant("returns as if delivered when it failed", _SwallowsFailures),
    "new_id_each_send": Mutant("drops the event id: a new one each send", _NewIdEachSend),
    "new_id_each_attempt": Mutant("another event id on a second attempt", _NewIdEachAttempt),
    "sends_twice": Mutant("sends every notification twice", _SendsTwice),
    "sends_on_the_next_call": Mutant("sends one notification late", _SendsOnTheNextCall),
    "fails_on_meetings": Mutant("raises TypeError for meeting events", _FailsOnMeetings),
    "needs_a_recipient": Mutant("fails without a recipient", _NeedsARecipient),
    "wants_answers_text": Mutant("wants() returns the type name", _WantsAnswersText),
    "closes_once": Mutant("close() fails the second time", _ClosesOnce),
    "checks_without_catching": Mutant(
        "check() lets ConnectionRefusedError through", _ChecksWithoutCatching
    ),
    "checks_by_sending": Mutant("check() sends an event", _ChecksBySending),
    "name_shows_the_key": Mutant("the name holds the signing key", _NameShowsTheKey),
    "name_shows_the_password": Mutant(
        "the name is the URL with its password", _NameShowsThePassword, password_in_url=True
    ),
}
"""The planted bugs by name."""


class _WebhookKit(NotifierConformance):
    """The kit against a webhook notifier class on a WebhookReceiver."""

    notifier_class: type[WebhookNotifier] = WebhookNotifier
    password_in_url = False

    @pytest.fixture
    def receiver(self) -> Iterator[WebhookReceiver]:
        with WebhookReceiver(secret=SECRET) as receiver:
            yield receiver

    @pytest.fixture
    def notifier(self, receiver: WebhookReceiver) -> Notifier:
        url = f"{receiver.notifier_url}?timeout=5"
        if self.password_in_url:
            url = url.replace("://", f"://halt:{URL_PASSWORD}@", 1)
        return self.notifier_class(url, secret=SECRET)

    @pytest.fixture
    def delivered(self, receiver: WebhookReceiver) -> Callable[[], Sequence[str]]:
        return lambda: [event["id"] for event in receiver.events()]

    @pytest.fixture
    def target_down(self, receiver: WebhookReceiver) -> TargetDown:
        return receiver.down

    @pytest.fixture
    def secret_in_url(self) -> str | None:
        return None if self.password_in_url else SECRET


class TestNoBug(_WebhookKit):
    """The notifier without a bug: every test passes."""


for _mutant in MUTANTS.values():
    globals()[_mutant.test_class] = type(
        _mutant.test_class,
        (_WebhookKit,),
        {
            "notifier_class": _mutant.notifier,
            "password_in_url": _mutant.password_in_url,
            "__doc__": f"The kit against a webhook notifier that {_mutant.bug}.",
        },
    )


# -- as a plugin: stop a mutant's tests at the first failure ------------------------------------

_caught: set[str] = set()
_SLOW = ("test_wants_", "test_every_kind_")  # hypothesis tests: last, as they take longest


def _class_name(item: pytest.Item) -> str:
    return getattr(getattr(item, "cls", None), "__name__", "")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run each mutant's hypothesis tests after the others, to reach a failing one sooner."""
    items.sort(key=lambda item: item.name.startswith(_SLOW))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip the rest of a mutant's tests once one has failed: the mutant is caught."""
    name = _class_name(item)
    every = os.environ.get(EVERY_TEST_VARIABLE) == "1"
    if name != BASELINE and name in _caught and not every:
        pytest.skip("the kit caught this mutant already")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """Note each class that had a failing test."""
    report = yield
    if getattr(report, "failed", False):
        _caught.add(_class_name(item))
    return report
