"""The one cattrs converter, and how its errors become :class:`~halt_core.errors.Problem` s.

Reporting is bounded like everything at the boundary (:mod:`halt_core.serialization.limits`):
the messages of the structure hooks are written only for the problems that are listed, a
collection keeps the errors of its first :data:`~halt_core.serialization.limits.MAX_PROBLEMS`
bad items and counts the rest, and no value is shown beyond a few dozen characters, so a
document with a million bad items is reported in well under a second.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import enum
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
import msgspec
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)

from halt_core.errors import InvalidValue, Problem
from halt_core.errors._showing import short_repr
from halt_core.model._checks import is_clean
from halt_core.model.periods import in_day_range, in_instant_range
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.serialization.limits import MAX_PROBLEMS

__all__ = ["configure_converter", "describe", "make_converter", "problems_of", "report_of"]


class _Expected(ValueError):
    """Raised by the strict structure hooks; the message says what was expected.

    The message is written when it is read, not when the error is raised: of a million bad
    items only the first few are ever shown.
    """

    def __init__(self, tp: Any, value: object, withheld: bool = False) -> None:
        super().__init__()
        self.tp = tp
        self.value = value
        self.withheld = withheld

    def __str__(self) -> str:
        if self.withheld:
            return f"expected {describe(self.tp)}, got {_kind_of(self.value, withheld=True)}"
        return f"expected {describe(self.tp)}, got {_kind_of(self.value)}"


def describe(tp: Any) -> str:
    """Say in words what a value of type ``tp`` looks like in JSON."""
    supertype = getattr(tp, "__supertype__", None)  # a NewType such as PartnerId
    if supertype is not None:
        return describe(supertype)
    origin = typing.get_origin(tp)
    if tp is YouthPseudonym:
        return "a pseudonym (text)"
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(value) for value in typing.get_args(tp))
    if origin in (types.UnionType, typing.Union):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        return " or ".join(describe(m) for m in members) + " or null"
    if origin in (tuple, frozenset, list, set):
        (item, *_) = typing.get_args(tp)
        return f"a list, each item {describe(item)}"
    if isinstance(tp, type):
        if issubclass(tp, enum.Enum):
            values = ", ".join(repr(m.value) for m in tp)
            return f"one of {values}"
        if attrs.has(tp):
            return f"an object ({tp.__name__})"
    return _WORDS.get(tp, getattr(tp, "__name__", repr(tp)))


_WORDS: dict[Any, str] = {
    str: "text with no NUL character and no lone surrogate",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dt.datetime: ("a date and time with a zone from 1970 to 2199, like 2025-03-01T10:00:00+01:00"),
    dt.date: "a date from 1970-01-01 to 2199-12-31, like 2025-03-01",
    uuid.UUID: "an id (a UUID, like 9b2f0c4e-1d3a-4f5b-8c6d-7e8f9a0b1c2d)",
}


def _expected(tp: Any, value: object) -> _Expected:
    return _Expected(tp, value)


def _kind_of(value: object, *, withheld: bool = False) -> str:
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true/false",
        dict: "an object",
        list: "a list",
        type(None): "null",
    }
    kind = names.get(type(value), type(value).__name__)
    return kind if withheld else f"{kind} {short_repr(value)}"


# -- strict structure hooks -------------------------------------------------------------------
# JSON has few types; each hook accepts exactly the JSON shape the fast path (msgspec)
# accepts, so both paths agree on what is valid.


def _structure_str(value: object, tp: Any) -> str:
    if not isinstance(value, str) or not is_clean(value):
        raise _expected(str, value)
    return value


def _structure_pseudonym(value: object, tp: Any) -> str:
    # Personal data of a youth: a wrong value is described, never shown (the model's check
    # says what it looked like).
    if not isinstance(value, str):
        raise _Expected(YouthPseudonym, value, withheld=True)
    return value


def _structure_int(value: object, tp: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _expected(int, value)
    return value


def _structure_float(value: object, tp: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _expected(float, value)
    return float(value)


def _structure_bool(value: object, tp: Any) -> bool:
    if not isinstance(value, bool):
        raise _expected(bool, value)
    return value


def _via_msgspec(target: type) -> Callable[[object, Any], Any]:
    # Dates, times and UUIDs are parsed by msgspec on both paths, so they accept the same
    # spellings (RFC 3339 / ISO 8601) and reject the same ones.
    def structure(value: object, tp: Any) -> Any:
        if not isinstance(value, str):
            raise _expected(target, value)
        try:
            parsed: Any = msgspec.convert(value, target)
        except (msgspec.ValidationError, UnicodeEncodeError):  # a lone surrogate
            raise _expected(target, value) from None
        if not _IN_RANGE.get(target, _always)(parsed):
            raise _expected(target, value)
        return parsed

    return structure


def _always(value: object) -> bool:
    return True


def _aware_in_range(moment: dt.datetime) -> bool:
    # A time without a zone is the model's to refuse, with its own words.
    return moment.utcoffset() is None or in_instant_range(moment)


_IN_RANGE: dict[type, Callable[[Any], bool]] = {
    dt.date: in_day_range,
    dt.datetime: _aware_in_range,
}


def _structure_literal(value: object, tp: Any) -> Any:
    if value in typing.get_args(tp) and not isinstance(value, bool):
        return value
    raise _expected(tp, value)


def _structure_enum(value: object, tp: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str | int) and not isinstance(value, bool):
        member = tp._value2member_map_.get(value)
        if member is not None:
            return member
    raise _expected(tp, value)


def _collection_hook(converter: cattrs.Converter, tp: Any) -> Callable[[object, Any], Any]:
    origin = _origin(tp)
    args = typing.get_args(tp)
    item_type = args[0] if args else Any
    item_hook = converter.get_structure_hook(item_type)
    build: Callable[[list[Any]], Any] = frozenset if origin in (frozenset, set) else tuple
    note = f"Structuring {tp} @ index "

    def structure(value: object, _: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise _expected(tp, value)
        items: list[Any] = []
        errors: list[Exception] = []
        omitted = 0  # problems of the bad items after the first MAX_PROBLEMS: counted only
        counting = _COUNTING.get()
        token = None
        try:
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as exc:
                    if counting:
                        omitted += count_of(exc)
                        continue
                    exc.__notes__ = [
                        *getattr(exc, "__notes__", []),
                        IterableValidationNote(f"{note}{index}", index, item_type),
                    ]
                    errors.append(exc)
                    if len(errors) == MAX_PROBLEMS:  # enough to list: count the rest only
                        counting, token = True, _COUNTING.set(True)
        finally:
            if token is not None:
                _COUNTING.reset(token)
        if errors:
            error = IterableValidationError(f"While structuring {tp!r}", errors, tp)
            error.omitted = omitted  # type: ignore[attr-defined]
            raise error
        if omitted:
            raise _Counted(omitted)
        return build(items)

    return structure


def _attrs_hook(converter: cattrs.Converter, cls: type) -> Callable[[object, Any], Any]:
    fields = attrs.fields(attrs.resolve_types(cls))
    specs = [(f, converter.get_structure_hook(f.type), f.default is attrs.NOTHING) for f in fields]
    stub_type = type(cls.__name__, (), {})  # validators name the class from their instance
    post_init = getattr(cls, "__attrs_post_init__", None)
    defaults = {
        f.name: f.default
        for f in fields
        if f.default is not attrs.NOTHING and not isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
    }
    notes = {
        f.name: AttributeValidationNote(f"Structuring field {f.name}", f.name, f.type)
        for f in fields
    }

    def _noted(exc: Exception, name: str, tp: Any) -> Exception:
        note = notes.get(name) if tp is not None else None
        exc.__notes__ = [
            *getattr(exc, "__notes__", []),
            note or AttributeValidationNote(f"Structuring field {name}", name, tp),
        ]
        return exc

    def _counted(exc: Exception, name: str, tp: Any) -> Exception:
        return exc  # past what is listed: no path needed

    def structure(data: object, _: Any) -> Any:
        if not isinstance(data, Mapping):
            raise _expected(cls, data)
        values: dict[str, Any] = {}
        errors: list[Exception] = []
        counting = _COUNTING.get()
        _note = _counted if counting else _noted
        missing = 0  # required fields missing, when counting
        for field, hook, required in specs:
            if field.name not in data:
                if required and counting:
                    missing += 1
                elif required:
                    errors.append(_note(KeyError(field.name), field.name, field.type))
                continue
            try:
                values[field.name] = hook(data[field.name], field.type)
            except Exception as exc:
                errors.append(_note(exc, field.name, field.type))
        if not errors and not missing:
            try:
                return cls(**values)
            except InvalidValue as exc:  # the checks in __attrs_post_init__, maybe several
                found = [_note(e, e.field, None) for e in (exc, *exc.also)]
                message = f"While structuring {cls.__name__}"
                raise ClassValidationError(message, found, cls) from None
        if values:
            _check_the_others(values, errors, _note)
        if counting:  # past what is listed: only how many
            raise _Counted(missing + sum(map(count_of, errors)))
        raise ClassValidationError(f"While structuring {cls.__name__}", errors, cls)

    def _check_the_others(
        values: dict[str, Any],
        errors: list[Exception],
        _note: Callable[[Exception, str, Any], Exception],
    ) -> None:
        # Some fields failed: run the checks of the others on a stand-in, so one report lists
        # every bad field of this object, not just those that failed to structure.
        stub = stub_type()
        stub.__dict__.update(defaults)
        stub.__dict__.update(values)
        for field, _hook, _required in specs:
            if field.validator is not None and field.name in values:
                try:
                    field.validator(stub, field, values[field.name])
                except InvalidValue as exc:
                    errors.append(_note(exc, field.name, field.type))
                except AttributeError:
                    pass  # it reads a field that already failed, and is reported
        if post_init is not None:
            try:
                post_init(stub)
            except InvalidValue as exc:
                errors += [_note(e, e.field, None) for e in (exc, *exc.also) if e.field in values]
            except Exception:  # it reads a field that already failed, and is reported
                pass

    return structure


_COUNTING: contextvars.ContextVar[bool] = contextvars.ContextVar("halt_counting", default=False)
# True while the converter reads items past the first MAX_PROBLEMS bad ones of a collection:
# their problems are counted, not described.


class _Counted(Exception):
    """Problems counted, not described: raised for bad items past those listed."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def _origin(tp: Any) -> Any:
    return typing.get_origin(tp)


def _is_collection(tp: Any) -> bool:
    return _origin(tp) in (tuple, frozenset)


# -- unstructure hooks ------------------------------------------------------------------------


def _unstructure_datetime(value: dt.datetime) -> str:
    # msgspec's spelling, so to_dict and to_json write the same text.
    return typing.cast(str, msgspec.to_builtins(value))


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _unstructure_collection(converter: cattrs.Converter, tp: Any) -> Callable[[Any], list[Any]]:
    args = typing.get_args(tp)
    item_hook = converter.get_unstructure_hook(args[0] if args else Any)
    if _origin(tp) is frozenset:
        return lambda value: sorted(item_hook(item) for item in value)
    return lambda value: [item_hook(item) for item in value]


def configure_converter(converter: cattrs.Converter) -> None:
    """Configure ``converter`` the way halt_core reads and writes every model.

    The choices, in one place:

    - attrs classes become dicts with one key per field, in field order; reading them runs
      every validator and reports *every* bad field (not just the first), each with its path.
      Keys the class does not know are ignored, so a document written by a newer version with
      an added field can still be read.
    - ``datetime`` is ISO 8601 / RFC 3339 with its UTC offset (``2025-03-01T10:00:00+01:00``);
      ``date`` is ``YYYY-MM-DD``; a time without a zone is refused.
    - enums are written by value and read only from a valid value.
    - UUIDs (every typed id) are canonical strings.
    - tuples are lists; frozensets are sorted lists; both are read only from lists.
    - text, whole numbers and booleans are read strictly: ``"5"`` is not a number and ``1``
      is not ``true``; text with a NUL character or a lone surrogate is refused, as no store
      or file could hold it.
    - dates lie from 1970-01-01 to 2199-12-31 and moments in those years
      (:mod:`halt_core.serialization.limits`).
    - a wrong pseudonym of a youth is described, never shown, in the errors.
    """
    converter.register_unstructure_hook(dt.datetime, _unstructure_datetime)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(uuid.UUID, str)
    # By class, not by predicate: cattrs asks class hooks first, and a StrEnum is a str.
    for base in (enum.StrEnum, enum.IntEnum, enum.Enum):
        converter.register_unstructure_hook(base, _enum_value)
        converter.register_structure_hook(base, _structure_enum)
    converter.register_unstructure_hook_factory(
        _is_collection,
        lambda t: _unstructure_collection(converter, t),
    )

    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(YouthPseudonym, _structure_pseudonym)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    for target in (dt.datetime, dt.date, uuid.UUID):
        converter.register_structure_hook(target, _via_msgspec(target))
    converter.register_structure_hook_func(
        lambda t: _origin(t) is typing.Literal, _structure_literal
    )
    converter.register_structure_hook_factory(
        _is_collection,
        lambda t: _collection_hook(converter, t),
    )
    converter.register_structure_hook_factory(attrs.has, lambda t: _attrs_hook(converter, t))


def make_converter() -> cattrs.Converter:
    """A new cattrs converter configured by :func:`configure_converter`."""
    converter = cattrs.Converter(detailed_validation=True)
    configure_converter(converter)
    return converter


# -- errors -------------------------------------------------------------------------------------


def report_of(exc: BaseException) -> tuple[list[Problem], int]:
    """The problems to list for an exception from the converter, and how many there are.

    At most :data:`~halt_core.serialization.limits.MAX_PROBLEMS` problems, the first found;
    the count includes those a collection only counted.
    """
    found: list[Problem] = []
    _collect(exc, "$", found)
    return found, count_of(exc)


def problems_of(exc: BaseException, path: str = "$") -> list[Problem]:
    """Turn an exception from the converter into problems with their paths (the first few)."""
    found: list[Problem] = []
    _collect(exc, path, found)
    return found


def count_of(exc: BaseException) -> int:
    """How many problems an exception from the converter holds, counted ones included."""
    kind = type(exc)
    if kind is _Expected or kind is KeyError:
        return 1
    if kind is _Counted:
        return typing.cast(_Counted, exc).count
    if not _is_group(exc):
        return 1
    group = typing.cast(ClassValidationError | IterableValidationError, exc)
    inner = sum(count_of(e) for e in group.exceptions)
    return inner + getattr(exc, "omitted", 0)


def _collect(exc: BaseException, path: str, found: list[Problem]) -> None:
    if len(found) >= MAX_PROBLEMS:
        return
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, IterableValidationNote):
                inner_path = f"{path}[{note.index!r}]"
            else:
                inner_path = f"{path}.{note.name}"
            if _is_group(inner):
                _collect(inner, inner_path, found)
            elif len(found) < MAX_PROBLEMS:
                found.append(Problem(inner_path, _message(inner, note.type)))
        for inner in without:
            if len(found) < MAX_PROBLEMS:
                found.append(Problem(path, _message(inner, None)))
        return
    found.append(Problem(path, _message(exc, None)))


def _is_group(exc: BaseException) -> bool:
    return isinstance(exc, ClassValidationError | IterableValidationError)


def _message(exc: BaseException, tp: Any) -> str:
    if isinstance(exc, KeyError):
        hint = f" ({describe(tp)})" if tp is not None else ""
        return f"required field missing{hint}"
    if isinstance(exc, _Expected):
        return str(exc)
    if isinstance(exc, InvalidValue):
        shown = str(exc.value) if exc.withheld else _kind_of(exc.value)
        return f"{shown} is not allowed: {exc.allowed}"
    reason = _short_reason(exc)
    if tp is not None:
        return f"expected {describe(tp)} ({reason})"
    return f"invalid value ({reason})"


def _short_reason(exc: BaseException) -> str:
    # Another error from inside a class (a bug, or a check that is not the library's): its
    # kind and the start of what it says, never all of it.
    try:
        text = str(exc)
    except Exception:  # a message that cannot be written must not hide the problem
        text = ""
    text = text if len(text) <= 200 else text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
