"""The JSON Schema of the document format, for programs that exchange halt_core's documents.

:func:`json_schema` gives the schema (`JSON Schema`_ draft 2020-12) of the documents of one
model or event class, :func:`json_schemas` that of every kind of record a store keeps and of
events::

    >>> from halt_core.model import Partner
    >>> schema = json_schema(Partner)
    >>> schema["$id"]
    'urn:halt-core:schema:1:Partner'
    >>> schema["$defs"]["Partner"]["properties"]["kvk"]["pattern"]
    '^[0-9]{8}$'

The schema is generated from the classes, so it cannot drift from them: msgspec describes the
types (what :func:`~halt_core.serialization.to_json` writes: ids as UUID strings, days as
``2026-11-26``, enums by value, sets as lists), and halt_core adds

- the keywords a field declares in its metadata (``attrs.field(metadata={"json_schema":
  {...}})``), e.g. the ``pattern`` of :attr:`~halt_core.model.Partner.oin`, the ``format``
  of :attr:`~halt_core.model.ContactPoint.email`; they win over what is derived;
- what the model's common validators check and JSON Schema says the same way: the length of
  text (``minLength``, ``maxLength``), the range of whole numbers (``minimum``,
  ``maximum``) and the shape of codes (``pattern``, e.g. ``^GM[0-9]{4}$``);
- ``"format": "date-time"`` on moments, which the model keeps with their offset;
- a ``description`` of each field, from the ``Attributes:`` section of its class's docstring
  (Sphinx markup and all);
- on the document itself, the required ``schema_version``, equal to
  :data:`~halt_core.serialization.SCHEMA_VERSION`; and an event's ``type``, required, which
  tells the kinds of event apart.

Every document :func:`~halt_core.serialization.to_json` writes is valid against its schema.
The converse does not hold: the schema leaves out the checks that relate fields (a contact
point needs an e-mail address or a phone number, a period does not end before it starts),
that text is not only spaces, which e-mail addresses and phone numbers the checks accept
beyond their form, and the rules (:mod:`halt_core.rules`).
:func:`~halt_core.serialization.from_json` may refuse a document the schema accepts, with an
:class:`~halt_core.errors.InvalidDocument` saying why. Reading is also more lenient than the
schema where a document is written in one spelling and read in several: a document without
``schema_version`` is read as the current version, a phone number in any spelling
`phonenumbers` reads. Keys a class does not know are allowed by the schema, as readers
ignore them.

.. _JSON Schema: https://json-schema.org/draft/2020-12
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import msgspec

from halt_core.errors import InvalidValue
from halt_core.model import _checks

__all__ = ["json_schema", "json_schemas"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_EVENTS_KIND = "events"


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema of the documents of ``cls``, as a JSON-safe dict.

    ``cls`` is a model or event class, as for :func:`~halt_core.serialization.from_json`; for
    a base of a family of events (:class:`~halt_core.events.Event`,
    :class:`~halt_core.events.InterventionEvent`, ...) the schema accepts any event of the
    family, told apart by its ``type``. The schema is draft 2020-12, its ``$id`` is
    ``urn:halt-core:schema:<schema version>:<class name>``, the classes it refers to are in
    its ``$defs``. A new dict every call: change it as you like. Raises
    :class:`~halt_core.errors.InvalidValue` for another class.
    """
    from halt_core.serialization import SCHEMA_VERSION  # this module is imported by that one

    members = _family(cls)
    try:
        schemas, components = msgspec.json.schema_components(members, ref_template="#/$defs/{name}")
    except (TypeError, ValueError):  # a field type JSON cannot hold
        raise _not_a_document(cls) from None
    _enrich(members, components)
    name = cls.__name__
    document: dict[str, Any] = {
        "$schema": _DIALECT,
        "$id": f"urn:halt-core:schema:{SCHEMA_VERSION}:{name}",
        "title": name,
    }
    if len(members) == 1 and members[0] is cls:
        document["description"] = (
            f"A {name} document of halt_core's format, schema version {SCHEMA_VERSION}: "
            "what halt_core.serialization.to_json writes."
        )
        document.update(schemas[0])
    else:
        document["description"] = (
            f"Any {name} of halt_core's format, schema version {SCHEMA_VERSION}, as "
            "halt_core.serialization.to_json writes it: one of the kinds below, told apart "
            "by its type."
        )
        document["oneOf"] = list(schemas)
    document["properties"] = {
        "schema_version": {
            "const": SCHEMA_VERSION,
            "description": "The version of the document format; every document starts with it.",
        }
    }
    document["required"] = ["schema_version"]
    document["$defs"] = components
    # Plain JSON values only: msgspec gives the defaults as they are, e.g. a tuple.
    plain: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(document))
    return plain


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every kind of document, by kind, each as :func:`json_schema` gives.

    The kinds are those of :data:`~halt_core.storage.RECORD_KINDS`, by their names
    (``"partners"``, ``"collaborations"``, ...), in the order of a network, then ``"events"``:
    any event (:class:`~halt_core.events.Event`).
    """
    from halt_core.events import Event
    from halt_core.storage import RECORD_KINDS

    kinds: dict[str, type] = {kind.name: kind.type for kind in RECORD_KINDS.values()}
    kinds[_EVENTS_KIND] = Event
    return {name: json_schema(cls) for name, cls in kinds.items()}


# -- what is described --------------------------------------------------------------------------


def _family(cls: object) -> tuple[type, ...]:
    """The classes whose documents ``cls``'s schema accepts: itself, or its kinds of event."""
    if not isinstance(cls, type) or not attrs.has(cls) or getattr(cls, "__parameters__", None):
        raise _not_a_document(cls)
    from halt_core.events import EVENT_TYPES

    concrete = tuple(EVENT_TYPES.values())
    if cls in concrete:
        return (cls,)
    family = tuple(event for event in concrete if issubclass(event, cls))
    return family or (cls,)


def _not_a_document(cls: object) -> InvalidValue:
    return InvalidValue(
        "json_schema",
        "cls",
        cls,
        "expected a model or event class, such as Partner or InterventionScheduled",
    )


def _reachable(roots: Iterable[type]) -> list[type]:
    """Every attrs class the documents of ``roots`` hold, ``roots`` included."""
    found: list[type] = []

    def visit(tp: Any) -> None:
        while getattr(tp, "__supertype__", None) is not None:  # a NewType such as PartnerId
            tp = tp.__supertype__
        if isinstance(tp, type) and attrs.has(tp):
            if tp in found:
                return
            found.append(tp)
            for field in attrs.fields(attrs.resolve_types(tp)):
                visit(field.type)
        for arg in typing.get_args(tp):
            visit(arg)

    for root in roots:
        visit(root)
    return found


def _component_name(cls: type) -> str:
    """The name msgspec gives ``cls`` in ``$defs`` when two classes share a short name."""
    return re.sub(r"[^a-zA-Z0-9.\-_]", "_", f"{cls.__module__}.{cls.__qualname__}")


# -- what is added ------------------------------------------------------------------------------


def _enrich(roots: Iterable[type], components: dict[str, Any]) -> None:
    """Add to the schema of every attrs class in ``components`` what msgspec does not know."""
    by_name: dict[str, list[type]] = {}
    for cls in _reachable(roots):
        by_name.setdefault(cls.__name__, []).append(cls)
    for name, component in components.items():
        if "properties" not in component:
            continue  # an enum
        classes = by_name.get(component.get("title", ""), [])
        if len(classes) > 1:
            classes = [cls for cls in classes if _component_name(cls) == name]
        if len(classes) == 1:
            _enrich_class(classes[0], component)


def _enrich_class(cls: type, component: dict[str, Any]) -> None:
    properties: dict[str, Any] = component["properties"]
    descriptions = _field_descriptions(cls)
    for field in attrs.fields(attrs.resolve_types(cls)):
        schema = properties.get(field.name)
        if schema is None:
            continue
        if field.name in descriptions:
            schema.setdefault("description", descriptions[field.name])
        if dt.datetime in _types_of(field.type):
            schema["format"] = "date-time"
        schema.update(_keywords_of(field.validator))
        declared = field.metadata.get("json_schema")
        if declared is not None:
            schema.update(dict(declared))
        if _is_tag(field.type):
            # A type tag, written into every document: an event's type.
            required: list[str] = component.setdefault("required", [])
            if field.name not in required:
                required.append(field.name)


def _types_of(tp: Any) -> set[Any]:
    """``tp`` and, for a union such as ``X | None``, each of its members."""
    if typing.get_origin(tp) in (types.UnionType, typing.Union):
        return set(typing.get_args(tp))
    return {tp}


def _is_tag(tp: Any) -> bool:
    return typing.get_origin(tp) is typing.Literal and len(typing.get_args(tp)) == 1


def _field_descriptions(cls: type) -> dict[str, str]:
    """The fields' descriptions in the ``Attributes:`` section of ``cls``'s own docstring."""
    lines = inspect.cleandoc(cls.__dict__.get("__doc__") or "").splitlines()
    if "Attributes:" not in lines:
        return {}
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    indent = None
    for line in lines[lines.index("Attributes:") + 1 :]:
        text = line.strip()
        if not text:
            continue
        depth = len(line) - len(line.lstrip())
        if depth == 0:
            break  # the section has ended
        indent = depth if indent is None else indent
        name, colon, rest = text.partition(":")
        if depth == indent and colon and name.isidentifier():
            current = found[name] = [rest.strip()]
        elif depth > indent and current is not None:
            current.append(text)
        else:
            current = None
    return {name: " ".join(words) for name, words in found.items()}


# The validators of halt_core.model._checks whose check JSON Schema can say, known by their
# code: every validator a factory makes shares the code of the factory's inner function.
_Keywords = Callable[[Mapping[str, Any]], dict[str, Any]]
_PORTABLE = re.compile(r"[0-9A-Za-z\[\]{}(),?:|*+\-]*")  # means the same in ECMA-262 regexes


def _pattern(pattern: re.Pattern[str]) -> dict[str, Any]:
    source = pattern.pattern
    if pattern.flags & ~re.UNICODE or not _PORTABLE.fullmatch(source):
        return {}
    return {"pattern": f"^(?:{source})$" if "|" in source else f"^{source}$"}


def _keywords_of(validator: object) -> dict[str, Any]:
    """The JSON Schema keywords that say what ``validator`` checks, as far as they can."""
    several = getattr(validator, "_validators", None)  # attrs' and_(), or a list of them
    if isinstance(several, tuple):
        merged: dict[str, Any] = {}
        for one in several:
            merged.update(_keywords_of(one))
        return merged
    code = getattr(validator, "__code__", None)
    keywords = _KNOWN.get(code) if isinstance(code, types.CodeType) else None
    if keywords is None:
        return {}
    return keywords(_closure(validator))


def _code(function: object) -> types.CodeType:
    code = getattr(function, "__code__", None)
    assert isinstance(code, types.CodeType)  # a Python function
    return code


def _closure(function: object) -> dict[str, Any]:
    """The variables a function made by a factory holds, by name."""
    names = _code(function).co_freevars
    cells = getattr(function, "__closure__", None) or ()
    return {name: cell.cell_contents for name, cell in zip(names, cells, strict=True)}


_KNOWN: dict[types.CodeType, _Keywords] = {
    _code(_checks.text(1)): lambda v: {"minLength": 1, "maxLength": v["max_length"]},
    _code(_checks.free_text(1)): lambda v: {"maxLength": v["max_length"]},
    _code(_checks.whole_number(0, 1)): lambda v: {"minimum": v["minimum"], "maximum": v["maximum"]},
    _code(_checks.matches(re.compile(""), "")): lambda v: _pattern(v["pattern"]),
    _code(_checks.optional(_checks.free_text())): lambda v: _keywords_of(v["inner"]),
}
