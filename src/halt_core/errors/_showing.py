"""How errors show the values they name: short, bounded, and never a youth's personal data."""

from __future__ import annotations

import datetime as dt
import enum
import math
import typing
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = ["bounded", "clip", "short_repr", "state_word"]


def state_word(state: object) -> str:
    """A lifecycle state as the docs and documents spell it: the enum member's value."""
    return str(getattr(state, "value", state))


def short_repr(value: object) -> str:
    """``value`` as an error shows it: a few dozen characters at most, however big it is.

    Never slower than the characters it shows: a long text is cut before it is quoted, a
    container shows its first items and nests three levels at most (so a list that holds
    itself, or one nested ten thousand deep, is no problem), a huge number gives its size.
    Values under the key or field ``youth`` are left out: they are personal data.
    """
    from halt_core.serialization.limits import MAX_ECHO

    return clip(_render(value, MAX_ECHO + 1, 0), MAX_ECHO)


def clip(text: str, limit: int | None = None) -> str:
    """``text`` cut to ``limit`` characters (default: ``MAX_ECHO``), ending in ``...``."""
    if limit is None:
        from halt_core.serialization.limits import MAX_ECHO

        limit = MAX_ECHO
    return text if len(text) <= limit else text[: limit - 3] + "..."


def bounded(message: str) -> str:
    """``message`` cut to the longest an error message may be (``MAX_MESSAGE_LENGTH``)."""
    from halt_core.serialization.limits import MAX_MESSAGE_LENGTH

    return clip(message, MAX_MESSAGE_LENGTH)


_PERSONAL = frozenset({"youth"})  # keys and fields whose values are never shown


class _Withheld:
    def __repr__(self) -> str:
        return "<withheld>"


_HIDDEN = _Withheld()


def _render(value: object, budget: int, depth: int) -> str:
    if isinstance(value, enum.Enum):
        return repr(value)
    if isinstance(value, str):
        return repr(value[:budget])
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() <= 3 * budget:
            return repr(value)
        digits = math.floor(value.bit_length() * math.log10(2)) + 1
        return f"<about {digits:,} digits>"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date | dt.time):
        # Dates and times read as people write them (2026-03-29 02:30+02:00), not as reprs.
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, type):
        return value.__qualname__
    if isinstance(value, dict):
        items = (
            (k, _HIDDEN if isinstance(k, str) and k in _PERSONAL else v) for k, v in value.items()
        )
        return _sequence("{", "}", items, budget, depth, pairs=True)
    if isinstance(value, list | tuple | set | frozenset):
        brackets = (
            "()"
            if isinstance(value, tuple)
            else "{}"
            if isinstance(value, set | frozenset)
            else "[]"
        )
        return _sequence(brackets[0], brackets[1], value, budget, depth, pairs=False)
    if attrs.has(type(value)):
        fields = attrs.fields(typing.cast(Any, type(value)))
        items = (
            (f.name, _HIDDEN if f.name in _PERSONAL else getattr(value, f.name, None))
            for f in fields
        )
        name = type(value).__name__
        return _sequence(f"{name}(", ")", items, budget - len(name), depth, pairs=True, eq=True)
    try:
        return repr(value)[:budget]
    except Exception:  # a repr that fails must not hide the error being reported
        return f"<{type(value).__name__}>"


def _sequence(
    opening: str,
    closing: str,
    items: Iterable[Any],
    budget: int,
    depth: int,
    *,
    pairs: bool,
    eq: bool = False,
) -> str:
    if depth >= 3:
        return f"{opening}...{closing}"
    parts: list[str] = []
    used = len(opening)
    for item in items:
        if used > budget:
            parts.append("...")
            break
        if pairs:
            key, inner = item
            left = key if eq else _render(key, budget - used, depth + 1)
            text = f"{left}{'=' if eq else ': '}{_render(inner, budget - used, depth + 1)}"
        else:
            text = _render(item, budget - used, depth + 1)
        parts.append(text)
        used += len(text) + 2
    return opening + ", ".join(parts) + closing
