"""A mail server on loopback for the example: aiosmtpd, keeping every mail it receives."""

from __future__ import annotations

import email
import email.message
import email.policy
import socket
import threading
from typing import Any

from aiosmtpd.controller import Controller


class Mailbox:
    """Receives mail on 127.0.0.1 at a free port; ``mails`` holds what came in, in order."""

    def __init__(self) -> None:
        self.mails: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Keep the mail (aiosmtpd's hook)."""
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.mails.append(message)
        return "250 OK"

    def __enter__(self) -> Mailbox:
        self._controller.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._controller.stop()


def calendar_part(mail: email.message.EmailMessage) -> tuple[str, str] | None:
    """The method and text of the mail's first ``text/calendar`` part, if it has one."""
    for part in mail.walk():
        if part.get_content_type() == "text/calendar":
            method = part.get_param("method")
            return (method if isinstance(method, str) else ""), str(part.get_content())
    return None
