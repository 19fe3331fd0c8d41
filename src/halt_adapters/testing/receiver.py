"""A webhook receiver on loopback, for tests of what a webhook notifier sends.

:class:`WebhookReceiver` is a real HTTP server (the standard library's
:class:`~http.server.ThreadingHTTPServer`) on ``127.0.0.1`` and a free port, run in a
background thread. It records every request it gets, answers as a test tells it to (``503``
for the first two requests, then ``200``; ``410`` always; with a ``Retry-After``), can be
stopped and started again on the same port to play a receiver that is down and comes back,
and gives back the bodies whose ``Halt-Signature`` verifies, as a real receiver would accept
them. Use it to test a webhook setup of your own, or a notifier plugin with
:class:`~halt_adapters.testing.notifying.NotifierConformance`::

    from halt_adapters.notify.webhook import WebhookNotifier
    from halt_adapters.testing import WebhookReceiver

    SECRET = "a-test-secret-of-some-length"

    def test_my_setup(event, notification):
        with WebhookReceiver(secret=SECRET) as receiver:
            receiver.respond(503, times=2)  # then 200, the default
            notifier = WebhookNotifier(receiver.notifier_url, secret=SECRET)
            ...  # send three times: two failures, then delivered
            assert [e["id"] for e in receiver.events()] == [str(event.id)]
            assert [r.status for r in receiver.requests] == [503, 503, 200]

It uses nothing but the standard library, and asserts nothing about time: a test that waits
for a request from another thread waits with
:meth:`~halt_adapters.testing.WebhookReceiver.wait`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.server
import json
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import Any, cast

from halt_core.notify.cloudevents import SIGNATURE_HEADER, SignatureInvalid, verify_signature

__all__ = ["Answer", "ReceivedRequest", "WebhookReceiver"]

_HOST = "127.0.0.1"
_IDLE_CONNECTION = 10.0  # seconds a connection may send nothing before the receiver drops it


@dataclasses.dataclass(frozen=True)
class Answer:
    """How the receiver answers one request.

    Attributes:
        status: the HTTP status code, e.g. ``200``, ``503`` or ``410``.
        retry_after: the ``Retry-After`` header to send (seconds, or an HTTP date), if any.
        body: the answer's body.

    """

    status: int = 200
    retry_after: int | str | None = None
    body: bytes = b""


@dataclasses.dataclass(frozen=True)
class ReceivedRequest:
    """One request as the receiver got it, and how it answered.

    Attributes:
        method: the HTTP method, e.g. ``"POST"``.
        path: the path asked for, with its query if it had one.
        headers: the headers as sent (names as the sender wrote them; see :meth:`header`).
        body: the body.
        time: when it arrived, in Unix seconds (as the signature's ``t=`` counts).
        status: the status the receiver answered with.

    """

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes
    time: float
    status: int

    def header(self, name: str) -> str | None:
        """The value of the header ``name``, in any case; None when it was not sent."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)

    def verifies(self, secret: str | bytes, tolerance: float = 300) -> bool:
        """Whether the body's ``Halt-Signature`` verifies with ``secret``, at its arrival."""
        try:
            verify_signature(
                self.body, self.header(SIGNATURE_HEADER), secret, tolerance, now=self.time
            )
        except SignatureInvalid:
            return False
        return True


class WebhookReceiver:
    """A webhook receiver on ``127.0.0.1``, recording every request, answering as told.

    Args:
        secret: the key signatures are checked with by :meth:`received` and :meth:`events`
            (they also take one of their own).
        path: the path it receives at; a request to another path is answered ``404``.
        port: the port to listen on; 0 (the default) picks a free one at the first
            :meth:`start`, which it keeps when started again.

    Use it as a context manager (started on entering, stopped on leaving), or call
    :meth:`start` and :meth:`stop`. It answers ``200`` unless told otherwise with
    :meth:`respond`. Every method may be called from any thread.

    Attributes:
        secret: the key :meth:`received` checks signatures with by default, if any.
        path: the path it receives at.

    """

    def __init__(
        self, secret: str | bytes | None = None, *, path: str = "/hook", port: int = 0
    ) -> None:
        if not path.startswith("/"):
            raise ValueError(f"the path must start with '/': {path!r}")
        self.secret = secret
        self.path = path
        self._port = port
        self._lock = threading.Condition()
        self._requests: list[ReceivedRequest] = []
        self._script: list[Answer] = []
        self._default = Answer()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- running --------------------------------------------------------------------------------

    def start(self) -> WebhookReceiver:
        """Listen (again, on the same port once it has one); itself.

        Raises :class:`OSError` when the port is taken, which on loopback happens only if
        another program took it while the receiver was stopped.
        """
        with self._lock:
            if self._server is not None:
                return self
            server = _Server((_HOST, self._port), _Handler)
            server.receiver = self
            self._port = server.server_port
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"webhook-receiver-{self._port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and drop open connections: a sender now finds nothing there.

        What was received is kept; :meth:`start` listens again on the same port.
        """
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.drop_connections()
        server.server_close()
        if thread is not None:
            thread.join()

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        """A context in which the receiver is stopped; started again on leaving it."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    @property
    def running(self) -> bool:
        """Whether it listens now."""
        with self._lock:
            return self._server is not None

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<WebhookReceiver {_HOST}:{self._port}{self.path} {state}>"

    # -- where ----------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port it listens on; raises :class:`RuntimeError` before it first started."""
        if not self._port:
            raise RuntimeError("the receiver has no port until it is started")
        return self._port

    @property
    def url(self) -> str:
        """Where to send: ``http://127.0.0.1:PORT/hook``."""
        return f"http://{_HOST}:{self.port}{self.path}"

    @property
    def notifier_url(self) -> str:
        """The webhook notifier URL for it: ``webhook+http://127.0.0.1:PORT/hook``."""
        return f"webhook+{self.url}"

    # -- answers --------------------------------------------------------------------------------

    def respond(
        self, status: int, *, times: int | None = None, retry_after: int | str | None = None
    ) -> None:
        """Answer the next ``times`` requests with ``status``; every later one, when None.

        Calls add up in order: ``respond(503, times=2); respond(410)`` answers ``503`` twice,
        then ``410`` from then on. ``retry_after`` is sent as the ``Retry-After`` header.
        Requests to another path than :attr:`path` get ``404`` and use up nothing.
        """
        if not 100 <= status <= 599:
            raise ValueError(f"not an HTTP status: {status}")
        if times is not None and times < 0:
            raise ValueError(f"times: give a count from 0, not {times}")
        answer = Answer(status, retry_after)
        with self._lock:
            if times is None:
                self._default = answer
            else:
                self._script.extend([answer] * times)

    def _answer(self, path: str) -> Answer:
        if path.split("?", 1)[0] != self.path:
            return Answer(404)
        with self._lock:
            return self._script.pop(0) if self._script else self._default

    def _record(self, request: ReceivedRequest) -> None:
        with self._lock:
            self._requests.append(request)
            self._lock.notify_all()

    # -- what was received ----------------------------------------------------------------------

    @property
    def requests(self) -> tuple[ReceivedRequest, ...]:
        """Every request received so far, in the order they arrived, however answered."""
        with self._lock:
            return tuple(self._requests)

    def clear(self) -> None:
        """Forget the requests received so far (the answers still to give stay)."""
        with self._lock:
            self._requests.clear()

    def wait(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until at least ``count`` requests arrived, at most ``timeout`` seconds.

        Whether they did. For a test whose sender runs in another thread or process; a
        notifier's ``send`` returns after the answer, so no wait is needed after it.
        """
        with self._lock:
            return self._lock.wait_for(lambda: len(self._requests) >= count, timeout)

    def received(self, secret: str | bytes | None = None) -> list[bytes]:
        """The bodies it accepted (answered 2xx) whose signature verifies, in order.

        The signature is checked with ``secret`` (default: the receiver's :attr:`secret`) at
        the moment each request arrived. Requests it refused, or whose signature is missing or
        wrong, are left out, as a real receiver would drop them; see :attr:`requests` for all.
        """
        key = secret if secret is not None else self.secret
        if key is None:
            raise ValueError("give the secret the signatures are checked with")
        return [
            request.body
            for request in self.requests
            if 200 <= request.status < 300 and request.verifies(key)
        ]

    def events(self, secret: str | bytes | None = None) -> list[dict[str, Any]]:
        """The CloudEvents of :meth:`received`, each parsed from its JSON body."""
        return [cast(dict[str, Any], json.loads(body)) for body in self.received(secret)]


class _Server(http.server.ThreadingHTTPServer):
    """The HTTP server, knowing its receiver and its open connections."""

    daemon_threads = True
    receiver: WebhookReceiver

    def __init__(self, address: tuple[str, int], handler: type[_Handler]) -> None:
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, handler)

    def server_bind(self) -> None:
        """Bind, without the reverse DNS lookup of :class:`~http.server.HTTPServer`."""
        socketserver.TCPServer.server_bind(self)
        self.server_name = _HOST
        self.server_port = int(self.socket.getsockname()[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Drop a connection the sender (or :meth:`WebhookReceiver.stop`) cut; report others."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """Cut every connection still open, so no handler waits on a sender that went quiet."""
        with self._open_lock:
            sockets = list(self._open)
        for open_socket in sockets:
            with contextlib.suppress(OSError):
                open_socket.shutdown(socket.SHUT_RDWR)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Records each request with its receiver and answers as the receiver says."""

    server: _Server
    timeout = _IDLE_CONNECTION
    server_version = "halt-webhook-receiver"

    def do_POST(self) -> None:
        self._receive()

    def do_PUT(self) -> None:
        self._receive()

    def _receive(self) -> None:
        arrived = time.time()
        body = self._body()
        receiver = self.server.receiver
        answer = receiver._answer(self.path)
        receiver._record(
            ReceivedRequest(
                method=self.command,
                path=self.path,
                headers=dict(self.headers.items()),
                body=body,
                time=arrived,
                status=answer.status,
            )
        )
        self.send_response(answer.status)
        if answer.retry_after is not None:
            self.send_header("Retry-After", str(answer.retry_after))
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(answer.body)
        self.close_connection = True

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing: a test reads :attr:`WebhookReceiver.requests` instead of a log."""
