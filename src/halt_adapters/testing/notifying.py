"""The notifier conformance suite: what every notifier must do, as pytest tests.

A notifier's author subclasses :class:`NotifierConformance` in a test module and provides two
fixtures: ``notifier``, an open notifier pointed at a target the test controls (a server on
loopback, a logging handler), new for each test, and ``delivered``, a callable giving the ids
of the events that target received, in the order it received them. A third, ``target_down``,
adds the tests of a target that cannot be reached. With the
:class:`~halt_adapters.testing.receiver.WebhookReceiver` as the target::

    from collections.abc import Callable, Iterator, Sequence
    from contextlib import AbstractContextManager

    import pytest

    from halt_adapters.testing import NotifierConformance, WebhookReceiver
    from halt_core.notify import Notifier
    from my_package.notifier import MyWebhookNotifier

    SECRET = "a-test-secret-of-some-length"


    class TestMyWebhookNotifier(NotifierConformance):
        @pytest.fixture
        def receiver(self) -> Iterator[WebhookReceiver]:
            with WebhookReceiver(secret=SECRET) as receiver:
                yield receiver

        @pytest.fixture
        def notifier(self, receiver: WebhookReceiver) -> Iterator[Notifier]:
            notifier = MyWebhookNotifier(receiver.url, secret=SECRET)
            yield notifier
            notifier.close()

        @pytest.fixture
        def delivered(self, receiver: WebhookReceiver) -> Callable[[], Sequence[str]]:
            return lambda: [event["id"] for event in receiver.events()]

        @pytest.fixture
        def target_down(
            self, receiver: WebhookReceiver
        ) -> Callable[[], AbstractContextManager[object]]:
            return receiver.down

Every test then sends :class:`~halt_core.notify.Notification` s the way the dispatcher does
(to a partner, with a message, when :attr:`~halt_core.notify.Notifier.for_partners` is True;
with neither otherwise) and checks that the notifier

- is a :class:`~halt_core.notify.Notifier` whose ``name`` is text that shows no secret (a
  password, or a setting named like one in :data:`~halt_core.storage.SECRET_PARAMETERS`,
  as ``***``; never ``secret_in_url``);
- delivers what it is sent: the event's id reaches the target, once per send, in order, for
  every kind of event it wants; sent twice (a dispatcher that died before recording the
  first), the target sees the same event id again, so it can drop the duplicate;
- answers :meth:`~halt_core.notify.Notifier.wants` with a bool for every kind of event;
- with a notification without recipient and message, delivers it when it has a target of
  its own, and raises :class:`~halt_core.notify.DeliveryFailed` (not another error) when it
  writes to partners;
- checks its target (:meth:`~halt_core.notify.Notifier.check`) without delivering anything,
  and can be closed twice;
- with the target down, raises :class:`~halt_core.notify.DeliveryFailed` with
  ``retryable=True``, never another exception, showing no secret; delivers nothing; and
  delivers again once the target is back. Its ``check`` raises nothing but
  :class:`~halt_core.notify.NotifierUnavailable`.

Optional fixtures adapt the suite: ``target_down`` (a callable returning a context manager
in which the target cannot be reached; without it those tests are skipped, saying so),
``secret_in_url`` (a secret the notifier was opened with, checked never to be shown) and
``recipient`` (the partner a notifier for partners writes to). Test what only your notifier
does (its URL settings, how it answers each refusal) in tests of your own. The suite needs
the ``testing`` extra (pytest and hypothesis).
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from halt_core.events import (
    EVENT_TYPES,
    Event,
    InterventionDeclined,
    MeetingPlanned,
    NotificationParked,
    ReferralIntakeStarted,
)
from halt_core.ids import EventId, ForumId, InterventionId, MeetingId, PartnerId, ReferralId, new_id
from halt_core.model import AMSTERDAM, InterventionStatus, ReferralStatus
from halt_core.notify import (
    DeliveryFailed,
    Message,
    Notification,
    Notifier,
    NotifierUnavailable,
    Recipient,
)
from halt_core.storage import SECRET_PARAMETERS
from halt_core.testing import strategies as hs

__all__ = ["Delivered", "NotifierConformance", "TargetDown", "notification_for"]

Delivered = Callable[[], Sequence[uuid.UUID | str]]
"""Gives the ids of the events the target received so far, in the order it received them."""

TargetDown = Callable[[], AbstractContextManager[object]]
"""Gives a context manager in which the notifier's target cannot be reached."""

_SETTINGS = settings(
    max_examples=10,
    deadline=None,
    # The notifier and its target are made per test, not per example: each example sends
    # events with new ids and compares what arrived after what was there. Each notifier's
    # subclass runs the same test method, hence the differing executors.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)
_SENDING = settings(
    _SETTINGS,
    max_examples=5,
    # A failing example is shown as drawn: shrinking it would send hundreds of events more.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
_NOW = dt.datetime(2026, 9, 1, 10, 0, tzinfo=AMSTERDAM)
_KINDS = tuple(EVENT_TYPES.values())


def _samples() -> list[Event]:
    """One event of a few families, each with a new id: the kinds tried first."""
    return [
        ReferralIntakeStarted(
            id=new_id(EventId),
            occurred_at=_NOW,
            actor="conformance",
            referral=new_id(ReferralId),
            from_status=ReferralStatus.RECEIVED,
            to_status=ReferralStatus.INTAKE,
        ),
        MeetingPlanned(
            id=new_id(EventId),
            occurred_at=_NOW,
            actor="conformance",
            meeting=new_id(MeetingId),
            forum=new_id(ForumId),
            start=_NOW + dt.timedelta(days=7),
            end=_NOW + dt.timedelta(days=7, hours=1),
            location="Veiligheidshuis, Zaandam",
        ),
        InterventionDeclined(
            id=new_id(EventId),
            occurred_at=_NOW,
            actor="conformance",
            intervention=new_id(InterventionId),
            from_status=InterventionStatus.REQUESTED,
            to_status=InterventionStatus.DECLINED,
            reason="geen capaciteit",
        ),
        NotificationParked(
            id=new_id(EventId),
            occurred_at=_NOW,
            actor="conformance",
            notification=uuid.uuid4(),
            event=uuid.uuid4(),
            event_type="nl.halt.meeting.moved",
            notifier="webhook+https://hooks.example.nl/halt",
            recipient="-",
            attempts=8,
            reason="the receiver answered 503",
        ),
    ]


def _wanted(notifier: Notifier, count: int = 1) -> list[Event]:
    """``count`` events of a kind ``notifier`` wants, each with an id of its own."""
    kinds = [type(event) for event in _samples() if notifier.wants(event)]
    if not kinds:
        pytest.skip(
            f"{notifier!r} wants none of the kit's sample events "
            f"({', '.join(e.type for e in _samples())}); the send tests need one"
        )
    return [e for _ in range(count) for e in _samples() if type(e) is kinds[0]]


def notification_for(
    notifier: Notifier, event: Event, recipient: Recipient, *, attempt: int = 1
) -> Notification:
    """A notification of ``event`` as the dispatcher hands it to ``notifier``.

    To ``recipient`` with a plain message (subject, text and HTML, no calendar entries) in
    the recipient's language when the notifier writes to partners; with neither otherwise.
    """
    message = None
    to = None
    if notifier.for_partners:
        to = recipient
        dutch = recipient.language != "en"
        subject = f"Halt: {event.type}"
        text = f"{'Beste' if dutch else 'Dear'} {recipient.name},\n\n{event.type} ({event.id}).\n"
        message = Message(
            language="nl" if dutch else "en",
            subject=subject,
            text=text,
            html=f"<p>{event.type} ({event.id}).</p>",
        )
    return Notification(
        delivery=uuid.uuid5(uuid.NAMESPACE_URL, f"conformance:{event.id}"),
        event=event,
        recipient=to,
        attempt=attempt,
        message=message,
    )


def _ids(delivered: Delivered) -> list[str]:
    """What ``delivered`` gives, as text, so UUIDs and their text compare alike."""
    return [str(uuid.UUID(str(found))) for found in delivered()]


def _shows(text: str, secret: str | None) -> bool:
    """Whether ``text`` holds ``secret`` (never, without one)."""
    return secret is not None and secret != "" and secret in text


class NotifierConformance:
    """The tests every notifier passes; subclass it and provide ``notifier`` and ``delivered``."""

    @pytest.fixture
    def notifier(self) -> Notifier:
        """Override: an open notifier, pointed at a new target the test controls."""
        pytest.fail(
            "give the NotifierConformance subclass a `notifier` fixture: an open notifier "
            "pointed at a target the test controls",
            pytrace=False,
        )

    @pytest.fixture
    def delivered(self) -> Delivered:
        """Override: a callable giving the ids of the events the target received, in order."""
        pytest.fail(
            "give the NotifierConformance subclass a `delivered` fixture: a callable giving "
            "the ids of the events the target received, in the order it received them",
            pytrace=False,
        )

    @pytest.fixture
    def target_down(self) -> TargetDown | None:
        """Override: a callable giving a context manager in which the target is unreachable.

        Entering it stops the target (a server stops listening); leaving it starts the
        target again where it was. The tests of a target that is down are skipped while this
        is None (the default), as for a notifier whose target cannot be down.
        """
        return None

    @pytest.fixture
    def secret_in_url(self) -> str | None:
        """Override: a secret the notifier was opened with, that it must never show.

        Its name, repr and failures are checked not to hold it. Without one, the name is
        still checked to show a password, or a setting named like one, as ``***``.
        """
        return None

    @pytest.fixture
    def recipient(self) -> Recipient:
        """Override: the partner a notifier for partners writes to in the suite's tests."""
        return Recipient(
            partner=PartnerId(uuid.UUID("0b0e0c1d-5c41-4a36-9d3f-3c0e1b7a2f10")),
            name="Basisschool De Ark, Zaandam",
            email="directie@deark.example.nl",
            language="nl",
            reason="school",
        )

    # -- what it is -----------------------------------------------------------------------------

    def test_it_is_a_notifier(self, notifier: Notifier) -> None:
        """It subclasses Notifier, and has a name (text) and ``for_partners`` (a bool)."""
        assert isinstance(notifier, Notifier), f"{type(notifier)} is not a Notifier"
        assert isinstance(notifier.name, str), f"its name is {notifier.name!r}, not text"
        assert notifier.name.strip(), "its name is empty; give the URL it was opened with"
        assert type(notifier.for_partners) is bool, (
            f"for_partners is {notifier.for_partners!r}, not True or False"
        )

    def test_its_name_and_repr_show_no_secret(
        self, notifier: Notifier, secret_in_url: str | None
    ) -> None:
        """The name (kept in the store) and repr hide passwords and secret settings as ``***``."""
        assert not _shows(notifier.name, secret_in_url), f"the name shows the secret: {notifier}"
        assert not _shows(repr(notifier), secret_in_url), "the repr shows the secret"
        parsed = urllib.parse.urlsplit(notifier.name)
        userinfo, at, _ = parsed.netloc.rpartition("@")
        assert not (at and ":" in userinfo) or userinfo.endswith(":***"), (
            f"the name {notifier.name!r} shows a password; show it as *** (redact_url does)"
        )
        for setting, value in urllib.parse.parse_qsl(parsed.query, keep_blank_values=True):
            secret = any(word in setting.lower() for word in SECRET_PARAMETERS)
            assert not secret or value in ("", "***"), (
                f"the name {notifier.name!r} shows the secret setting {setting}; show it as ***"
            )

    @_SETTINGS
    @given(data=st.data())
    def test_wants_answers_true_or_false_for_every_kind_of_event(
        self, notifier: Notifier, data: st.DataObject
    ) -> None:
        """``wants`` returns a bool (not a truthy value) for an event of every kind."""
        for kind in _KINDS:
            event = data.draw(hs.events(kind), label=kind.__name__)
            answer = notifier.wants(event)
            assert type(answer) is bool, f"wants({event.type}) returned {answer!r}, not a bool"

    # -- sending --------------------------------------------------------------------------------

    def test_send_delivers_the_event(
        self, notifier: Notifier, delivered: Delivered, recipient: Recipient
    ) -> None:
        """One send delivers the event once: its id reaches the target."""
        (event,) = _wanted(notifier)
        assert _ids(delivered) == [], "the target received something before anything was sent"
        notifier.send(notification_for(notifier, event, recipient))
        assert _ids(delivered) == [str(event.id)], (
            "the target did not receive the event's id exactly once"
        )

    def test_events_arrive_in_the_order_they_are_sent(
        self, notifier: Notifier, delivered: Delivered, recipient: Recipient
    ) -> None:
        """Three sends deliver three events, each by its own id, in the order sent."""
        events = _wanted(notifier, 3)
        for event in events:
            notifier.send(notification_for(notifier, event, recipient))
        assert _ids(delivered) == [str(event.id) for event in events]

    def test_a_notification_sent_again_carries_the_same_event_id(
        self, notifier: Notifier, delivered: Delivered, recipient: Recipient
    ) -> None:
        """Sent a second time (attempt 2), the target sees the same event id, to drop it by."""
        (event,) = _wanted(notifier)
        notifier.send(notification_for(notifier, event, recipient))
        notifier.send(notification_for(notifier, event, recipient, attempt=2))
        found = _ids(delivered)
        assert found in ([str(event.id)], [str(event.id)] * 2), (
            f"sent twice, the target received {found}; expected the event's id "
            f"{event.id} (twice, or once if the notifier drops the repeat itself)"
        )

    @_SENDING
    @given(data=st.data())
    def test_every_kind_of_event_it_wants_is_delivered(
        self,
        notifier: Notifier,
        delivered: Delivered,
        recipient: Recipient,
        data: st.DataObject,
    ) -> None:
        """An event of every kind it wants, drawn by hypothesis, arrives by its id."""
        before = len(_ids(delivered))
        sent = []
        for kind in _KINDS:
            event = data.draw(hs.events(kind), label=kind.__name__)
            if notifier.wants(event):
                notifier.send(notification_for(notifier, event, recipient))
                sent.append(str(event.id))
        assert _ids(delivered)[before:] == sent

    def test_a_notification_without_recipient_or_message(
        self, notifier: Notifier, delivered: Delivered
    ) -> None:
        """Without both: delivered to its own target; refused as DeliveryFailed for partners."""
        (event,) = _wanted(notifier)
        bare = Notification(delivery=uuid.uuid4(), event=event)
        if not notifier.for_partners:
            notifier.send(bare)
            assert _ids(delivered) == [str(event.id)]
            return
        try:
            notifier.send(bare)
        except DeliveryFailed:
            pass
        except Exception as exc:
            pytest.fail(
                f"a notifier for partners, sent a notification with no one to write to, "
                f"raised {type(exc).__name__}: {exc}; raise DeliveryFailed(retryable=False)"
            )
        else:
            pytest.fail("a notifier for partners sent a notification with no one to write to")
        assert _ids(delivered) == []

    # -- checking and closing -------------------------------------------------------------------

    def test_check_delivers_nothing(self, notifier: Notifier, delivered: Delivered) -> None:
        """``check`` with the target up raises nothing and delivers nothing."""
        notifier.check()
        assert _ids(delivered) == [], "check() delivered something; it must only look"

    def test_close_can_be_called_twice(self, notifier: Notifier) -> None:
        """``close`` releases what it holds, and a second call does no harm."""
        notifier.close()
        notifier.close()

    # -- a target that is down ------------------------------------------------------------------

    def test_a_target_down_is_a_failure_to_retry(
        self,
        notifier: Notifier,
        delivered: Delivered,
        target_down: TargetDown | None,
        recipient: Recipient,
        secret_in_url: str | None,
    ) -> None:
        """Target down: DeliveryFailed, retryable, no secret shown; delivered once it is back."""
        if target_down is None:
            pytest.skip("no target_down fixture: the notifier's target cannot be down")
        (event,) = _wanted(notifier)
        notification = notification_for(notifier, event, recipient)
        with target_down():
            try:
                notifier.send(notification)
            except DeliveryFailed as exc:
                failure = exc
            except Exception as exc:
                pytest.fail(
                    f"with the target down, send raised {type(exc).__name__}: {exc}; a "
                    "notifier raises DeliveryFailed(retryable=True) for a target it cannot reach"
                )
            else:
                pytest.fail("with the target down, send returned as if it had delivered")
        assert failure.retryable is True, (
            f"a target that is down may be back soon, but the failure is not retryable: {failure}"
        )
        assert isinstance(failure.reason, str), "give the failure a reason: text"
        assert failure.reason.strip(), "give the failure a reason"
        assert not _shows(str(failure), secret_in_url), "the failure shows the secret"
        assert _ids(delivered) == [], "the target received something while it was down"
        notifier.send(attrs.evolve(notification, attempt=2))
        assert _ids(delivered) == [str(event.id)], "once back, the target did not receive it"

    def test_check_of_a_target_down_raises_nothing_but_notifier_unavailable(
        self,
        notifier: Notifier,
        target_down: TargetDown | None,
        secret_in_url: str | None,
    ) -> None:
        """Target down: ``check`` raises NotifierUnavailable, if anything, showing no secret."""
        if target_down is None:
            pytest.skip("no target_down fixture: the notifier's target cannot be down")
        shown = ""
        with target_down():
            try:
                notifier.check()
            except NotifierUnavailable as exc:
                shown = str(exc)
            except Exception as exc:
                pytest.fail(
                    f"with the target down, check raised {type(exc).__name__}: {exc}; raise "
                    "NotifierUnavailable saying what cannot be reached"
                )
        assert not _shows(shown, secret_in_url), "check's error shows the secret"
