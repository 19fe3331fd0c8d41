"""A limit on the size of request bodies: 413 over it, and nothing read past it.

Without a limit, a large upload to a form is read, and spooled to a temporary file, until the
disk is full. :class:`BodyLimit` is plain ASGI middleware that stops that before the app
reads anything: a request that announces a longer body (``Content-Length``) is answered 413
at once, unread; a body sent in chunks (``Transfer-Encoding: chunked``) is counted as it
arrives and refused at the first chunk that goes past the limit. Either way no more than the
limit is ever read, so the form parser never gets enough to spool to disk (Starlette keeps an
upload in memory up to 1 MiB).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 1024 * 1024
"""The largest request body the app reads: 1 MiB (its forms need a few kilobytes)."""

_TOO_LARGE = b"Het verzoek is te groot: de app neemt hooguit 1 MiB aan.\n"
_BAD_LENGTH = b"Content-Length is geen getal.\n"


class BodyTooLarge(Exception):
    """Raised into the app when the body it is reading goes past the limit."""


class BodyLimit:
    """ASGI middleware: request bodies of at most ``max_bytes``; 413 for longer ones.

    Put it around the app (``Starlette(middleware=[Middleware(BodyLimit)])``). The app sees
    a body that stops with :class:`BodyTooLarge` when the limit is passed; the middleware
    then answers 413, unless the app had begun its answer already.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request, refusing its body when it is too long."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared == -1:
            await _answer(send, 400, _BAD_LENGTH)
            return
        if declared is not None and declared > self.max_bytes:
            await _answer(send, 413, _TOO_LARGE)  # the body is never read
            return
        received = 0
        refused = False
        started = False

        async def counted() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    refused = True
                    raise BodyTooLarge(f"the request body is longer than {self.max_bytes} bytes")
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if refused and not started:
                return  # the app's answer to BodyTooLarge (a 500): ours goes instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await _answer(send, 413, _TOO_LARGE)


def _content_length(scope: Scope) -> int | None:
    """The declared body length; None when not declared, -1 when it is no number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else -1
    return None


async def _answer(send: Send, status: int, body: bytes) -> None:
    """Answer with ``status`` and a short Dutch text, and close the connection."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
