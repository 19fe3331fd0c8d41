"""The ``log:`` notifier: every event as one line in the ``logging`` module.

``log:`` logs to the ``halt_adapters.notify`` logger at INFO; ``log:NAME`` to the logger
``NAME``; ``?level=warning`` at another level. A line names the event's type, id and
subject, never the event's data, so nothing personal reaches a log file. For operators who
want a trace of what was notified, and for trying the dispatcher without a server.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

from halt_core.hookspecs import hookimpl
from halt_core.notify import Notification, Notifier, NotifierUnavailable

__all__ = ["LogNotifier", "halt_notifiers"]

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


class LogNotifier(Notifier):
    """Writes each event as a line to a logger.

    Args:
        url: ``log:``, ``log:LOGGER`` or either with ``?level=debug|info|warning``.

    """

    for_partners = False

    def __init__(self, url: str) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme != "log":
            raise NotifierUnavailable(url, "expected a URL like log: or log:halt.notices")
        query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        level = query.pop("level", ["info"])[-1].lower()
        if level not in _LEVELS or query:
            unknown = ", ".join(sorted(query)) or f"level={level}"
            raise NotifierUnavailable(
                url, f"unknown setting {unknown}; give ?level=debug, info or warning"
            )
        self.name = url
        self.level = _LEVELS[level]
        self.logger = logging.getLogger(parsed.path or "halt_adapters.notify")

    def send(self, notification: Notification) -> None:
        """Log the event's type, id and subject."""
        event = notification.event
        self.logger.log(
            self.level,
            "%s %s about %s (attempt %d)",
            event.type,
            event.id,
            event.subject,
            notification.attempt,
        )


@hookimpl
def halt_notifiers() -> Mapping[str, Callable[[str, Mapping[str, Any]], Notifier]]:
    """The ``log:`` scheme."""
    return {"log": lambda url, options: LogNotifier(url, **options)}
