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

Whatever the input, reading raises nothing but a :class:`~halt_core.errors.HaltError`, and
keeps to the limits in :mod:`halt_core.serialization.limits`: JSON nested deeper than
:data:`~halt_core.serialization.limits.MAX_DEPTH` is never read (it is refused before it is
decoded as plain JSON), text that is not valid Unicode (a lone surrogate) or holds a NUL
character is refused, and an error
lists at most :data:`~halt_core.serialization.limits.MAX_PROBLEMS` problems and shows at most
a few dozen characters of any value, never a youth's pseudonym.
"""

from __future__ import annotations

import array
import itertools
import re
import threading
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import msgspec

from halt_core.errors import (
    InvalidDocument,
    InvalidValue,
    Problem,
    UnsupportedSchemaVersion,
)
from halt_core.errors._showing import short_repr
from halt_core.model._checks import DECODING
from halt_core.serialization.limits import MAX_DEPTH, MAX_ECHO
from halt_core.serialization.schema import json_schema, json_schemas

if TYPE_CHECKING:
    import cattrs

    from halt_core.serialization._converter import configure_converter

__all__ = [
    "SCHEMA_VERSION",
    "configure_converter",
    "converter",
    "from_dict",
    "from_json",
    "json_schema",
    "json_schemas",
    "to_dict",
    "to_json",
]

SCHEMA_VERSION = 1
"""The version of the document format this halt_core writes, and the newest it reads."""

converter: cattrs.Converter
"""The configured cattrs converter behind :func:`to_dict` and :func:`from_dict`.

Made on first use, like :func:`configure_converter`: cattrs is a third of the cost of
``import halt_core``, and the JSON fast path never needs it.
"""


def __getattr__(name: str) -> Any:
    # Module attributes made on first use (PEP 562): the converter and its configuration.
    if name == "converter":
        return _the_converter()
    if name == "configure_converter":
        from halt_core.serialization._converter import configure_converter

        return configure_converter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_made: list[cattrs.Converter] = []
_making = threading.Lock()


def _the_converter() -> cattrs.Converter:
    """The one converter, made (and cattrs imported) once, by the first thread to ask."""
    if not _made:
        with _making:
            if not _made:
                from halt_core.serialization._converter import make_converter

                _made.append(make_converter())
    return _made[0]


_T = TypeVar("_T")

_ENCODER = msgspec.json.Encoder(order="deterministic")
_PREFIX = b'{"schema_version":%d,' % SCHEMA_VERSION
_MSGSPEC_PATH = re.compile(r"^(?P<message>.*?)(?: - at `(?P<path>[^`]*)`)?$", re.DOTALL)


def to_json(value: Any) -> bytes:
    """Encode ``value`` as compact JSON bytes (UTF-8).

    ``value`` is a model instance (a top-level document, which gets ``schema_version``), or
    any list, tuple, dict or scalar of values the converter knows. Every model value can be
    written; for other values JSON cannot hold (a text with a lone surrogate, an object of
    an unknown type) it raises :class:`~halt_core.errors.InvalidValue`.
    """
    try:
        encoded = _ENCODER.encode(value)
    except (TypeError, ValueError, OverflowError) as exc:  # UnicodeEncodeError is a ValueError
        raise InvalidValue(
            "to_json", "value", value, f"JSON cannot hold it ({type(exc).__name__})"
        ) from None
    kind = type(value)
    if kind in _DOCUMENT_TYPES or _is_document_type(kind):
        # One copy: the first "{" becomes the prefix (an object without fields: "{}").
        return encoded.replace(b"{", _PREFIX, 1) if len(encoded) > 2 else _PREFIX[:-1] + b"}"
    return encoded


_DOCUMENT_TYPES: set[type] = set()  # attrs classes to_json has written: a set, not attrs.has()


def _is_document_type(kind: type) -> bool:
    """Whether a value of ``kind`` is a top-level document (an attrs class), remembered."""
    if attrs.has(kind):
        _DOCUMENT_TYPES.add(kind)
        return True
    return False


def from_json(data: bytes | bytearray | memoryview | str, cls: type[_T]) -> _T:
    """Decode JSON ``data`` into a value of ``cls``, validating everything.

    ``cls`` is a model or event class (any attrs class whose fields the converter reads);
    another class raises :class:`~halt_core.errors.InvalidValue`. Raises
    :class:`~halt_core.errors.InvalidDocument` listing the problems when the data is not valid
    JSON (or nested deeper than :data:`~halt_core.serialization.limits.MAX_DEPTH`, or text
    that is not valid Unicode) or not a valid ``cls``, and
    :class:`~halt_core.errors.UnsupportedSchemaVersion` for a document from a newer version.
    """
    try:
        decoder = _decoders[cls]
    except (KeyError, TypeError):  # not read before, or not even hashable
        decoder = _decoder(cls)
    raw = data if type(data) is bytes else _json_bytes(data, cls)
    if raw.startswith(_PREFIX) or _current_version(raw):
        # Of this version: decode straight into the class. msgspec reads only the class's own
        # fields (nested six levels at most) and skips the rest, guarding its recursion while
        # it skips (a RecursionError, caught here), so the depth needs no scan on this path.
        decoding = DECODING.set(True)  # msgspec has checked the types
        try:
            value: _T = decoder.decode(raw)  # not typing.cast(): a call for every document
            return value
        except Exception:  # any refusal: read it again below, to report every problem
            pass
        finally:
            DECODING.reset(decoding)
    # Read as plain JSON, which builds every level in Python: refuse what is too deep first.
    if _nesting_depth(raw) > MAX_DEPTH:
        raise InvalidDocument(_name(cls), [_TOO_DEEP])
    try:
        plain = msgspec.json.decode(raw)
    except msgspec.ValidationError as exc:  # valid JSON that Python cannot hold: 1e999
        raise InvalidDocument(_name(cls), [_problem_of_msgspec(exc)]) from None
    except msgspec.DecodeError as exc:
        raise InvalidDocument(_name(cls), [Problem("$", f"not valid JSON: {exc}")]) from None
    except RecursionError:  # only when the caller's own stack was nearly full
        raise InvalidDocument(_name(cls), [_TOO_DEEP]) from None
    return from_dict(plain, cls)


def to_dict(value: Any) -> Any:
    """Turn ``value`` into JSON-safe data: dicts, lists, text, numbers, booleans and None.

    For a model instance the result is a dict that starts with ``schema_version``.
    """
    plain = _the_converter().unstructure(value)
    if attrs.has(type(value)):
        return {"schema_version": SCHEMA_VERSION, **plain}
    return plain


def from_dict(data: Any, cls: type[_T]) -> _T:
    """Build a value of ``cls`` from JSON-safe ``data``, validating everything.

    ``cls`` is a model or event class, as for :func:`from_json`. Raises
    :class:`~halt_core.errors.InvalidDocument` listing the problems (the first
    :data:`~halt_core.serialization.limits.MAX_PROBLEMS`, and how many more), and
    :class:`~halt_core.errors.UnsupportedSchemaVersion` for a document from a newer version.
    """
    _decoder(cls)  # refuses a class that is not a document type
    if isinstance(data, dict) and "schema_version" in data:
        _check_version(data["schema_version"], cls)
    first: msgspec.ValidationError | None = None
    decoding = DECODING.set(True)  # msgspec checks every type, not what text holds
    try:
        return msgspec.convert(data, cls)
    except msgspec.ValidationError as fast_error:
        first = fast_error
    except Exception:  # e.g. a lone surrogate msgspec cannot encode: cattrs decides alone
        pass
    finally:
        DECODING.reset(decoding)
    try:
        value: _T = _the_converter().structure(data, cls)
    except Exception as exc:  # every failure of the slow path becomes the library's error
        from halt_core.serialization._converter import report_of

        problems, count = report_of(exc)
        raise InvalidDocument(_name(cls), problems, count) from None
    if first is None:
        return value  # msgspec could not read it, but it is a valid value all the same
    # The slow path is for reporting only: what the fast path refuses is refused.
    del value
    raise InvalidDocument(_name(cls), [_problem_of_msgspec(first)]) from None


def _json_bytes(data: object, cls: Any) -> bytes:
    """The JSON text ``data`` as UTF-8 bytes.

    ``data`` is bytes, a bytearray, a memoryview or a str. Raises
    :class:`~halt_core.errors.InvalidDocument` for a str that is not valid Unicode (it holds a
    lone surrogate) and :class:`~halt_core.errors.InvalidValue` for data of another type;
    ``cls`` is what was being read, for the errors.
    """
    target = _name(cls)
    if isinstance(data, str):
        try:
            raw = data.encode()
        except UnicodeEncodeError as exc:
            problem = Problem(
                "$",
                f"not valid JSON: the text holds a lone surrogate (U+{ord(data[exc.start]):04X}) "
                f"at character {exc.start:,}, which is not a character; JSON text must be "
                "valid Unicode",
            )
            raise InvalidDocument(target, [problem]) from None
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        raise InvalidValue(
            target, "data", data, "expected JSON text: bytes, a bytearray, a memoryview or a str"
        )
    return raw


_TOO_DEEP = Problem(
    "$",
    f"nested deeper than {MAX_DEPTH} levels of arrays and objects: no halt_core document "
    "nests that deep; check what produced it",
)

# JSON strings, closed or running to the end of the data: possessive, so linear in any input.
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\Z)', re.DOTALL)
_STRUCTURE = b'"[]{}'
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in _STRUCTURE)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_SIGNS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def _nesting_depth(raw: bytes) -> int:
    """How deep the JSON arrays and objects in ``raw`` nest, brackets in strings not counted.

    At most the number of opening brackets, so documents with few of those (most records) cost
    two byte counts; others a few passes at the speed of bytes methods. Never recurses, and
    takes time linear in the length whatever the data.
    """
    opening = raw.count(b"[") + raw.count(b"{")
    if opening <= MAX_DEPTH:
        return opening  # an upper bound is enough to know it is not too deep
    skeleton = None
    if b'\\"' not in raw:
        # No escaped quotes: the quotes pair up in order. Strings without brackets in them
        # leave "" in the skeleton, and removing those leaves brackets only, unless a string
        # held a bracket: then read the strings properly.
        quick = raw.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
        if b'"' not in quick:
            skeleton = quick
    if skeleton is None:
        skeleton = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    steps = array.array("b", skeleton.translate(_SIGNS))  # +1 for [ and {, -1 for ] and }
    return max(itertools.accumulate(steps), default=0)


def _check_version(found: object, cls: type) -> None:
    if type(found) is not int or found != SCHEMA_VERSION:
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
    except Exception:  # not JSON, not an object, or too deep for msgspec: read it slowly
        return False
    return type(found) is int and found == SCHEMA_VERSION


def _decoder(cls: Any) -> msgspec.json.Decoder[Any]:
    """The fast-path decoder for ``cls``; InvalidValue when ``cls`` is not a document type."""
    try:
        return _decoders[cls]
    except (KeyError, TypeError):  # TypeError: cls is not even hashable
        pass
    if not isinstance(cls, type) or not attrs.has(cls) or getattr(cls, "__parameters__", None):
        raise _not_a_document(cls)
    try:
        decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder(cls)
    except Exception:  # a field type JSON cannot hold (a class, a function, a type variable)
        raise _not_a_document(cls) from None
    _decoders[cls] = decoder
    return decoder


_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}


def _not_a_document(cls: object) -> InvalidValue:
    return InvalidValue(
        "from_json",
        "cls",
        cls,
        "expected a model or event class, such as Partner or InterventionScheduled; "
        "this one is not read from documents",
    )


def _name(cls: Any) -> str:
    name = getattr(cls, "__name__", None)
    return name if isinstance(name, str) else short_repr(cls)


def _problem_of_msgspec(exc: msgspec.ValidationError) -> Problem:
    match = _MSGSPEC_PATH.match(str(exc))
    assert match is not None  # the pattern matches any text
    # msgspec quotes a bad value whole ("Invalid enum value 'xxx...'"): keep a few dozen of it.
    message = _QUOTED_LONG.sub(r"'\1...'", match.group("message"))
    return Problem(match.group("path") or "$", message)


_QUOTED_LONG = re.compile(rf"'(.{{{MAX_ECHO - 5}}}).+'", re.DOTALL)
