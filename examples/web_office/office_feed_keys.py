"""Feed keys: calendar apps read an account's feeds by a secret in the address, not a session.

A calendar app (Outlook, Google Calendar, Apple Calendar) that subscribes to a feed cannot
sign in. So each account has a **feed key** (``secrets.token_urlsafe(32)``, kept with the
account in the owner-only accounts file, :meth:`office_accounts.Accounts.feed_key`), and the
pages show the signed-in user the feeds' addresses with that key in the path, as Google
Calendar's *secret address* does::

    /calendars/<key>/partner/<id>.ics
    /calendars/<key>/forum/<id>.ics

The key sits in the path, not the query, so clients that drop query strings keep it.
:class:`~office_signin.SignInGuard` serves such a ``GET`` (or ``HEAD``) without a session
when the key is an account's (of any role); a wrong or replaced key, and any other method,
get the same *404* as a feed that does not exist (:data:`NOT_FOUND`), so the answer never
tells that keys exist. *Nieuwe agendasleutel* (``POST`` :data:`NEW_KEY`) and the command
``reset-feed-key NAME`` replace an account's key: the old addresses stop working at once.

The key never goes to a log: :func:`redact` hides it in any path that is logged, and the
audit log has one line per account per hour of feed reads (:class:`FeedReads`), which names
the account and the feed, never the key.
"""

from __future__ import annotations

import logging
import re
import threading

FEED_PATH = re.compile(r"/calendars/(?P<key>[^/]+)/(?P<kind>[^/]+)/(?P<id>[^/]+)\.ics")
"""The path of a feed with a key: ``/calendars/<key>/<kind>/<id>.ics``."""

NEW_KEY = "/agendasleutel"
"""Where *Nieuwe agendasleutel* posts: a new feed key for the signed-in account."""

READ_LOG_SECONDS = 3600
"""At most one audit line per account this often for its feed reads (apps poll often)."""

AUDIT = logging.getLogger("halt.web_office.audit")

NOT_FOUND = b"""<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Niet gevonden</title>
<link rel="stylesheet" href="/static/office.css"></head>
<body><main class="wrap"><h1>Niet gevonden</h1>
<p id="niet-gevonden">Deze agenda bestaat hier niet (meer). Het juiste adres om een agenda te
volgen staat op de pagina van de partner of het overleg in de app van het Halt-regiokantoor.</p>
</main></body></html>
"""
"""The answer to a feed address with a wrong key, another method, or an unknown feed."""


def keyed_feed(path: str) -> re.Match[str] | None:
    """The parts of a feed address with a key (``key``, ``kind``, ``id``); else None."""
    return FEED_PATH.fullmatch(path)


def redact(path: str) -> str:
    """``path`` as it may be logged: a feed key in it replaced by ``***``."""
    found = keyed_feed(path)
    if found is None:
        return path
    return f"/calendars/***/{found['kind']}/{found['id']}.ics"


class FeedReads:
    """The audit log of feed reads: one line per account per :data:`READ_LOG_SECONDS`.

    A calendar app polls every few minutes; a line each time would bury the rest of the log.
    The line says who (the account), what (the first feed read in that hour) and from where.
    """

    def __init__(self, every: float = READ_LOG_SECONDS) -> None:
        self.every = every
        self._lock = threading.Lock()
        self._logged: dict[str, float] = {}

    def read(self, name: str, kind: str, id: str, client: str, now: float) -> None:
        """Account ``name`` read feed ``kind`` ``id``: log it unless logged lately."""
        with self._lock:
            last = self._logged.get(name)
            if last is not None and now - last < self.every:
                return
            self._logged[name] = now
        AUDIT.info(
            "feed read: user=%s %s=%s client=%s (further reads within %d min not logged)",
            name,
            kind,
            id,
            client,
            self.every // 60,
        )
