"""The webhook notifier against a real HTTP receiver on loopback, read back as sent.

The receiver is :class:`~halt_adapters.testing.WebhookReceiver`. What arrives is checked with
the CloudEvents SDK (independent of the code that writes it) and field by field; signatures
with :func:`~halt_core.notify.verify_signature`, as a receiver would check them.
"""

from __future__ import annotations

import datetime as dt
import http.client
import importlib
import json
import re
import socket
import threading
import urllib.parse
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from halt_adapters.notify import webhook
from halt_adapters.notify.webhook import WebhookNotifier
from halt_adapters.testing import WebhookReceiver
from halt_adapters.testing.receiver import ReceivedRequest
from halt_core.events import Event, ReferralEvent, ReferralReturned
from halt_core.ids import EventId, ReferralId
from halt_core.model import AMSTERDAM, Outcome, OutcomeResult, ReferralStatus
from halt_core.notify import (
    DeliveryFailed,
    Notification,
    NotifierUnavailable,
    SignatureInvalid,
    sign,
    verify_signature,
)
from halt_core.notify.cloudevents import DEFAULT_SOURCE, SIGNATURE_HEADER
from halt_core.testing import strategies as hs

SECRET = "webhook-test-secret-4f1c9a"  # asserted never to be shown
OIN = "00000001003214345000"
REASON = "De jongere kwam twee keer niet opdagen bij de leerstraf"  # free text: never sent
WHEN = dt.datetime(2026, 9, 1, 10, 30, tzinfo=AMSTERDAM)  # 08:30 UTC, summer time
PERSONAL_KEYS = frozenset({"youth", "pseudonym", "offence", "offense", "age", "birth_date"})


def _sdk_from_http() -> Callable[[Mapping[str, str], bytes], Any]:
    """The SDK's ``from_http``: ``cloudevents.http`` in 1.x, ``cloudevents.v1.http`` in 2.x."""
    for module in ("cloudevents.http", "cloudevents.v1.http"):
        try:
            found: Callable[[Mapping[str, str], bytes], Any] = importlib.import_module(
                module
            ).from_http
        except ImportError:
            continue
        return found
    raise ImportError("the cloudevents package has no from_http")  # pragma: no cover


from_http = _sdk_from_http()


def strict_check(headers: Mapping[str, str], body: bytes) -> None:
    """Read the request with the SDK's stricter reader of 2.x, which validates every attribute.

    (cloudevents 1.x has none; there, :func:`from_http` alone checks.)
    """
    try:
        bindings = importlib.import_module("cloudevents.core.bindings.http")
    except ImportError:
        return
    bindings.from_http_event(bindings.HTTPMessage(dict(headers), body))


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_secret_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(webhook.SECRET_VARIABLE, raising=False)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(secret=SECRET) as receiver:
        yield receiver


def notifier_for(receiver: WebhookReceiver, query: str = "") -> WebhookNotifier:
    return WebhookNotifier(f"{receiver.notifier_url}{query}", secret=SECRET)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port where connections are accepted (by the kernel) and never answered."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port: int = listener.getsockname()[1]
        yield port


def returned(id: int = 1) -> ReferralReturned:
    return ReferralReturned(
        id=EventId(uuid.UUID(int=id)),
        occurred_at=WHEN,
        actor="tr.jansen",
        referral=ReferralId(uuid.UUID(int=100 + id)),
        from_status=ReferralStatus.CARRIED_OUT,
        to_status=ReferralStatus.RETURNED,
        outcome=Outcome(result=OutcomeResult.NEGATIVE, decided_on=WHEN.date(), hours=7),
        reason=REASON,
    )


def notification(event: Event, attempt: int = 1) -> Notification:
    return Notification(delivery=uuid.UUID(int=999), event=event, attempt=attempt)


def sent(receiver: WebhookReceiver, event: Event, query: str = "") -> ReceivedRequest:
    """Send ``event`` through a notifier for ``receiver``; the one request that arrived."""
    receiver.clear()
    notifier_for(receiver, query).send(notification(event))
    (request,) = receiver.requests
    return request


# -- what arrives -------------------------------------------------------------------------------


def test_a_delivered_event_is_a_cloudevent_in_structured_mode(receiver: WebhookReceiver) -> None:
    event = returned()
    request = sent(receiver, event)

    assert request.method == "POST"
    assert request.path == "/hook"
    assert request.header("content-type") == "application/cloudevents+json"
    assert request.header("ce-id") is None  # structured mode: the attributes are in the body
    read = from_http(request.headers, request.body)
    strict_check(request.headers, request.body)
    assert read["specversion"] == "1.0"
    assert read["id"] == str(event.id)
    assert read["source"] == DEFAULT_SOURCE == "urn:halt_core:systeem:halt_core"
    assert read["type"] == "nl.halt.referral.returned"
    assert read["subject"] == str(event.referral)
    assert read["datacontenttype"] == "application/json"
    assert read.data == {
        "referral": str(event.referral),
        "from_status": "carried_out",
        "to_status": "returned",
    }


def test_the_body_field_by_field(receiver: WebhookReceiver) -> None:
    event = returned()
    body = json.loads(sent(receiver, event).body)

    assert set(body) == {
        "specversion",
        "id",
        "source",
        "type",
        "subject",
        "time",
        "datacontenttype",
        "data",
    }
    assert body["specversion"] == "1.0"
    assert uuid.UUID(body["id"]) == event.id
    assert body["subject"] == str(uuid.UUID(int=101))
    assert body["time"] == "2026-09-01T08:30:00Z"  # UTC, with Z
    assert dt.datetime.fromisoformat(body["time"]) == WHEN
    assert body["datacontenttype"] == "application/json"


def test_a_referral_event_carries_no_reason_and_no_outcome(receiver: WebhookReceiver) -> None:
    request = sent(receiver, returned())

    data = json.loads(request.body)["data"]
    assert set(data) == {"referral", "from_status", "to_status"}
    assert REASON.encode() not in request.body
    assert b"opdagen" not in request.body
    assert b"decided_on" not in request.body
    assert b"tr.jansen" not in request.body  # not even who did it


def test_the_source_with_an_oin_is_its_nl_gov_urn(receiver: WebhookReceiver) -> None:
    request = sent(receiver, returned(), f"?oin={OIN}")

    assert from_http(request.headers, request.body)["source"] == (
        "urn:nld:oin:00000001003214345000:systeem:halt_core"
    )


def test_a_source_of_ones_own(receiver: WebhookReceiver) -> None:
    request = sent(receiver, returned(), "?source=https://halt.example.nl/zaanstreek")

    assert from_http(request.headers, request.body)["source"] == (
        "https://halt.example.nl/zaanstreek"
    )
    strict_check(request.headers, request.body)


def test_the_idempotency_key_is_the_event_id_and_a_resend_is_the_same_body(
    receiver: WebhookReceiver,
) -> None:
    event = returned()
    notifier = notifier_for(receiver)
    notifier.send(notification(event))
    notifier.send(notification(event, attempt=2))

    first, again = receiver.requests
    assert first.header("Idempotency-Key") == again.header("Idempotency-Key") == str(event.id)
    assert first.body == again.body
    assert first.header("User-Agent") == "halt_core-webhook"


def test_the_signature_verifies_with_the_secret_only(receiver: WebhookReceiver) -> None:
    request = sent(receiver, returned())
    header = request.header(SIGNATURE_HEADER)

    assert header is not None
    assert re.fullmatch(r"t=[0-9]+,v1=[0-9a-f]{64}", header)
    moment = verify_signature(request.body, header, SECRET, now=request.time)
    assert abs(moment - request.time) <= 300
    assert receiver.received() == [request.body]
    with pytest.raises(SignatureInvalid, match="does not match"):
        verify_signature(request.body, header, "another-secret-of-length", now=request.time)
    assert receiver.received("another-secret-of-length") == []


def test_the_signature_fails_for_a_changed_body(receiver: WebhookReceiver) -> None:
    request = sent(receiver, returned())
    changed = request.body.replace(b'"returned"', b'"completed"')

    assert changed != request.body
    with pytest.raises(SignatureInvalid, match="does not match"):
        verify_signature(changed, request.header(SIGNATURE_HEADER), SECRET, now=request.time)


def test_the_signature_fails_when_replayed_later(receiver: WebhookReceiver) -> None:
    request = sent(receiver, returned())
    header = request.header(SIGNATURE_HEADER)

    later = request.time + 301
    with pytest.raises(SignatureInvalid, match="more than 300 s"):
        verify_signature(request.body, header, SECRET, now=later)
    with pytest.raises(SignatureInvalid, match="more than 60 s"):
        verify_signature(request.body, header, SECRET, tolerance=60, now=request.time + 61)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(event=hs.events())
def test_every_kind_of_event_arrives_as_a_valid_cloudevent_without_personal_data(
    receiver: WebhookReceiver, event: Event
) -> None:
    request = sent(receiver, event, f"?oin={OIN}")

    read = from_http(request.headers, request.body)
    strict_check(request.headers, request.body)
    assert read["id"] == str(event.id)
    assert read["type"] == event.type
    assert read["subject"] == str(event.subject)
    assert read["time"].endswith("Z")
    assert read["source"] == f"urn:nld:oin:{OIN}:systeem:halt_core"
    assert receiver.received() == [request.body]
    data = read.data
    assert isinstance(data, dict)
    assert not _keys(data) & PERSONAL_KEYS
    if isinstance(event, ReferralEvent):
        assert data == {
            "referral": str(event.referral),
            "from_status": event.from_status.value,
            "to_status": event.to_status.value,
        }


def _keys(value: Any) -> set[str]:
    """Every key in ``value``, at any depth."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


# -- the receiver's answers ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_a_server_error_or_too_many_requests_is_tried_again(
    receiver: WebhookReceiver, status: int
) -> None:
    receiver.respond(status)

    with pytest.raises(DeliveryFailed, match=f"answered {status}") as caught:
        notifier_for(receiver).send(notification(returned()))
    assert caught.value.retryable is True
    assert caught.value.retry_after is None


@pytest.mark.parametrize(("status", "header", "seconds"), [(503, 120, 120.0), (429, "7", 7.0)])
def test_retry_after_is_passed_on(
    receiver: WebhookReceiver, status: int, header: int | str, seconds: float
) -> None:
    receiver.respond(status, retry_after=header)

    with pytest.raises(DeliveryFailed) as caught:
        notifier_for(receiver).send(notification(returned()))
    assert caught.value.retryable is True
    assert caught.value.retry_after == seconds


def test_a_retry_after_date_is_not_read_as_seconds(receiver: WebhookReceiver) -> None:
    receiver.respond(503, retry_after="Wed, 21 Oct 2026 07:28:00 GMT")

    with pytest.raises(DeliveryFailed) as caught:
        notifier_for(receiver).send(notification(returned()))
    assert caught.value.retryable is True
    assert caught.value.retry_after is None


@pytest.mark.parametrize("status", [400, 401, 404, 410, 422])
def test_a_refusal_is_not_tried_again(receiver: WebhookReceiver, status: int) -> None:
    receiver.respond(status)

    with pytest.raises(DeliveryFailed, match=f"refused it with {status}") as caught:
        notifier_for(receiver).send(notification(returned()))
    assert caught.value.retryable is False
    assert receiver.received() == []


def test_a_wrong_path_is_a_refusal(receiver: WebhookReceiver) -> None:
    notifier = WebhookNotifier(f"webhook+http://127.0.0.1:{receiver.port}/other", secret=SECRET)

    with pytest.raises(DeliveryFailed, match="refused it with 404") as caught:
        notifier.send(notification(returned()))
    assert caught.value.retryable is False
    assert [r.path for r in receiver.requests] == ["/other"]


def test_unavailable_twice_then_delivered(receiver: WebhookReceiver) -> None:
    receiver.respond(503, times=2)
    notifier = notifier_for(receiver)
    event = returned()

    for attempt in (1, 2):
        with pytest.raises(DeliveryFailed):
            notifier.send(notification(event, attempt))
    notifier.send(notification(event, 3))

    assert [r.status for r in receiver.requests] == [503, 503, 200]
    assert [e["id"] for e in receiver.events()] == [str(event.id)]


def test_gone_stays_gone(receiver: WebhookReceiver) -> None:
    receiver.respond(410)
    notifier = notifier_for(receiver)

    for attempt in (1, 2, 3):
        with pytest.raises(DeliveryFailed) as caught:
            notifier.send(notification(returned(), attempt))
        assert caught.value.retryable is False
    assert [r.status for r in receiver.requests] == [410, 410, 410]


def test_a_receiver_that_is_down_is_tried_again(receiver: WebhookReceiver) -> None:
    notifier = notifier_for(receiver)
    event = returned()

    with receiver.down(), pytest.raises(DeliveryFailed, match="cannot reach") as caught:
        notifier.send(notification(event))
    assert caught.value.retryable is True
    assert receiver.requests == ()
    notifier.send(notification(event, attempt=2))  # back, on the same port
    assert [e["id"] for e in receiver.events()] == [str(event.id)]


def test_a_receiver_that_never_answers_times_out(silent_port: int) -> None:
    notifier = WebhookNotifier(
        f"webhook+http://127.0.0.1:{silent_port}/hook?timeout=1", secret=SECRET
    )

    with pytest.raises(DeliveryFailed, match="no answer within 1 s") as caught:
        notifier.send(notification(returned()))
    assert caught.value.retryable is True
    assert SECRET not in str(caught.value)


def test_check_connects_and_sends_nothing(receiver: WebhookReceiver) -> None:
    notifier = notifier_for(receiver)

    notifier.check()
    assert receiver.requests == ()
    with receiver.down(), pytest.raises(NotifierUnavailable, match="cannot reach"):
        notifier.check()


# -- opening ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://hooks.example.nl/halt", r"expected webhook\+https://"),
        ("webhook+ftp://hooks.example.nl/halt", r"expected webhook\+https://"),
        ("webhook+https:///halt", "names no host"),
        ("webhook+http://hooks.example.nl/halt", "plain http sends events unencrypted"),
        ("webhook+http://192.168.1.20:8080/halt", "192.168.1.20 is not"),
        ("webhook+https://hooks.example.nl/halt?retries=3", "unknown setting retries"),
        ("webhook+https://hooks.example.nl/halt?token=abc123", "unknown setting token"),
        ("webhook+https://hooks.example.nl/halt?timeout=0", "timeout"),
        ("webhook+https://hooks.example.nl/halt?timeout=-5", "timeout"),
        ("webhook+https://hooks.example.nl/halt?timeout=61", "timeout"),
        ("webhook+https://hooks.example.nl/halt?timeout=soon", "timeout"),
        ("webhook+https://hooks.example.nl/halt?timeout=nan", "timeout"),
        ("webhook+https://hooks.example.nl/halt?oin=123", "20 digits"),
        ("webhook+https://hooks.example.nl/halt?oin=0000000100321434500A", "20 digits"),
        ("webhook+https://hooks.example.nl/halt?oin=000000010032143450001", "20 digits"),
        ("webhook+https://hooks.example.nl/halt?oin=", "20 digits"),
        ("webhook+http://127.0.0.1:99999/hook", "port"),
        ("webhook+http://[::1/hook", "not a URL"),
        ("webhook+https://hooks.example.nl/halt?source=", "source"),
        ("webhook+https://hooks.example.nl/halt?source=a&oin=00000001003214345000", "not both"),
    ],
)
def test_a_url_that_cannot_work_is_refused(url: str, expected: str) -> None:
    with pytest.raises(NotifierUnavailable, match=expected) as caught:
        WebhookNotifier(url, secret=SECRET)
    assert SECRET not in str(caught.value)
    assert "abc123" not in str(caught.value)


@pytest.mark.parametrize("path", ["/hook/école", "/hook path"])
def test_a_path_http_cannot_carry_is_refused_at_open_or_sent_quoted(
    receiver: WebhookReceiver, path: str
) -> None:
    url = f"webhook+http://127.0.0.1:{receiver.port}{path}"
    try:
        notifier = WebhookNotifier(url, secret=SECRET)
    except NotifierUnavailable:
        return
    notifier.send(notification(returned()))
    assert [r.path for r in receiver.requests] == [urllib.parse.quote(path)]


@pytest.mark.parametrize(
    ("url", "name", "timeout"),
    [
        ("webhook+https://hooks.example.nl/halt", "webhook+https://hooks.example.nl/halt", 10.0),
        (
            "webhook+http://127.0.0.1:8080/h?timeout=1",
            "webhook+http://127.0.0.1:8080/h?timeout=1",
            1,
        ),
        ("webhook+http://localhost/h?timeout=60", "webhook+http://localhost/h?timeout=60", 60),
        ("webhook+http://[::1]:9000/h", "webhook+http://[::1]:9000/h", 10.0),
        (
            "webhook+https://h.example.nl/x?oin=" + OIN,
            "webhook+https://h.example.nl/x?oin=" + OIN,
            10,
        ),
    ],
)
def test_a_url_that_can_work(url: str, name: str, timeout: float) -> None:
    notifier = WebhookNotifier(url, secret=SECRET)

    assert notifier.name == name
    assert notifier.timeout == timeout
    assert notifier.for_partners is False


@pytest.mark.parametrize("secret", [None, "", "fifteen-chars15"])
def test_a_missing_or_short_secret_is_refused(secret: str | None) -> None:
    with pytest.raises(NotifierUnavailable, match=webhook.SECRET_VARIABLE) as caught:
        WebhookNotifier("webhook+https://hooks.example.nl/halt", secret=secret)
    assert "at least 16 characters" in caught.value.reason
    if secret:
        assert secret not in str(caught.value)


def test_the_secret_comes_from_the_environment(
    receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(webhook.SECRET_VARIABLE, SECRET)
    WebhookNotifier(receiver.notifier_url).send(notification(returned()))

    assert len(receiver.received(SECRET)) == 1


def test_a_short_secret_in_the_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(webhook.SECRET_VARIABLE, "short")

    with pytest.raises(NotifierUnavailable, match="at least 16") as caught:
        WebhookNotifier("webhook+https://hooks.example.nl/halt")
    assert "short" not in caught.value.url


def test_the_secret_is_never_shown(
    receiver: WebhookReceiver, silent_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(webhook.SECRET_VARIABLE, SECRET)
    notifier = WebhookNotifier(f"{receiver.notifier_url}?timeout=1")
    shown: list[object] = [notifier.name, repr(notifier), str(notifier)]
    for status in (503, 410):
        receiver.respond(status, times=1)
        with pytest.raises(DeliveryFailed) as caught:
            notifier.send(notification(returned()))
        shown += [caught.value, caught.value.reason]
    with receiver.down():
        with pytest.raises(DeliveryFailed) as down:
            notifier.send(notification(returned()))
        with pytest.raises(NotifierUnavailable) as unchecked:
            notifier.check()
    silent = WebhookNotifier(f"webhook+http://127.0.0.1:{silent_port}/hook?timeout=1")
    with pytest.raises(DeliveryFailed) as timed_out:
        silent.send(notification(returned()))
    with pytest.raises(NotifierUnavailable) as refused:
        WebhookNotifier(f"{receiver.notifier_url}?colour=blue")
    shown += [down.value, unchecked.value, timed_out.value, refused.value]

    for text in map(str, shown):
        assert SECRET not in text
    for request in receiver.requests:  # sent as an HMAC only, never as itself
        assert SECRET.encode() not in request.body
        assert all(SECRET not in value for value in request.headers.values())


# -- the receiver itself ------------------------------------------------------------------------


def post(url: str, body: bytes, headers: Mapping[str, str] | None = None) -> int:
    """POST ``body`` with the standard library's client; the status of the answer."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request("POST", parts.path, body=body, headers=dict(headers or {}))
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_the_receiver_keeps_what_is_unsigned_or_badly_signed_out_of_received(
    receiver: WebhookReceiver,
) -> None:
    good = b'{"id": "1"}'
    assert post(receiver.url, b'{"id": "0"}') == 200
    assert post(receiver.url, good, {SIGNATURE_HEADER: sign(good, SECRET)}) == 200
    assert post(receiver.url, b'{"id": "2"}', {SIGNATURE_HEADER: sign(good, SECRET)}) == 200
    assert post(receiver.url, good, {SIGNATURE_HEADER: sign(good, "another-secret-16")}) == 200

    assert len(receiver.requests) == 4
    assert receiver.received() == [good]
    assert receiver.events() == [{"id": "1"}]
    assert receiver.received("another-secret-16") == [good]


def test_the_receiver_leaves_refused_requests_out_of_received(receiver: WebhookReceiver) -> None:
    body = b'{"id": "1"}'
    receiver.respond(503, times=1)
    receiver.respond(201, times=1)
    receiver.respond(410)

    statuses = [post(receiver.url, body, {SIGNATURE_HEADER: sign(body, SECRET)}) for _ in "abc"]

    assert statuses == [503, 201, 410]
    assert receiver.received() == [body]


def test_the_receiver_reads_a_chunked_body(receiver: WebhookReceiver) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=10)
    try:
        connection.request("POST", "/hook", body=iter([b'{"id":', b' "7"}']), encode_chunked=True)
        assert connection.getresponse().status == 200
    finally:
        connection.close()

    (request,) = receiver.requests
    assert request.header("transfer-encoding") == "chunked"
    assert request.body == b'{"id": "7"}'


def test_the_receiver_starts_again_on_its_port_and_keeps_what_it_received(
    receiver: WebhookReceiver,
) -> None:
    url = receiver.url
    post(url, b"{}")
    receiver.stop()
    receiver.stop()  # twice: no harm
    assert "stopped" in repr(receiver)  # (not .running: mypy would narrow it for good)
    with pytest.raises(ConnectionRefusedError):
        post(url, b"{}")
    receiver.start()
    receiver.start()  # twice: no harm

    assert receiver.running
    assert "running" in repr(receiver)
    assert receiver.url == url
    assert post(url, b"{}") == 200
    assert len(receiver.requests) == 2
    receiver.clear()
    assert list(receiver.requests) == []


def test_the_receiver_waits_for_requests_sent_from_another_thread(
    receiver: WebhookReceiver,
) -> None:
    sender = threading.Thread(target=post, args=(receiver.url, b"{}"))
    sender.start()
    assert receiver.wait(1)
    sender.join()
    assert not receiver.wait(2, timeout=0)


def test_the_receiver_refuses_what_cannot_be_meant() -> None:
    receiver = WebhookReceiver()
    with pytest.raises(RuntimeError, match="started"):
        receiver.url  # noqa: B018 - the property raises
    with pytest.raises(ValueError, match="HTTP status"):
        receiver.respond(99)
    with pytest.raises(ValueError, match="count"):
        receiver.respond(503, times=-1)
    with pytest.raises(ValueError, match="'/'"):
        WebhookReceiver(path="hook")
    with pytest.raises(ValueError, match="secret"):
        receiver.received()
    assert "stopped" in repr(receiver)
