"""The one converter: every model to JSON-safe dicts and JSON bytes, and back.

Four calls cover it::

    data = to_json(partner)            # bytes
    partner = from_json(data, Partner)
    doc = to_dict(partner)             # JSON-safe dict
    partner = from_dict(doc, Partner)

The format, the same on every path: dicts keyed by field name; dates and times in ISO 8601
with their offset; enums by value; ids as UUID strings; sets as sorted lists; and on every
top-level document (a model value passed to :func:`to_json` or :func:`to_dict`) a first key
``schema_version`` (:data:`SCHEMA_VERSION`). Reading accepts a document without one as the
current version and refuses a newer one with
:class:`~halt_core.errors.UnsupportedSchemaVersion`. Keys a class does not know are ignored.

Dicts go through a cattrs converter (:data:`converter`). JSON bytes take a fast path:
msgspec encodes the attrs instances directly and decodes JSON straight into the attrs classes,
running their validators. When msgspec rejects input, the cattrs path reads it again to
collect *every* problem, so bad input raises one :class:`~halt_core.errors.InvalidDocument`
listing each bad path with what was expected. Valid input never pays for that.
"""

from __future__ import annotations

import functools
import re
import typing
from typing import Any, TypeVar

import attrs
import cattrs
import msgspec

from halt_core.errors import InvalidDocument, Problem, UnsupportedSchemaVersion
from halt_core.serialization._converter import configure_converter, make_converter, problems_of

__all__ = [
    "SCHEMA_VERSION",
    "configure_converter",
    "converter",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
]

SCHEMA_VERSION = 1
"""The version of the document format this halt_core writes, and the newest it reads."""

converter: cattrs.Converter = make_converter()
"""The configured cattrs converter behind :func:`to_dict` and :func:`from_dict`."""

_T = TypeVar("_T")

_ENCODER = msgspec.json.Encoder(order="deterministic")
_PREFIX = b'{"schema_version":%d,' % SCHEMA_VERSION
_MSGSPEC_PATH = re.compile(r"^(?P<message>.*?)(?: - at `(?P<path>[^`]*)`)?$", re.DOTALL)


def to_json(value: Any) -> bytes:
    """Encode ``value`` as compact JSON bytes (UTF-8).

    ``value`` is a model instance (a top-level document, which gets ``schema_version``), or
    any list, tuple, dict or scalar of values the converter knows.
    """
    encoded = _ENCODER.encode(value)
    if attrs.has(type(value)):
        return _PREFIX + encoded[1:] if len(encoded) > 2 else _PREFIX[:-1] + b"}"
    return encoded


def from_json(data: bytes | bytearray | memoryview | str, cls: type[_T]) -> _T:
    """Decode JSON ``data`` into a value of ``cls``, validating everything.

    Raises :class:`~halt_core.errors.InvalidDocument` listing every problem when the data is
    not valid JSON or not a valid ``cls``, and
    :class:`~halt_core.errors.UnsupportedSchemaVersion` for a document from a newer version.
    """
    raw = data.encode() if isinstance(data, str) else bytes(data)
    if raw.startswith(_PREFIX) or _current_version(raw):
        # Of this version: decode straight into the class.
        try:
            return typing.cast(_T, _decoder(typing.cast(Any, cls)).decode(raw))
        except (msgspec.ValidationError, msgspec.DecodeError):
            pass  # read again below to report every problem
    try:
        plain = msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise InvalidDocument(_name(cls), [Problem("$", f"not valid JSON: {exc}")]) from None
    return from_dict(plain, cls)


def to_dict(value: Any) -> Any:
    """Turn ``value`` into JSON-safe data: dicts, lists, text, numbers, booleans and None.

    For a model instance the result is a dict that starts with ``schema_version``.
    """
    plain = converter.unstructure(value)
    if attrs.has(type(value)):
        return {"schema_version": SCHEMA_VERSION, **plain}
    return plain


def from_dict(data: Any, cls: type[_T]) -> _T:
    """Build a value of ``cls`` from JSON-safe ``data``, validating everything.

    Raises :class:`~halt_core.errors.InvalidDocument` listing every problem, and
    :class:`~halt_core.errors.UnsupportedSchemaVersion` for a document from a newer version.
    """
    if isinstance(data, dict) and "schema_version" in data:
        _check_version(data["schema_version"], cls)
    try:
        return msgspec.convert(data, cls)
    except msgspec.ValidationError as fast_error:
        first = fast_error
    try:
        value: _T = converter.structure(data, cls)
    except Exception as exc:  # every failure of the slow path becomes the library's error
        raise InvalidDocument(_name(cls), problems_of(exc)) from None
    # The slow path is for reporting only: what the fast path refuses is refused.
    del value
    raise InvalidDocument(_name(cls), [_problem_of_msgspec(first)]) from None


def _check_version(found: object, cls: type) -> None:
    if found != SCHEMA_VERSION or isinstance(found, bool):
        raise UnsupportedSchemaVersion(_name(cls), found, SCHEMA_VERSION)


class _Version(msgspec.Struct):
    schema_version: Any = SCHEMA_VERSION


_VERSION = msgspec.json.Decoder(_Version)


def _current_version(raw: bytes) -> bool:
    """Whether ``raw`` is an object of this schema version (or of none), cheaply.

    For documents whose keys another program reordered, e.g. PostgreSQL's JSONB: reading only
    the version (msgspec skips the rest) costs a few percent of a full decode.
    """
    try:
        found = _VERSION.decode(raw).schema_version
    except (msgspec.ValidationError, msgspec.DecodeError):
        return False
    return found == SCHEMA_VERSION and not isinstance(found, bool)


@functools.cache
def _decoder(cls: Any) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(cls)


def _name(cls: Any) -> str:
    return getattr(cls, "__name__", repr(cls))


def _problem_of_msgspec(exc: msgspec.ValidationError) -> Problem:
    match = _MSGSPEC_PATH.match(str(exc))
    assert match is not None  # the pattern matches any text
    return Problem(match.group("path") or "$", match.group("message"))
