"""Store URLs in messages and logs: their secrets replaced by ``***``.

:func:`redact_url` is the one place that knows where a URL keeps its secrets; every message,
log line and ``repr`` that names a store URL shows it through that function. The ``halt``
command and the examples also pass whatever they print on an error path (messages from
drivers, ``--debug`` tracebacks) through :func:`redact_secrets`, which hides the secrets of
the URL they were given wherever they appear.
"""

from __future__ import annotations

import re
import urllib.parse

__all__ = ["SECRET_PARAMETERS", "redact_secrets", "redact_url"]

SECRET_PARAMETERS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passfile",
        "sslpassword",
        "sslkey",
        "token",
        "secret",
        "api_key",
        "apikey",
        "credential",
        "private_key",
        "access_key",
    }
)
"""Words that mark a setting as secret (compared without case).

:func:`redact_url` hides the value of every query parameter, or ``key=value`` setting of a
libpq connection string, whose name *contains* one of these words: ``password``, but also
``sslpassword``, ``db_password``, ``client_secret`` and ``access_token``.
"""

_NAME = r"[\w.\-]*(?:" + "|".join(map(re.escape, sorted(SECRET_PARAMETERS))) + r")[\w.\-]*"
# A query parameter (?password=..., &client_secret=...): its value ends at & ; or #.
_QUERY_SECRET = re.compile(
    r"(?P<key>(?:[?&;]|%26|%3F)" + _NAME + r"(?:=|%3D))(?P<value>[^&;#]*)", re.IGNORECASE
)
# A key=value setting of a libpq connection string ("host=h password=S3cret"), also inside a
# query value (options=-c%20password%3D...): its value is quoted ('...') or ends at a space.
_SETTING_SECRET = re.compile(
    r"(?P<key>(?:^|(?<=[\s+,])|%20)" + _NAME + r"\s*(?:=|%3D)\s*)"
    r"(?P<value>'(?:[^'\\]|\\.)*'?|\S*)",
    re.IGNORECASE,
)
_SHORTEST_SCRUBBED = 4
"""Secrets shorter than this are hidden in the URL only, not searched for in other text."""


def redact_url(url: str) -> str:
    """``url`` with its secrets replaced by ``***``, for messages and logs.

    Hides the password of the user-info part (``scheme://user:***@host``), also when it holds
    ``@``, ``/``, ``?`` or ``#``, and the value of every query parameter or ``key=value``
    setting whose name contains a word of :data:`SECRET_PARAMETERS` (``?password=***``,
    ``host=h password=***``). Works on malformed URLs and on libpq connection strings too:
    it reads the text, it does not parse the URL. Redacting twice changes nothing.
    """
    spans = _secret_spans(url)
    parts: list[str] = []
    done = 0
    for start, end in spans:
        parts.append(url[done:start] + "***")
        done = end
    return "".join(parts) + url[done:]


def redact_secrets(text: str, url: str) -> str:
    """``text`` with ``url``, and every secret in it, hidden as :func:`redact_url` hides them.

    For what a program prints on an error path: a driver's message or a traceback may quote
    the URL, or a password alone (as written, or percent-decoded). ``url`` is replaced by its
    redacted form, then each of its secrets of 4 characters or more by ``***`` wherever it
    appears. (A shorter secret is hidden in the URL only: replacing every ``pw`` in a text
    would garble it.)
    """
    redacted = redact_url(url)
    if redacted == url:
        return text
    text = text.replace(url, redacted)
    secrets: set[str] = set()
    for start, end in _secret_spans(url):
        value = url[start:end]
        secrets.update((value, urllib.parse.unquote(value), urllib.parse.unquote_plus(value)))
        if len(value) > 1 and value[0] == value[-1] == "'":
            secrets.add(value[1:-1])
    for secret in sorted(secrets, key=len, reverse=True):  # longest first: no half-hidden one
        if len(secret) >= _SHORTEST_SCRUBBED and secret != "***":
            text = text.replace(secret, "***")
    return text


def _secret_spans(url: str) -> list[tuple[int, int]]:
    """Where the secrets of ``url`` are: sorted, merged ``(start, end)`` index pairs."""
    spans = [_user_info_password(url)]
    for pattern in (_QUERY_SECRET, _SETTING_SECRET):
        spans.extend(match.span("value") for match in pattern.finditer(url))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(span for span in spans if span is not None and span[0] < span[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_HOST_PORT = re.compile(r"(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+):[0-9]{1,5}[?#]")


def _host_and_port(text: str) -> bool:
    """Whether ``text`` starts as ``host.name:port`` followed by a query or fragment."""
    return _HOST_PORT.match(text) is not None


def _user_info_password(url: str) -> tuple[int, int] | None:
    """Where the password of ``scheme://user:password@host`` is, or None without one.

    Parsers disagree on where the user-info ends, so the widest reading wins: the last ``@``
    before the query or fragment (a password may hold ``@`` or ``/``), or the first ``@``
    before any ``/``, as libpq reads it (a password may hold ``?`` or ``#``).
    """
    scheme_end = url.find("://")
    if scheme_end < 0:
        return None
    begin = scheme_end + 3
    rest = url[begin:]
    query = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    last_at = rest.rfind("@", 0, query)
    slash = rest.find("/")
    first_at = rest.find("@", 0, slash if slash >= 0 else len(rest))
    at = max(last_at, first_at)
    if at > last_at and _host_and_port(rest[:at]):
        # host:port?key=a@b: the @ is in the query (smtp://h:587?from=halt@example.nl)
        at = last_at
    if at < 0:
        return None
    user, colon, _ = rest[:at].partition(":")
    if not colon or any(c in user for c in "/?#"):
        return None
    start = begin + len(user) + 1
    return (start, begin + at) if start < begin + at else None
