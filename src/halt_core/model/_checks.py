"""Validators shared by the model classes.

Each factory returns an attrs validator that raises :class:`~halt_core.errors.InvalidValue`
naming the class, the field, the value and what is allowed. They check *values*; rules that
relate several values live in :mod:`halt_core.rules`.

:func:`check_types` checks every field of a value against its annotation, so that a wrong
type is refused where it is given (``Period(start=datetime(...))``, ``Cadence(frequency=
"weekly")``) rather than failing later, in a rule or a store, with a Python error.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import enum
import math
import re
import types
import typing
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any, NoReturn

import attrs

from halt_core.errors import InvalidValue

Validator = Callable[[Any, Any, Any], None]

PERSONAL_TYPES: set[object] = set()
"""Types whose values are personal data of a youth: errors describe them, never show them."""

MUNICIPALITY_CODE = re.compile(r"GM[0-9]{4}")  # [0-9], not \d: no other scripts' digits
SAFETY_REGION_CODE = re.compile(r"VR[0-9]{2}")


def text_allowed(max_length: int) -> str:
    """What :func:`text` accepts, in words (for checks written out in a class)."""
    return f"expected text of 1 to {max_length} characters that is not only spaces"


def is_text(value: object, max_length: int) -> bool:
    """Whether ``value`` is what :func:`text` accepts (for checks written out in a class)."""
    return isinstance(value, str) and 0 < len(value) <= max_length and not value.isspace()


_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")


def is_clean(value: str) -> bool:
    """Whether ``value`` can be stored and written: no NUL character, no lone surrogate.

    A lone surrogate (U+D800 to U+DFFF) is not a character and has no UTF-8 form, so no JSON
    document, file or database can hold it; PostgreSQL refuses NUL in text.
    """
    return "\x00" not in value if value.isascii() else _UNWRITABLE.search(value) is None


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


AWARE = (
    "expected a date and time with a time zone, e.g. datetime(2025, 3, 1, 10, 0, tzinfo=AMSTERDAM)"
)
"""What :func:`aware_datetime` accepts, in words."""


def aware_datetime(instance: object, attribute: Any, value: Any) -> None:
    """A :class:`datetime.datetime` that knows its time zone.

    Whether it lies in the years the model allows is for the class to check, with
    :func:`halt_core.model.periods.in_instant_range`.
    """
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise fail(instance, attribute, value, AWARE)


def no_duplicates(instance: object, attribute: Any, value: tuple[object, ...]) -> None:
    """A tuple in which no element occurs twice."""
    if isinstance(value, tuple) and len(set(value)) != len(value):
        twice = [item for item, count in Counter(value).items() if count > 1]
        allowed = (
            "each element may occur once; 1 is repeated"
            if len(twice) == 1
            else f"each element may occur once; {len(twice)} are repeated"
        )
        raise fail(instance, attribute, value, allowed)


# -- types ------------------------------------------------------------------------------------


def check_types(instance: object) -> None:
    """Refuse every field of ``instance`` whose value does not have its annotated type.

    Called first thing in the ``__attrs_post_init__`` of every model and event class. The
    types are read strictly, the way :func:`~halt_core.serialization.from_dict` reads them:

    - an enum field takes a member, never its value as text: ``Frequency.WEEKLY``, not
      ``"weekly"`` (``Frequency("weekly")`` makes one from text);
    - a ``date`` field takes a :class:`datetime.date` that is not a ``datetime``, from
      :data:`~halt_core.model.periods.FIRST_DAY` to :data:`~halt_core.model.periods.LAST_DAY`;
    - a text field takes a ``str`` with no NUL character and no lone surrogate;
    - a collection field takes a tuple or a frozenset as annotated (not a list), each item of
      the annotated type; ids are :class:`uuid.UUID` s, whole numbers ``int`` s (not bools).

    The check is generated once per class, so a value of the right types costs a few tens of
    nanoseconds a field. While msgspec builds values from a document (:data:`DECODING`), which
    gives every field its annotated type already, only what msgspec does not check is checked:
    what text holds, and the years of days. Raises :class:`~halt_core.errors.InvalidValue` for
    the first wrong field, with the others in its ``also``.
    """
    try:
        check = _TYPE_CHECKS[type(instance)]
    except KeyError:
        check = _TYPE_CHECKS[type(instance)] = _compile(type(instance))
    check(instance)  # raises when a field is wrong


def _refuse(instance: object) -> NoReturn:
    raise_first(_type_problems(instance))


DECODING: contextvars.ContextVar[bool] = contextvars.ContextVar("halt_decoding", default=False)
"""True while msgspec builds values from a document, having checked their types itself.

Set by the converter around msgspec's decoding, and only there.
"""

_TYPE_CHECKS: dict[type, Callable[[object], None]] = {}  # by class
_FIELD_CHECKS: dict[type, list[tuple[str, Any, Callable[[object], bool]]]] = {}


def _finite(value: float) -> bool:
    return math.isfinite(value)


def _compile(cls: type) -> Callable[[object], None]:
    """The check of ``cls``: one function, generated from its annotations.

    It reads ``DECODING`` first; then, field after field, it checks every type, or only text
    and days, and calls ``_refuse`` (which finds every wrong field) at the first wrong one.
    """
    from halt_core.model.periods import FIRST_DAY, LAST_DAY  # periods imports this module

    if not attrs.has(cls):  # the stand-in the converter validates a broken document with
        return _anything
    namespace: dict[str, Any] = {
        "_decoding": DECODING.get,
        "_refuse": _refuse,
        "_clean": is_clean,
        "_finite": _finite,
        "_date": dt.date,
        "_datetime": dt.datetime,
        "_UUID": uuid.UUID,
        "_FIRST_DAY": FIRST_DAY,
        "_LAST_DAY": LAST_DAY,
    }
    fields = attrs.fields(attrs.resolve_types(cls))
    every: list[str] = []
    values: list[str] = []
    checks = []
    for field in fields:
        expression = _expression(field.type, "v", namespace, 0)
        lines = [f"        v = self.{field.name}", f"        if not ({expression}): _refuse(self)"]
        every.extend(lines)
        if _holds(field.type, (str, dt.date)):
            values.extend(lines)
        # Generated from the class's own annotations, never from data: eval and exec are safe.
        checks.append((field.name, field.type, eval(f"lambda v: {expression}", namespace)))
    _FIELD_CHECKS[cls] = checks
    source = [
        "def check(self):",
        "    if _decoding():",
        *(values or ["        pass"]),
        "    else:",
        *(every or ["        pass"]),
    ]
    exec("\n".join(source), namespace)
    return typing.cast(Callable[[object], None], namespace["check"])


def _anything(instance: object) -> None:
    pass


def _holds(tp: Any, kinds: tuple[type, ...]) -> bool:
    """Whether a value of type ``tp`` is, or holds, a value of one of ``kinds``."""
    if tp in kinds:
        return True
    supertype = getattr(tp, "__supertype__", None)
    if supertype is not None:
        return _holds(supertype, kinds)
    return any(_holds(arg, kinds) for arg in typing.get_args(tp))


def _expression(tp: Any, v: str, namespace: dict[str, Any], depth: int) -> str:
    """A Python expression that is true when ``v`` holds a value of type ``tp``."""
    supertype = getattr(tp, "__supertype__", None)  # a NewType such as PartnerId
    if supertype is not None:
        return _expression(supertype, v, namespace, depth)
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = typing.get_args(tp)
        inner = " or ".join(
            f"({_expression(a, v, namespace, depth)})" for a in args if a is not type(None)
        )
        return f"{v} is None or {inner}" if type(None) in args else inner
    if origin is typing.Literal:
        return f"type({v}) is str and {v} in {_named(namespace, frozenset(typing.get_args(tp)))}"
    if origin in (tuple, frozenset):
        items = _items(tp, v, namespace, depth)
        return f"type({v}) is {_named(namespace, origin)} and (not {v} or {items})"
    if tp is str:
        # Inline for the usual ASCII text: a function call costs more than the check.
        return f"isinstance({v}, str) and (('\\x00' not in {v}) if {v}.isascii() else _clean({v}))"
    if tp is bool:
        return f"type({v}) is bool"
    if tp is int:
        return f"type({v}) is int"
    if tp is float:
        return f"(type({v}) is float or type({v}) is int) and _finite({v})"
    if tp is dt.date:
        return f"type({v}) is _date and _FIRST_DAY <= {v} <= _LAST_DAY"
    if tp is dt.datetime:
        return f"isinstance({v}, _datetime)"
    if tp is uuid.UUID:
        return f"isinstance({v}, _UUID)"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return f"type({v}) is {_named(namespace, tp)}"
    if isinstance(tp, type) and attrs.has(tp):
        return f"isinstance({v}, {_named(namespace, tp)})"
    raise TypeError(f"check_types cannot check a field of type {tp!r}; teach it this type")


def _items(tp: Any, v: str, namespace: dict[str, Any], depth: int) -> str:
    """An expression true when every item of the non-empty collection ``v`` fits ``tp``."""
    item_type = typing.get_args(tp)[0]
    while getattr(item_type, "__supertype__", None) is not None:
        item_type = item_type.__supertype__
    if isinstance(item_type, type) and (
        item_type in (str, uuid.UUID) or issubclass(item_type, enum.Enum) or attrs.has(item_type)
    ):
        # map() over the class's own isinstance check runs in C: a third of a generator's cost.
        check = f"all(map({_named(namespace, item_type.__instancecheck__)}, {v}))"
        return f"{check} and all(map(_clean, {v}))" if item_type is str else check
    item = f"i{depth}"
    return f"all(({_expression(item_type, item, namespace, depth + 1)}) for {item} in {v})"


def _named(namespace: dict[str, Any], value: object) -> str:
    name = f"_t{len(namespace)}"
    namespace[name] = value
    return name


def _type_problems(instance: object) -> list[InvalidValue]:
    owner = type(instance).__name__
    problems = []
    for name, tp, ok in _FIELD_CHECKS[type(instance)]:
        value = getattr(instance, name)
        if not ok(value):
            allowed = f"expected {_words(tp)}"
            if _personal(tp):
                problems.append(InvalidValue(owner, name, _shape(value), allowed, withheld=True))
            else:
                problems.append(InvalidValue(owner, name, value, allowed))
    return problems


def _personal(tp: Any) -> bool:
    if tp in PERSONAL_TYPES:
        return True
    return any(_personal(arg) for arg in typing.get_args(tp))


def _shape(value: object) -> str:
    if isinstance(value, str):
        return f"a text of {len(value)} characters"
    return f"a value of type {type(value).__name__}"


def _words(tp: Any) -> str:
    """What a value of type ``tp`` is, in words, for the errors of :func:`check_types`."""
    supertype = getattr(tp, "__supertype__", None)
    if supertype is not None:
        return _words(supertype)
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = typing.get_args(tp)
        words = " or ".join(_words(a) for a in args if a is not type(None))
        return f"{words} or None" if type(None) in args else words
    if origin is typing.Literal:
        return " or ".join(repr(a) for a in typing.get_args(tp))
    if origin in (tuple, frozenset):
        return f"a {origin.__name__} (not a list), each item {_words(typing.get_args(tp)[0])}"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        first = next(iter(tp))
        name = tp.__name__
        return f"{_a(name)} member, e.g. {name}.{first.name} (from text: {name}({first.value!r}))"
    if isinstance(tp, type) and attrs.has(tp):
        return _a(tp.__name__)
    if tp is dt.date:
        from halt_core.model.periods import FIRST_DAY, LAST_DAY  # periods imports this module

        return (
            f"a day (a datetime.date, not a datetime) from {FIRST_DAY.isoformat()} "
            f"to {LAST_DAY.isoformat()}"
        )
    return _TYPE_WORDS.get(tp, getattr(tp, "__name__", repr(tp)))


def _a(name: str) -> str:
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


_TYPE_WORDS: dict[Any, str] = {
    str: "text (a str) with no NUL character and no lone surrogate",
    bool: "True or False",
    int: "a whole number (an int, not a bool)",
    float: "a finite number",
    dt.datetime: "a date and time (a datetime.datetime) with a time zone",
    uuid.UUID: "an id (a uuid.UUID), e.g. new_id(PartnerId)",
}
