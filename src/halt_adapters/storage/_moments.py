"""Moments as the stores keep them: aware datetimes, in UTC.

The deliveries of notifications are due at a moment and leased until one; comparing a
moment without a time zone with one that has it would be a guess (the machine's local time?),
so the built-in stores refuse it.
"""

from __future__ import annotations

import datetime as dt

from halt_core.errors import InvalidValue

__all__ = ["utc", "utc_or_none"]


def utc(value: object, owner: str, field: str) -> dt.datetime:
    """``value``, an aware datetime, in UTC; :class:`InvalidValue` for anything else.

    ``owner`` and ``field`` name it in the error, e.g. ``("Deliveries.claim", "now")``.
    """
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise InvalidValue(
            owner, field, value, "expected an aware datetime (one with a time zone, e.g. UTC)"
        )
    return value.astimezone(dt.UTC)


def utc_or_none(value: object, owner: str, field: str) -> dt.datetime | None:
    """As :func:`utc`, passing None through."""
    return None if value is None else utc(value, owner, field)
