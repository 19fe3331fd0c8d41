"""Store URLs in messages and logs: their secrets replaced by ``***``."""

from __future__ import annotations

import re

__all__ = ["SECRET_PARAMETERS", "redact_url"]

SECRET_PARAMETERS = frozenset(
    {"password", "passfile", "sslpassword", "sslkey", "token", "secret", "api_key", "apikey"}
)
"""Query parameters whose values :func:`redact_url` hides (compared without case)."""

_QUERY_SECRET = re.compile(
    r"([?&;](?:" + "|".join(sorted(SECRET_PARAMETERS)) + r")=)[^&;#]*", re.IGNORECASE
)


def redact_url(url: str) -> str:
    """``url`` with its secrets replaced by ``***``, for messages and logs.

    Hides the password of the user-info part (``scheme://user:***@host``) and the values of
    the query parameters in :data:`SECRET_PARAMETERS` (``?password=***``). Works on malformed
    URLs too: it reads the text, it does not parse the URL.
    """
    return _QUERY_SECRET.sub(r"\1***", _redact_user_info(url))


def _redact_user_info(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    # The user-info ends at the last "@" before the query: a password may hold "@" or "/".
    end = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    at = rest.rfind("@", 0, end)
    user, colon, _ = rest[: max(at, 0)].partition(":")
    if at < 0 or not colon or "/" in user:
        return url
    return f"{scheme}://{user}:***{rest[at:]}"
