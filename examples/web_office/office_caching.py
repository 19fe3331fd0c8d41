"""Cheap polling for the calendar feeds: ``ETag``, ``Last-Modified`` and the 304 answer.

A calendar app polls a feed it subscribed to, every few minutes or hours, for as long as the
subscription lasts. Each answer carries a strong ``ETag`` (a hash of the feed's bytes) and a
``Last-Modified``; the next poll sends them back (``If-None-Match``, ``If-Modified-Since``)
and gets *304 Not Modified*, without a body, while the feed is unchanged (RFC 9110, 13.1
and 13.2.2).

The ``ETag`` is exact: the same bytes, the same tag. ``Last-Modified`` is harder to give
honestly, since the store keeps versions, not the times records were changed, and a fixed
or made-up time would make clients skip changes. It is therefore the moment this server
first served the feed as it is now (to the second before: HTTP dates have whole seconds):
whatever changed the feed did so before then. :class:`FirstServed` remembers that moment
per feed, in the app's process; see its docstring for what that means when the app
restarts or runs in several processes.

This module imports nothing of the app's, so it can be tested on its own.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import threading
from collections.abc import Mapping

_SECOND = dt.timedelta(seconds=1)


def strong_etag(body: bytes) -> str:
    """A strong entity tag for ``body``: its SHA-256 (the first 128 bits), quoted."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def http_date(moment: dt.datetime) -> str:
    """``moment`` as an HTTP date, e.g. ``Fri, 04 Dec 2026 16:34:36 GMT``."""
    return email.utils.format_datetime(moment.astimezone(dt.UTC), usegmt=True)


class FirstServed:
    """When this server first served each feed in its current form: its ``Last-Modified``.

    :meth:`moment` is asked with the feed's current tag on every request. While the tag
    stays the same it answers the same moment; when the tag differs from the one it
    remembers, the feed changed since, and it remembers the new tag with the second before
    the request came (whole seconds, as HTTP dates have them; the second before, so the
    date is not later than the ``Date`` the server sends, which uvicorn's loop updates
    about once a second, or a little later when it is busy). The new moment is always
    later than the one it replaces, so two changes within a second still give different
    dates. Only the latest tag of a feed is kept: a feed that changes back to an older form
    gets a new moment, never its old one.

    So a client's ``If-Modified-Since`` (the ``Last-Modified`` it was given) is earlier than
    the feed's moment whenever the feed changed after the client read it, and the client
    downloads the feed again; it never gets *304* for a feed it has not seen.

    The memory lives in the app's process. After a restart each feed counts as first served
    at its first request (a client whose feed did not change downloads it once more: slower,
    never wrong). An app served by several processes must keep this memory in one place
    they share, or send no ``Last-Modified``: one process could otherwise answer *304* to a
    date another process gave for a different form of the feed. ``ETag`` has no such limit.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[str, dt.datetime]] = {}

    def moment(self, feed: str, etag: str, arrived: dt.datetime) -> dt.datetime:
        """When ``feed``, with tag ``etag`` on a request that ``arrived``, was first served."""
        second_before = arrived.astimezone(dt.UTC).replace(microsecond=0) - _SECOND
        with self._lock:
            seen = self._seen.get(feed)
            if seen is not None and seen[0] == etag:
                return seen[1]
            moment = second_before if seen is None else max(second_before, seen[1] + _SECOND)
            self._seen[feed] = (etag, moment)
            return moment


def not_modified(
    headers: Mapping[str, str], method: str, etag: str, last_modified: dt.datetime | None
) -> bool:
    """Whether a request with ``headers`` is answered *304 Not Modified* (RFC 9110, 13.2.2).

    ``If-None-Match`` decides when the request has one: 304 when it names ``etag`` (or is
    ``*``), compared weakly as the RFC asks. Otherwise ``If-Modified-Since`` does, for GET
    and HEAD only: 304 when ``last_modified`` is not after it. A date that cannot be read,
    or lies in the future, is ignored, as is a missing ``last_modified``.
    """
    if method not in ("GET", "HEAD"):
        return False
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = [tag.strip() for tag in if_none_match.split(",")]
        return "*" in tags or _opaque(etag) in {_opaque(tag) for tag in tags}
    since = headers.get("if-modified-since")
    if since is None or last_modified is None:
        return False
    try:
        date = email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False
    if date.tzinfo is None:  # "-0000": RFC 5322's unknown zone; HTTP dates are GMT
        date = date.replace(tzinfo=dt.UTC)
    if date > dt.datetime.now(dt.UTC) + _SECOND:
        return False
    return last_modified <= date


def _opaque(tag: str) -> str:
    """The tag without its weakness marker (``W/``), for the weak comparison."""
    return tag[2:] if tag.startswith("W/") else tag
