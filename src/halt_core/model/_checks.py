"""Validators shared by the model classes.

Each factory returns an attrs validator that raises :class:`~halt_core.errors.InvalidValue`
naming the class, the field, the value and what is allowed. They check *values*; rules that
relate several values live in :mod:`halt_core.rules`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from typing import Any, NoReturn

from halt_core.errors import InvalidValue

Validator = Callable[[Any, Any, Any], None]

MUNICIPALITY_CODE = re.compile(r"GM[0-9]{4}")  # [0-9], not \d: no other scripts' digits
SAFETY_REGION_CODE = re.compile(r"VR[0-9]{2}")


def text_allowed(max_length: int) -> str:
    """What :func:`text` accepts, in words (for checks written out in a class)."""
    return f"expected text of 1 to {max_length} characters that is not only spaces"


def is_text(value: object, max_length: int) -> bool:
    """Whether ``value`` is what :func:`text` accepts (for checks written out in a class)."""
    return isinstance(value, str) and 0 < len(value) <= max_length and not value.isspace()


def whole_allowed(minimum: int, maximum: int) -> str:
    """What :func:`whole_number` accepts, in words."""
    return f"expected a whole number from {minimum} to {maximum}"


def is_whole(value: object, minimum: int, maximum: int) -> bool:
    """Whether ``value`` is what :func:`whole_number` accepts."""
    return isinstance(value, int) and not isinstance(value, bool) and minimum <= value <= maximum


def raise_first(problems: list[InvalidValue]) -> NoReturn:
    """Raise the first of ``problems``, carrying the others in its ``also``."""
    first, *others = problems
    first.also = tuple(others)
    raise first


def fail(instance: object, attribute: Any, value: object, allowed: str) -> InvalidValue:
    """Build the error for ``attribute`` of ``instance`` (the caller raises it)."""
    return InvalidValue(type(instance).__name__, attribute.name, value, allowed)


def text(max_length: int = 200) -> Validator:
    """Non-blank text of at most ``max_length`` characters."""
    allowed = text_allowed(max_length)

    def check(instance: object, attribute: Any, value: object) -> None:
        if not is_text(value, max_length):
            raise fail(instance, attribute, value, allowed)

    return check


def free_text_allowed(max_length: int) -> str:
    """What :func:`free_text` accepts, in words."""
    return f"expected text of at most {max_length} characters"


def free_text(max_length: int = 2000) -> Validator:
    """Text of at most ``max_length`` characters; may be empty."""
    allowed = free_text_allowed(max_length)

    def check(instance: object, attribute: Any, value: object) -> None:
        if not isinstance(value, str) or len(value) > max_length:
            raise fail(instance, attribute, value, allowed)

    return check


def matches(pattern: re.Pattern[str], allowed: str) -> Validator:
    """Text that matches ``pattern`` in full; ``allowed`` describes it for the error."""

    def check(instance: object, attribute: Any, value: object) -> None:
        if not isinstance(value, str) or pattern.fullmatch(value) is None:
            raise fail(instance, attribute, value, allowed)

    return check


def whole_number(minimum: int, maximum: int) -> Validator:
    """An ``int`` (not a bool) from ``minimum`` to ``maximum`` inclusive."""
    allowed = whole_allowed(minimum, maximum)

    def check(instance: object, attribute: Any, value: object) -> None:
        if not is_whole(value, minimum, maximum):
            raise fail(instance, attribute, value, allowed)

    return check


def optional(inner: Validator) -> Validator:
    """``None``, or a value ``inner`` accepts."""

    def check(instance: object, attribute: Any, value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def aware_datetime(instance: object, attribute: Any, value: Any) -> None:
    """A :class:`datetime.datetime` that knows its time zone."""
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise fail(
            instance,
            attribute,
            value,
            "expected a date and time with a time zone, "
            "e.g. datetime(2025, 3, 1, 10, 0, tzinfo=AMSTERDAM)",
        )


def no_duplicates(instance: object, attribute: Any, value: tuple[object, ...]) -> None:
    """A tuple in which no element occurs twice."""
    if len(set(value)) != len(value):
        twice = [item for item, count in Counter(value).items() if count > 1]
        raise fail(instance, attribute, value, f"each element may occur once; repeated: {twice}")
