"""A webhook receiver on loopback for the example, as a partner's system would run one.

It checks every request's ``Halt-Signature`` with :func:`halt_adapters.notify.verify_signature`
before it trusts the body, drops an event whose id it has seen (delivery is at least once),
and answers 503 to its first requests, to show that the dispatcher tries again.
"""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any

from halt_adapters.notify import SignatureInvalid, verify_signature


class HookReceiver:
    """Receives CloudEvents at ``url``; ``events`` holds each verified event once."""

    def __init__(self, secret: str, *, unavailable_first: int = 0) -> None:
        self.secret = secret
        self.events: list[dict[str, Any]] = []
        self.refused = 0  # requests whose signature did not verify
        self.unavailable = unavailable_first
        self.duplicates = 0
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self.send_response(receiver.take(body, self.headers.get("Halt-Signature")))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    def take(self, body: bytes, signature: str | None) -> int:
        """The status to answer a request with ``body`` and ``signature``."""
        with self._lock:
            if self.unavailable > 0:
                self.unavailable -= 1
                return 503
            try:
                verify_signature(body, signature, self.secret)
            except SignatureInvalid:
                self.refused += 1
                return 401
            event = json.loads(body)
            if event["id"] in self._seen:
                self.duplicates += 1  # the same event again: already handled
            else:
                self._seen.add(event["id"])
                self.events.append(event)
            return 204

    def __enter__(self) -> HookReceiver:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
